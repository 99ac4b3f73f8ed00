import "server-only";
// FalAiService, the entry point to Fal.ai: every call to Fal.ai, through @fal-ai/client and the model registry.
// Videos are submitted to Fal's queue with our webhook URL (the job pipeline waits for them); images
// take seconds and are awaited here, with a time limit.
import { falWebhookUrl, getEnv } from "@/_shared/lib/env";
import { fetchFal, getFalClient } from "@/_shared/lib/fal-client";
import { classifyFalError, classifyFalResponse, classifyResultResponse, falErrorHints, type FalFailure } from "@/_shared/lib/fal-errors";
import { imageEditInput, modelId, textToImageInput, videoInput } from "@/_shared/lib/fal-models";
import { type ImageOptions, type GenerationKind, type VideoOptions } from "@/_shared/schemas/generation-options";
import { fileStorage } from "./file-storage.service";

export interface SubmittedRequest {
  requestId: string;
  statusUrl: string;
  responseUrl: string;
  cancelUrl: string;
  /** Fal's place for the request in its queue, when it says (0: next to run). */
  queuePosition?: number;
}

export type FalStatus = { state: "IN_QUEUE"; queuePosition?: number } | { state: "IN_PROGRESS" } | { state: "COMPLETED"; inferenceMs?: number };

export type FalResult<T = Record<string, unknown>> = { ok: true; data: T } | { ok: false; failure: FalFailure };

export class FalError extends Error {
  constructor(readonly failure: FalFailure) {
    super(failure.message);
    this.name = "FalError";
  }
}

// Status and result reads change nothing on Fal's side, so a transient failure of one (5xx, 429, a
// network error) is retried with backoff, as @fal-ai/client does for status reads (5 retries, 500
// included), rather than throwing away a finished, billed image.
const READ_RETRIES = 5;

/** Fal's `queue_position` as `{ queuePosition }`, or null when it sent none (or not a count). */
const queuePositionOf = (value: unknown) => (typeof value === "number" && Number.isInteger(value) && value >= 0 ? { queuePosition: value } : null);
const READ_RETRY_BASE_MS = 250;

export interface FalImage {
  url: string;
  width: number;
  height: number;
  content_type?: string;
}


class FalAiService {
  /** Puts a request in Fal's queue (with our webhook unless `webhook: false`), to the role's model unless `model` names another. */
  async submit(kind: GenerationKind, input: Record<string, unknown>, opts: { webhook?: boolean; model?: string } = {}): Promise<SubmittedRequest> {
    try {
      const queued = await getFalClient().queue.submit(opts.model ?? modelId(kind), {
        input,
        ...(opts.webhook === false ? {} : { webhookUrl: falWebhookUrl() }),
      });
      return { requestId: queued.request_id, statusUrl: queued.status_url, responseUrl: queued.response_url, cancelUrl: queued.cancel_url, ...(queuePositionOf(queued.queue_position) ?? {}) };
    } catch (error) {
      throw new FalError(classifyFalError(error, kind));
    }
  }

  /** Status from the status URL Fal returned at submit (not rebuilt: that breaks for newer models). */
  async getJobStatus(statusUrl: string, kind: GenerationKind): Promise<FalStatus> {
    let res: Response;
    try {
      res = await fetchFal(statusUrl);
    } catch (error) {
      throw new FalError(classifyFalError(error, kind));
    }
    const body = (await res.json().catch(() => ({}))) as { status?: string; queue_position?: unknown; metrics?: { inference_time?: number } };
    if (res.status >= 400) throw new FalError(classifyFalResponse(res.status, body, kind));
    if (body.status === "COMPLETED") {
      const seconds = body.metrics?.inference_time;
      return { state: "COMPLETED", inferenceMs: typeof seconds === "number" ? Math.round(seconds * 1000) : undefined };
    }
    if (body.status === "IN_PROGRESS") return { state: "IN_PROGRESS" };
    return { state: "IN_QUEUE", ...(queuePositionOf(body.queue_position) ?? {}) };
  }

