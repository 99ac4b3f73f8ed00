import "server-only";
// Temporary images of an avatar session (images/temp-generated/{userId}/{sessionId}/): generated with
// FLUX, edited with FLUX Kontext, or uploaded. Image calls take seconds, so they are answered
// synchronously, but every Fal request is still written to the job log. Each picture is also recorded
// in the session (session-records.ts) when its request completes, whether or not the caller still waits.
import { z } from "zod";
import { ApiError, ERROR_STATUS, toApiError, type ErrorCode } from "@/_shared/lib/errors";
import { resultExpired, type FalFailure } from "@/_shared/lib/fal-errors";
import { estimateCostUsd, imageEditInput, modelId, textToImageInput } from "@/_shared/lib/fal-models";
import { parseImageOutput } from "@/_shared/lib/fal-output";
import { IMAGE_DEFAULTS, seedSchema, type GenerationKind, type ImageOptions } from "@/_shared/schemas/generation-options";
import { createId } from "@/_shared/lib/ids";
import type { Disclosure } from "@/_shared/lib/ai-disclosure";
import { normalizeImage } from "@/_shared/lib/images";
import { prisma } from "@/_shared/lib/prisma";
import type { SessionUser } from "@/_shared/lib/session";
import { mediaUrl, storageKeys } from "@/_shared/lib/storage-keys";
import { FalError, falAi, type SubmittedRequest } from "../fal-ai.service";
import { fileStorage } from "../file-storage.service";
import { toJson } from "@/_shared/core/generation/jobs";
import type { IdempotencyRequest } from "@/_shared/lib/idempotency-key";
import { findReplay, stillInProgress, writeOrReplay, type Replay } from "@/_shared/core/generation/idempotency";
import { toDbKind } from "@/_shared/core/generation/job-kinds";
import { reportJobEvent } from "@/_shared/core/generation/telemetry";
import { enforceGenerationLimits, type GenerationPermit } from "@/_shared/core/spend/limits";
import { FAL_REQUEST_ID_META, resolveImageInput } from "./image-input";
import { deleteSessionRecord, noteSessionRequest, recordSessionPictures, type StoredPicture, type TempImageSource } from "./session-records";

type ImageKind = Extract<GenerationKind, "text-to-image" | "image-edit">;
export interface SessionImage {
  imageUrl: string;
  width: number;
  height: number;
}

export interface ImagesReply {
  imageUrl: string;
  jobId: string;
  images?: SessionImage[];
  estimatedCostUsd: number;
}

// What an image job keeps, so that a replay (same Idempotency-Key) answers what the first request did:
// the stored images and their sizes, or the error it answered.
const imageJobInputSchema = z.object({ falInput: z.object({ num_images: z.number().optional() }).loose() });
const imageJobOutputSchema = z.object({ images: z.array(z.string()), sizes: z.array(z.object({ width: z.number(), height: z.number() })) });
const failedJobOutputSchema = z.object({
  reply: z.object({ code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]), message: z.string() }),
});

type Made = Pick<Disclosure, "origin" | "model"> & { falRequestId?: string };

/** Stores a picture (validated, re-encoded with its AI disclosure) in the session. */
async function storeTempImage(user: SessionUser, sessionId: string, bytes: Buffer, { falRequestId, ...origin }: Made): Promise<SessionImage & StoredPicture> {
  const id = createId();
  const image = await normalizeImage(bytes, { ...origin, assetId: id });
  const key = storageKeys.tempImage({ userId: user.id, sessionId, imageId: id, ext: image.ext });
  // The request that made it travels with the picture: an avatar made from it records it.
  const meta = { width: String(image.width), height: String(image.height), ...(falRequestId ? { [FAL_REQUEST_ID_META]: falRequestId } : {}) };
  await fileStorage.uploadFile(image.buffer, key, image.contentType, image.buffer.length, meta);
  return { id, key, imageUrl: mediaUrl(key), width: image.width, height: image.height };
}

