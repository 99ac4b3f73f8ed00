import "server-only";
// Renditions: ad-ready formats and poster frames of ready clips (docs/exports.md). A request is
// normalised (defaults applied, focus and times rounded) and hashed with its clip into `dedupKey`:
// the same request answers the same row (a failed one is started again), so asking twice never
// makes a second object. The row is created `processing` and the rendition queue makes it
// (make-rendition.ts); if the job cannot be queued, the row goes again.
import { createHash } from "node:crypto";
import { ApiError, notFound } from "@/_shared/lib/errors";
import { prisma } from "@/_shared/lib/prisma";
import { enqueue, QUEUES } from "@/_shared/lib/queue";
import { publishRenditionDeleted, publishRenditionUpdate } from "../generation/job-events";
import type { SessionUser } from "@/_shared/lib/session";
import { mediaUrl, storageKeys } from "@/_shared/lib/storage-keys";
import { thumbnailTime } from "@/_shared/lib/video-files";
import type { Rendition } from "@/_shared/lib/prisma";
import type { CreateRenditionInput, RenditionResponse } from "@/_shared/schemas/rendition";
import { fileStorage } from "../file-storage.service";
import { clipOfRendition, readyClip, visibleClip, type Clip } from "./clips";

/** Slack when comparing asked times with the clip's measured duration (its last frame's end). */
const DURATION_SLACK = 0.05;
const round3 = (value: number) => Math.round(value * 1000) / 1000;

interface Normalised {
  kind: "video" | "poster";
  format: string | null;
  fit: string | null;
  focusX: number | null;
  focusY: number | null;
  trimStart: number | null;
  trimEnd: number | null;
  time: number | null;
}

function tooLong(path: string, message: string): ApiError {
  return new ApiError("bad_request", message, [{ path, message }]);
}

function normalise(input: CreateRenditionInput, clip: Clip): Normalised {
  const duration = clip.durationSeconds;
  if (input.kind === "poster") {
    // No time: the thumbnail's frame.
    const time = round3(input.time ?? thumbnailTime(duration));
    if (duration !== null && time > duration + DURATION_SLACK) throw tooLong("time", `time must be within the clip (at most ${duration} s)`);
    return { kind: "poster", format: null, fit: null, focusX: null, focusY: null, trimStart: null, trimEnd: null, time };
  }
  if (input.fit === "pad" && input.focus) {
    throw new ApiError("bad_request", "focus applies to fit \"crop\" only: leave it out with fit \"pad\"", [{ path: "focus", message: "focus applies to fit \"crop\" only" }]);
  }
  const focus = input.fit === "crop" ? (input.focus ?? { x: 0.5, y: 0.5 }) : null;
  let trim = input.trim ? { start: round3(input.trim.start), end: round3(input.trim.end) } : null;
  if (trim && duration !== null) {
    if (trim.start > duration - 1 + DURATION_SLACK) throw tooLong("trim.start", `trim.start must leave at least 1 s of the clip (it lasts ${duration} s)`);
    if (trim.end > duration + DURATION_SLACK) throw tooLong("trim.end", `trim.end must be within the clip (at most ${duration} s)`);
  }
  // A trim of the whole clip is no trim: the same rendition.
  if (trim && trim.start === 0 && duration !== null && trim.end >= duration) trim = null;
  return {
    kind: "video", format: input.format, fit: input.fit,
    focusX: focus ? round3(focus.x) : null, focusY: focus ? round3(focus.y) : null,
    trimStart: trim?.start ?? null, trimEnd: trim?.end ?? null, time: null,
  };
}

function dedupKeyOf(clip: Clip, request: Normalised): string {
  return createHash("sha256").update(JSON.stringify({ clip: [clip.type, clip.id], ...request })).digest("hex");
}

