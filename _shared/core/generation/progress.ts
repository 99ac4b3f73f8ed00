import "server-only";
// Where a generation stands, as the user sees it: a stage (queued at Fal with its place in the queue,
// generating, copying the clip into our bucket, then ready or failed) and an estimate of the time it
// takes, measured on the jobs that went before it. The estimate is the median total time (created ->
// completed) of the last ETA_HISTORY_JOBS jobs that completed with the same model, resolution and
// duration; with fewer than ETA_MIN_SAMPLES of those, of the same model; else a default per kind.
import { Prisma, prisma } from "@/_shared/lib/prisma";
import type { GenerationKind } from "@/_shared/schemas/generation-options";
import type { JobStage, JobUpdate } from "@/_shared/schemas/events";
import { kindOfDb } from "./job-kinds";
import { videoJobInputSchema } from "./jobs";

export const ETA_HISTORY_JOBS = 20;
const ETA_MIN_SAMPLES = 3;
/** Until a model has a history: about what Fal's Seedance and FLUX take, queue included. */
const DEFAULT_TOTAL_MS: Record<GenerationKind, number> = {
  "text-to-video": 150_000,
  "image-to-video": 150_000,
  "text-to-image": 10_000,
  "image-edit": 12_000,
};
/** A job never shows done before it is: the bar stops short of the end until the clip is ready. */
export const MAX_UNFINISHED_PROGRESS = 0.95;
/** Copying is the last step: the bar is at least this far along once it starts. */
const COPYING_PROGRESS_FLOOR = 0.9;

export interface ExpectedDuration {
  expectedMs: number;
  /** What the figure was measured on. */
  basis: "model_resolution_duration" | "model" | "default";
  samples: number;
}

export interface DurationKey {
  kind: GenerationKind;
  model: string;
  resolution?: string | null;
  durationSeconds?: number | null;
}

async function medianTotalMs(model: string, options: { resolution: string; duration: string } | null) {
  const sameOptions = options
    ? Prisma.sql`AND input->'request'->'options'->>'resolution' = ${options.resolution} AND input->'request'->'options'->>'duration' = ${options.duration}`
    : Prisma.empty;
  // Late completions (finished after their deadline) would stretch the figure: left out.
  const [row] = await prisma.$queryRaw<Array<{ median: number | null; samples: number }>>`
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::float8 AS median, count(*)::int AS samples FROM (
      SELECT EXTRACT(EPOCH FROM ("completedAt" - "createdAt")) * 1000 AS ms FROM "GenerationJob"
      WHERE model = ${model} AND status = 'completed' AND "completedAt" IS NOT NULL AND "errorCode" IS NULL ${sameOptions}
      ORDER BY "completedAt" DESC LIMIT ${ETA_HISTORY_JOBS}
    ) recent`;
  return { median: row?.median ?? null, samples: row?.samples ?? 0 };
}

// Figures are read at most every 30 s per key and process: each event would otherwise query them.
const CACHE_MS = 30_000;
const cache = new Map<string, { at: number; value: ExpectedDuration }>();

/** How long a job of this model and options usually takes, from created to ready. */
export async function expectedDuration(key: DurationKey, { fresh = false }: { fresh?: boolean } = {}): Promise<ExpectedDuration> {
  const id = JSON.stringify([key.model, key.resolution ?? null, key.durationSeconds ?? null]);
  const hit = cache.get(id);
  if (!fresh && hit && Date.now() - hit.at < CACHE_MS) return hit.value;
  let value: ExpectedDuration = { expectedMs: DEFAULT_TOTAL_MS[key.kind], basis: "default", samples: 0 };
  if (key.resolution && key.durationSeconds) {
    const exact = await medianTotalMs(key.model, { resolution: key.resolution, duration: String(key.durationSeconds) });
    if (exact.median !== null && exact.samples >= ETA_MIN_SAMPLES) value = { expectedMs: Math.round(exact.median), basis: "model_resolution_duration", samples: exact.samples };
  }
  if (value.basis === "default") {
    const sameModel = await medianTotalMs(key.model, null);
    if (sameModel.median !== null && sameModel.samples >= ETA_MIN_SAMPLES) value = { expectedMs: Math.round(sameModel.median), basis: "model", samples: sameModel.samples };
  }
  cache.set(id, { at: Date.now(), value });
  return value;
}

