import "server-only";
// What a project's ZIP holds (docs/exports.md): its ready clips (b-rolls, private avatars made in it,
// library avatars added to it) and, when asked, their ready renditions and posters, each with a
// readable file name unique in the archive and its manifest row.
import { z } from "zod";
import { prisma } from "@/_shared/lib/prisma";
import type { SessionUser } from "@/_shared/lib/session";
import { keyOfStoredMediaUrl } from "@/_shared/lib/storage-keys";
import { logger } from "@/_shared/lib/logger";
import { decidedOrNotInGrid } from "../avatars/avatar-view";
import { fileStorage } from "../file-storage.service";
import { getProjectOrThrow } from "../projects/projects";

export interface ManifestRow {
  file: string;
  name: string;
  type: "b-roll" | "avatar" | "library-avatar" | "rendition" | "poster";
  clip: string | null;
  prompt: string | null;
  model: string | null;
  seed: number | null;
  durationSeconds: number | null;
  resolution: string | null;
  format: string | null;
  estimatedCostUsd: number | null;
  createdAt: string;
}

export interface ExportEntry {
  key: string;
  /** MP4s are stored as they are (already compressed); pictures too. */
  row: ManifestRow;
}

/** A file name without path separators, control or reserved characters, at most 80 characters. */
function safeName(text: string): string {
  const cleaned = text.normalize("NFC").replace(/[\p{Cc}\p{Cf}/\\:*?"<>|]+/gu, " ").replace(/\s+/g, " ").replace(/^[\s.]+|[\s.]+$/g, "").slice(0, 80).trim();
  return cleaned || "clip";
}

/** Hands out names unique in the archive (case-insensitively, as some file systems compare them). */
function uniqueNames() {
  const taken = new Set<string>();
  return (folder: string, base: string, ext: string) => {
    for (let n = 1; ; n++) {
      const file = `${folder}/${safeName(base)}${n === 1 ? "" : ` (${n})`}.${ext}`;
      if (!taken.has(file.toLowerCase())) {
        taken.add(file.toLowerCase());
        return file;
      }
    }
  };
}

const storedRequest = z.object({ request: z.object({ prompt: z.string(), options: z.object({ seed: z.number().int().optional() }).passthrough() }) });

type Job = { model: string; estimatedCostUsd: unknown; input: unknown } | undefined;
function fromJob(job: Job) {
  const parsed = storedRequest.safeParse(job?.input);
  return {
    model: job?.model ?? null,
    prompt: parsed.success ? parsed.data.request.prompt : null,
    seed: parsed.success ? (parsed.data.request.options.seed ?? null) : null,
    cost: job?.estimatedCostUsd == null ? null : Number(job.estimatedCostUsd),
  };
}

const lastCompletedJob = { where: { status: "completed" as const }, select: { model: true, estimatedCostUsd: true, input: true }, orderBy: [{ createdAt: "desc" as const }, { id: "desc" as const }], take: 1 };
const resolution = (width: number | null, height: number | null) => (width && height ? `${width}x${height}` : null);
const seconds = (value: number) => `${Number(value.toFixed(2))}s`;

/** The project's entries in archive order (clips, then renditions, then posters), or a 404 when it is not the user's. */
export async function projectExportEntries({ user, projectId, include }: { user: SessionUser; projectId: string; include: { renditions: boolean; posters: boolean } }) {
  const project = await getProjectOrThrow({ id: projectId, userId: user.id });
  const ready = { status: "ready" as const, videoUrl: { not: null } };
  const [bRolls, avatars, links] = await Promise.all([
    prisma.bRoll.findMany({ where: { projectId, userId: user.id, ...ready }, include: { generation_jobs: lastCompletedJob }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    prisma.avatar.findMany({
      // Members of a variations grid still undecided are not the project's clips yet (listings hide them too).
      where: { projectId, userId: user.id, visibility: "private", ...ready, ...decidedOrNotInGrid },
      include: { generation_jobs: lastCompletedJob },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
    prisma.projectLibraryAvatar.findMany({
      where: { projectId, avatar: { visibility: "public", ...ready } },
      include: { avatar: { include: { generation_jobs: lastCompletedJob } } },
      orderBy: [{ createdAt: "asc" }, { avatarId: "asc" }],
    }),
  ]);
  const name = uniqueNames();
  const entries: ExportEntry[] = [];
  const clipFiles = new Map<string, { file: string; name: string }>();

  for (const b of bRolls) {
    const job = fromJob(b.generation_jobs[0]);
    const file = name("b-rolls", b.name, "mp4");
    clipFiles.set(b.id, { file, name: b.name });
    entries.push({
      key: keyOfStoredMediaUrl(b.videoUrl!)!,
      row: { file, name: b.name, type: "b-roll", clip: null, prompt: job.prompt ?? b.prompt, model: job.model, seed: job.seed, durationSeconds: b.durationSeconds, resolution: resolution(b.width, b.height), format: b.aspectRatio, estimatedCostUsd: job.cost, createdAt: b.createdAt.toISOString() },
    });
  }
  for (const { avatar: a, type } of [...avatars.map((avatar) => ({ avatar, type: "avatar" as const })), ...links.map((link) => ({ avatar: link.avatar, type: "library-avatar" as const }))]) {
    const job = fromJob(a.generation_jobs[0]);
    const file = name("avatars", a.name, "mp4");
    clipFiles.set(a.id, { file, name: a.name });
    entries.push({
      key: keyOfStoredMediaUrl(a.videoUrl!)!,
      row: {
        file, name: a.name, type, clip: null, prompt: job.prompt, model: job.model, seed: a.seed ?? job.seed, durationSeconds: a.durationSeconds,
        // A library avatar's clip was paid for by the library, not by this project.
        resolution: resolution(a.width, a.height), format: a.aspectRatio, estimatedCostUsd: type === "library-avatar" ? null : job.cost, createdAt: a.createdAt.toISOString(),
      },
    });
  }
  const kinds = [...(include.renditions ? ["video"] : []), ...(include.posters ? ["poster"] : [])];
  if (kinds.length && clipFiles.size) {
    const ids = [...clipFiles.keys()];
    const renditions = await prisma.rendition.findMany({
      where: { status: "ready", kind: { in: kinds }, objectKey: { not: null }, OR: [{ bRollId: { in: ids } }, { avatarId: { in: ids } }] },
      orderBy: [{ kind: "desc" }, { createdAt: "asc" }, { id: "asc" }],
    });
    for (const r of renditions) {
      const clip = clipFiles.get((r.bRollId ?? r.avatarId)!)!;
      const common = { name: clip.name, clip: clip.file, prompt: null, model: null, seed: null, resolution: resolution(r.width, r.height), estimatedCostUsd: 0, createdAt: r.createdAt.toISOString() };
      if (r.kind === "video") {
        const trim = r.trimStart !== null && r.trimEnd !== null ? ` ${seconds(r.trimStart)}-${seconds(r.trimEnd)}` : "";
        const file = name("renditions", `${clip.name} ${r.format!.replace(":", "x")} ${r.fit}${trim}`, "mp4");
        entries.push({ key: r.objectKey!, row: { ...common, file, type: "rendition", durationSeconds: r.durationSeconds, format: r.format } });
      } else {
        const base = `${clip.name} ${seconds(r.time ?? 0)}`;
        entries.push({ key: r.objectKey!, row: { ...common, file: name("posters", base, "jpg"), type: "poster", durationSeconds: null, format: "jpeg" } });
        if (r.webpKey) entries.push({ key: r.webpKey, row: { ...common, file: name("posters", base, "webp"), type: "poster", durationSeconds: null, format: "webp" } });
      }
    }
  }
  return { project, entries: await present(entries, projectId) };
}

/**
 * The entries whose object is in the bucket: checked before the first byte, so a clip whose object
 * is gone (a failed clean-up) is left out of the archive and its manifests rather than breaking
 * the download half-way.
 */
async function present(entries: ExportEntry[], projectId: string): Promise<ExportEntry[]> {
  const found: boolean[] = [];
  for (let i = 0; i < entries.length; i += 8) {
    const batch = await Promise.all(entries.slice(i, i + 8).map(async (entry) => (await fileStorage.statFile(entry.key)) !== null));
    found.push(...batch);
  }
  const missing = entries.filter((_, i) => !found[i]).map((entry) => entry.key);
  if (missing.length) logger.warn("project export: objects missing from the bucket are left out", { projectId, missing });
  return entries.filter((_, i) => found[i]);
}

const CSV_COLUMNS: Array<keyof ManifestRow> = ["file", "name", "type", "clip", "prompt", "model", "seed", "durationSeconds", "resolution", "format", "estimatedCostUsd", "createdAt"];

function csvCell(value: string | number | null): string {
  if (value === null) return "";
  let text = String(value);
  // A text cell a spreadsheet would run as a formula is kept as text.
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function manifestCsv(rows: ManifestRow[]): string {
  return [CSV_COLUMNS.join(","), ...rows.map((row) => CSV_COLUMNS.map((column) => csvCell(row[column])).join(","))].join("\r\n") + "\r\n";
}
