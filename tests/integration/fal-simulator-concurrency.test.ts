// The account's concurrency limit (Fal runs a few requests per account at once, the rest wait in
// its queue) and the bounded pool media production goes through, over HTTP as the app meets them.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { mediaPool } from "../../tools/fal-simulator/media-pool";
import { startFalSimulator, type FalSimulator } from "../../tools/fal-simulator/server";
import { waitFor } from "../wait";
import { startWebhookReceiver, type Delivery as ReceivedWebhook } from "../webhook-receiver";

type Delivery = ReceivedWebhook<{ request_id: string; status: string }>;
interface Status {
  status: string;
  queue_position?: number;
}

const T2V = "fal-ai/bytedance/seedance/v1/pro/text-to-video";
const auth = { Authorization: "Key sim-key" };
let sim: FalSimulator;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
const deliveries: Delivery[] = [];

beforeAll(async () => {
  sim = await startFalSimulator({ port: 0, controls: { latencyMs: 150 } });
  receiver = await startWebhookReceiver(deliveries);
});

afterEach(() => sim.reset());

afterAll(async () => {
  await sim.close();
  await receiver.close();
});

type Submitted = { request_id: string; status_url: string; cancel_url: string; queue_position: number };

async function submit(prompt: string): Promise<Submitted> {
  const res = await fetch(`${sim.url}/${T2V}?fal_webhook=${encodeURIComponent(receiver.url)}`, {
    method: "POST",
    headers: auth,
    body: JSON.stringify({ prompt, resolution: "480p", duration: "2" }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Submitted;
}

async function statusOf(url: string): Promise<Status> {
  return (await (await fetch(url, { headers: auth })).json()) as Status;
}

const delivered = (ids: string[]) => ids.every((id) => deliveries.some((d) => d.body.request_id === id && d.body.status === "OK"));

describe("fal simulator: per-account concurrency", () => {
  it("runs `concurrency` requests at once; the others wait IN_QUEUE in order, then all complete", async () => {
    // Long enough that the two running ones are still IN_PROGRESS while we read the others.
    Object.assign(sim.controls, { concurrency: 2, latencyMs: 4000 });
    const submitted: Submitted[] = [];
    for (let i = 0; i < 5; i++) submitted.push(await submit(`burst ${i}`));
    expect(submitted.map((s) => s.queue_position)).toEqual([0, 1, 2, 3, 4]);

    // The first third of a slot's time is its own queue phase; then the two run and three wait.
    await waitFor(async () => (await statusOf(submitted[1].status_url)).status === "IN_PROGRESS", { timeoutMs: 8000, intervalMs: 50 });
    const statuses = await Promise.all(submitted.map((s) => statusOf(s.status_url)));
    expect(statuses.map((s) => s.status)).toEqual(["IN_PROGRESS", "IN_PROGRESS", "IN_QUEUE", "IN_QUEUE", "IN_QUEUE"]);
    expect(statuses.slice(2).map((s) => s.queue_position)).toEqual([0, 1, 2]);

    // A queued request starts its own time only when it gets a slot: not before the first two end.
    const ids = submitted.map((s) => s.request_id);
    await waitFor(() => delivered(ids.slice(0, 2)), { timeoutMs: 15_000, intervalMs: 50 });
    expect(deliveries.some((d) => ids.slice(2).includes(d.body.request_id))).toBe(false);
    await waitFor(() => delivered(ids), { timeoutMs: 30_000, intervalMs: 50 });
  }, 60_000);

  it("cancel removes a request waiting for a slot, and the next one moves up", async () => {
    Object.assign(sim.controls, { concurrency: 1, latencyMs: 3000 });
    const first = await submit("runs");
    const removed = await submit("cancelled while waiting");
    const last = await submit("moves up");
    expect((await statusOf(last.status_url)).queue_position).toBe(2);
    expect((await fetch(removed.cancel_url, { method: "PUT", headers: auth })).status).toBe(202);
    expect((await statusOf(removed.status_url)).status).toBe("COMPLETED");
    expect((await statusOf(last.status_url)).queue_position).toBe(1);
    await waitFor(() => delivered([first.request_id, last.request_id]), { timeoutMs: 20_000, intervalMs: 50 });
    expect(deliveries.filter((d) => d.body.request_id === removed.request_id)).toHaveLength(0);
  }, 40_000);

  it("a raised limit through the controls API lets waiting requests start at once", async () => {
    Object.assign(sim.controls, { concurrency: 1, latencyMs: 6000 });
    const submitted = [await submit("a"), await submit("b"), await submit("c")];
    expect((await statusOf(submitted[2].status_url)).queue_position).toBe(2);
    const res = await fetch(`${sim.url}/_sim/controls`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ concurrency: 0 }) });
    expect(res.status).toBe(200);
    await waitFor(async () => (await statusOf(submitted[2].status_url)).status === "IN_PROGRESS", { timeoutMs: 8000, intervalMs: 50 });
  }, 30_000);
});

describe("fal simulator: media production", () => {
  it("reuseMedia: one clip rendered per size and duration, copied for every prompt; off, each prompt has its own", async () => {
    const videoOf = async (id: string) => {
      const result = (await (await fetch(`${sim.url}/fal-ai/bytedance/requests/${id}`, { headers: auth })).json()) as { video: { url: string } };
      return Buffer.from(await (await fetch(result.video.url)).arrayBuffer());
    };
    const clips = async () => {
      const pair = [await submit("a red kite over the dunes"), await submit("a blue boat in the harbour")];
      await waitFor(() => delivered(pair.map((s) => s.request_id)), { timeoutMs: 30_000, intervalMs: 50 });
      return Promise.all(pair.map((s) => videoOf(s.request_id)));
    };
    Object.assign(sim.controls, { reuseMedia: true, latencyMs: 0 });
    const [first, second] = await clips();
    expect(first.length).toBeGreaterThan(1000);
    expect(first.equals(second)).toBe(true);
    Object.assign(sim.controls, { reuseMedia: false });
    const [third, fourth] = await clips();
    expect(third.equals(fourth)).toBe(false);
  }, 60_000);

  it("never runs more ffmpeg processes at once than its pool, however many requests run", async () => {
    Object.assign(sim.controls, { concurrency: 0, latencyMs: 0 });
    mediaPool.resetPeak();
    const count = mediaPool.size * 3;
    const submitted: Submitted[] = [];
    for (let i = 0; i < count; i++) submitted.push(await submit(`clip ${i}`));
    // Sample the live count as well, not only the pool's own peak.
    let sampledPeak = 0;
    await waitFor(
      () => {
        sampledPeak = Math.max(sampledPeak, mediaPool.ffmpegProcesses);
        return delivered(submitted.map((s) => s.request_id));
      },
      { timeoutMs: 60_000, intervalMs: 10 },
    );
    expect(mediaPool.ffmpegPeak).toBeGreaterThanOrEqual(1);
    expect(mediaPool.ffmpegPeak).toBeLessThanOrEqual(mediaPool.size);
    expect(sampledPeak).toBeLessThanOrEqual(mediaPool.size);
    expect(mediaPool.ffmpegProcesses).toBe(0);
  }, 90_000);
});
