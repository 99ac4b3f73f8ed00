"use client";
// One project: its header (rename, delete), the b-roll grid, the "New b-roll" panel and its avatars.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import type { ProjectResponse } from "@/_shared/schemas/project";
import { buttonClass, ErrorBox } from "../../_components/ui";
import { ApiClientError } from "../../_lib/api-client";
import { useApi } from "../../_lib/use-resource";
import { useFormat } from "../../_lib/use-format";
import { DeleteSummary } from "../delete-summary";
import { ItemDialog } from "../item-dialog";
import { BRollGrid } from "./b-roll-grid";
import { NewBRollPanel } from "./new-b-roll-panel";
import type { ClipOffer } from "./price";
import { ProjectAvatars } from "./project-avatars";
import { LibraryAvatars } from "./library-avatars";
import { useBRolls } from "./use-b-rolls";

export function ProjectClient({ projectId, offer, useImage = null }: { projectId: string; offer: ClipOffer; useImage?: string | null }) {
  const t = useTranslations("projects.project");
  const format = useFormat();
  const router = useRouter();
  const resource = useApi<ProjectResponse>(`/api/projects/${encodeURIComponent(projectId)}`);
  const project = resource.data ?? null;
  const { error, refetch: load } = resource;
  const [dialog, setDialog] = useState<"rename" | "delete" | null>(null);
  // "Download all": the project ZIP, with the formats and posters made of its clips when asked.
  const [withFormats, setWithFormats] = useState(false);
  const exportHref = `/api/projects/${encodeURIComponent(projectId)}/export${withFormats ? "?include=renditions,posters" : ""}`;
  const bRolls = useBRolls(projectId);
  // "Use in a b-roll" here (a project avatar) or from elsewhere (?useImage=): the panel opens with it.
  const [chosenImage, setChosenImage] = useState<string | null>(useImage);
  const useInBRoll = (imageUrl: string) => {
    setChosenImage(imageUrl);
    requestAnimationFrame(() => document.getElementById("new-b-roll-heading")?.scrollIntoView({ behavior: "smooth", block: "start" }));
  };

  useEffect(() => {
    if (project) document.title = `${project.name} · Better Ads`;
  }, [project]);

  const back = (
    <Link href="/projects" className="inline-flex items-center gap-1 text-sm text-slate-400 hover:text-white">
      <span aria-hidden>←</span> {t("back")}
    </Link>
  );

  if (error && !project) {
    const missing = error instanceof ApiClientError && error.status === 404;
    return (
      <main className="space-y-4">
        {back}
        {missing ? (
          <div className="rounded-2xl border border-dashed border-slate-700 p-10 text-center">
            <h1 className="text-lg font-semibold text-slate-100">{t("notFound")}</h1>
            <p className="mt-2 text-sm text-slate-400">{t("notFoundText")}</p>
          </div>
        ) : (
          <ErrorBox message={t("loadError", { error: error.message })} onRetry={() => void load()} />
        )}
      </main>
    );
  }

  return (
    <main>
      <div className="mb-6">
        {back}
        <div className="mt-2 flex flex-wrap items-end justify-between gap-4">
          <div className="min-w-0">
            {project ? (
              <>
                <h1 className="truncate text-2xl font-bold tracking-tight text-white sm:text-3xl" data-testid="project-name">
                  {project.name}
                </h1>
                <p className="mt-1 text-sm text-slate-400">{t("created", { date: format.date(project.createdAt) })}</p>
              </>
            ) : (
              <>
                <h1 className="sr-only">{t("title")}</h1>
                <div className="h-8 w-56 animate-pulse rounded-lg bg-slate-800" aria-hidden />
                <div className="mt-2 h-4 w-32 animate-pulse rounded bg-slate-800" aria-hidden />
              </>
            )}
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <label className="inline-flex items-center gap-2 text-sm text-slate-300">
              <input type="checkbox" checked={withFormats} onChange={(e) => setWithFormats(e.target.checked)} className="h-4 w-4 accent-violet-500" data-testid="export-include" />
              {t("includeFormats")}
            </label>
            <a href={exportHref} download className={buttonClass.secondary} data-testid="download-all">
              {t("downloadAll")}
            </a>
            <button type="button" className={buttonClass.secondary} disabled={!project} onClick={() => setDialog("rename")}>
              {t("rename")}
            </button>
            <button
              type="button"
              className={`${buttonClass.secondary} hover:border-rose-500/60 hover:text-rose-200`}
              disabled={!project}
              onClick={() => {
                setDialog("delete");
                void load(); // fresh counts for the confirmation
              }}
            >
              {t("delete")}
            </button>
          </div>
        </div>
      </div>

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_21rem]">
        <div className="lg:col-start-2 lg:row-start-1">
          <NewBRollPanel
            key={chosenImage ?? "none"}
            projectId={projectId}
            offer={offer}
            initialImageUrl={chosenImage}
            onCreated={(created) => [...created].reverse().forEach(bRolls.upsert)}
          />
        </div>
        <div className="min-w-0 lg:col-start-1 lg:row-start-1">
          <BRollGrid projectId={projectId} state={bRolls} />
          <ProjectAvatars projectId={projectId} onUseInBRoll={useInBRoll} />
          <LibraryAvatars projectId={projectId} />
        </div>
      </div>

      <ItemDialog
        noun="project"
        dialog={project && dialog ? { action: dialog, item: project } : null}
        onClose={() => setDialog(null)}
        onRenamed={(renamed) => resource.mutate(() => renamed)}
        onDeleted={() => router.push("/projects")}
        consequences={(shown, choose) => <DeleteSummary project={shown} choose={choose} />}
      />
    </main>
  );
}
