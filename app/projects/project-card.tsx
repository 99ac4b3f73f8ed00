"use client";
// One project in the list: a tile that opens it, with the picture of its newest ready clip (a
// gradient and its initial while it has none), its counts, and its rename/delete menu.
import Link from "next/link";
import { useTranslations } from "next-intl";
import type { ProjectResponse } from "@/_shared/schemas/project";
import { AssetMenu } from "../_components/asset-menu";
import { cardClass } from "../_components/ui";
import { useFormat } from "../_lib/use-format";
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

export function ProjectCard({ project, useImage = null, onRename, onDelete }: { project: ProjectResponse; useImage?: string | null; onRename: () => void; onDelete: () => void }) {
  const t = useTranslations("projects.list");
  const ta = useTranslations("assets.menu");
  const format = useFormat();
  return (
    <li data-testid="project-card" className={`${cardClass} group relative flex min-w-0 flex-col overflow-hidden transition hover:border-slate-600`}>
      <div className={`relative flex aspect-video items-end overflow-hidden bg-linear-to-br p-3 ${gradientFor(project.id)}`} aria-hidden>
        {project.coverUrl ? (
          // eslint-disable-next-line @next/next/no-img-element -- media comes through our redirecting /api/media route
          <img src={project.coverUrl} alt="" loading="lazy" data-testid="project-cover" className="absolute inset-0 h-full w-full object-cover transition group-hover:scale-[1.03]" />
        ) : (
          <span className="text-3xl font-black uppercase tracking-tight text-white/90 drop-shadow sm:text-4xl">{project.name.trim().charAt(0) || "?"}</span>
        )}
      </div>
      <div className="flex flex-1 items-start gap-1 p-2.5 sm:p-4">
        <div className="min-w-0 flex-1">
          <h2 className="text-sm font-semibold text-white sm:text-base" title={project.name}>
            {/* The link covers the whole card; the menu button sits above it. A block line 24 px high,
                so even a one-letter name is a full-size touch target. */}
            <Link
              href={projectHref(project.id, useImage)}
              className="block truncate rounded leading-6 after:absolute after:inset-0 after:rounded-2xl focus-visible:outline-none focus-visible:after:outline focus-visible:after:outline-2 focus-visible:after:outline-violet-300"
            >
              {project.name}
            </Link>
          </h2>
          <p className="mt-0.5 text-xs text-slate-400 sm:text-sm">{t("counts", { bRolls: project.counts.bRolls, avatars: project.counts.avatars })}</p>
          <p className="mt-0.5 text-xs text-slate-500 max-sm:hidden">{t("created", { date: format.date(project.createdAt) })}</p>
        </div>
        <div className="relative z-10 -mr-1">
          <AssetMenu
            label={ta("actions", { name: project.name })}
            items={[
              { label: ta("rename"), onSelect: onRename },
              { label: ta("delete"), onSelect: onDelete, danger: true },
            ]}
          />
        </div>
      </div>
    </li>
  );
}