async function downloadImage(url: string, kind: ImageKind): Promise<Buffer> {
  const res = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  if (res.status === 404 || res.status === 410) throw new FalError(resultExpired(kind, `image HTTP ${res.status}`));
  if (!res.ok) throw new FalError({ permanent: false, code: "copy_failed", message: "Could not fetch the generated image. Try again.", detail: `HTTP ${res.status}` });
  return Buffer.from(await res.arrayBuffer());
}

/**
 * The pictures of a FLUX output we may keep. A picture the safety checker flagged comes back black:
 * it is never stored, and when every picture is flagged the request is a refusal the user can act
 * on (Fal billed it all the same: the job keeps its Fal request id, so it counts as spend).
 */
const seedOutput = z.object({ seed: seedSchema });

/** The seed FLUX reports for a request (the one asked, or the one it chose), when it is one we accept back. */
const reportedSeed = (output: unknown) => seedOutput.safeParse(output).data?.seed;

function usablePictures(output: unknown) {
  const parsed = parseImageOutput(output);
  if (parsed?.safe.length) return parsed.safe;
  if (parsed?.flagged) {
    throw new FalError({ permanent: true, code: "safety_flagged", message: "The picture was flagged by the image model's safety checker. Change the prompt and try again.", detail: "has_nsfw_concepts" });
  }
  throw new FalError({ permanent: true, code: "invalid_output", message: "The image model returned no picture. Try again.", detail: JSON.stringify(output ?? null).slice(0, 500) });
}

/** What the route answers for a Fal failure: the user's to fix (prompt, image) is a 422; the generation service's, a 502. */
function apiErrorFor(failure: FalFailure): ApiError {
  const usersToFix = ["content_refused", "invalid_input", "safety_flagged"].includes(failure.code);
  return new ApiError(usersToFix ? "unprocessable" : "upstream_error", failure.message);
}

/** The reply of a generate (`images` listed when several were asked for) or of an edit. */
function toReply(jobId: string, images: SessionImage[], many: boolean, estimatedCostUsd: number): ImagesReply {
  return { imageUrl: images[0].imageUrl, jobId, ...(many ? { images } : {}), estimatedCostUsd };
}

/** The first answer again, rebuilt from the job a request with the same Idempotency-Key made. */
function replayReply(replay: Replay): ImagesReply {
  if (replay.status === "failed") {
    const failed = failedJobOutputSchema.safeParse(replay.output);
    if (failed.success) throw new ApiError(failed.data.reply.code, failed.data.reply.message);
    throw new ApiError("conflict", "The request with this Idempotency-Key failed; send it again with a new key");
  }
  if (replay.status !== "completed") throw stillInProgress();
  const input = imageJobInputSchema.safeParse(replay.input);
  const output = imageJobOutputSchema.safeParse(replay.output);
  if (!input.success || !output.success || !output.data.images.length) {
    throw new ApiError("conflict", "This Idempotency-Key was used for another kind of request; use a new key");
  }
  const images = output.data.images.map((key, i) => ({ imageUrl: mediaUrl(key), width: output.data.sizes[i]?.width ?? 0, height: output.data.sizes[i]?.height ?? 0 }));
  const many = (input.data.falInput.num_images ?? 1) > 1;
  return toReply(replay.jobId, images, many, replay.estimatedCostUsd ?? 0);
}

async function replayOf(user: SessionUser, idempotency: IdempotencyRequest | undefined): Promise<ImagesReply | null> {
  const replay = await findReplay(user.id, idempotency);
  return replay ? replayReply(replay) : null;
}

