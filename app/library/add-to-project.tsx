"use client";
// "Add to project" on a library card: pick one of your projects and the avatar's clip is linked to it
// (PUT /api/projects/{id}/library-avatars/{avatarId}): free, nothing is generated, adding it twice
// changes nothing.
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { ProjectListResponse } from "@/_shared/schemas/project";
import { api, errorMessage } from "../_lib/api-client";
import { useApi } from "../_lib/use-resource";
import { Spinner } from "../_components/ui";
import { cardActionClass, pricedActionClass } from "./avatar-card";
import { ModalDialog } from "./modal-dialog";

export function AddToProjectButton({ avatarId, name }: { avatarId: string; name: string }) {
  const t = useTranslations("library.addToProject");
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className={`${cardActionClass.secondary} ${pricedActionClass}`} aria-label={t("buttonLabel", { name })} onClick={() => setOpen(true)} data-testid="add-to-project">
        <span>{t("button")}</span>
        <span className="shrink-0 font-normal text-emerald-300">{t("free")}</span>
      </button>
      {open ? <AddToProjectDialog avatarId={avatarId} name={name} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function AddToProjectDialog({ avatarId, name, onClose }: { avatarId: string; name: string; onClose: () => void }) {
  const t = useTranslations("library.addToProject");
  const projects = useApi<ProjectListResponse>("/api/projects");
  const [busy, setBusy] = useState<string | null>(null);
  const [done, setDone] = useState<{ id: string; name: string; created: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function add(project: { id: string; name: string }) {
    setBusy(project.id);
    setError(null);
    try {
      const res = await api<{ created: boolean }>(`/api/projects/${encodeURIComponent(project.id)}/library-avatars/${encodeURIComponent(avatarId)}`, { method: "PUT" });
      setDone({ ...project, created: res.created });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  const list = projects.data?.projects ?? null;
  return (
    <ModalDialog open onClose={onClose} title={t("title", { name })} testId="add-to-project-dialog">
      <p className="mb-3 text-sm text-slate-400">{t("explain")}</p>
      {done ? (
        <div role="status" className="space-y-3">
          <p className="text-sm text-emerald-300">{done.created ? t("added", { project: done.name }) : t("already", { project: done.name })}</p>
          <Link href={`/projects/${encodeURIComponent(done.id)}`} className={cardActionClass.primary}>
            {t("openProject")}
          </Link>
        </div>
      ) : projects.error ? (
        <p className="text-sm text-rose-300">{t("loadError", { error: errorMessage(projects.error) })}</p>
      ) : !list ? (
        <Spinner label={t("loading")} />
      ) : list.length === 0 ? (
        <p className="text-sm text-slate-300">
          {t("noProjects")}{" "}
          <Link href="/projects" className="text-violet-300 underline-offset-2 hover:underline">
            {t("createProject")}
          </Link>
        </p>
      ) : (
        <ul className="space-y-1.5" aria-label={t("projects")}>
          {list.map((project) => (
            <li key={project.id}>
              <button
                type="button"
                disabled={busy !== null}
                onClick={() => void add(project)}
                className="flex w-full items-center justify-between gap-3 rounded-lg border border-slate-800 px-3 py-2 text-left text-sm text-slate-100 hover:border-violet-400 focus-visible:outline focus-visible:outline-2 focus-visible:outline-violet-300 disabled:opacity-60"
              >
                <span className="min-w-0 truncate">{project.name}</span>
                <span className="shrink-0 text-xs text-slate-400">{busy === project.id ? t("adding") : t("add")}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {error ? (
        <p role="alert" className="mt-3 text-sm text-rose-300">
          {error}
        </p>
      ) : null}
    </ModalDialog>
  );
}
