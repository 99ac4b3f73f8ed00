// The simulator's production-like behaviour, over HTTP: result and file lifetimes, Fal's 401 for a
// wrong key, the webhook retry schedule, Fal's error headers, FLUX's safety checker and realistic
// timings. The app's side of each is in fal-realism-pipeline.test.ts.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFalSimulator, type FalSimulator } from "../../tools/fal-simulator/server";
import { waitFor } from "../wait";

const T2I = "fal-ai/flux/dev";
const T2V = "fal-ai/bytedance/seedance/v1/pro/text-to-video";
const AUTH = { Authorization: "Key sim-key" };

interface Queued {
  request_id: string;
  status_url: string;
  response_url: string;
}

let sim: FalSimulator;

beforeAll(async () => {
  sim = await startFalSimulator({ port: 0, controls: { latencyMs: 100 } });
});
afterEach(() => sim.reset());
afterAll(() => sim.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function submit(model: string, input: Record<string, unknown>, webhookUrl?: string): Promise<Queued> {
  const query = webhookUrl ? `?fal_webhook=${encodeURIComponent(webhookUrl)}` : "";
  const res = await fetch(`${sim.url}/${model}${query}`, { method: "POST", headers: { ...AUTH, "content-type": "application/json" }, body: JSON.stringify(input) });
  expect(res.status).toBe(200);
  return (await res.json()) as Queued;
}

async function completed(queued: Queued): Promise<void> {
  await waitFor(async () => (await fetch(queued.status_url, { headers: AUTH })).status === 200, { timeoutMs: 20_000, intervalMs: 20, what: "COMPLETED" });
}

/** A webhook receiver answering `status` to everything, noting when each delivery arrived and what it said. */
async function receiver(status: number): Promise<{ url: string; arrivals: number[]; bodies: unknown[]; server: Server }> {
  const arrivals: number[] = [];
  const bodies: unknown[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      arrivals.push(performance.now());
      bodies.push(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, arrivals, bodies, server };
}

describe("result and file lifetimes", () => {
  it("serves a result and its files for resultTtlSeconds, then answers 404 as for an unknown request", async () => {
    sim.controls.resultTtlSeconds = 1;
    const queued = await submit(T2I, { prompt: "short-lived", image_size: "square" });
    await completed(queued);
    const result = await fetch(queued.response_url, { headers: AUTH });
    expect(result.status).toBe(200);
    const { images } = (await result.json()) as { images: { url: string }[] };
    expect((await fetch(images[0].url)).status).toBe(200);

    await sleep(1200);
    const expired = await fetch(queued.response_url, { headers: AUTH });
    expect(expired.status).toBe(404);
    expect(await expired.json()).toEqual({ detail: `Request '${queued.request_id}' not found` });
    expect((await fetch(images[0].url)).status).toBe(404);
    // The request itself is still known: only its output is gone.
    expect(await (await fetch(queued.status_url, { headers: AUTH })).json()).toMatchObject({ status: "COMPLETED" });
  });

  it("keeps a large result for largeResultTtlSeconds, and timeFactor compresses lifetimes (uploads too)", async () => {
    Object.assign(sim.controls, { largeResultBytes: 1, largeResultTtlSeconds: 360, timeFactor: 600 }); // 6 min -> 0.6 s
    const queued = await submit(T2I, { prompt: "large", image_size: "square" });
    await completed(queued);
    expect((await fetch(queued.response_url, { headers: AUTH })).status).toBe(200);
    const initiate = await fetch(`${sim.url}/rest/storage/upload/initiate`, {
      method: "POST",
      headers: { ...AUTH, "content-type": "application/json" },
      body: JSON.stringify({ content_type: "text/plain", file_name: "a.txt" }),
    });
    const { upload_url: uploadUrl, file_url: fileUrl } = (await initiate.json()) as { upload_url: string; file_url: string };
    expect((await fetch(uploadUrl, { method: "PUT", body: "hello" })).status).toBe(200);
    expect((await fetch(fileUrl)).status).toBe(200);

    await sleep(900);
    expect((await fetch(queued.response_url, { headers: AUTH })).status).toBe(404);
    expect((await fetch(fileUrl)).status).toBe(200); // an upload lives as long as a small result: 3600 s / 600 = 6 s
  });
});

describe("the API key", () => {
  it("answers Fal's 401 to any other key than expectedKey, on every API route but not on the CDN", async () => {
    sim.controls.expectedKey = "the-right-key";
    const wrong = { Authorization: "Key a-wrong-key", "content-type": "application/json" };
    const refused = await fetch(`${sim.url}/${T2I}`, { method: "POST", headers: wrong, body: JSON.stringify({ prompt: "x" }) });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ detail: "No user found for Key ID and Secret" });
    const initiate = await fetch(`${sim.url}/rest/storage/upload/initiate`, { method: "POST", headers: wrong, body: "{}" });
    expect(initiate.status).toBe(401);

    const right = { Authorization: "Key the-right-key", "content-type": "application/json" };
    const accepted = await fetch(`${sim.url}/${T2I}`, { method: "POST", headers: right, body: JSON.stringify({ prompt: "x", image_size: "square" }) });
    expect(accepted.status).toBe(200);
    const queued = (await accepted.json()) as Queued;
    expect((await fetch(queued.status_url, { headers: wrong })).status).toBe(401);
    await waitFor(async () => (await fetch(queued.status_url, { headers: right })).status === 200, { intervalMs: 20, what: "COMPLETED" });
    const { images } = (await (await fetch(queued.response_url, { headers: right })).json()) as { images: { url: string }[] };
    expect((await fetch(images[0].url)).status).toBe(200);

    sim.controls.expectedKey = null;
    expect((await fetch(`${sim.url}/${T2I}`, { method: "POST", headers: wrong, body: JSON.stringify({ prompt: "x" }) })).status).toBe(200);
  });
});