  /** The output of a completed request; a failed request shows its failure only here. */
  async getResult<T = Record<string, unknown>>(responseUrl: string, kind: GenerationKind): Promise<FalResult<T>> {
    let res: Response;
    try {
      res = await fetchFal(responseUrl);
    } catch (error) {
      throw new FalError(classifyFalError(error, kind));
    }
    const body = await res.json().catch(() => null);
    if (res.ok) return { ok: true, data: body as T };
    const failure = classifyResultResponse(res.status, body, kind, falErrorHints(res.headers, body));
    if (!failure.permanent) throw new FalError(failure);
    return { ok: false, failure };
  }

  async cancel(cancelUrl: string): Promise<void> {
    await fetchFal(cancelUrl, { method: "PUT", timeoutMs: 10_000 }).catch(() => undefined);
  }

  /** A URL Fal can fetch for one of our objects (the input of a `kind` request): public media base when configured, else Fal storage. */
  async uploadInputImage(key: string, kind: GenerationKind): Promise<string> {
    const base = getEnv().PUBLIC_MEDIA_BASE_URL;
    if (base) return `${base.replace(/\/$/, "")}/${key}`;
    const info = await fileStorage.statFile(key);
    if (!info) throw new FalError({ permanent: true, code: "invalid_input", message: "The source image no longer exists.", detail: key });
    const chunks: Buffer[] = [];
    // Images are size-capped at upload (10 MB), so holding one in memory for the Blob is bounded.
    for await (const chunk of await fileStorage.getFileStream(key)) chunks.push(chunk as Buffer);
    try {
      return await getFalClient().storage.upload(new Blob([Buffer.concat(chunks)], { type: info.contentType }));
    } catch (error) {
      throw new FalError(classifyFalError(error, kind));
    }
  }

  /** Submits and waits (polling, within FAL_SYNC_TIMEOUT_SECONDS) for a request that takes seconds. */
  async runToCompletion<T>(kind: GenerationKind, input: Record<string, unknown>, onSubmitted?: (req: SubmittedRequest) => Promise<void>) {
    const request = await this.submit(kind, input, { webhook: false });
    await onSubmitted?.(request);
    const deadline = Date.now() + getEnv().FAL_SYNC_TIMEOUT_SECONDS * 1000;
    for (let delay = 250; ; delay = Math.min(delay * 1.5, 2000)) {
      const status = await readWithRetry(() => this.getJobStatus(request.statusUrl, kind), deadline);
      if (status.state === "COMPLETED") {
        return { request, inferenceMs: status.inferenceMs, result: await readWithRetry(() => this.getResult<T>(request.responseUrl, kind), deadline) };
      }
      if (Date.now() + delay > deadline) {
        await this.cancel(request.cancelUrl);
        throw new FalError({ permanent: false, code: "timeout", message: "The image took too long to generate. Try again.", detail: request.requestId });
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  // One method per model role. Images are awaited (seconds); videos are queued with our webhook and
  // finished by the job pipeline. `onSubmitted` lets the caller log the request in the job table.
  generateImage(prompt: string, options: ImageOptions = {}, onSubmitted?: (req: SubmittedRequest) => Promise<void>) {
    return this.runToCompletion<{ images: FalImage[]; seed?: number }>("text-to-image", textToImageInput(prompt, options), onSubmitted);
  }

  modifyImage(imageUrl: string, prompt: string, options: ImageOptions = {}, onSubmitted?: (req: SubmittedRequest) => Promise<void>) {
    return this.runToCompletion<{ images: FalImage[]; seed?: number }>("image-edit", imageEditInput(imageUrl, prompt, options), onSubmitted);
  }

  imageToVideo(imageUrl: string, prompt: string, options: VideoOptions = {}) {
    return this.submit("image-to-video", videoInput("image-to-video", prompt, options, imageUrl));
  }

  textToVideo(prompt: string, options: VideoOptions = {}) {
    return this.submit("text-to-video", videoInput("text-to-video", prompt, options));
  }
}

/** Runs a status or result read, retrying transient failures with backoff while the deadline allows. */
async function readWithRetry<T>(read: () => Promise<T>, deadline: number): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await read();
    } catch (error) {
      if (!(error instanceof FalError) || error.failure.permanent || retry >= READ_RETRIES) throw error;
      const delay = READ_RETRY_BASE_MS * 2 ** retry;
      if (Date.now() + delay > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

export const falAi = new FalAiService();
