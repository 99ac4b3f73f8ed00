import { execFile } from "node:child_process";
import { createPublicKey, createHash, verify, type JsonWebKey } from "node:crypto";
import { createServer as createTcpServer, type AddressInfo } from "node:net";
import { promisify } from "node:util";
import { createFalClient, ValidationError, type RequestMiddleware } from "@fal-ai/client";
import ffprobeInstaller from "@ffprobe-installer/ffprobe";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedFalSimulator } from "../../tools/embedded-stack";
import { startFalSimulator, type FalSimulator } from "../../tools/fal-simulator/server";
import { waitFor } from "../wait";
import { startWebhookReceiver, type Delivery as ReceivedWebhook } from "../webhook-receiver";

type Delivery = ReceivedWebhook<{ request_id: string; status: string; error?: string; payload: unknown }>;

interface ProbeResult {
  streams: { codec_type: string; width?: number; height?: number }[];
  format: { duration: string };
}

const T2I = "fal-ai/flux/dev";
const I2V = "fal-ai/bytedance/seedance/v1/pro/image-to-video";
const I2V_AUDIO = "fal-ai/bytedance/seedance/v1.5/pro/image-to-video";
const KLING = "fal-ai/kling-video/v2.1/standard/image-to-video";
const POLL = { pollInterval: 50 };

let sim: FalSimulator;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let webhookUrl: string;
const deliveries: Delivery[] = [];

/** What the app does in production: Fal's fixed hosts rewritten to the simulator's base URL. */
function rewriteFalHosts(base: string): RequestMiddleware {
  const prefixes: [string, string][] = [
    ["https://queue.fal.run/", `${base}/`],
    ["https://fal.run/", `${base}/run/`],
    ["https://rest.fal.ai/", `${base}/rest/`],
    ["https://rest.alpha.fal.ai/", `${base}/rest/`],
  ];
  return async (request) => {
    const match = prefixes.find(([from]) => request.url.startsWith(from));
    return match ? { ...request, url: match[1] + request.url.slice(match[0].length) } : request;
  };
}

function createClient() {
  return createFalClient({ credentials: "sim-key", requestMiddleware: rewriteFalHosts(sim.url) });
}

/** Deliveries arrive within a few seconds: look often. */
const soon = { timeoutMs: 5000, intervalMs: 25 };

function deliveriesFor(requestId: string): Delivery[] {
  return deliveries.filter((d) => d.body.request_id === requestId);
}

async function verifyDelivery(delivery: Delivery): Promise<boolean> {
  const { keys } = (await (await fetch(sim.jwksUrl)).json()) as { keys: JsonWebKey[] };
  const header = (name: string): string => String(delivery.headers[name]);
  const message = [
    header("x-fal-webhook-request-id"),
    header("x-fal-webhook-user-id"),
    header("x-fal-webhook-timestamp"),
    createHash("sha256").update(delivery.raw).digest("hex"),
  ].join("\n");
  const signature = Buffer.from(header("x-fal-webhook-signature"), "hex");
  return keys.some((jwk) => verify(null, Buffer.from(message), createPublicKey({ key: jwk, format: "jwk" }), signature));
}

async function probe(url: string): Promise<ProbeResult> {
  const args = ["-v", "error", "-print_format", "json", "-show_streams", "-show_format", url];
  const { stdout } = await promisify(execFile)(ffprobeInstaller.path, args);
  return JSON.parse(stdout) as ProbeResult;
}

beforeAll(async () => {
  sim = await startFalSimulator({ port: 0, controls: { latencyMs: 150, webhookRetryDelayMs: 20 } });
  receiver = await startWebhookReceiver(deliveries);
  webhookUrl = receiver.url;
});

afterEach(() => sim.reset());

afterAll(async () => {
  await sim.close();
  await receiver.close();
});

