import "server-only";
// Temporary images of an avatar session (images/temp-generated/{userId}/{sessionId}/): generated with
// FLUX, edited with FLUX Kontext, or uploaded. Image calls take seconds, so they are answered
// synchronously, but every Fal request is still written to the job log.
import { ApiError } from "@/_shared/lib/errors";
import { estimateCostUsd, imageEditInput, modelId, textToImageInput, type ImageOptions } from "@/_shared/lib/fal-models";
import { createId } from "@/_shared/lib/ids";
import { normalizeImage, type NormalizedImage } from "@/_shared/lib/images";
import { prisma } from "@/_shared/lib/prisma";
import type { SessionUser } from "@/_shared/lib/session";
import { mediaUrl, storageKeys } from "@/_shared/lib/storage-keys";
import { FalError, falAi, type FalImage, type SubmittedRequest } from "./fal-ai.service";
import { fileStorage } from "./file-storage.service";
import { toJson } from "./generation-job.service";
import { reportJobEvent } from "./job-telemetry";
import { resolveImageInput } from "./media-input.service";

type ImageRole = "text-to-image" | "image-edit";
export interface SessionImage {
  imageUrl: string;
  width: number;
  height: number;
}

async function storeTempImage(user: SessionUser, sessionId: string, image: NormalizedImage): Promise<SessionImage & { key: string }> {
  const key = storageKeys.tempImage({ userId: user.id, sessionId, imageId: createId(), ext: image.ext });
  const meta = { width: String(image.width), height: String(image.height) };
  await fileStorage.uploadFile(image.buffer, key, image.contentType, image.buffer.length, meta);
  return { key, imageUrl: mediaUrl(key), width: image.width, height: image.height };
}

async function downloadImage(url: string): Promise<Buffer> {
  const res = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  if (!res.ok) throw new FalError({ permanent: false, code: "copy_failed", message: "Could not fetch the generated image. Try again.", detail: `HTTP ${res.status}` });
  return Buffer.from(await res.arrayBuffer());
}

/** One synchronous image request through the job log; stores the outputs in the session. */
async function runImageJob(p: { user: SessionUser; role: ImageRole; sessionId: string; options: ImageOptions; run: (onSubmitted: (req: SubmittedRequest) => Promise<void>) => ReturnType<typeof falAi.generateImage>; input: Record<string, unknown> }) {
  const job = await prisma.generationJob.create({
    data: {
      kind: p.role === "text-to-image" ? "text_to_image" : "image_edit",
      model: modelId(p.role),
      input: toJson({ role: p.role, falInput: p.input, sessionId: p.sessionId }),
      estimatedCostUsd: estimateCostUsd(p.role, p.options),
      userId: p.user.id,
    },
  });
  const stored: string[] = [];
  const fail = async (code: string, message: string, detail?: string) => {
    await prisma.generationJob.update({ where: { id: job.id }, data: { status: "failed", error: message, errorCode: code, completedAt: new Date() } });
    await reportJobEvent(job.id, "failed", { detail });
  };
  try {
    const { result, inferenceMs } = await p.run(async (req) => {
      await prisma.generationJob.update({
        where: { id: job.id },
        data: { status: "submitted", attempts: 1, falRequestId: req.requestId, falStatusUrl: req.statusUrl, falResponseUrl: req.responseUrl, submittedAt: new Date() },
      });
      await reportJobEvent(job.id, "submitted", { requestId: req.requestId });
    });
    if (!result.ok) throw new FalError(result.failure);
    const flags = (result.data as { has_nsfw_concepts?: boolean[] }).has_nsfw_concepts ?? [];
    const safe = (result.data.images ?? []).filter((_image: FalImage, i: number) => !flags[i]);
    if (!safe.length) {
      throw new FalError({ permanent: true, code: "content_refused", message: "The image model flagged every result as unsafe. Rephrase the description and try again.", detail: "has_nsfw_concepts" });
    }
    const images: SessionImage[] = [];
    for (const image of safe) {
      const savedImage = await storeTempImage(p.user, p.sessionId, await normalizeImage(await downloadImage(image.url)));
      stored.push(savedImage.key);
      images.push({ imageUrl: savedImage.imageUrl, width: savedImage.width, height: savedImage.height });
    }
    await prisma.generationJob.update({
      where: { id: job.id },
      data: { status: "completed", output: toJson({ images: stored }), outcomeAt: new Date(), completedAt: new Date(), inferenceMs },
    });
    await reportJobEvent(job.id, "completed", { images: stored.length });
    return { jobId: job.id, images, estimatedCostUsd: Number(job.estimatedCostUsd) };
  } catch (error) {
    for (const key of stored) await fileStorage.deleteFile(key).catch(() => undefined);
    if (error instanceof FalError) {
      await fail(error.failure.code, error.failure.message, error.failure.detail);
      throw new ApiError(error.failure.permanent ? "unprocessable" : "upstream_error", error.failure.message);
    }
    await fail("internal", "The image could not be stored", String(error));
    throw error;
  }
}

function checkUserId(user: SessionUser, userId: string | undefined) {
  if (userId !== undefined && userId !== user.id) throw new ApiError("forbidden", "userId must be your own user id (or be left out)");
}

function reply(result: Awaited<ReturnType<typeof runImageJob>>, numImages: number) {
  return {
    imageUrl: result.images[0].imageUrl,
    jobId: result.jobId,
    ...(numImages > 1 ? { images: result.images } : {}),
    estimatedCostUsd: result.estimatedCostUsd,
  };
}

export async function generateImages(p: { user: SessionUser; prompt: string; sessionId: string; userId?: string; options: ImageOptions }) {
  checkUserId(p.user, p.userId);
  const options = { ...p.options, aspectRatio: p.options.aspectRatio ?? "3:4" };
  const result = await runImageJob({
    user: p.user,
    role: "text-to-image",
    sessionId: p.sessionId,
    options,
    input: textToImageInput(p.prompt, options),
    run: (onSubmitted) => falAi.generateImage(p.prompt, options, onSubmitted),
  });
  return reply(result, options.numImages ?? 1);
}

export async function modifyImage(p: { user: SessionUser; imageUrl: string; modifications: string; sessionId: string; options: ImageOptions }) {
  const source = await resolveImageInput({ user: p.user, imageUrl: p.imageUrl });
  let falUrl: string;
  try {
    falUrl = await falAi.uploadInputImage(source.key);
  } catch (error) {
    if (error instanceof FalError) throw new ApiError(error.failure.permanent ? "unprocessable" : "upstream_error", error.failure.message);
    throw error;
  }
  const result = await runImageJob({
    user: p.user,
    role: "image-edit",
    sessionId: p.sessionId,
    options: p.options,
    input: { ...imageEditInput(falUrl, p.modifications, p.options), source: source.key },
    run: (onSubmitted) => falAi.modifyImage(falUrl, p.modifications, p.options, onSubmitted),
  });
  return reply(result, 1);
}

export async function uploadImage(p: { user: SessionUser; sessionId: string; bytes: Buffer }) {
  const image = await storeTempImage(p.user, p.sessionId, await normalizeImage(p.bytes));
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
  await fileStorage.deleteDirectory(storageKeys.tempSessionPrefix({ userId: user.id, sessionId }));
}
