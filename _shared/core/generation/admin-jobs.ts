import "server-only";
// Generation jobs for admins, a page at a time: what ran, on which model, how long it took, what it
// cost, why it failed, and what it made (linked from the admin's table).
import { prisma } from "@/_shared/lib/prisma";
import type { SessionUser } from "@/_shared/lib/session";
import { mediaUrl } from "@/_shared/lib/storage-keys";
import type { AdminJobListResponse, JobOutput, JobStatus } from "@/_shared/schemas/job";
import { jobRequests } from "./job-requests";
import { kindOfDb } from "./job-kinds";

const jobSelect = {
  id: true, kind: true, model: true, status: true, attempts: true, estimatedCostUsd: true, error: true, errorCode: true,
  createdAt: true, completedAt: true, avatarId: true, bRollId: true, falRequestId: true, falRequests: true, submittedAt: true, userId: true, user: { select: { email: true } },
  avatar: { select: { name: true, visibility: true, videoUrl: true } },
  bRoll: { select: { name: true, videoUrl: true, projectId: true, userId: true } },
} as const;

export async function listRecentJobs({ user, limit, page, status }: { user: SessionUser; limit: number; page: number; status?: JobStatus }): Promise<AdminJobListResponse> {
  const where = status ? { status } : {};
  const [total, rows] = await Promise.all([
    prisma.generationJob.count({ where }),
    prisma.generationJob.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit, skip: (page - 1) * limit, select: jobSelect }),
  ]);
  // Pictures: the session pictures a job made, while they are kept.
  const pictures = await prisma.tempImage.findMany({ where: { jobId: { in: rows.filter((job) => !job.avatarId && !job.bRollId).map((job) => job.id) } }, select: { jobId: true, key: true }, orderBy: { seq: "asc" } });
  const pictureOf = new Map<string, string>();
  for (const picture of pictures) if (picture.jobId && !pictureOf.has(picture.jobId)) pictureOf.set(picture.jobId, picture.key);

  const outputOf = (job: (typeof rows)[number]): JobOutput | null => {
    if (job.bRoll) {
      // The project page is its owner's: another user's project would be a 404 for the admin.
      const projectId = job.bRoll.userId === user.id ? job.bRoll.projectId : null;
      return { type: "b-roll", name: job.bRoll.name, mediaUrl: job.bRoll.videoUrl, projectId };
    }
    if (job.avatar) return { type: job.avatar.visibility === "public" ? "public-avatar" : "private-avatar", name: job.avatar.name, mediaUrl: job.avatar.videoUrl, projectId: null };
    const picture = pictureOf.get(job.id);
    return picture ? { type: "picture", name: null, mediaUrl: mediaUrl(picture), projectId: null } : null;
  };

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
      requests: jobRequests(job),
      createdAt: job.createdAt.toISOString(),
      durationMs: job.completedAt ? job.completedAt.getTime() - job.createdAt.getTime() : null,
      user: job.user ? { email: job.user.email } : null,
      /** A public library avatar's job (made by the admin in `user`). */
      library: job.avatar?.visibility === "public",
      output: outputOf(job),
    })),
    total,
    page,
    limit,
    hasMore: page * limit < total,
  };
}
