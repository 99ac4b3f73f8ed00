// The generation pipeline under test, end to end over real HTTP: the webhook route served on the
// port Fal (the simulator) posts to, pg-boss workers in this process, and the simulator's controls.
import http from "node:http";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { prisma } from "@/_shared/lib/prisma";
import { POST as webhookRoute } from "@/app/api/webhooks/fal/route";
import { startWorkers, stopWorkers } from "@/_shared/core/generation/workers";
import { getEnv } from "@/_shared/lib/env";
import type { ControlsPatch, ReceivedRequest } from "../tools/fal-simulator/server";

const simUrl = () => process.env.FAL_SIMULATOR_CONTROL_URL ?? getEnv().FAL_BASE_URL ?? "";

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

/** Serves POST /api/webhooks/fal on FAL_WEBHOOK_URL's port, through the real route handler. */
export interface DeliveredWebhook {
  headers: Record<string, string>;
  body: Buffer;
  status: number;
  reply: { outcome?: string; error?: { code: string } };
}

export async function startWebhookServer(): Promise<{ deliveries: DeliveredWebhook[]; close: () => Promise<void> }> {
  const target = new URL(getEnv().FAL_WEBHOOK_URL!);
  const state = { deliveries: [] as DeliveredWebhook[] };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const plain: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.headers)) if (typeof value === "string") plain[key] = value;
    const response = await postWebhook(plain, body);
    state.deliveries.push({ headers: plain, body, status: response.status, reply: response.json });
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

export async function startPipeline() {
  await sim.reset();
  const webhooks = await startWebhookServer();
  await startWorkers({ schedule: false });
  return {
    webhooks,
    async stop() {
      await stopWorkers();
      await webhooks.close();
    },
  };
}

export async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, { timeoutMs = 30_000, what = "condition" } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The simulator's record of the one request a job submitted. */
export async function receivedFor(jobId: string): Promise<ReceivedRequest> {
  const job = await prisma.generationJob.findUniqueOrThrow({ where: { id: jobId } });
  const requests = (await sim.requests()).filter((r) => r.requestId === job.falRequestId);
  if (requests.length !== 1) throw new Error(`expected one simulator request for job ${jobId}, found ${requests.length}`);
  return requests[0];
}

/** A test file's pipeline: started before its tests, stopped after, simulator reset before each. */
export function withPipeline() {
  const state: { pipeline?: Awaited<ReturnType<typeof startPipeline>> } = {};
  beforeAll(async () => {
    state.pipeline = await startPipeline();
  });
  afterAll(async () => state.pipeline?.stop());
  beforeEach(async () => sim.reset());
  return state;
}
