import "server-only";
// The price of an avatar variations grid (pictures x motions, one clip each) before it starts: every
// clip priced by the one price table, the whole grid summed, with what is left of the caller's cap.
// The grid's create counts the same total against the cap before anything is made.
import { ApiError } from "@/_shared/lib/errors";
import { estimateCostUsd, videoOptionProblems } from "@/_shared/lib/fal-models";
import type { SessionUser } from "@/_shared/lib/session";
import { variationsEstimateResponse, type VariationsEstimateResponse } from "@/_shared/schemas/avatar-variations";
import type { VideoOptions } from "@/_shared/schemas/generation-options";
import { possibleFallbackCost } from "../generation/fallback-plan";
import { getSpendLimits } from "./limits";

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/**
 * One clip's price per motion (a motion's options may differ by its preset) and the grid's total:
 * `pictures` clips per motion. Options the configured model refuses are a 400 (each problem once).
 */
export function avatarGridCost(pictures: number, motionOptions: VideoOptions[]) {
  const all = motionOptions.flatMap((options) => videoOptionProblems("image-to-video", options));
  const problems = all.filter((problem, i) => all.findIndex((other) => other.message === problem.message) === i);
  if (problems.length) throw new ApiError("bad_request", problems.map((p) => p.message).join("; "), problems);
  const perMotionUsd = motionOptions.map((options) => estimateCostUsd("image-to-video", options));
  return { clips: pictures * motionOptions.length, perMotionUsd, estimatedCostUsd: round4(pictures * perMotionUsd.reduce((sum, usd) => sum + usd, 0)) };
}

/** What a grid would cost and what is left of today's cap (POST /api/avatars/private/variations/estimate). */
export async function estimateAvatarGrid(user: SessionUser, pictures: number, motionOptions: VideoOptions[]): Promise<VariationsEstimateResponse> {
  const cost = avatarGridCost(pictures, motionOptions);
  // What the fallback would add were every clip's face refused (its price depends on each motion's duration).
  const fallbacks = motionOptions.map((options) => possibleFallbackCost(options));
  const fallback = fallbacks.length > 0 && fallbacks.every((f) => f !== null)
    ? { fallbackCostUsd: round4(pictures * fallbacks.reduce((sum, f) => sum + f!.costUsd, 0)), fallbackModelName: fallbacks[0]!.name }
    : {};
  return variationsEstimateResponse.parse({ ...cost, ...fallback, currency: "USD", limits: await getSpendLimits(user) });
}