describe("webhook retries", () => {
  it("retries a failing delivery 10 times on Fal's schedule (7 s doubling, about 2 hours), divided by timeFactor", async () => {
    sim.controls.timeFactor = 1000; // 7161 s of retries in 7.2 s
    const hook = await receiver(500);
    try {
      await submit(T2I, { prompt: "nobody listens", image_size: "square" }, hook.url);
      await waitFor(() => hook.arrivals.length >= 11, { timeoutMs: 20_000, intervalMs: 50, what: "11 deliveries" });
      await sleep(300);
      expect(hook.arrivals).toHaveLength(11);
      const gaps = hook.arrivals.slice(1).map((at, i) => at - hook.arrivals[i]);
      gaps.forEach((gap, i) => {
        const expected = (7000 * 2 ** i) / 1000;
        expect(gap, `retry ${i + 1}`).toBeGreaterThanOrEqual(expected - 2);
        expect(gap, `retry ${i + 1}`).toBeLessThan(expected + 400);
      });
    } finally {
      await new Promise((resolve) => hook.server.close(resolve));
    }
  }, 30_000);

  it("stops retrying a request's webhook once the simulator is reset", async () => {
    sim.controls.timeFactor = 100; // retries after 70 ms, 140 ms, 280 ms...
    const hook = await receiver(503);
    try {
      await submit(T2I, { prompt: "reset me", image_size: "square" }, hook.url);
      await waitFor(() => hook.arrivals.length >= 2, { intervalMs: 10, what: "first retry" });
      sim.reset();
      const seen = hook.arrivals.length;
      await sleep(1500);
      expect(hook.arrivals.length).toBeLessThanOrEqual(seen + 1); // at most the attempt already in flight
    } finally {
      await new Promise((resolve) => hook.server.close(resolve));
    }
  });
});

describe("error headers", () => {
  it("puts X-Fal-Error-Type on request errors and X-Fal-Retryable on model errors", async () => {
    sim.controls.failNextSubmits = 1;
    const down = await fetch(`${sim.url}/${T2I}`, { method: "POST", headers: AUTH, body: JSON.stringify({ prompt: "x" }) });
    expect(down.status).toBe(503);
    expect(down.headers.get("x-fal-error-type")).toBe("runner_scheduling_failure");
    expect(down.headers.get("x-fal-retryable")).toBeNull();

    const badJson = await fetch(`${sim.url}/${T2I}`, { method: "POST", headers: AUTH, body: "{" });
    expect(badJson.status).toBe(422);
    expect(badJson.headers.get("x-fal-retryable")).toBe("false");

    sim.controls.refuseNext = 1;
    const refused = await submit(T2I, { prompt: "refused" });
    await completed(refused);
    const refusal = await fetch(refused.response_url, { headers: AUTH });
    expect(refusal.status).toBe(422);
    expect(refusal.headers.get("x-fal-retryable")).toBe("false");
    expect(await refusal.json()).toMatchObject({ detail: [{ type: "content_policy_violation", url: "https://docs.fal.ai/errors#content_policy_violation" }] });
  });

  it("completes serverErrorNext requests with a 504 generation_timeout, X-Fal-Retryable as serverErrorRetryable says, and an ERROR webhook", async () => {
    const hook = await receiver(200);
    try {
      for (const retryable of [false, true]) {
        Object.assign(sim.controls, { serverErrorNext: 1, serverErrorRetryable: retryable });
        const queued = await submit(T2V, { prompt: "too slow", duration: "2", resolution: "480p" }, hook.url);
        await completed(queued);
        const res = await fetch(queued.response_url, { headers: AUTH });
        expect(res.status).toBe(504);
        expect(res.headers.get("x-fal-retryable")).toBe(String(retryable));
        expect(await res.json()).toEqual({ detail: [{ loc: ["body"], msg: "Generation timeout", type: "generation_timeout", url: "https://docs.fal.ai/errors#generation_timeout" }] });
        expect(sim.controls.serverErrorNext).toBe(0);
      }
      await waitFor(() => hook.bodies.length >= 2, { what: "both webhooks" });
      expect(hook.bodies[0]).toMatchObject({ status: "ERROR", error: "Invalid status code: 504", payload: { detail: [{ type: "generation_timeout" }] } });
    } finally {
      await new Promise((resolve) => hook.server.close(resolve));
    }
  });
});

