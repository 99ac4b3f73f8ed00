import "server-only";
// A generation job's Fal requests: the earlier ones its log keeps (`falRequests`, written when the job
// continued on its fallback model: fallback.ts) and its current one, from the row's own fields.
import type { Prisma } from "@/_shared/lib/prisma";
import { falRequestSchema, type FalRequestEntry } from "@/_shared/schemas/job";
import { z } from "zod";

/** The stored log of a job's earlier requests (entries that do not read are left out). */
export function requestLog(value: unknown): FalRequestEntry[] {
  return z.array(falRequestSchema).safeParse(value ?? []).data ?? [];
}

interface JobRequestsRow {
  model: string;
  status: string;
  falRequestId: string | null;
  falRequests: unknown;
  estimatedCostUsd: Prisma.Decimal | number | null;
  error: string | null;
  errorCode: string | null;
  submittedAt: Date | null;
  completedAt: Date | null;
}

/**
 * Every Fal request of a job in order: the logged earlier ones, then its current one (the row's own
 * fields; its cost is the job's total less the earlier requests').
 */
export function jobRequests(job: JobRequestsRow): FalRequestEntry[] {
  const earlier = requestLog(job.falRequests);
  const total = job.estimatedCostUsd === null ? null : Number(job.estimatedCostUsd);
  const earlierCost = earlier.reduce((sum, entry) => sum + (entry.estimatedCostUsd ?? 0), 0);
  const current: FalRequestEntry = {
    model: job.model,
    requestId: job.falRequestId,
    status: falRequestSchema.shape.status.safeParse(job.status).data ?? "queued",
    errorCode: job.errorCode === "fallback" ? null : job.errorCode,
    error: job.errorCode === "fallback" ? null : job.error,
    estimatedCostUsd: total === null ? null : Math.round((total - earlierCost) * 10_000) / 10_000,
    submittedAt: job.submittedAt?.toISOString() ?? null,
    endedAt: job.completedAt?.toISOString() ?? null,
  };
  return [...earlier, current];
}

/** The models a job asked, in order (the one that made its clip last): what provenance records name. */
export function jobModels(job: Pick<JobRequestsRow, "model" | "falRequests">): string[] {
  return [...new Set([...requestLog(job.falRequests).map((entry) => entry.model), job.model])];
}

