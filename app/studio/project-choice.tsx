"use client";
// The project a studio clip (or a variations grid) starts in: the user's projects, the newest one
// until they choose, or a new one named here and created when the form is sent.
import { useTranslations } from "next-intl";
import { useState } from "react";
import { ApiClientError, api, errorMessage } from "../_lib/api-client";
import { useApi } from "../_lib/use-resource";
import { ErrorBox } from "../_components/ui";
import { createProjectBody, type ProjectListResponse, type ProjectResponse } from "@/_shared/schemas/project";
import { controlProps, Field, inputClass, Options } from "../_components/form";

const NEW_PROJECT = "__new__";

export function useProjectChoice() {
  const t = useTranslations("studio.create");
  const projectList = useApi<ProjectListResponse>("/api/projects");
  const projects = projectList.data?.projects ?? null;
  const [chosen, setChosen] = useState("");
  // Until the user chooses: the newest project, or a new one when there is none yet.
  const projectId = chosen || (projects ? (projects[0]?.id ?? NEW_PROJECT) : "");
  const [newProject, setNewProject] = useState("");
  const creating = projectId === NEW_PROJECT;

  /** A problem with the new project's name (checked before anything is sent), or null. */
  const newProjectProblem = () => {
    if (!creating) return null;
    const checked = createProjectBody.safeParse({ name: newProject });
    return checked.success ? null : checked.error.issues[0].message.replace(/^name/, "Project name");
  };

  /** The chosen project's id, creating the new one first when that is the choice (its error goes to `newProject`). */
  async function resolve(setErrors: (errors: Record<string, string>) => void): Promise<string> {
    if (!creating) return projectId;
    const project = await api<ProjectResponse>("/api/projects", { body: { name: newProject } }).catch((error: unknown) => {
      if (error instanceof ApiClientError) setErrors({ newProject: error.status === 409 ? t("projectExists") : error.message });
      throw error;
    });
    projectList.mutate((list) => ({ projects: [project, ...(list?.projects ?? [])] }));
    setChosen(project.id);
    setNewProject("");
    return project.id;
  }

  return { projectList, projects, projectId, setChosen, newProject, setNewProject, creating, newProjectProblem, resolve };
}

/** The project select (and the new project's name when that is the choice). */
export function ProjectFields({
  idPrefix,
  choice,
  errors,
  labels,
}: {
  idPrefix: string;
  choice: ReturnType<typeof useProjectChoice>;
  errors: Record<string, string>;
  /** Other labels, where two such fields share a page. */
  labels?: { project: string; newProjectName: string; firstProject: string };
}) {
  const t = useTranslations("studio.create");
  const { projects, projectList } = choice;
  const projectsError = projectList.error ? errorMessage(projectList.error) : null;
  return (
    <>
      <Field id={`${idPrefix}-project`} label={labels?.project ?? t("project")} error={errors.projectId} hint={t("projectHint")}>
        {projects === null && !projectsError ? (
          <div className={`${inputClass} text-slate-500`}>{t("loadingProjects")}</div>
        ) : projectsError ? (
          <ErrorBox message={t("projectsFailed", { error: projectsError })} onRetry={() => void projectList.refetch()} />
        ) : (
          <select {...controlProps(`${idPrefix}-project`, errors.projectId, "hint")} value={choice.projectId} onChange={(e) => choice.setChosen(e.target.value)} className={inputClass}>
            <Options choices={(projects ?? []).map((project) => ({ value: project.id, label: project.name }))} />
            <option value={NEW_PROJECT}>{t("newProjectOption")}</option>
          </select>
        )}
      </Field>
      {choice.creating ? (
        <Field id={`${idPrefix}-new-project`} label={projects?.length ? (labels?.newProjectName ?? t("newProjectName")) : (labels?.firstProject ?? t("firstProject"))} error={errors.newProject}>
          <input {...controlProps(`${idPrefix}-new-project`, errors.newProject)} value={choice.newProject} onChange={(e) => choice.setNewProject(e.target.value)} className={inputClass} placeholder={t("projectPlaceholder")} autoComplete="off" maxLength={120} />
        </Field>
      ) : null}
    </>
  );
}
