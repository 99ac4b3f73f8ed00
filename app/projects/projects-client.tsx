"use client";
// The projects list: create, open, rename, delete (with a confirmation that says what goes with it).
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { createProjectBody, type ProjectListResponse, type ProjectResponse } from "@/_shared/schemas/project";
import { buttonClass, EmptyState, ErrorBox, Spinner } from "../_components/ui";
import { api, ApiClientError, errorMessage } from "../_lib/api-client";
import { useApi } from "../_lib/use-resource";
import { DeleteSummary } from "./delete-summary";
import { searchable } from "../_lib/format";
import { ProjectCard } from "./project-card";
import { projectHref } from "./use-image";
import { ItemDialog, type ItemDialogState } from "./item-dialog";
import { controlProps, Field, inputClass, issuesToFieldErrors, SearchField } from "../_components/form";

const gridClass = "grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-3 xl:grid-cols-4";

export function ProjectsClient({ useImage = null }: { useImage?: string | null }) {
  const t = useTranslations("projects.list");
  const router = useRouter();
  const list = useApi<ProjectListResponse>("/api/projects");
  const projects = list.data?.projects ?? null;
  const loadError = list.error ? errorMessage(list.error) : null;
  const load = list.refetch;
  const setProjects = (change: (projects: ProjectResponse[] | undefined) => ProjectResponse[] | undefined) =>
    list.mutate((reply) => {
      const next = change(reply?.projects);
      return next && { projects: next };
    });
  const [dialog, setDialog] = useState<ItemDialogState<ProjectResponse>>(null);
  const [filter, setFilter] = useState("");
  const [notice, setNotice] = useState<string | null>(null);

  const shown = useMemo(() => {
    const q = searchable(filter.trim());
    return q && projects ? projects.filter((p) => searchable(p.name).includes(q)) : projects;
  }, [projects, filter]);

  const replace = (updated: ProjectResponse) => setProjects((list) => list?.map((p) => (p.id === updated.id ? updated : p)) ?? list);

  return (
    <div className="space-y-6">
      <CreateProjectForm
        onCreated={(project) => {
          setProjects((list) => [project, ...(list ?? []).filter((p) => p.id !== project.id)]);
          setFilter("");
          setNotice(t("createdNotice", { name: project.name }));
          // A new project is where the work starts: open it (with the image being used, if any).
          router.push(projectHref(project.id, useImage));
        }}
      />

      {useImage ? (
        <div data-testid="use-image-banner" className="flex items-center gap-3 rounded-2xl border border-violet-500/40 bg-violet-500/10 p-3">
          {/* eslint-disable-next-line @next/next/no-img-element -- media comes through our redirecting /api/media route */}
          <img src={useImage} alt="" className="h-14 w-14 shrink-0 rounded-lg bg-slate-800 object-cover" />
          <p className="text-sm text-violet-100">
            {t("useImage")} {projects?.length === 0 ? t("createFirst") : null}
          </p>
        </div>
      ) : null}

      <p role="status" aria-live="polite" className="sr-only">
        {notice}
      </p>

      {loadError && !projects ? (
        <ErrorBox message={t("loadError", { error: loadError })} onRetry={() => void load()} />
      ) : !projects ? (
        <div aria-busy="true">
          <Spinner label={t("loading")} />
          <ul className={`mt-4 ${gridClass}`} aria-hidden>
            {[0, 1, 2].map((i) => (
              <li key={i} className="h-40 animate-pulse rounded-2xl border border-slate-800 bg-slate-900/60 sm:h-52" />
            ))}
          </ul>
        </div>
      ) : projects.length === 0 ? (
        <EmptyState title={t("emptyTitle")}>{t("emptyText")}</EmptyState>
      ) : (
        <section aria-labelledby="your-projects">
          <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
            <h2 id="your-projects" className="text-sm font-semibold uppercase tracking-wide text-slate-400">
              {t("count", { count: projects.length })}
            </h2>
            {projects.length > 6 ? (
              <SearchField id="project-filter" label={t("filterLabel")} srOnlyLabel className="w-full sm:w-64" placeholder={t("filterPlaceholder")} value={filter} onChange={setFilter} />
            ) : null}
          </div>
          {shown && shown.length ? (
            <ul className={gridClass}>
              {shown.map((project) => (
                <ProjectCard
                  key={project.id}
                  project={project}
                  useImage={useImage}
                  onRename={() => setDialog({ action: "rename", item: project })}
                  onDelete={() => setDialog({ action: "delete", item: project })}
                />
              ))}
            </ul>
          ) : (
            <EmptyState title={t("noMatch")}>{t("noMatchText", { filter })}</EmptyState>
          )}
        </section>
      )}

      <ItemDialog
        noun="project"
        dialog={dialog}
        onClose={() => setDialog(null)}
        onRenamed={(updated) => {
          replace(updated);
          setNotice(t("renamedNotice", { name: updated.name }));
        }}
        onDeleted={(project) => {
          setProjects((list) => list?.filter((p) => p.id !== project.id) ?? list);
          setDialog(null);
          setNotice(t("deletedNotice", { name: project.name }));
        }}
        consequences={(project, choose) => <DeleteSummary project={project} choose={choose} />}
      />
    </div>
  );
}

function CreateProjectForm({ onCreated }: { onCreated: (project: ProjectResponse) => void }) {
  const t = useTranslations("projects.create");
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  return (
    <form
      noValidate
      aria-label={t("form")}
      className="flex flex-col gap-2 rounded-2xl border border-slate-800 bg-slate-900/60 p-4 sm:flex-row sm:items-start"
      onSubmit={async (event) => {
        event.preventDefault();
        const parsed = createProjectBody.safeParse({ name });
        if (!parsed.success) return setError(issuesToFieldErrors(parsed.error.issues).name ?? t("invalidName"));
        setPending(true);
        setError(null);
        try {
          onCreated(await api<ProjectResponse>("/api/projects", { body: parsed.data }));
          setName("");
        } catch (e) {
          setError(e instanceof ApiClientError ? (e.fieldErrors().name ?? e.message) : errorMessage(e));
        } finally {
          setPending(false);
        }
      }}
    >
      <Field id="new-project-name" label={t("label")} srOnlyLabel error={error ?? undefined} className="flex-1">
        <input
          {...controlProps("new-project-name", error ?? undefined)}
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setError(null); // the user is fixing it
          }}
          placeholder={t("placeholder")}
          className={inputClass}
        />
      </Field>
      <button type="submit" className={buttonClass.primary} disabled={pending}>
        {pending ? t("creating") : t("submit")}
      </button>
    </form>
  );
}