/** One synchronous image request through the job log; stores the outputs in the session and records them there. */
async function runImageJob(p: {
  user: SessionUser;
  kind: ImageKind;
  sessionId: string;
  /** How the pictures enter the session: a description (generate, kept as the session's too) or an edit of a picture. */
  record: { source: Extract<TempImageSource, "generated" | "edited">; prompt: string; parentKey?: string };
  estimatedCostUsd: number;
  permit: GenerationPermit;
  idempotency?: IdempotencyRequest;
  many: boolean;
  run: (onSubmitted: (req: SubmittedRequest) => Promise<void>) => ReturnType<typeof falAi.generateImage>;
  input: Record<string, unknown>;
}): Promise<ImagesReply> {
  // A concurrent request with the same key made the job first: answer as its replay would.
  const outcome = await writeOrReplay(
    () =>
      prisma.$transaction(async (tx) => {
        await p.permit.holdDailySpend(tx);
        // The session shows this request as running from now on (and a generate's description).
        await noteSessionRequest(tx, { userId: p.user.id, sessionId: p.sessionId }, p.record.source === "generated" ? p.record.prompt : undefined);
        return tx.generationJob.create({
          data: {
            kind: toDbKind(p.kind),
            model: modelId(p.kind),
            input: toJson({ falInput: p.input, sessionId: p.sessionId, ...(p.idempotency ? { requestHash: p.idempotency.requestHash } : {}) }),
            estimatedCostUsd: p.estimatedCostUsd,
            userId: p.user.id,
            idempotencyKey: p.idempotency?.key,
          },
          select: { id: true },
        });
      }),
    async () => {
      const winner = await findReplay(p.user.id, p.idempotency);
      return winner ? replayReply(winner) : null;
    },
  );
  if ("replayed" in outcome) return outcome.replayed;
  const job = outcome.written;
  const stored: StoredPicture[] = [];
  const fail = async (answer: ApiError, code: string, detail?: string) => {
    await prisma.generationJob.update({
      where: { id: job.id },
      data: { status: "failed", error: answer.message, errorCode: code, output: toJson({ reply: { code: answer.code, message: answer.message } }), completedAt: new Date() },
    });
    await reportJobEvent(job.id, "failed", { detail });
  };
  try {
    const { request, result, inferenceMs } = await p.run(async (req) => {
      await prisma.generationJob.update({
        where: { id: job.id },
        data: { status: "submitted", attempts: 1, falRequestId: req.requestId, falStatusUrl: req.statusUrl, falResponseUrl: req.responseUrl, submittedAt: new Date() },
      });
      await reportJobEvent(job.id, "submitted", { requestId: req.requestId });
    });
    if (!result.ok) throw new FalError(result.failure);
    const safe = usablePictures(result.data);
    const images: SessionImage[] = [];
    for (const image of safe) {
      const bytes = await downloadImage(image.url, p.kind);
      const savedImage = await storeTempImage(p.user, p.sessionId, bytes, { origin: p.record.source, model: modelId(p.kind), falRequestId: request.requestId });
      stored.push(savedImage);
      images.push({ imageUrl: savedImage.imageUrl, width: savedImage.width, height: savedImage.height });
    }
    // The pictures join the session and the job completes together: never one without the other.
    await prisma.$transaction(async (tx) => {
      await recordSessionPictures(tx, { userId: p.user.id, sessionId: p.sessionId, pictures: stored, jobId: job.id, seed: reportedSeed(result.data), ...p.record });
      await tx.generationJob.update({
        where: { id: job.id },
        data: {
          status: "completed",
          // The seed FLUX used is kept with the job: the picture's provenance reads it there.
          output: toJson({ images: stored.map(({ key }) => key), sizes: images.map(({ width, height }) => ({ width, height })), seed: reportedSeed(result.data) ?? null }),
          outcomeAt: new Date(),
          completedAt: new Date(),
          inferenceMs,
        },
      });
    });
    await reportJobEvent(job.id, "completed", { images: stored.length });
    return toReply(job.id, images, p.many, p.estimatedCostUsd);
  } catch (error) {
    for (const { key } of stored) await fileStorage.deleteFile(key).catch(() => undefined);
    if (error instanceof FalError) {
      const answer = apiErrorFor(error.failure);
      await fail(answer, error.failure.code, error.failure.detail);
      throw answer;
    }
    // What the route will answer (a generic 500 for the unexpected), kept for replays.
    await fail(toApiError(error), "internal", String(error));
    throw error;
  }
}

function checkUserId(user: SessionUser, userId: string | undefined) {
  if (userId !== undefined && userId !== user.id) throw new ApiError("forbidden", "userId must be your own user id (or be left out)");
}