describe("FLUX's safety checker", () => {
  async function pixelsMax(url: string): Promise<number> {
    const { channels } = await sharp(Buffer.from(await (await fetch(url)).arrayBuffer())).stats();
    return Math.max(...channels.map((channel) => channel.max));
  }

  it("flags the next nsfwNext pictures: has_nsfw_concepts true and a black picture of the same size", async () => {
    sim.controls.nsfwNext = 1;
    const queued = await submit(T2I, { prompt: "flag me", image_size: "square", num_images: 2 });
    await completed(queued);
    const output = (await (await fetch(queued.response_url, { headers: AUTH })).json()) as {
      images: { url: string; width: number; height: number; file_name: string; file_size: number }[];
      has_nsfw_concepts: boolean[];
    };
    expect(output.has_nsfw_concepts).toEqual([true, false]);
    expect(output.images[0]).toMatchObject({ width: 512, height: 512, file_name: "image-0.jpg", file_size: expect.any(Number) });
    expect(await pixelsMax(output.images[0].url)).toBeLessThan(8); // black, give or take JPEG noise
    expect(await pixelsMax(output.images[1].url)).toBeGreaterThan(40);
    expect(sim.controls.nsfwNext).toBe(0);
  });

  it("never flags a request that turned the checker off, and keeps the flag for the next one", async () => {
    sim.controls.nsfwNext = 1;
    const queued = await submit(T2I, { prompt: "unchecked", image_size: "square", enable_safety_checker: false });
    await completed(queued);
    const output = (await (await fetch(queued.response_url, { headers: AUTH })).json()) as { has_nsfw_concepts: boolean[] };
    expect(output.has_nsfw_concepts).toEqual([false]);
    expect(sim.controls.nsfwNext).toBe(1);
    // The flag was kept for the next request that has the checker on.
    const checked = await submit(T2I, { prompt: "checked", image_size: "square" });
    await completed(checked);
    expect(((await (await fetch(checked.response_url, { headers: AUTH })).json()) as { has_nsfw_concepts: boolean[] }).has_nsfw_concepts).toEqual([true]);
  });
});

describe("timing profiles", () => {
  /** Polls the status every 10 ms; returns when each phase was first seen (ms after submit) and the final status body. */
  async function phases(queued: Queued, submittedAt: number) {
    const seen: Record<string, number> = {};
    for (;;) {
      const res = await fetch(`${queued.status_url}?logs=1`, { headers: AUTH });
      const body = (await res.json()) as { status: string; metrics?: { inference_time?: number } };
      seen[body.status] ??= performance.now() - submittedAt;
      if (body.status === "COMPLETED") return { seen, body };
      await sleep(10);
    }
  }

  it("is instant by default", () => {
    expect(sim.controls).toMatchObject({ profile: "instant", timeFactor: 1 });
  });

  it("realistic: a video waits in the queue, then takes about a minute on Fal's clock (divided by timeFactor); inference_time stays on Fal's clock", async () => {
    Object.assign(sim.controls, { profile: "realistic", timeFactor: 20 });
    const submittedAt = performance.now();
    const queued = await submit(T2V, { prompt: "slow pan", duration: "2", resolution: "480p" });
    const { seen, body } = await phases(queued, submittedAt);
    expect(Object.keys(seen)).toEqual(["IN_QUEUE", "IN_PROGRESS", "COMPLETED"]);
    // Queue 10-90 s, inference (40 s + 8 s per second of 480p) +-20%: 45-67 s; divided by 20.
    expect(seen.IN_PROGRESS).toBeGreaterThanOrEqual(500 - 15);
    expect(seen.IN_PROGRESS).toBeLessThan(4500 + 500);
    expect(seen.COMPLETED - seen.IN_PROGRESS).toBeGreaterThanOrEqual(2240 - 30);
    expect(body.metrics?.inference_time).toBeGreaterThanOrEqual(44.8);
    expect(body.metrics?.inference_time).toBeLessThanOrEqual(67.2);
  });

  it("realistic: a picture takes seconds on Fal's clock", async () => {
    Object.assign(sim.controls, { profile: "realistic", timeFactor: 10 });
    const submittedAt = performance.now();
    const queued = await submit(T2I, { prompt: "quick", image_size: "square" });
    const { seen, body } = await phases(queued, submittedAt);
    expect(seen.IN_PROGRESS).toBeGreaterThanOrEqual(50 - 15);
    expect(body.metrics?.inference_time).toBeGreaterThanOrEqual(2.5);
    expect(body.metrics?.inference_time).toBeLessThanOrEqual(4);
  });
});
