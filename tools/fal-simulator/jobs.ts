import { randomUUID } from "node:crypto";
import type { FalSimulatorControls, ForcedOutcome } from "./controls";
import { resultLifetimeMs } from "./controls-realism";
import { buildWebhook } from "./faults";
import { sleep, type JsonObject } from "./http-util";
import { ModelFailure } from "./inputs";
import type { MediaStore } from "./media-store";
import { forcedFailure } from "./model-errors";
import { runModel, type ModelKind } from "./models";
import { createSafetyChecker } from "./safety";
import { planTiming } from "./timing";
import type { WebhookSender } from "./webhooks";

export type JobPhase = "IN_QUEUE" | "IN_PROGRESS" | "COMPLETED";
/** A failure's `retryable` is the X-Fal-Retryable header its result is served with. */
export type JobResult = { ok: true; output: JsonObject } | { ok: false; httpStatus: number; body: JsonObject; retryable?: boolean };

interface RequestLog {
  message: string;
  level: "INFO";
  source: "USER";
  timestamp: string;
  labels: Record<string, string>;
}

export interface Job {
  id: string;
  /** `owner/app`: the only part of the model id that status/result/cancel URLs carry. */
  appPath: string;
  modelId: string;
  kind: ModelKind;
  input: JsonObject;
  forced: ForcedOutcome;
  webhookUrl: string | null;
  createdAt: number;
  /** When the request got one of the account's `concurrency` slots (its timing starts there); null while it waits. */
  slotAt: number | null;
  startedAt: number | null;
  completedAt: number | null;
  phase: JobPhase;
  logs: RequestLog[];
  result: JobResult | null;
  /** When the result and the files it produced stop being served (epoch ms); null until completed. */
  expiresAt: number | null;
  /** Realistic profile: the inference time reported on Fal's clock, whatever rendering took here. */
  inferenceSeconds?: number;
  abort: AbortController;
}

export interface JobRunnerDeps {
  store: MediaStore;
  sender: WebhookSender;
  controls: FalSimulatorControls;
  signal: AbortSignal;
  log: (line: string) => void;
}

export interface NewJob {
  appPath: string;
  /** The full model id submitted to (the app path is its first two segments). */
  modelId: string;
  kind: ModelKind;
  input: JsonObject;
  forced: ForcedOutcome;
  webhookUrl: string | null;
}

function createJob(spec: NewJob): Job {
  return {
    ...spec,
    id: randomUUID(),
    createdAt: Date.now(),
    slotAt: null,
    startedAt: null,
    completedAt: null,
    phase: "IN_QUEUE",
    logs: [],
    result: null,
    expiresAt: null,
    abort: new AbortController(),
  };
}