export async function generateImages(p: { user: SessionUser; prompt: string; sessionId: string; userId?: string; options: ImageOptions; idempotency?: IdempotencyRequest }) {
  checkUserId(p.user, p.userId);
  const replayed = await replayOf(p.user, p.idempotency);
  if (replayed) return replayed;
  const options = { ...p.options, aspectRatio: p.options.aspectRatio ?? IMAGE_DEFAULTS.aspectRatio };
  const estimatedCostUsd = estimateCostUsd("text-to-image", options);
  const permit = await enforceGenerationLimits(p.user, { kind: "text-to-image", estimatedCostUsd });
  return runImageJob({
    user: p.user,
    kind: "text-to-image",
    sessionId: p.sessionId,
    estimatedCostUsd,
    permit,
    idempotency: p.idempotency,
    many: (options.numImages ?? 1) > 1,
    record: { source: "generated", prompt: p.prompt },
    input: textToImageInput(p.prompt, options),
    run: (onSubmitted) => falAi.generateImage(p.prompt, options, onSubmitted),
  });
}

export async function modifyImage(p: { user: SessionUser; imageUrl: string; modifications: string; sessionId: string; options: ImageOptions; idempotency?: IdempotencyRequest }) {
  // Before the source is checked: a replay answers even once the session it edited is gone.
  const replayed = await replayOf(p.user, p.idempotency);
  if (replayed) return replayed;
  const source = await resolveImageInput({ user: p.user, imageUrl: p.imageUrl });
  const estimatedCostUsd = estimateCostUsd("image-edit", p.options);
  const permit = await enforceGenerationLimits(p.user, { kind: "image-edit", estimatedCostUsd });
  let falUrl: string;
  try {
    falUrl = await falAi.uploadInputImage(source.key, "image-edit");
  } catch (error) {
    if (error instanceof FalError) throw apiErrorFor(error.failure);
    throw error;
  }
  return runImageJob({
    user: p.user,
    kind: "image-edit",
    sessionId: p.sessionId,
    estimatedCostUsd,
    permit,
    idempotency: p.idempotency,
    many: false,
    record: { source: "edited", prompt: p.modifications, parentKey: source.key },
    input: { ...imageEditInput(falUrl, p.modifications, p.options), source: source.key },
    run: (onSubmitted) => falAi.modifyImage(falUrl, p.modifications, p.options, onSubmitted),
  });
}

export async function uploadImage(p: { user: SessionUser; sessionId: string; bytes: Buffer }) {
  const image = await storeTempImage(p.user, p.sessionId, p.bytes, { origin: "uploaded", model: null });
  try {
    await prisma.$transaction((tx) => recordSessionPictures(tx, { userId: p.user.id, sessionId: p.sessionId, pictures: [image], source: "uploaded" }));
  } catch (error) {
    // Not recorded: the object goes too (no picture the session does not know).
    await fileStorage.deleteFile(image.key).catch(() => undefined);
    throw error;
  }
  return { imageUrl: image.imageUrl, width: image.width, height: image.height };
}

export async function listSessionImages({ user, sessionId }: { user: SessionUser; sessionId: string }) {
  const prefix = storageKeys.tempSessionPrefix({ userId: user.id, sessionId });
  const items = await fileStorage.listObjects(prefix);
  const images = await Promise.all(
    items.map(async (item) => {
      const info = await fileStorage.statFile(item.key);
      return {
        imageUrl: mediaUrl(item.key),
        createdAt: item.lastModified.toISOString(),
        width: Number(info?.metadata.width ?? 0),
        height: Number(info?.metadata.height ?? 0),
      };
    }),
  );
  return { images: images.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.imageUrl.localeCompare(b.imageUrl)) };
}

export async function deleteSession({ user, sessionId }: { user: SessionUser; sessionId: string }) {
  // The record first: a picture's row never outlives its object (an object left by a failure here is swept).
  await deleteSessionRecord({ userId: user.id, sessionId });
  await fileStorage.deleteDirectory(storageKeys.tempSessionPrefix({ userId: user.id, sessionId }));
}
