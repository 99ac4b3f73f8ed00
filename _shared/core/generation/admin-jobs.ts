import "server-only";
// Recent generation jobs for admins: what ran, on which model, how long it took, what it cost and why
// it failed.
import { prisma } from "@/_shared/lib/prisma";
import { kindOfDb } from "./job-kinds";

export async function listRecentJobs({ limit, status }: { limit: number; status?: "queued" | "submitted" | "finalizing" | "completed" | "failed" }) {
  const rows = await prisma.generationJob.findMany({
    where: status ? { status } : {},
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: {
      id: true, kind: true, model: true, status: true, attempts: true, estimatedCostUsd: true, error: true, errorCode: true,
      createdAt: true, completedAt: true, avatarId: true, bRollId: true, user: { select: { email: true } }, avatar: { select: { visibility: true } },
    },
  });
  return {
    jobs: rows.map((job) => ({
      id: job.id,
      kind: kindOfDb(job.kind),
      model: job.model,
      status: job.status,
      attempts: job.attempts,
      estimatedCostUsd: job.estimatedCostUsd === null ? null : Number(job.estimatedCostUsd),
      error: job.error,
      errorCode: job.errorCode,
      avatarId: job.avatarId,
      bRollId: job.bRollId,
      createdAt: job.createdAt.toISOString(),
      durationMs: job.completedAt ? job.completedAt.getTime() - job.createdAt.getTime() : null,
      user: job.user ? { email: job.user.email } : null,
      /** A public library avatar's job (made by the admin in `user`). */
      library: job.avatar?.visibility === "public",
    })),
  };
}
