"use client";
// The projects list: create, open, rename, delete (with a confirmation that says what goes with it).
import { useMemo, useState } from "react";
import { createProjectBody, type ProjectListResponse, type ProjectResponse } from "@/_shared/schemas/project";
import { buttonClass, EmptyState, ErrorBox, Spinner } from "../_components/ui";
import { api, ApiClientError, errorMessage } from "../_lib/api-client";
import { useApi } from "../_lib/use-resource";
import { DeleteSummary } from "./delete-summary";
import { plural, searchable } from "../_lib/format";
import { ProjectCard } from "./project-card";
import { ItemDialog, type ItemDialogState } from "./item-dialog";
import { controlProps, Field, inputClass, issuesToFieldErrors, SearchField } from "../_components/form";

export function ProjectsClient({ useImage = null }: { useImage?: string | null }) {
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
          setNotice(`Project "${project.name}" created.`);
        }}
      />

      {useImage ? (
        <div data-testid="use-image-banner" className="flex items-center gap-3 rounded-2xl border border-violet-500/40 bg-violet-500/10 p-3">
          {/* eslint-disable-next-line @next/next/no-img-element -- media comes through our redirecting /api/media route */}
          <img src={useImage} alt="" className="h-14 w-14 shrink-0 rounded-lg bg-slate-800 object-cover" />
          <p className="text-sm text-violet-100">
            Choose the project for your new b-roll: it will start from this image.{" "}
            {projects?.length === 0 ? "Create a project first." : null}
          </p>
        </div>
      ) : null}

      <p role="status" aria-live="polite" className="sr-only">
        {notice}
      </p>

      {loadError && !projects ? (
        <ErrorBox message={`Could not load your projects: ${loadError}`} onRetry={() => void load()} />
      ) : !projects ? (
        <div aria-busy="true">
          <Spinner label="Loading projects" />
          <ul className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-hidden>
            {[0, 1, 2].map((i) => (
              <li key={i} className="h-52 animate-pulse rounded-2xl border border-slate-800 bg-slate-900/60" />
            ))}
          </ul>
        </div>
      ) : projects.length === 0 ? (
        <EmptyState title="No projects yet">Name your first project above, then make b-rolls and avatars in it.</EmptyState>
      ) : (
        <section aria-labelledby="your-projects">
          <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
            <h2 id="your-projects" className="text-sm font-semibold uppercase tracking-wide text-slate-400">
              {plural(projects.length, "project")}
            </h2>
            {projects.length > 6 ? (
              <SearchField id="project-filter" label="Filter projects by name" srOnlyLabel className="w-full sm:w-64" placeholder="Filter by name…" value={filter} onChange={setFilter} />
            ) : null}
          </div>
          {shown && shown.length ? (
            <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
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
            <EmptyState title="No project matches">Nothing is named like &ldquo;{filter}&rdquo;.</EmptyState>
          )}
        </section>
      )}

      <ItemDialog
        noun="project"
        dialog={dialog}
        onClose={() => setDialog(null)}
        onRenamed={(updated) => {
          replace(updated);
          setNotice(`Project renamed to "${updated.name}".`);
        }}
        onDeleted={(project) => {
          setProjects((list) => list?.filter((p) => p.id !== project.id) ?? list);
          setDialog(null);
          setNotice(`Project "${project.name}" deleted.`);
        }}
        consequences={(project, choose) => <DeleteSummary project={project} choose={choose} />}
      />
    </div>
  );
}

function CreateProjectForm({ onCreated }: { onCreated: (project: ProjectResponse) => void }) {
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  return (
    <form
      noValidate
      aria-label="New project"
      className="flex flex-col gap-2 rounded-2xl border border-slate-800 bg-slate-900/60 p-4 sm:flex-row sm:items-start"
      onSubmit={async (event) => {
        event.preventDefault();
        const parsed = createProjectBody.safeParse({ name });
        if (!parsed.success) return setError(issuesToFieldErrors(parsed.error.issues).name ?? "Invalid name");
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
      <Field id="new-project-name" label="New project name" srOnlyLabel error={error ?? undefined} className="flex-1">
        <input
          {...controlProps("new-project-name", error ?? undefined)}
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setError(null); // the user is fixing it
          }}
          placeholder="New project name, e.g. Summer sale 2025"
          className={inputClass}
        />
      </Field>
      <button type="submit" className={buttonClass.primary} disabled={pending}>
        {pending ? "Creating…" : "Create project"}
      </button>
    </form>
  );
}