function toRenditionResponse(row: Rendition): RenditionResponse {
  const ready = row.status === "ready" && row.objectKey;
  return {
    id: row.id,
    kind: row.kind === "poster" ? "poster" : "video",
    clipType: row.bRollId ? "b-roll" : "avatar",
    clipId: (row.bRollId ?? row.avatarId)!,
    status: row.status,
    progress: row.progress,
    errorMessage: row.errorMessage,
    format: row.format as RenditionResponse["format"],
    fit: row.fit as RenditionResponse["fit"],
    focus: row.focusX !== null && row.focusY !== null ? { x: row.focusX, y: row.focusY } : null,
    trim: row.trimStart !== null && row.trimEnd !== null ? { start: row.trimStart, end: row.trimEnd } : null,
    time: row.time,
    videoUrl: ready && row.kind === "video" ? mediaUrl(row.objectKey!) : null,
    posterUrls: ready && row.kind === "poster" && row.webpKey ? { jpeg: mediaUrl(row.objectKey!), webp: mediaUrl(row.webpKey) } : null,
    width: row.width,
    height: row.height,
    durationSeconds: row.durationSeconds,
    bytes: row.bytes,
    shared: row.userId === null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

async function queueRendition(row: Rendition, { deleteOnFailure }: { deleteOnFailure: boolean }): Promise<void> {
  try {
    await enqueue(QUEUES.rendition, { jobId: row.id });
  } catch (error) {
    // No row may wait for a job that was never queued.
    if (deleteOnFailure) await prisma.rendition.deleteMany({ where: { id: row.id, status: "processing" } });
    else await prisma.rendition.updateMany({ where: { id: row.id, status: "processing" }, data: { status: "failed", errorMessage: "The rendition could not be queued; try again" } });
    throw error;
  }
}

/** POST /api/renditions: 202 with the rendition (the stored one when the same request was made before). */
export async function createRendition({ user, input }: { user: SessionUser; input: CreateRenditionInput }): Promise<RenditionResponse> {
  const clip = await readyClip(user, input.clipId, input.clipType);
  const request = normalise(input, clip);
  const dedupKey = dedupKeyOf(clip, request);
  const existing = await prisma.rendition.findUnique({ where: { dedupKey } });
  if (existing && existing.status !== "failed") return toRenditionResponse(existing);
  if (existing) {
    // The same request failed before: it is made again, in the same row.
    const { count } = await prisma.rendition.updateMany({ where: { id: existing.id, status: "failed" }, data: { status: "processing", progress: 0, errorMessage: null } });
    const row = await prisma.rendition.findUniqueOrThrow({ where: { id: existing.id } });
    if (count === 1) await queueRendition(row, { deleteOnFailure: false }).then(() => publishRenditionUpdate(row));
    return toRenditionResponse(row);
  }
  const owner = { userId: clip.ownerId, bRollId: clip.type === "b-roll" ? clip.id : null, avatarId: clip.type === "avatar" ? clip.id : null };
  let row: Rendition;
  try {
    row = await prisma.rendition.create({ data: { dedupKey, ...request, ...owner } });
  } catch (error) {
    // The same request, at the same moment: answer the row that won.
    const raced = await prisma.rendition.findUnique({ where: { dedupKey } });
    if (raced) return toRenditionResponse(raced);
    throw error;
  }
  await queueRendition(row, { deleteOnFailure: true });
  await publishRenditionUpdate(row);
  return toRenditionResponse(row);
}

/** GET /api/renditions?clipId=: the clip's renditions and posters, newest first. */
export async function listRenditions({ user, clipId }: { user: SessionUser; clipId: string }) {
  const clip = await visibleClip(user, clipId);
  const rows = await prisma.rendition.findMany({
    where: clip.type === "b-roll" ? { bRollId: clip.id } : { avatarId: clip.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return { renditions: rows.map(toRenditionResponse) };
}

/** A rendition whose clip the user may see, else a 404. */
async function visibleRendition(user: SessionUser, id: string): Promise<Rendition> {
  const row = await prisma.rendition.findUnique({ where: { id } });
  if (!row) throw notFound("Rendition");
  await visibleClip(user, (row.bRollId ?? row.avatarId)!, row.bRollId ? "b-roll" : "avatar").catch(() => {
    throw notFound("Rendition");
  });
  return row;
}

export async function getRendition({ user, id }: { user: SessionUser; id: string }): Promise<RenditionResponse> {
  return toRenditionResponse(await visibleRendition(user, id));
}

/** A rendition as the event stream pushes it to `user`, or null when they may not see it (or it is gone). */
export async function renditionUpdateFor(user: SessionUser, id: string): Promise<RenditionResponse | null> {
  return getRendition({ user, id }).catch(() => null);
}

/**
 * DELETE /api/renditions/:id: the row, then its objects (a job still running drops its output when
 * it finds the row gone). A public avatar's renditions are shared: only admins delete them.
 */
export async function deleteRendition({ user, id }: { user: SessionUser; id: string }): Promise<void> {
  const row = await visibleRendition(user, id);
  if (row.userId === null && user.role !== "admin") throw new ApiError("forbidden", "A public avatar's renditions are shared by every user: only admins delete them");
  const { count } = await prisma.rendition.deleteMany({ where: { id } });
  if (count === 0) throw notFound("Rendition");
  await publishRenditionDeleted(row);
  const clip = await clipOfRendition(row);
  if (!clip) return;
  await deleteRenditionObjects(row, clip);
}

/** A rendition's objects (whatever was stored of them), by the keys its id gives. */
export async function deleteRenditionObjects(row: { id: string }, clip: Clip): Promise<void> {
  for (const ext of ["mp4", "jpg", "webp"] as const) {
    await fileStorage.deleteFile(storageKeys.clipRendition(clip.location, { renditionId: row.id, ext })).catch(() => undefined);
  }
}
