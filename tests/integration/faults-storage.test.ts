// Storage stopped: a real S3 server (s3rver in a child process of this file) frozen with SIGSTOP, so
// it accepts connections and answers nothing, as a hung MinIO does. API requests that touch storage
// answer 503 naming storage within S3_TIMEOUT_SECONDS and leave nothing behind; a finalisation that
// meets the frozen server gives its claim back, is retried by the queue and ends `ready` once storage
// answers again; the queue's last attempt fails the job with a readable reason instead of leaving it
// `processing`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileStorage } from "@/_shared/core/file-storage.service";
import { finalizeJob } from "@/_shared/core/generation/finalize";
import { createVideoJob, toJson } from "@/_shared/core/generation/jobs";
import { getEnv } from "@/_shared/lib/env";
import { prisma } from "@/_shared/lib/prisma";
import { storageKeys } from "@/_shared/lib/storage-keys";
import * as bRolls from "@/app/api/b-rolls/route";
import * as health from "@/app/api/health/route";
import * as media from "@/app/api/media/[...key]/route";
import { restoreEnv, setEnv } from "../env";
import { startS3Process } from "../fault-services";
import { call, newProject, newUser, post, settledRow, waitFor, type TestUser } from "../helpers";
import { storeJpeg, tempImage } from "../media";
import { startTextBRoll, withPipeline } from "../pipeline";

const TIMEOUT_SECONDS = 1;
/** The timeout plus room for a slow machine. */
const ANSWER_WITHIN_MS = TIMEOUT_SECONDS * 1000 + 2500;
const COPY_FAILED = "Could not copy the generated video. Try again.";
const storageUnavailable = { error: { code: "service_unavailable", message: expect.stringMatching(/storage/i) } };

withPipeline();
let storage: Awaited<ReturnType<typeof startS3Process>>;
let user: TestUser;
let projectId: string;
/** The URL of a clip Fal (the simulator) produced here, for a finalisation the test runs itself. */
let producedVideoUrl: string | undefined;

beforeAll(async () => {
  storage = await startS3Process(getEnv().S3_BUCKET);
  setEnv({ S3_ENDPOINT: storage.endpoint, S3_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS) });
  user = await newUser();
  projectId = await newProject(user, "Storage faults");
});

afterAll(async () => {
  storage?.resume();
  restoreEnv();
  await storage?.stop();
});

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = Date.now();
  const result = await work();
  return { result, ms: Date.now() - started };
}

/** Runs `work` with storage frozen, and lets it go on afterwards whatever happened. */
async function whileStorageStopped<T>(work: () => Promise<T>): Promise<T> {
  storage.pause();
  try {
    return await work();
  } finally {
    storage.resume();
  }
}

const mediaGet = (key: string) => call(media.GET, { path: `/api/media/${key}`, params: { key: key.split("/") } });

describe("storage stopped", () => {
  it("API requests that touch storage answer 503 naming storage, leave nothing behind, and work again once it answers", async () => {
    const key = storageKeys.publicAvatarImage({ avatarId: `storagefault${Date.now()}`, ext: "jpg" });
    await storeJpeg(key);
    const imageUrl = await tempImage(user, "source", { sessionId: "storage-faults" });
    expect((await mediaGet(key)).status).toBe(302);

    await whileStorageStopped(async () => {
      const read = await timed(() => mediaGet(key));
      expect(read.result.status).toBe(503);
      expect(read.result.json).toEqual(storageUnavailable);
      expect(read.ms).toBeLessThan(ANSWER_WITHIN_MS);

      // A b-roll from an image: the request checks the image in storage after its session and body.
      const create = await timed(() => post(bRolls.POST, user, { name: "Frozen", prompt: "a cup on a table", imageUrl, projectId, resolution: "480p", duration: 2 }));
      expect(create.result.status).toBe(503);
      expect(create.result.json).toEqual(storageUnavailable);
      expect(create.ms).toBeLessThan(ANSWER_WITHIN_MS);
      expect(await prisma.bRoll.count({ where: { userId: user.id, name: "Frozen" } })).toBe(0);
      expect(await prisma.generationJob.count({ where: { userId: user.id, kind: "image_to_video" } })).toBe(0);

      const probe = await call(health.GET);
      expect(probe.status).toBe(503);
      expect(probe.json.services).toMatchObject({ database: { ok: true }, storage: { ok: false } });
    });

    const back = await mediaGet(key);
    expect(back.status).toBe(302);
    expect(back.headers.get("location")).toContain(storage.endpoint);
    expect((await call(health.GET)).status).toBe(200);
  });

  it("a finalisation that meets stopped storage gives the job back, is retried, and ends ready once storage answers", async () => {
    const { bRollId, jobId } = await whileStorageStopped(async () => {
      const started = await startTextBRoll(user, projectId, { name: "Retried copy" });
      // The webhook came, a worker copied the clip and could not store it: the job is handed back
      // (not left `finalizing`) with the reason, for the queue to retry.
      const handedBack = await waitFor(
        () => prisma.generationJob.findFirst({ where: { id: started.jobId, status: "submitted", outcomeAt: { not: null }, error: COPY_FAILED } }),
        { timeoutMs: 30_000, what: "a finalisation attempt to fail on the stopped storage" },
      );
      expect(handedBack.claimedAt).toBeNull();
      expect((await prisma.bRoll.findUniqueOrThrow({ where: { id: started.bRollId } })).status).toBe("processing");
      return started;
    });

    const bRoll = await settledRow("bRoll", bRollId, { timeoutMs: 30_000, what: "the b-roll to settle once storage answers" });
    expect(bRoll).toMatchObject({ status: "ready", errorMessage: null });
    const job = await prisma.generationJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job).toMatchObject({ status: "completed", error: null });
    const videoKey = storageKeys.bRollVideo({ userId: user.id, projectId, bRollId });
    expect((await fileStorage.statFile(videoKey))?.size).toBeGreaterThan(0);
    producedVideoUrl = (job.output as { payload?: { video?: { url?: string } } } | null)?.payload?.video?.url;
  });

  it("the last finalisation attempt on stopped storage fails the job and its b-roll with a readable reason", async () => {
    expect(producedVideoUrl, "a clip produced by the previous test").toBeDefined();
    // A job whose outcome is recorded, finalised here as the queue's last attempt would be (no worker has it).
    const { bRollId, jobId } = await prisma.$transaction(async (tx) => {
      const bRoll = await tx.bRoll.create({ data: { name: "Last attempt", prompt: "a cup", type: "text_to_video", userId: user.id, projectId } });
      const job = await createVideoJob(tx, { kind: "text-to-video", bRollId: bRoll.id, userId: user.id, projectId, prompt: "a cup", options: { resolution: "480p", duration: 2 } });
      await tx.generationJob.update({
        where: { id: job.id },
        data: { status: "submitted", submittedAt: new Date(), outcomeAt: new Date(), output: toJson({ source: "webhook", ok: true, payload: { video: { url: producedVideoUrl } } }) },
      });
      return { bRollId: bRoll.id, jobId: job.id };
    });

    await whileStorageStopped(() => finalizeJob(jobId, { lastAttempt: true }));

    expect(await prisma.generationJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: "failed", errorCode: "copy_failed", error: COPY_FAILED });
    expect(await prisma.bRoll.findUniqueOrThrow({ where: { id: bRollId } })).toMatchObject({ status: "failed", errorMessage: COPY_FAILED });
  });
});
