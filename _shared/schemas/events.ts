import { z } from "zod";
import { GENERATION_KINDS } from "./generation-options";

/** Where a generation stands: waiting at Fal, running, being copied into our bucket, then over. */
export const JOB_STAGES = ["queued", "generating", "copying", "ready", "failed"] as const;
export type JobStage = (typeof JOB_STAGES)[number];

/** One job as the event stream shows it (`event: job`). Durations in ms; progress from 0 to 1. */
export const jobUpdate = z.object({
  jobId: z.string(),
  kind: z.enum(GENERATION_KINDS),
  /** The avatar or b-roll the job makes, with its name (for "B-roll “X” is ready"). */
  resource: z
    .object({ type: z.enum(["b-roll", "avatar", "public-avatar"]), id: z.string(), name: z.string().nullable(), projectId: z.string().nullable() })
    .nullable(),
  stage: z.enum(JOB_STAGES),
  /** Fal's place for the request in its queue (0: next), while queued and when Fal says. */
  queuePosition: z.number().int().nullable(),
  createdAt: z.iso.datetime(),
  /** Since the job was created, when the update was made (to its end once over). */
  elapsedMs: z.number(),
  /** How long such a job usually takes in all, and what that figure was measured on. */
  expectedMs: z.number(),
  etaBasis: z.enum(["model_resolution_duration", "model", "default"]),
  /** elapsed / expected, held below 1 until ready; null once failed. */
  progress: z.number().min(0).max(1).nullable(),
  /** Time left by the usual figure; null once past it (taking longer than usual) or failed. */
  remainingMs: z.number().nullable(),
  /** The readable reason of a failure. */
  error: z.string().nullable(),
});
export type JobUpdate = z.output<typeof jobUpdate>;

/** Today's estimated spend against the daily cap (`event: spend`; cap null: none). */
export const spendUpdate = z.object({
  dailySpendCapUsd: z.number().nullable(),
  spentTodayUsd: z.number(),
  remainingTodayUsd: z.number().nullable(),
  resetsAt: z.string(),
});
export type SpendUpdate = z.output<typeof spendUpdate>;

/** GET /api/events as JSON, and the stream's first event (`event: snapshot`): running jobs and spend. */
export const eventSnapshot = z.object({ jobs: z.array(jobUpdate), spend: spendUpdate });
export type EventSnapshot = z.output<typeof eventSnapshot>;