describe("fal simulator with the real @fal-ai/client", () => {
  it("runs text-to-image through the queue and delivers a signed webhook", async () => {
    const fal = createClient();
    const input = { prompt: "a red bicycle", image_size: "landscape_16_9" as const, seed: 7 };
    const queued = await fal.queue.submit(T2I, { input, webhookUrl });
    expect(queued.status_url).toBe(`${sim.url}/fal-ai/flux/requests/${queued.request_id}/status`);
    expect(sim.requests[0]).toMatchObject({ requestId: queued.request_id, modelId: T2I, input, webhookUrl });

    const status = await fal.queue.subscribeToStatus(T2I, { requestId: queued.request_id, logs: true, ...POLL });
    expect(status.status).toBe("COMPLETED");
    const { data, requestId } = await fal.queue.result(T2I, { requestId: queued.request_id });
    expect(requestId).toBe(queued.request_id);
    expect(data.images[0]).toMatchObject({ width: 1024, height: 576, content_type: "image/jpeg" });

    const image = Buffer.from(await (await fetch(data.images[0].url)).arrayBuffer());
    expect([...image.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect(await sharp(image).metadata()).toMatchObject({ format: "jpeg", width: 1024, height: 576 });

    const [delivery] = await waitFor(() => nonEmpty(deliveriesFor(queued.request_id)), soon);
    expect(delivery.body).toMatchObject({ status: "OK", payload: { images: data.images } });
    expect(Math.abs(Number(delivery.headers["x-fal-webhook-timestamp"]) - Date.now() / 1000)).toBeLessThan(60);
    expect(await verifyDelivery(delivery)).toBe(true);
  });

  it("animates an uploaded image into an MP4 of the requested size, with audio unless disabled", async () => {
    const fal = createClient();
    const png = await sharp({ create: { width: 640, height: 480, channels: 3, background: "#3366cc" } }).png().toBuffer();
    const imageUrl = await fal.storage.upload(new Blob([new Uint8Array(png)], { type: "image/png" }));
    expect(imageUrl.startsWith(`${sim.url}/cdn/`)).toBe(true);

    const common = { prompt: "slow zoom", image_url: imageUrl, resolution: "480p" as const };
    const [withAudio, silent] = await Promise.all([
      fal.subscribe(I2V, { input: { ...common, duration: "2" }, ...POLL }),
      fal.subscribe(I2V_AUDIO, { input: { ...common, duration: "4", aspect_ratio: "9:16", generate_audio: false }, ...POLL }),
    ]);

    const loud = await probe(withAudio.data.video.url);
    expect(loud.streams.find((s) => s.codec_type === "video")).toMatchObject({ width: 640, height: 480 });
    expect(Number(loud.format.duration)).toBeCloseTo(2, 0);
    expect(loud.streams.some((s) => s.codec_type === "audio")).toBe(true);

    const quiet = await probe(silent.data.video.url);
    expect(quiet.streams.find((s) => s.codec_type === "video")).toMatchObject({ width: 480, height: 854 });
    expect(Number(quiet.format.duration)).toBeCloseTo(4, 0);
    expect(quiet.streams.some((s) => s.codec_type === "audio")).toBe(false);
  });

  it("forces an audio track when controls.audio is 'always'", async () => {
    sim.controls.audio = "always";
    const input = { prompt: "waves", duration: "4" as const, resolution: "480p" as const, generate_audio: false };
    const { data } = await createClient().subscribe("fal-ai/bytedance/seedance/v1.5/pro/text-to-video", { input, ...POLL });
    expect((await probe(data.video.url)).streams.some((s) => s.codec_type === "audio")).toBe(true);
  });

  it("completes a refused request, fails its result with 422 and sends an ERROR webhook", async () => {
    sim.controls.refuseNext = 1;
    const fal = createClient();
    const queued = await fal.queue.submit(I2V, { input: { prompt: "a face", image_url: `${sim.url}/cdn/none.png` }, webhookUrl });
    const status = await fal.queue.subscribeToStatus(I2V, { requestId: queued.request_id, ...POLL });
    expect(status.status).toBe("COMPLETED");

    const failure: unknown = await fal.queue.result(I2V, { requestId: queued.request_id }).catch((error: unknown) => error);
    if (!(failure instanceof ValidationError)) throw new Error(`expected a ValidationError, got ${String(failure)}`);
    const validation = failure;
    expect(validation.status).toBe(422);
    expect(validation.fieldErrors[0]).toMatchObject({ loc: ["body", "image_url"], type: "content_policy_violation" });
    expect(validation.fieldErrors[0].msg).toContain("partner_validation_failed");

    const [delivery] = await waitFor(() => nonEmpty(deliveriesFor(queued.request_id)), soon);
    expect(delivery.body).toMatchObject({ status: "ERROR", error: "Invalid status code: 422" });
    expect(delivery.body.payload).toMatchObject({ detail: [{ type: "content_policy_violation" }] });
    expect(await verifyDelivery(delivery)).toBe(true);
  });

  it("Kling image-to-video: its own schema (duration \"5\" or \"10\" only), 720p following the picture, never a sound track; refuseFacesOn refuses Seedance and not Kling", async () => {
    sim.controls.audio = "always";
    sim.controls.refuseFacesOn = "seedance";
    const fal = createClient();
    const png = await sharp({ create: { width: 600, height: 800, channels: 3, background: "#cc9966" } }).png().toBuffer();
    const imageUrl = await fal.storage.upload(new Blob([new Uint8Array(png)], { type: "image/png" }));
    const { data } = await fal.subscribe(KLING, { input: { prompt: "she smiles", image_url: imageUrl, duration: "5" }, ...POLL });
    const clip = await probe(data.video.url);
    expect(clip.streams.find((s) => s.codec_type === "video")).toMatchObject({ width: 720, height: 960 });
    expect(Number(clip.format.duration)).toBeCloseTo(5, 0);
    expect(clip.streams.some((s) => s.codec_type === "audio")).toBe(false);

    // Fal's DurationEnum: a number, or a length Kling does not make, is a 422 naming the field (sent past the client's types on purpose).
    for (const duration of [5, "4"]) {
      const failure: unknown = await fal.subscribe(KLING, { input: { prompt: "she smiles", image_url: imageUrl, duration: duration as "5" }, ...POLL }).catch((error: unknown) => error);
      if (!(failure instanceof ValidationError)) throw new Error(`expected a ValidationError, got ${String(failure)}`);
      expect(failure.fieldErrors[0]).toMatchObject({ loc: ["body", "duration"], type: "enum" });
    }
    const refused: unknown = await fal.subscribe(I2V, { input: { prompt: "she smiles", image_url: imageUrl }, ...POLL }).catch((error: unknown) => error);
    if (!(refused instanceof ValidationError)) throw new Error(`expected a ValidationError, got ${String(refused)}`);
    expect(refused.fieldErrors[0]).toMatchObject({ type: "content_policy_violation", ctx: { reason: "partner_validation_failed" } });
  });

  it("answers 503 to the next failNextSubmits submits, then accepts", async () => {
    sim.controls.failNextSubmits = 2;
    const submit = () =>
      fetch(`${sim.url}/${T2I}`, { method: "POST", headers: { Authorization: "Key sim-key" }, body: JSON.stringify({ prompt: "x" }) });
    const answers = [await submit(), await submit(), await submit()];
    expect(answers.map((r) => r.status)).toEqual([503, 503, 200]);
    expect(await answers[0].json()).toMatchObject({ error_type: "runner_scheduling_failure" });
    expect(await answers[2].json()).toMatchObject({ status: "IN_QUEUE", request_id: expect.any(String) });
    expect(sim.requests.map((r) => r.httpStatus)).toEqual([503, 503, 200]);
  });

  it("drops webhooks when told to, and duplicates them when told to", async () => {
    const fal = createClient();
    sim.controls.dropWebhooks = true;
    const dropped = await fal.queue.submit(T2I, { input: { prompt: "dropped", image_size: "square" }, webhookUrl });
    await fal.queue.subscribeToStatus(T2I, { requestId: dropped.request_id, ...POLL });
    sim.controls.dropWebhooks = false;
    sim.controls.duplicateWebhooks = true;
    const doubled = await fal.queue.submit(T2I, { input: { prompt: "doubled", image_size: "square" }, webhookUrl });
    await waitFor(() => (deliveriesFor(doubled.request_id).length >= 2 ? true : undefined), soon);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(deliveriesFor(doubled.request_id)).toHaveLength(2);
    expect(deliveriesFor(dropped.request_id)).toHaveLength(0);
  });
});

function nonEmpty<T>(items: T[]): T[] | undefined {
  return items.length > 0 ? items : undefined;
}

describe("the simulator `npm run dev` embeds", () => {
  it("falls back to a free port when its preferred one is taken", async () => {
    const squatter = createTcpServer();
    await new Promise<void>((resolve) => squatter.listen(0, "127.0.0.1", resolve));
    const taken = (squatter.address() as AddressInfo).port;
    try {
      const embedded = await startEmbeddedFalSimulator({ port: taken, controls: { latencyMs: 10 } });
      try {
        expect(embedded.port).not.toBe(taken);
        expect(embedded.url).toBe(`http://127.0.0.1:${embedded.port}`);
        expect((await fetch(embedded.jwksUrl)).status).toBe(200);
      } finally {
        await embedded.close();
      }
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  });
});
