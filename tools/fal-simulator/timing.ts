import type { FalSimulatorControls } from "./controls";
import { realMs } from "./controls-realism";
import type { JsonObject } from "./http-util";
import type { ModelKind } from "./models";

/** When a request leaves the queue and when it completes, in real milliseconds after submit. */
export interface JobTiming {
  queueMs: number;
  totalMs: number;
  /** Realistic profile: the inference time on Fal's clock that status reports (`metrics.inference_time`). */
  inferenceSeconds?: number;
}

const between = (low: number, high: number): number => low + Math.random() * (high - low);

/** Seconds of inference per second of video, by resolution (plausible figures, not measurements). */
const VIDEO_SECONDS_PER_SECOND: Record<string, number> = { "480p": 8, "720p": 15, "1080p": 30 };

/**
 * Fal-like durations in seconds on Fal's clock: FLUX answers in seconds after a short queue wait;
 * Seedance waits longer in the queue and takes minutes (about 2 min for 5 s of 720p, 3 min at 1080p).
 */
function realisticSeconds(kind: ModelKind, input: JsonObject): { queue: number; inference: number } {
  if (kind === "text-to-image") {
    const images = typeof input.num_images === "number" ? input.num_images : 1;
    return { queue: between(0.5, 4), inference: between(2.5, 4) + 1.5 * (images - 1) };
  }
  if (kind === "image-edit") return { queue: between(0.5, 4), inference: between(5, 9) };
  const seconds = Number(input.duration ?? 5) || 5;
  const perSecond = VIDEO_SECONDS_PER_SECOND[String(input.resolution ?? "720p")] ?? 15;
  return { queue: between(10, 90), inference: (40 + perSecond * seconds) * between(0.8, 1.2) };
}

/** "instant": the first third of `latencyMs` in the queue, then in progress; "realistic": see above, divided by timeFactor. */
export function planTiming(controls: FalSimulatorControls, kind: ModelKind, input: JsonObject): JobTiming {
  if (controls.profile === "instant") return { queueMs: Math.floor(controls.latencyMs / 3), totalMs: controls.latencyMs };
  const { queue, inference } = realisticSeconds(kind, input);
  const queueMs = realMs(controls, queue * 1000);
  return { queueMs, totalMs: queueMs + realMs(controls, inference * 1000), inferenceSeconds: inference };
}
