import { z } from "zod";

export type TimingProfile = "instant" | "realistic";

/**
 * Controls that bring the simulator closer to Fal in production: timings, lifetimes, the API key,
 * the safety checker and model-side server errors. Part of FalSimulatorControls.
 */
export interface RealismControls {
  /** "instant": `latencyMs` per request; "realistic": Fal-like queue waits and minutes of inference (see timing.ts). */
  profile: TimingProfile;
  /**
   * Speeds up Fal's clock: realistic timings, the webhook retry schedule and result/file lifetimes
   * are divided by it (100 turns Fal's two hours of webhook retries into 72 s). Reported
   * `metrics.inference_time` stays on Fal's clock.
   */
  timeFactor: number;
  /** How long (Fal's seconds) a completed request's result, and the CDN files it produced, stay available. */
  resultTtlSeconds: number;
  /** The same for a result of at least `largeResultBytes` of JSON. */
  largeResultTtlSeconds: number;
  largeResultBytes: number;
  /** When set, only `Authorization: Key <expectedKey>` is accepted: any other key gets Fal's 401. */
  expectedKey: string | null;
  /** The next N generated pictures are flagged by the safety checker: `has_nsfw_concepts: true`, a black picture. */
  nsfwNext: number;
  /** The next N requests complete with a 504 `generation_timeout` model error. */
  serverErrorNext: number;
  /** The `X-Fal-Retryable` header those errors carry. */
  serverErrorRetryable: boolean;
}

/** Fal keeps results 1 h, 6 min when the result is 10 KB or more; see README.md, "Closer to production". */
export const REALISM_DEFAULTS: Readonly<RealismControls> = {
  profile: "instant",
  timeFactor: 1,
  resultTtlSeconds: 3600,
  largeResultTtlSeconds: 360,
  largeResultBytes: 10 * 1024,
  expectedKey: null,
  nsfwNext: 0,
  serverErrorNext: 0,
  serverErrorRetryable: false,
};

const count = z.number().int().min(0);
const seconds = z.number().min(0);

/** Merged into the POST /_sim/controls schema. */
export const realismPatchShape = {
  profile: z.enum(["instant", "realistic"]),
  timeFactor: z.number().positive().max(1_000_000),
  resultTtlSeconds: seconds,
  largeResultTtlSeconds: seconds,
  largeResultBytes: count,
  expectedKey: z.string().min(1).nullable(),
  nsfwNext: count,
  serverErrorNext: count,
  serverErrorRetryable: z.boolean(),
};

/** Real milliseconds for a duration on Fal's clock. */
export function realMs(controls: Pick<RealismControls, "timeFactor">, falMs: number): number {
  return falMs / controls.timeFactor;
}

/** Real milliseconds a result of `resultBytes` bytes (and its files) stays available. */
export function resultLifetimeMs(controls: RealismControls, resultBytes: number): number {
  const ttl = resultBytes >= controls.largeResultBytes ? controls.largeResultTtlSeconds : controls.resultTtlSeconds;
  return realMs(controls, ttl * 1000);
}

export function takeServerError(controls: RealismControls): boolean {
  if (controls.serverErrorNext <= 0) return false;
  controls.serverErrorNext -= 1;
  return true;
}
