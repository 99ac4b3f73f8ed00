"use client";
// One project in the list: a tile that opens it, with its counts and rename/delete actions.
import Link from "next/link";
import type { ProjectResponse } from "@/_shared/schemas/project";
import { cardClass } from "../_components/ui";
import { formatDate, plural } from "../_lib/format";
import { RenameDeleteButtons } from "./rename-delete-buttons";
import { projectHref } from "./use-image";

const GRADIENTS = [
  "from-violet-600/70 to-fuchsia-500/40",
  "from-sky-600/70 to-cyan-400/40",
  "from-emerald-600/70 to-teal-400/40",
  "from-amber-500/70 to-rose-500/40",
  "from-rose-600/70 to-violet-500/40",
  "from-indigo-600/70 to-sky-400/40",
];

function gradientFor(id: string) {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return GRADIENTS[Math.abs(hash) % GRADIENTS.length];
}

const actionClass =
  "rounded-lg px-2.5 py-1.5 text-xs font-medium text-slate-300 hover:bg-slate-800 hover:text-white focus-visible:outline focus-visible:outline-2 focus-visible:outline-violet-300";

export function ProjectCard({ project, useImage = null, onRename, onDelete }: { project: ProjectResponse; useImage?: string | null; onRename: () => void; onDelete: () => void }) {
  return (
    <li data-testid="project-card" className={`${cardClass} group relative flex flex-col overflow-hidden transition hover:border-slate-600`}>
      <div className={`relative flex h-24 items-end bg-linear-to-br p-4 ${gradientFor(project.id)}`} aria-hidden>
        <span className="text-4xl font-black uppercase tracking-tight text-white/90 drop-shadow">{project.name.trim().charAt(0) || "?"}</span>
      </div>
      <div className="flex flex-1 flex-col p-4">
        <h2 className="truncate text-base font-semibold text-white" title={project.name}>
          {/* The link covers the whole card; the action buttons sit above it. */}
          <Link
            href={projectHref(project.id, useImage)}
            className="rounded after:absolute after:inset-0 after:rounded-2xl focus-visible:outline-none focus-visible:after:outline focus-visible:after:outline-2 focus-visible:after:outline-violet-300"
          >
            {project.name}
          </Link>
        </h2>
        <p className="mt-1 text-sm text-slate-400">
          {plural(project.counts.bRolls, "b-roll")} · {plural(project.counts.avatars, "avatar")}
        </p>
        <p className="mt-0.5 text-xs text-slate-500">Created {formatDate(project.createdAt)}</p>
        <div className="relative z-10 mt-3 flex gap-1 border-t border-slate-800 pt-3">
          <RenameDeleteButtons name={project.name} className={actionClass} onRename={onRename} onDelete={onDelete} />
        </div>
      </div>
    </li>
  );
}
