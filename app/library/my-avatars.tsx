"use client";
// "My avatars": the signed-in user's private avatars across all projects (GET /api/avatars/private),
// refreshed every few seconds while any of them is still being made.
import Link from "next/link";
import { useState } from "react";
import { api, errorMessage } from "../_lib/api-client";
import { searchable } from "../_lib/format";
import { useResource, type Answer } from "../_lib/use-resource";
import { buttonClass, EmptyState, ErrorBox, StatusBadge } from "../_components/ui";
import type { AvatarResponse } from "@/_shared/schemas/avatar";
import type { PrivateAvatarListResponse } from "@/_shared/schemas/private-avatar";
import type { ProjectListResponse, ProjectResponse } from "@/_shared/schemas/project";
import { AvatarCard, UseInBRollLink } from "./avatar-card";
import { CardSkeletons } from "./card-skeletons";
import { Field, inputClass, Options, SearchField } from "../_components/form";

type Mine = { avatars: AvatarResponse[]; projects: ProjectResponse[] };

/** The avatars, and the projects' names for their cards (kept from the last answer when they cannot be read). */
async function fetchMine(signal: AbortSignal): Promise<Answer<Mine>> {
  const [avatars, projects] = await Promise.all([
    api<PrivateAvatarListResponse>("/api/avatars/private", { signal }),
    api<ProjectListResponse>("/api/projects", { signal }).catch(() => null),
  ]);
  return (latest) => ({ avatars: avatars.avatars, projects: projects?.projects ?? latest?.projects ?? [] });
}

export function MyAvatars() {
  const mine = useResource("/api/avatars/private", fetchMine, {
    pollMs: 3000,
    pollWhile: (data) => Boolean(data?.avatars.some((a) => a.status === "processing")),
  });
  const avatars = mine.data?.avatars ?? null;
  const projects = mine.data?.projects ?? [];
  const error = mine.error ? errorMessage(mine.error) : null;
  const [q, setQ] = useState("");
  const [projectId, setProjectId] = useState("");

  if (error && !avatars) return <ErrorBox message={`Could not load your avatars: ${error}`} onRetry={() => void mine.refetch()} />;
  if (!avatars) return <CardSkeletons count={4} />;
  if (avatars.length === 0) {
    return (
      <EmptyState title="No avatars yet">
        <p>Describe a person or upload a photo, and get a short silent clip you can reuse in every project.</p>
        <Link href="/studio" className={`${buttonClass.primary} mt-4`}>
          Open the avatar studio
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
        <SearchField id="mine-search" label="Search by name" value={q} onChange={setQ} />
        <Field id="mine-project" label="Project">
          <select id="mine-project" value={projectId} onChange={(e) => setProjectId(e.target.value)} className={inputClass}>
            <option value="">All projects</option>
            <Options choices={projects.map((p) => ({ value: p.id, label: p.name }))} />
          </select>
        </Field>
        <Link href="/studio" className={buttonClass.primary}>
          New avatar
        </Link>
      </div>
      {error ? <p className="mb-3 text-xs text-amber-200">Could not refresh ({error}); showing the last known state.</p> : null}
      <p className="mb-3 text-sm text-slate-400" aria-live="polite">
        {shown.length} of {avatars.length} {avatars.length === 1 ? "avatar" : "avatars"}
      </p>
      {shown.length === 0 ? (
        <EmptyState title="No avatars match">
          <button
            type="button"
            className={`${buttonClass.secondary} mt-2`}
            onClick={() => {
              setQ("");
              setProjectId("");
            }}
          >
            Clear filters
          </button>
        </EmptyState>
      ) : (
        <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4">
          {shown.map((avatar) => (
            <li key={avatar.id} className="min-w-0">
              <AvatarCard
                avatar={avatar}
                overlay={<StatusBadge status={avatar.status} />}
                meta={
                  <p className="truncate text-xs text-slate-500">
                    {avatar.projectId ? (projectName.get(avatar.projectId) ?? "Project") : "No project"} · {new Date(avatar.createdAt).toLocaleDateString("en-US", { month: "short", day: "numeric" })}
                  </p>
                }
                actions={
                  avatar.status === "ready" ? (
                    <UseInBRollLink imageUrl={avatar.imageUrl} name={avatar.name} />
                  ) : avatar.status === "processing" ? (
                    <Link href={`/studio?avatar=${encodeURIComponent(avatar.id)}`} className="text-xs text-violet-300 hover:underline">
                      Follow progress
                    </Link>
                  ) : (
                    <>
                      <p className="w-full text-xs text-rose-300">{avatar.errorMessage ?? "The clip could not be made."}</p>
                      <Link href={`/studio?avatar=${encodeURIComponent(avatar.id)}`} className="text-xs text-violet-300 hover:underline">
                        Retry in the studio
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