export const progressJobSelect = {
  id: true,
  kind: true,
  model: true,
  status: true,
  input: true,
  error: true,
  userId: true,
  avatarId: true,
  bRollId: true,
  outcomeAt: true,
  startedAt: true,
  falQueuePosition: true,
  createdAt: true,
  completedAt: true,
  avatar: { select: { name: true, visibility: true } },
  bRoll: { select: { name: true, projectId: true } },
} satisfies Prisma.GenerationJobSelect;
export type ProgressJobRow = Prisma.GenerationJobGetPayload<{ select: typeof progressJobSelect }>;

/** The stage of a job from its row: the job log's status, plus what Fal's status said while it waited. */
export function stageOf(job: Pick<ProgressJobRow, "status" | "outcomeAt" | "startedAt">): JobStage {
  if (job.status === "completed") return "ready";
  if (job.status === "failed") return "failed";
  if (job.status === "finalizing" || job.outcomeAt) return "copying";
  if (job.status === "submitted" && job.startedAt) return "generating";
  return "queued";
}

/** The options the ETA is keyed on, read from the job's stored request. */
function durationKeyOf(job: Pick<ProgressJobRow, "kind" | "model" | "input">): DurationKey {
  const request = videoJobInputSchema.safeParse(job.input).data?.request;
  const options = (request?.options ?? {}) as { resolution?: unknown; duration?: unknown };
  return {
    kind: kindOfDb(job.kind),
    model: job.model,
    resolution: typeof options.resolution === "string" ? options.resolution : null,
    durationSeconds: typeof options.duration === "number" ? options.duration : null,
  };
}

/** Progress of a job at `now`: elapsed over expected, held below the end until it is ready. */
export function progressOf(stage: JobStage, elapsedMs: number, expectedMs: number) {
  if (stage === "ready") return { progress: 1, remainingMs: 0 };
  if (stage === "failed") return { progress: null, remainingMs: null };
  const measured = Math.min(MAX_UNFINISHED_PROGRESS, elapsedMs / Math.max(1, expectedMs));
  const progress = stage === "copying" ? Math.max(COPYING_PROGRESS_FLOOR, measured) : measured;
  // Past the usual time there is no honest figure left: null says "taking longer than usual".
  const remainingMs = elapsedMs < expectedMs ? expectedMs - elapsedMs : null;
  return { progress: Math.round(progress * 1000) / 1000, remainingMs };
}

/** What the event stream sends about a job (and the snapshot it starts with). */
async function jobUpdateOf(job: ProgressJobRow, now = new Date()): Promise<JobUpdate> {
  const stage = stageOf(job);
  const key = durationKeyOf(job);
  const expected = await expectedDuration(key);
  const elapsedMs = Math.max(0, (job.completedAt ?? now).getTime() - job.createdAt.getTime());
  const resource = job.bRollId
    ? { type: "b-roll" as const, id: job.bRollId, name: job.bRoll?.name ?? null, projectId: job.bRoll?.projectId ?? null }
    : job.avatarId
      ? { type: job.avatar?.visibility === "public" ? ("public-avatar" as const) : ("avatar" as const), id: job.avatarId, name: job.avatar?.name ?? null, projectId: null }
      : null;
  return {
    jobId: job.id,
    kind: key.kind,
    resource,
    stage,
    queuePosition: stage === "queued" ? job.falQueuePosition : null,
    createdAt: job.createdAt.toISOString(),
    elapsedMs,
    expectedMs: expected.expectedMs,
    etaBasis: expected.basis,
    ...progressOf(stage, elapsedMs, expected.expectedMs),
    error: stage === "failed" ? job.error : null,
  };
}

/** A job of `userId` as an update, or null when it is not theirs (or gone). */
export async function jobUpdateFor(userId: string, jobId: string): Promise<JobUpdate | null> {
  const job = await prisma.generationJob.findFirst({ where: { id: jobId, userId }, select: progressJobSelect });
  return job ? jobUpdateOf(job) : null;
}

/** The user's video jobs still running: what a stream that opens shows first. */
export async function activeJobUpdates(userId: string): Promise<JobUpdate[]> {
  const jobs = await prisma.generationJob.findMany({
    where: { userId, status: { in: ["queued", "submitted", "finalizing"] }, kind: { in: ["image_to_video", "text_to_video"] } },
    orderBy: { createdAt: "asc" },
    take: 100,
    select: progressJobSelect,
  });
  return Promise.all(jobs.map((job) => jobUpdateOf(job)));
}
