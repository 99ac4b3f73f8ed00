import "server-only";
// POST /api/estimates: the price of a generation before it is made, from the one price table
// (priceBreakdown, which every job's estimatedCostUsd also comes from) with the defaults the create
// endpoints apply, and what is left of the caller's daily cap.
import { ApiError } from "@/_shared/lib/errors";
import { priceBreakdown, videoOptionProblems } from "@/_shared/lib/fal-models";
import type { SessionUser } from "@/_shared/lib/session";
import { estimateResponse, type EstimateBody, type EstimateResponse } from "@/_shared/schemas/estimate";
import { possibleFallbackCost } from "../generation/fallback-plan";
import { getSpendLimits } from "./limits";

export async function estimateGeneration({ user, request }: { user: SessionUser; request: EstimateBody }): Promise<EstimateResponse> {
  if (request.kind === "image-to-video" || request.kind === "text-to-video") {
    // What the create endpoints would refuse for the configured model is refused here too.
    const problems = videoOptionProblems(request.kind, request.options ?? {});
    if (problems.length) throw new ApiError("bad_request", problems.map((p) => p.message).join("; "), problems);
  }
  const { model, estimatedCostUsd, basis } = priceBreakdown(request.kind, request.options ?? {});
  // Takes are priced one by one, as each take's job is (the daily cap counts them the same way).
  const takes = "takes" in request ? request.takes : undefined;
  const total = Math.round(estimatedCostUsd * (takes ?? 1) * 10_000) / 10_000;
  const fallback = request.kind === "image-to-video" ? possibleFallbackCost(request.options ?? {}) : null;
  const extra = fallback ? { fallbackCostUsd: Math.round(fallback.costUsd * (takes ?? 1) * 10_000) / 10_000, fallbackModel: fallback.model, fallbackModelName: fallback.name } : {};
  return estimateResponse.parse({ kind: request.kind, model, estimatedCostUsd: total, ...extra, ...(takes ? { takes } : {}), currency: "USD", basis, limits: await getSpendLimits(user) });
}
