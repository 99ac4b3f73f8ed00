// The generation pipeline under test, end to end over real HTTP: the webhook route served on the
// port Fal (the simulator) posts to, pg-boss workers in this process, and the simulator's controls.
import http from "node:http";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { createVideoJob, enqueueSubmit } from "@/_shared/core/generation/jobs";
import { startWorkers, stopWorkers } from "@/_shared/core/generation/workers";
import { getEnv } from "@/_shared/lib/env";
import { prisma } from "@/_shared/lib/prisma";
import type { VideoOptions } from "@/_shared/schemas/generation-options";
import { POST as webhookRoute } from "@/app/api/webhooks/fal/route";
import type { ControlsPatch, ReceivedRequest } from "../tools/fal-simulator/server";
import { usersMadeHere, waitFor, type TestUser } from "./helpers";

const simUrl = () => process.env.FAL_SIMULATOR_CONTROL_URL ?? getEnv().FAL_BASE_URL ?? "";

/** The simulator every test file shares (tests/setup/global-setup.ts), through its /_sim/ routes. */
export const sim = {
  async set(controls: ControlsPatch) {
    const res = await fetch(`${simUrl()}/_sim/controls`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(controls) });
    if (!res.ok) throw new Error(`simulator controls: HTTP ${res.status}`);
  },
  async reset() {
    await fetch(`${simUrl()}/_sim/reset`, { method: "POST" });
    await sim.set({ latencyMs: 200 });
  },
  async requests(): Promise<ReceivedRequest[]> {
    return (await fetch(`${simUrl()}/_sim/requests`)).json() as Promise<ReceivedRequest[]>;
  },
};

/** The simulator's record of the one request a job submitted. */
export async function receivedFor(jobId: string): Promise<ReceivedRequest> {
  const job = await prisma.generationJob.findUniqueOrThrow({ where: { id: jobId } });
  const requests = (await sim.requests()).filter((r) => r.requestId === job.falRequestId);
  if (requests.length !== 1) throw new Error(`expected one simulator request for job ${jobId}, found ${requests.length}`);
  return requests[0];
}

/** A webhook as the webhook server received it, and what the route answered. */
export interface DeliveredWebhook {
  headers: Record<string, string>;
  body: Buffer;
  status: number;
  reply: { outcome?: string; error?: { code: string } };
  /** performance.now() when it arrived. */
  at: number;
}

/**
 * Serves POST /api/webhooks/fal on FAL_WEBHOOK_URL's port, through the real route handler. Statuses
 * pushed on `failNext` are answered instead, one delivery each, without reaching the route (our
 * endpoint down for a moment: a deploy, a proxy).
 */
async function startWebhookServer(): Promise<{ deliveries: DeliveredWebhook[]; failNext: number[]; close: () => Promise<void> }> {
  const target = new URL(getEnv().FAL_WEBHOOK_URL!);
  const state = { deliveries: [] as DeliveredWebhook[], failNext: [] as number[] };
  const server = http.createServer(async (req, res) => {
    const at = performance.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const plain: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.headers)) if (typeof value === "string") plain[key] = value;
    const failure = state.failNext.shift();
    const response = failure ? { status: failure, json: {} } : await postWebhook(plain, body);
    state.deliveries.push({ headers: plain, body, status: response.status, reply: response.json, at });
    res.writeHead(response.status, { "content-type": "application/json" });
    res.end(JSON.stringify(response.json));
  });
  await new Promise<void>((resolve) => server.listen(Number(target.port), "127.0.0.1", resolve));
  return Object.assign(state, { close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
}

/** Calls the webhook route as Fal would (raw body, signature headers). */
export async function postWebhook(headers: Record<string, string>, body: Buffer) {
  const url = new URL(getEnv().FAL_WEBHOOK_URL!);
  const response = await webhookRoute(new NextRequest(url, { method: "POST", headers, body: new Uint8Array(body) }));
  return { status: response.status, json: (await response.json()) as DeliveredWebhook["reply"] };
}

export interface PipelineOptions {
  /** Run the pg-boss workers in this process (default). Off when the file runs worker processes of its own. */
  workers?: boolean;
  /**
   * Reset the simulator before each test (default): a reset drops the jobs it is still running. Off
   * for a file whose tests leave generations running for the file's end to wait for.
   */
  resetEachTest?: boolean;
}

/**
 * The pipeline of a test file (or of the describe block it is called in): the simulator reset and the
 * webhook route served before its tests, the workers started; the simulator reset before each test
 * (unless `resetEachTest` is off).
 * After them, it waits for the jobs of every user the file made (the next file's workers must not
 * pick them up), then stops the workers (and pg-boss) and the webhook server.
 */
export function withPipeline({ workers = true, resetEachTest = true }: PipelineOptions = {}) {
  const state = {} as { webhooks: Awaited<ReturnType<typeof startWebhookServer>> };
  beforeAll(async () => {
    await sim.reset();
    state.webhooks = await startWebhookServer();
    if (workers) await startWorkers({ schedule: false });
  });
  afterAll(async () => {
    if (workers) {
      const unfinished = { userId: { in: [...usersMadeHere()] }, status: { notIn: ["completed" as const, "failed" as const] } };
      await waitFor(async () => (await prisma.generationJob.count({ where: unfinished })) === 0, { what: "every job of this file to finish" }).catch(() => undefined);
    }
    await stopWorkers();
    await state.webhooks?.close();
  });
  if (resetEachTest) beforeEach(async () => sim.reset());
  return state;
}

/** A text-to-video b-roll (480p, 2 s unless told) and its job, made as the b-roll route makes them, then started. */
export async function startTextBRoll(
  owner: TestUser,
  projectId: string,
  { name = "Espresso", prompt = "slow dolly-in on a steaming espresso cup, morning light", options = { resolution: "480p", duration: 2 } as VideoOptions } = {},
) {
  const { bRoll, job } = await prisma.$transaction(async (tx) => {
    const bRoll = await tx.bRoll.create({ data: { name, prompt, type: "text_to_video", userId: owner.id, projectId } });
    const job = await createVideoJob(tx, { kind: "text-to-video", bRollId: bRoll.id, userId: owner.id, projectId, prompt, options });
    return { bRoll, job };
  });
  await enqueueSubmit(job.id);
  return { bRollId: bRoll.id, jobId: job.id };
}
