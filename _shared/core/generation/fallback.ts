import "server-only";
// The image-to-video fallback (docs/faces.md). When Seedance refuses a face (a 422
// content_policy_violation with reason partner_validation_failed) and the job carries a fallback, the
// job continues on that model within the same GenerationJob: the refused request goes to the job's
// request log (`falRequests`), the job's model, input and estimated cost (both requests: spend counts
// them) change, and it is queued for a new submission. The user's daily cap is checked before the
// second request, under their spend lock. When the fallback refuses too, the failure says what to try.
import type { FalFailure } from "@/_shared/lib/fal-errors";
import { modelName } from "@/_shared/lib/fal-price-table";
import { Prisma, prisma } from "@/_shared/lib/prisma";
import type { FalRequestEntry } from "@/_shared/schemas/job";
import { dailyCapShortfall } from "../spend/limits";
import { requestLog } from "./job-requests";
import { enqueueSubmit, markJobFailed, toJson, videoJobInputSchema } from "./jobs";
import { reportJobEvent } from "./telemetry";

type Failure = Pick<FalFailure, "code" | "message" | "detail">;

/** What sends a job to its fallback: Seedance's refusal of a face (ByteDance's partner validation). */
const isFaceRefusal = (failure: Failure) => failure.code === "content_refused" && failure.detail.includes("partner_validation_failed");

const usd = (n: number) => `$${n.toFixed(2)}`;

/** What a user is told when the fallback refused the face as well: what to try next. */
function bothRefusedMessage(refusedBy: string, fallback: string): string {
  return `${modelName(refusedBy)} refused this face, and ${modelName(fallback)} refused it too. Try another picture, a less photorealistic one, or a face generated here.`;
}

/**
 * A request that ended with a permanent failure: the job continues on its fallback when the face was
 * refused and it has one, else it is failed with a reason (when the fallback refused the picture as
 * well, for whatever content reason, the reason says what to try). `late`: the deadline has passed,
 * no second request.
 */
export async function failOrFallBack(jobId: string, failure: Failure, late: boolean): Promise<void> {
  const job = await prisma.generationJob.findUniqueOrThrow({
    where: { id: jobId },
    select: { model: true, input: true, userId: true, attempts: true, falRequestId: true, estimatedCostUsd: true, submittedAt: true, falRequests: true },
  });
  const input = videoJobInputSchema.safeParse(job.input).data;
  if (input?.fallbackFrom && failure.code === "content_refused") return markJobFailed(jobId, { ...failure, message: bothRefusedMessage(input.fallbackFrom, job.model) });
  const fallback = input?.fallback;
  if (!input || !fallback || late || !isFaceRefusal(failure)) return markJobFailed(jobId, failure);

  const refused: FalRequestEntry = {
    model: job.model,
    requestId: job.falRequestId,
    status: "refused",
    errorCode: failure.code,
    error: failure.message,
    estimatedCostUsd: job.estimatedCostUsd === null ? null : Number(job.estimatedCostUsd),
    submittedAt: job.submittedAt?.toISOString() ?? null,
    endedAt: new Date().toISOString(),
  };
  const outcome = await prisma.$transaction(async (tx): Promise<"switched" | "lost" | { spentTodayUsd: number; dailySpendCapUsd: number }> => {
    const shortfall = job.userId ? await dailyCapShortfall(tx, job.userId, fallback.estimatedCostUsd) : null;
    if (shortfall) return shortfall;
    const { count } = await tx.generationJob.updateMany({
      where: { id: jobId, status: "finalizing", attempts: job.attempts },
      data: {
        status: "queued",
        model: fallback.model,
        // The plan is used up: a refusal by the fallback ends the job (with advice).
        input: toJson({ ...input, fallback: undefined, falInput: fallback.falInput, fallbackFrom: job.model }),
        estimatedCostUsd: { increment: fallback.estimatedCostUsd },
        falRequests: toJson([...requestLog(job.falRequests), refused]),
        falRequestId: null,
        falStatusUrl: null,
        falResponseUrl: null,
        falQueuePosition: null,
        submittedAt: null,
        startedAt: null,
        output: Prisma.DbNull,
        outcomeAt: null,
        claimedAt: null,
        inferenceMs: null,
        error: `${modelName(job.model)} refused this face; trying ${modelName(fallback.model)} instead.`,
        errorCode: "fallback",
      },
    });
    return count === 1 ? "switched" : "lost";
  });
  if (outcome === "lost") return;
  if (outcome !== "switched") {
    const message =
      `${modelName(job.model)} refused this face, and trying ${modelName(fallback.model)} (${usd(fallback.estimatedCostUsd)}) would pass your daily spending limit ` +
      `(${usd(outcome.spentTodayUsd)} of ${usd(outcome.dailySpendCapUsd)} used). Try another picture, or try again after 00:00 UTC.`;
    return markJobFailed(jobId, { ...failure, message });
  }
  await reportJobEvent(jobId, "fallback", { refusedModel: job.model, refusedRequestId: job.falRequestId, addedCostUsd: fallback.estimatedCostUsd });
  await enqueueSubmit(jobId);
}

/**
 * What a resource records of the model that made its clip, from the job that finished it. A clip the
 * fallback made has no seed of ours: the fallback model takes none, and the seed on the row was the
 * refused model's (locking it would remake a different clip), so it is cleared unless the model
 * reported one.
 */
export function clipModelFields(job: { model: string; input: unknown }) {
  const fallbackFrom = videoJobInputSchema.safeParse(job.input).data?.fallbackFrom ?? null;
  return { videoModel: job.model, videoModelFallbackFrom: fallbackFrom, ...(fallbackFrom ? { seed: null } : {}) };
}
