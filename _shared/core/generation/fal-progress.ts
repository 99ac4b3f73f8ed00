import "server-only";
// What Fal says of a request before it ends: its place in Fal's queue (IN_QUEUE) or that it runs
// (IN_PROGRESS). Webhooks only say when a request is over, so a process with an event stream open
// reads the status of the user's waiting requests every few seconds. Each read is claimed with a
// conditional update of `statusCheckedAt`, so several tabs and processes never read one request more
// than once per interval; a change is stored on the job and published to the streams.
import { logger } from "@/_shared/lib/logger";
import { prisma } from "@/_shared/lib/prisma";
import { FalError, falAi } from "../fal-ai.service";
import { kindOfDb } from "./job-kinds";
import { publishJobUpdate } from "./job-events";

export const FAL_STATUS_INTERVAL_MS = 3000;

/** Reads Fal's status of `userId`'s waiting video requests not read within the interval; returns how many changed. */
export async function refreshFalStatuses(userId: string, now = new Date()): Promise<number> {
  const due = await prisma.generationJob.findMany({
    where: {
      userId,
      status: "submitted",
      outcomeAt: null,
      falStatusUrl: { not: null },
      kind: { in: ["image_to_video", "text_to_video"] },
      OR: [{ statusCheckedAt: null }, { statusCheckedAt: { lt: new Date(now.getTime() - FAL_STATUS_INTERVAL_MS + 250) } }],
    },
    select: { id: true, kind: true, falStatusUrl: true, statusCheckedAt: true, falQueuePosition: true, startedAt: true },
    take: 20,
  });
  let changed = 0;
  for (const job of due) {
    const { count } = await prisma.generationJob.updateMany({ where: { id: job.id, statusCheckedAt: job.statusCheckedAt }, data: { statusCheckedAt: now } });
    if (count === 0 || !job.falStatusUrl) continue;
    try {
      const status = await falAi.getJobStatus(job.falStatusUrl, kindOfDb(job.kind));
      let data: { falQueuePosition: number | null; startedAt?: Date } | null = null;
      if (status.state === "IN_QUEUE" && (status.queuePosition ?? null) !== job.falQueuePosition) data = { falQueuePosition: status.queuePosition ?? null };
      if (status.state !== "IN_QUEUE" && !job.startedAt) data = { falQueuePosition: null, startedAt: new Date() };
      if (!data) continue;
      const updated = await prisma.generationJob.updateMany({ where: { id: job.id, status: "submitted", outcomeAt: null }, data });
      if (updated.count === 1) {
        changed++;
        await publishJobUpdate(job.id);
      }
    } catch (error) {
      // The next read tries again; the stage simply stays what it was.
      logger.info("could not read a request's status from Fal", { jobId: job.id, error: error instanceof FalError ? error.failure.detail : String(error) });
    }
  }
  return changed;
}
