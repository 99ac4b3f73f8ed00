"use client";
// The avatars made in this project (GET /api/avatars/private?projectId=), polled while any is
// processing, each with its actions menu (download, rename, copy, edit prompt and regenerate, delete).
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { PrivateAvatarListResponse, PrivateAvatarResponse } from "@/_shared/schemas/private-avatar";
import { ErrorBox, Spinner, StatusBadge } from "../../_components/ui";
import { HoverVideo } from "../../_components/video-card-media";
import { errorMessage } from "../../_lib/api-client";
import { useApi } from "../../_lib/use-resource";
import { useJobSettled, useProgressStreamUp } from "../../_lib/use-progress";
import { AvatarActions } from "../avatar-actions";
import { Notice, type NoticeState } from "../notice";

export function ProjectAvatars({ projectId, onUseInBRoll }: { projectId: string; /** Opens the "New b-roll" panel with the avatar's picture. */ onUseInBRoll: (imageUrl: string) => void }) {
  const t = useTranslations("projects.avatars");
  const ta = useTranslations("assets");
  const streamUp = useProgressStreamUp();
  const list = useApi<PrivateAvatarListResponse>(`/api/avatars/private?projectId=${encodeURIComponent(projectId)}`, {
    pollMs: 3000,
    pollWhile: (data) => !streamUp && Boolean(data?.avatars.some((a) => a.status === "processing")),
  });
  useJobSettled(() => void list.refetch());
  const avatars = list.data?.avatars ?? null;
  const error = list.error ? errorMessage(list.error) : null;
  const [notice, setNotice] = useState<NoticeState | null>(null);
  const change = (edit: (avatars: PrivateAvatarResponse[]) => PrivateAvatarResponse[]) => list.mutate((data) => data && { avatars: edit(data.avatars) });

  const studioHref = `/studio?projectId=${encodeURIComponent(projectId)}`;
  return (
    <section aria-labelledby="avatars-heading" className="mt-10">
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="avatars-heading" className="text-lg font-semibold text-white">
          {t("heading")}
          {avatars ? <span className="ml-2 text-sm font-normal text-slate-400">{avatars.length}</span> : null}
        </h2>
        <Link href={studioHref} className="text-sm text-violet-300 hover:text-violet-200">
          {t("makeOne")}
        </Link>
      </div>
      <Notice notice={notice} onDismiss={() => setNotice(null)} />
      {error && !avatars ? (
        <ErrorBox message={t("loadError", { error })} onRetry={() => void list.refetch()} />
      ) : !avatars ? (
        <Spinner label={t("loading")} />
      ) : avatars.length === 0 ? (
        <p className="rounded-2xl border border-dashed border-slate-700 p-6 text-center text-sm text-slate-400">
          {t.rich("empty", { link: (chunks) => <Link href={studioHref} className="text-violet-300 underline">{chunks}</Link> })}
        </p>
      ) : (
        <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 md:grid-cols-4 lg:grid-cols-5">
          {avatars.map((avatar) => (
            <li key={avatar.id} data-testid="project-avatar" data-status={avatar.status} className="min-w-0 rounded-2xl border border-slate-800 bg-slate-900/60 p-1.5">
              <div className="relative">
                <HoverVideo src={avatar.status === "ready" ? avatar.videoUrl : null} poster={avatar.imageUrl} aspect="3 / 4" label={avatar.name} progress={avatar.status === "processing" ? { type: "avatar", id: avatar.id } : undefined} />
                <div className="pointer-events-none absolute left-1.5 top-1.5 rounded-full bg-black/50">
                  <StatusBadge status={avatar.status} />
                </div>
              </div>
              <div className="flex items-center gap-1 pl-1 pt-1">
                <p className="min-w-0 flex-1 truncate text-xs font-medium text-slate-200" title={avatar.name} data-testid="avatar-name">
                  {avatar.name}
                </p>
                <AvatarActions
                  avatar={avatar}
                  onUpdated={(updated) => change((all) => all.map((a) => (a.id === updated.id ? updated : a)))}
                  onDeleted={(gone) => change((all) => all.filter((a) => a.id !== gone.id))}
                  onCreated={(created) => {
                    change((all) => [created, ...all.filter((a) => a.id !== created.id)]);
                    setNotice({ text: ta("notice.regenerating", { name: created.name }) });
                  }}
                  onDuplicated={(copy, project) => setNotice({ text: ta("notice.copied", { name: copy.name, project: project.name }), link: { href: `/projects/${project.id}`, label: ta("notice.open", { project: project.name }) } })}
                />
              </div>
              {avatar.status === "ready" ? (
                <button
                  type="button"
                  onClick={() => onUseInBRoll(avatar.imageUrl)}
                  aria-label={t("useInBRollLabel", { name: avatar.name })}
                  className="mt-1 inline-flex min-h-8 w-full items-center justify-center rounded-lg border border-slate-700 px-2 py-1 text-xs font-semibold text-slate-200 hover:border-slate-500 hover:text-white focus-visible:outline focus-visible:outline-2 focus-visible:outline-violet-300"
                  data-testid="use-in-b-roll"
                >
                  {t("useInBRoll")}
                </button>
              ) : null}
              {avatar.status === "failed" && avatar.errorMessage ? (
                <p className="px-1 pb-1 text-xs text-rose-300" title={avatar.errorMessage}>
                  <span className="line-clamp-2">{avatar.errorMessage}</span>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