export function createJobRunner(deps: JobRunnerDeps) {
  const jobs = new Map<string, Job>();
  const reusedClips = new Map<string, Promise<string>>();

  /** Runs the model (or the forced failure) and waits out the simulated time (`totalMs`) at the same time. */
  async function produce(job: Job, signal: AbortSignal, totalMs: number): Promise<JobResult> {
    const [result] = await Promise.all([execute(job, signal), sleep(totalMs, signal)]);
    return result;
  }

  async function execute(job: Job, signal: AbortSignal): Promise<JobResult> {
    if (job.forced) return forcedFailure(job.forced, job.kind, deps.controls.serverErrorRetryable);
    try {
      const flagImage = createSafetyChecker(deps.controls, job.input);
      const clipCache = deps.controls.reuseMedia ? reusedClips : undefined;
      const output = await runModel(job.kind, job.input, { requestId: job.id, modelId: job.modelId, store: deps.store, audio: deps.controls.audio, signal, flagImage, clipCache });
      return { ok: true, output };
    } catch (error) {
      if (error instanceof ModelFailure) return { ok: false, httpStatus: 422, body: { detail: error.detail } };
      deps.log(`job ${job.id} crashed: ${error instanceof Error ? error.message : String(error)}`);
      return { ok: false, httpStatus: 500, body: { detail: "Internal server error", error_type: "internal_server_error" } };
    }
  }

  function addLog(job: Job, message: string): void {
    job.logs.push({ message, level: "INFO", source: "USER", timestamp: new Date().toISOString(), labels: {} });
  }

  function complete(job: Job, result: JobResult): void {
    job.phase = "COMPLETED";
    job.completedAt = Date.now();
    job.result = result;
    // The result and its files live 1 h on Fal's clock, 6 min when the result is large.
    job.expiresAt = job.completedAt + resultLifetimeMs(deps.controls, Buffer.byteLength(JSON.stringify(result.ok ? result.output : result.body)));
    deps.store.expireAt(`outputs/${job.id}/`, job.expiresAt);
    addLog(job, result.ok ? "Generation finished" : `Generation failed with status ${result.httpStatus}`);
  }

  /** Runs the request in its slot: timing (queue, then run) starts now; the slot is freed on completion, before the webhook. */
  async function runLifecycle(job: Job): Promise<void> {
    const signal = AbortSignal.any([deps.signal, job.abort.signal]);
    const timing = planTiming(deps.controls, job.kind, job.input);
    job.inferenceSeconds = timing.inferenceSeconds;
    const startTimer = setTimeout(() => {
      if (job.phase !== "IN_QUEUE") return;
      job.phase = "IN_PROGRESS";
      job.startedAt = Date.now();
      addLog(job, "Starting generation");
    }, timing.queueMs);
    let result: JobResult;
    try {
      result = await produce(job, signal, timing.totalMs);
    } finally {
      clearTimeout(startTimer);
      release(job);
    }
    if (signal.aborted) return;
    complete(job, result);
    if (!job.webhookUrl) return;
    const { body, headerRequestId } = buildWebhook(job.id, result, deps.controls);
    const event = { url: job.webhookUrl, requestId: headerRequestId, body, submittedAt: Math.floor(job.createdAt / 1000), signal: job.abort.signal };
    await deps.sender.deliver(event, deps.controls);
  }

  // The account's concurrency (as on Fal: a few running requests per account, the rest wait in its
  // queue, in submit order). `concurrency` 0 means no limit.
  const waiting: Job[] = [];
  const running = new Set<Job>();
  const hasFreeSlot = (): boolean => deps.controls.concurrency <= 0 || running.size < deps.controls.concurrency;

  function admit(): void {
    while (waiting.length > 0 && hasFreeSlot()) {
      const job = waiting.shift() as Job;
      running.add(job);
      job.slotAt = Date.now();
      runLifecycle(job).catch((error: unknown) => deps.log(`job ${job.id} lifecycle failed: ${String(error)}`));
    }
  }

  function release(job: Job): void {
    if (running.delete(job)) admit();
  }

  return {
    submit(spec: NewJob): Job {
      const job = createJob(spec);
      jobs.set(job.id, job);
      waiting.push(job);
      admit();
      return job;
    },
    get(id: string): Job | undefined {
      return jobs.get(id);
    },
    /** Requests ahead of this one still IN_QUEUE: those in a slot but not yet started, then those waiting for one. */
    getQueuePosition(job: Job): number {
      const inSlot = [...running].filter((other) => other.phase === "IN_QUEUE" && other !== job);
      const at = waiting.indexOf(job);
      return at === -1 ? inSlot.filter((other) => other.createdAt < job.createdAt).length : inSlot.length + at;
    },
    /** Lets waiting requests into slots a raised `concurrency` control opened. */
    admitWaiting(): void {
      admit();
    },
    /**
     * As on Fal: a queued job is removed at once (COMPLETED, result 400, no webhook: the caller already
     * knows); a running one only gets a signal the model ignores, so it finishes, is billed and sends
     * its webhook; a completed one cannot be cancelled.
     */
    cancel(job: Job): "removed" | "signalled" | "already_completed" {
      if (job.phase === "COMPLETED") return "already_completed";
      if (job.phase === "IN_PROGRESS") return "signalled";
      const at = waiting.indexOf(job);
      if (at !== -1) waiting.splice(at, 1);
      job.abort.abort();
      complete(job, { ok: false, httpStatus: 400, body: { detail: "Request was cancelled" } });
      return "removed";
    },
    /** fal.run(): no queue, the HTTP answer is the result. */
    async runSync(spec: NewJob): Promise<{ requestId: string; result: JobResult }> {
      const job = createJob(spec);
      return { requestId: job.id, result: await produce(job, deps.signal, planTiming(deps.controls, job.kind, job.input).totalMs) };
    },
    clear(): void {
      waiting.length = 0;
      for (const job of jobs.values()) job.abort.abort();
      running.clear();
      jobs.clear();
    },
  };
}

export type JobRunner = ReturnType<typeof createJobRunner>;
