"use client";
// "My avatars": the signed-in user's private avatars across all projects (GET /api/avatars/private),
// refreshed every few seconds while any of them is still being made; each card's menu downloads,
// renames, copies to another project, regenerates with an edited prompt or deletes it.
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { api, errorMessage } from "../_lib/api-client";
import { searchable } from "../_lib/format";
import { useFormat } from "../_lib/use-format";
import { useResource, type Answer } from "../_lib/use-resource";
import { buttonClass, EmptyState, ErrorBox, StatusBadge } from "../_components/ui";
import { ClipModelNote } from "../_components/clip-model-note";
import type { PrivateAvatarListResponse, PrivateAvatarResponse } from "@/_shared/schemas/private-avatar";
import type { ProjectListResponse, ProjectResponse } from "@/_shared/schemas/project";
import { AvatarActions } from "../projects/avatar-actions";
import { Notice, type NoticeState } from "../projects/notice";
import { AvatarCard, UseInBRollLink } from "./avatar-card";
import { CardSkeletons } from "./card-skeletons";
import { Field, inputClass, Options, SearchField } from "../_components/form";
import { useJobSettled, useProgressStreamUp } from "../_lib/use-progress";

type Mine = { avatars: PrivateAvatarResponse[]; projects: ProjectResponse[] };

/** The avatars, and the projects' names for their cards (kept from the last answer when they cannot be read). */
async function fetchMine(signal: AbortSignal): Promise<Answer<Mine>> {
  const [avatars, projects] = await Promise.all([
    api<PrivateAvatarListResponse>("/api/avatars/private", { signal }),
    api<ProjectListResponse>("/api/projects", { signal }).catch(() => null),
  ]);
  return (latest) => ({ avatars: avatars.avatars, projects: projects?.projects ?? latest?.projects ?? [] });
}

export function MyAvatars() {
  const t = useTranslations("assets.mine");
  const ta = useTranslations("assets");
  const format = useFormat();
  const streamUp = useProgressStreamUp();
  const mine = useResource("/api/avatars/private", fetchMine, {
    pollMs: 3000,
    pollWhile: (data) => !streamUp && Boolean(data?.avatars.some((a) => a.status === "processing")),
  });
  useJobSettled(() => void mine.refetch());
  const avatars = mine.data?.avatars ?? null;
  const projects = mine.data?.projects ?? [];
  const error = mine.error ? errorMessage(mine.error) : null;
  const [q, setQ] = useState("");
  const [projectId, setProjectId] = useState("");
  const [notice, setNotice] = useState<NoticeState | null>(null);
  const change = (edit: (avatars: PrivateAvatarResponse[]) => PrivateAvatarResponse[]) => mine.mutate((data) => data && { ...data, avatars: edit(data.avatars) });
  const added = (avatar: PrivateAvatarResponse) => change((all) => [avatar, ...all.filter((a) => a.id !== avatar.id)]);

  if (error && !avatars) return <ErrorBox message={t("loadError", { error })} onRetry={() => void mine.refetch()} />;
  if (!avatars) return <CardSkeletons count={4} />;
  if (avatars.length === 0) {
    return (
      <EmptyState title={t("emptyTitle")}>
        <p>{t("emptyText")}</p>
        <Link href="/studio" className={`${buttonClass.primary} mt-4`}>
          {t("openStudio")}
        </Link>
      </EmptyState>
    );
  }

  const projectName = new Map(projects.map((p) => [p.id, p.name]));
  // Case and accents aside, as the public library searches ("ines" finds "Inès").
  const needle = searchable(q.trim());
  const shown = avatars.filter((a) => (!needle || searchable(a.name).includes(needle)) && (!projectId || a.projectId === projectId));
  return (
    <div>
      <div className="mb-4 grid gap-3 sm:grid-cols-[minmax(0,1fr)_220px_auto] sm:items-end">
        <SearchField id="mine-search" label={t("search")} value={q} onChange={setQ} />
        <Field id="mine-project" label={t("project")}>
          <select id="mine-project" value={projectId} onChange={(e) => setProjectId(e.target.value)} className={inputClass}>
            <option value="">{t("allProjects")}</option>
            <Options choices={projects.map((p) => ({ value: p.id, label: p.name }))} />
          </select>
        </Field>
        <Link href="/studio" className={buttonClass.primary}>
          {t("newAvatar")}
        </Link>
      </div>
      {error ? <p className="mb-3 text-xs text-amber-200">{t("refreshError", { error })}</p> : null}
      <Notice notice={notice} onDismiss={() => setNotice(null)} />
      <p className="mb-3 text-sm text-slate-400" aria-live="polite">
        {t("count", { shown: shown.length, total: avatars.length })}
      </p>
      {shown.length === 0 ? (
        <EmptyState title={t("noMatch")}>
          <button
            type="button"
            className={`${buttonClass.secondary} mt-2`}
            onClick={() => {
              setQ("");
              setProjectId("");
            }}
          >
            {t("clearFilters")}
          </button>
        </EmptyState>
      ) : (
        <ul className="grid grid-cols-2 gap-3 sm:grid-cols-2 sm:gap-4 lg:grid-cols-3 xl:grid-cols-4">
          {shown.map((avatar) => (
            <li key={avatar.id} className="min-w-0">
              <AvatarCard
                avatar={avatar}
                overlay={<StatusBadge status={avatar.status} />}
                progress="avatar"
                meta={
                  <div className="flex items-center gap-1">
                    <p className="min-w-0 flex-1 truncate text-xs text-slate-500">
                      {avatar.projectId ? (projectName.get(avatar.projectId) ?? t("someProject")) : t("noProject")} · {format.date(avatar.createdAt)}
                    </p>
                    <AvatarActions
                      avatar={avatar}
                      onUpdated={(updated) => change((all) => all.map((a) => (a.id === updated.id ? updated : a)))}
                      onDeleted={(gone) => change((all) => all.filter((a) => a.id !== gone.id))}
                      onCreated={(created) => {
                        added(created);
                        setNotice({ text: ta("notice.regenerating", { name: created.name }) });
                      }}
                      onDuplicated={(copy, project) => {
                        added(copy);
                        setNotice({ text: ta("notice.copied", { name: copy.name, project: project.name }), link: { href: `/projects/${project.id}`, label: ta("notice.open", { project: project.name }) } });
                      }}
                    />
                  </div>
                }
                actions={
                  avatar.status === "ready" ? (
                    <>
                      <ClipModelNote clipModel={avatar.clipModel} onlyFallback className="w-full" />
                      <UseInBRollLink imageUrl={avatar.imageUrl} name={avatar.name} />
                    </>
                  ) : avatar.status === "processing" ? (
                    <Link href={`/studio?avatar=${encodeURIComponent(avatar.id)}`} className="text-xs text-violet-300 hover:underline">
                      {t("followProgress")}
                    </Link>
                  ) : (
                    <>
                      <p className="w-full text-xs text-rose-300">{avatar.errorMessage ?? t("failed")}</p>
                      <Link href={`/studio?avatar=${encodeURIComponent(avatar.id)}`} className="text-xs text-violet-300 hover:underline">
                        {t("retryInStudio")}
                      </Link>
                    </>
                  )
                }
              />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
