// The recorded contract: Fal's documented answers (tests/fixtures/fal, sources in its README) are
// replayed through the code that parses them, and the simulator's answers are compared with them
// (same keys, same JSON types), so neither our parsing nor the simulator can drift from Fal.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FalError, falAi } from "@/_shared/core/fal-ai.service";
import { handleFalWebhook } from "@/_shared/core/generation/webhook-intake";
import { reloadEnv } from "@/_shared/lib/env";
import { classifyWebhookError } from "@/_shared/lib/fal-errors";
import { parseImageOutput, parseVideoOutput } from "@/_shared/lib/fal-output";
import { startFalSimulator, type FalSimulator } from "../../tools/fal-simulator/server";
import { generateSigningKey, signFalWebhook } from "../../tools/fal-simulator/signing";
import { waitFor } from "../wait";

type Json = Record<string, unknown>;
const fixture = (name: string): Json => JSON.parse(readFileSync(new URL(`../fixtures/fal/${name}.json`, import.meta.url), "utf8")) as Json;

// ---------------------------------------------------------------------------------------------
// Shapes: a JSON value's keys and types (arrays by their first element), and how two differ.

type Shape = string | Shape[] | { [key: string]: Shape };

function shapeOf(value: unknown): Shape {
  if (value === null) return "null";
  if (Array.isArray(value)) return value.length ? [shapeOf(value[0])] : [];
  if (typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shapeOf(item)]));
  return typeof value;
}

const kindOf = (shape: Shape) => (Array.isArray(shape) ? "array" : typeof shape === "object" ? "object" : shape);

/** Where `actual` departs from `expected`: a key missing, another type, or a key Fal does not document there (unless listed in `extras`). */
function shapeDiff(expected: Shape, actual: Shape, extras: readonly string[], path = ""): string[] {
  const here = path || "(root)";
  const kind = kindOf(expected);
  if (kind !== kindOf(actual)) return [`${here}: ${kind} expected, got ${kindOf(actual)}`];
  if (kind === "array") {
    const [item, actualItem] = [(expected as Shape[])[0], (actual as Shape[])[0]];
    if (item === undefined) return [];
    if (actualItem === undefined) return [`${path}[]: empty, so its items cannot be compared`];
    return shapeDiff(item, actualItem, extras, `${path}[]`);
  }
  if (kind !== "object") return [];
  return objectDiff(expected as Record<string, Shape>, actual as Record<string, Shape>, extras, path);
}

function objectDiff(expected: Record<string, Shape>, actual: Record<string, Shape>, extras: readonly string[], path: string): string[] {
  const differences: string[] = [];
  for (const key of Object.keys(expected)) {
    const at = path ? `${path}.${key}` : key;
    if (!(key in actual)) differences.push(`${at}: missing`);
    else differences.push(...shapeDiff(expected[key], actual[key], extras, at));
  }
  for (const key of Object.keys(actual)) {
    const at = path ? `${path}.${key}` : key;
    if (!(key in expected) && !extras.includes(at)) differences.push(`${at}: not in Fal's documented answer`);
  }
  return differences;
}

// ---------------------------------------------------------------------------------------------
// Replay: a stand-in for Fal that answers each documented body, with its documented status.

const REPLAYED: Record<string, { status: number; headers?: Record<string, string> }> = {
  "queue-status-in-queue": { status: 202 },
  "queue-status-in-progress": { status: 202 },
  "queue-status-completed": { status: 200 },
  "result-flux-dev": { status: 200 },
  "result-seedance": { status: 200 },
  "error-422-validation": { status: 422 },
  "error-422-content-policy": { status: 422 },
  "error-401": { status: 401 },
  "error-504-request-timeout": { status: 504, headers: { "X-Fal-Error-Type": "request_timeout" } },
};
/** A Fal URL of a replayed answer: our code rewrites Fal's hosts to FAL_BASE_URL, the replay server. */
const falUrl = (name: string) => `https://queue.fal.run/replay/${name}`;

const signing = generateSigningKey();
let replay: Server;
const saved = { FAL_BASE_URL: process.env.FAL_BASE_URL, FAL_WEBHOOK_JWKS_URL: process.env.FAL_WEBHOOK_JWKS_URL };

function send(res: import("node:http").ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "Content-Type": "application/json", ...headers }).end(JSON.stringify(body));
}

beforeAll(async () => {
  replay = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://replay").pathname;
    req.resume();
    if (req.method === "POST" && path === "/fal-ai/flux/dev") return send(res, 200, fixture("queue-submit"));
    if (path === "/.well-known/jwks.json") return send(res, 200, { keys: [signing.jwk] });
    const name = path.replace(/^\/replay\//, "");
    const replayed = REPLAYED[name];
    if (!replayed) return send(res, 404, { detail: "Not Found" });
    send(res, replayed.status, fixture(name), replayed.headers);
  });
  await new Promise<void>((resolve) => replay.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(replay.address() as AddressInfo).port}`;
  Object.assign(process.env, { FAL_BASE_URL: base, FAL_WEBHOOK_JWKS_URL: `${base}/.well-known/jwks.json` });
  reloadEnv();
});

afterAll(async () => {
  Object.assign(process.env, saved);
  reloadEnv();
  await new Promise((resolve) => replay.close(resolve));
});

describe("our parsing of Fal's documented answers", () => {
  it("submit: we keep the request id and the URLs Fal answered", async () => {
    const submitted = fixture("queue-submit");
    expect(await falAi.submit("text-to-image", { prompt: "a cat" }, { webhook: false })).toEqual({
      requestId: submitted.request_id,
      statusUrl: submitted.status_url,
      responseUrl: submitted.response_url,
      cancelUrl: submitted.cancel_url,
    });
  });

  it("status: queued with its place in the queue, in progress, completed with Fal's inference time", async () => {
    expect(await falAi.getJobStatus(falUrl("queue-status-in-queue"), "text-to-video")).toEqual({ state: "IN_QUEUE", queuePosition: 0 });
    expect(await falAi.getJobStatus(falUrl("queue-status-in-progress"), "text-to-video")).toEqual({ state: "IN_PROGRESS" });
    expect(await falAi.getJobStatus(falUrl("queue-status-completed"), "text-to-video")).toEqual({ state: "COMPLETED", inferenceMs: 17795 });
  });

  it("results: FLUX's picture (not flagged) and Seedance's video", async () => {
    const picture = await falAi.getResult(falUrl("result-flux-dev"), "text-to-image");
    if (!picture.ok) throw new Error(picture.failure.detail);
    expect(parseImageOutput(picture.data)).toEqual({ safe: [fixture("result-flux-dev").images].flat(), flagged: 0 });
    const video = await falAi.getResult(falUrl("result-seedance"), "text-to-video");
    if (!video.ok) throw new Error(video.failure.detail);
    expect(parseVideoOutput(video.data)).toEqual({ seed: 42, url: "https://v3.fal.media/files/penguin/qmLZSvOIzTKs6bDFXiEtH_video.mp4" });
  });

  it("error results: refusals fail for good with a reason the user can act on, a 401 points at FAL_KEY, a request error is retried", async () => {
    expect(await falAi.getResult(falUrl("error-422-content-policy"), "text-to-image")).toMatchObject({
      ok: false,
      failure: { permanent: true, code: "content_refused", message: "The image model refused this request (content policy). Rephrase the description and try again." },
    });
    expect(await falAi.getResult(falUrl("error-422-validation"), "text-to-video")).toMatchObject({
      ok: false,
      failure: { permanent: true, code: "invalid_input", message: "The video model could not use this input (prompt: field required)." },
    });
    expect(await falAi.getResult(falUrl("error-401"), "text-to-video")).toMatchObject({
      ok: false,
      failure: { permanent: true, code: "upstream_auth", message: "The generation service refused our credentials. An admin has to check FAL_KEY." },
    });
    const timedOut = await falAi.getResult(falUrl("error-504-request-timeout"), "text-to-video").catch((error: unknown) => error);
    expect(timedOut).toBeInstanceOf(FalError);
    expect((timedOut as FalError).failure).toMatchObject({ permanent: false, code: "upstream_unavailable", detail: expect.stringMatching(/^request_timeout: /) });
  });

  it("webhooks: the OK, ERROR and payload_error bodies pass the intake; the ERROR reads as a validation failure, the OK payload as a picture", async () => {
    for (const name of ["webhook-ok", "webhook-error", "webhook-payload-error"]) {
      const body = fixture(name);
      const rawBody = Buffer.from(JSON.stringify(body));
      const timestamp = Math.floor(Date.now() / 1000);
      const signature = signFalWebhook(signing.privateKey, { requestId: String(body.request_id), userId: "fal-user", timestamp, body: rawBody });
      const headers = new Headers({
        "x-fal-webhook-request-id": String(body.request_id),
        "x-fal-webhook-user-id": "fal-user",
        "x-fal-webhook-timestamp": String(timestamp),
        "x-fal-webhook-signature": signature,
      });
      // Parsed and verified; no job of ours has this request id.
      expect(await handleFalWebhook({ rawBody, headers }), name).toEqual({ received: true, outcome: "unknown_request" });
    }
    const failed = fixture("webhook-error");
    expect(classifyWebhookError(String(failed.error), failed.payload, "text-to-image")).toMatchObject({ permanent: true, code: "invalid_input", message: expect.stringContaining("prompt: field required") });
    expect(parseImageOutput(fixture("webhook-ok").payload)).toMatchObject({ safe: [{ url: "https://url.to/image.png", width: 1024, height: 1024 }], flagged: 0 });
  });
});

// ---------------------------------------------------------------------------------------------
// The simulator against the same answers.

/** Keys the simulator sends beyond a documented example, each documented elsewhere by Fal. */
const DOCUMENTED_ELSEWHERE: Record<string, readonly string[]> = {
  // @fal-ai/client's queue status type (status, queue_position), as the submit answer carries them.
  "queue-submit": ["status", "queue_position"],
  // The streamed status events of the same page carry them.
  "queue-status-in-queue": ["request_id", "status_url", "cancel_url"],
  // `level` and `source`: the RequestLog fields the same page lists.
  "queue-status-in-progress": ["logs[].level", "logs[].source"],
  "queue-status-completed": ["logs[].level", "logs[].source"],
  // The image File of the webhook example.
  "result-flux-dev": ["images[].file_name", "images[].file_size"],
  // Fal's File type (the webhook example's image has the same fields).
  "result-seedance": ["video.content_type", "video.file_name", "video.file_size"],
  // The rest of FLUX's output (result-flux-dev).
  "webhook-ok": ["payload.has_nsfw_concepts", "payload.prompt", "payload.timings"],
  // `url` is required in every model error item (https://docs.fal.ai/errors).
  "webhook-error": ["payload.detail[].url"],
  "error-422-validation": ["detail[].url"],
};

interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

describe("the simulator answers as Fal documents", () => {
  let sim: FalSimulator;
  let hook: Server;
  const deliveries: Json[] = [];
  const answers: Record<string, Answer> = {};

  const AUTH = { Authorization: "Key contract-key", "content-type": "application/json" };
  const answer = async (res: Response): Promise<Answer> => ({ status: res.status, headers: res.headers, body: await res.json() });
  const get = async (url: string) => answer(await fetch(url, { headers: AUTH }));
  async function submit(model: string, input: Json, webhook = false): Promise<Json> {
    const query = webhook ? `?fal_webhook=${encodeURIComponent(hookUrl())}` : "";
    const submitted = await answer(await fetch(`${sim.url}/${model}${query}`, { method: "POST", headers: AUTH, body: JSON.stringify(input) }));
    return submitted.body as Json;
  }
  const hookUrl = () => `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
  const statusIs = async (queued: Json, status: string) =>
    waitFor(async () => {
      const current = await get(`${String(queued.status_url)}?logs=1`);
      return (current.body as Json).status === status ? current : null;
    }, { intervalMs: 20, what: status });
  const deliveryFor = (queued: Json) => waitFor(() => deliveries.find((d) => d.request_id === queued.request_id), { what: "webhook" });

  beforeAll(async () => {
    // The picture spends the first third of its latency in the queue: 2 s, so that the status read
    // right after the submit sees IN_QUEUE even on a busy machine.
    sim = await startFalSimulator({ port: 0, controls: { latencyMs: 6000 } });
    hook = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        deliveries.push(JSON.parse(Buffer.concat(chunks).toString("utf8")) as Json);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, "127.0.0.1", resolve));

    // A picture through its life: submitted, queued, running, completed, its result and webhook.
    const submitRes = await fetch(`${sim.url}/fal-ai/flux/dev?fal_webhook=${encodeURIComponent(hookUrl())}`, { method: "POST", headers: AUTH, body: JSON.stringify({ prompt: "a cat", image_size: "square" }) });
    answers["queue-submit"] = await answer(submitRes);
    const picture = answers["queue-submit"].body as Json;
    answers["queue-status-in-queue"] = await get(String(picture.status_url));
    answers["queue-status-in-progress"] = await statusIs(picture, "IN_PROGRESS");
    answers["queue-status-completed"] = await statusIs(picture, "COMPLETED");
    answers["result-flux-dev"] = await get(String(picture.response_url));
    answers["webhook-ok"] = { status: 200, headers: new Headers(), body: await deliveryFor(picture) };
    answers["queue-cancel-already-completed"] = await answer(await fetch(String(picture.cancel_url), { method: "PUT", headers: AUTH }));
    const cancelled = await submit("fal-ai/flux/dev", { prompt: "never mind" });
    answers["queue-cancel-requested"] = await answer(await fetch(String(cancelled.cancel_url), { method: "PUT", headers: AUTH }));

    sim.controls.latencyMs = 100;
    const video = await submit("fal-ai/bytedance/seedance/v1/pro/text-to-video", { prompt: "a wave", duration: "2", resolution: "480p" });
    await statusIs(video, "COMPLETED");
    answers["result-seedance"] = await get(String(video.response_url));

    sim.controls.invalidNext = 1;
    const invalid = await submit("fal-ai/flux/dev", { prompt: "invalid" }, true);
    await statusIs(invalid, "COMPLETED");
    answers["error-422-validation"] = await get(String(invalid.response_url));
    answers["webhook-error"] = { status: 200, headers: new Headers(), body: await deliveryFor(invalid) };

    sim.controls.refuseNext = 1;
    const refused = await submit("fal-ai/flux/dev", { prompt: "refused" });
    await statusIs(refused, "COMPLETED");
    answers["error-422-content-policy"] = await get(String(refused.response_url));

    sim.controls.expectedKey = "another-key";
    answers["error-401"] = await answer(await fetch(`${sim.url}/fal-ai/flux/dev`, { method: "POST", headers: AUTH, body: "{}" }));
    sim.controls.expectedKey = null;
    sim.controls.failNextSubmits = 1;
    answers["error-504-request-timeout"] = await answer(await fetch(`${sim.url}/fal-ai/flux/dev`, { method: "POST", headers: AUTH, body: "{}" }));
  }, 60_000);

  afterAll(async () => {
    await sim.close();
    await new Promise((resolve) => hook.close(resolve));
  });

  const DOCUMENTED_STATUS: Record<string, number> = {
    "queue-submit": 200,
    "queue-status-in-queue": 202,
    "queue-status-in-progress": 202,
    "queue-status-completed": 200,
    "queue-cancel-requested": 202,
    "queue-cancel-already-completed": 400,
    "result-flux-dev": 200,
    "result-seedance": 200,
    "webhook-ok": 200,
    "webhook-error": 200,
    "error-422-validation": 422,
    "error-422-content-policy": 422,
    "error-401": 401,
  };

  it.each(Object.keys(DOCUMENTED_STATUS))("%s: same status, keys and types", (name) => {
    const simulated = answers[name];
    expect(simulated.status, "status").toBe(DOCUMENTED_STATUS[name]);
    expect(shapeDiff(shapeOf(fixture(name)), shapeOf(simulated.body), DOCUMENTED_ELSEWHERE[name] ?? [])).toEqual([]);
  });

  it("error-504-request-timeout: a request error has the same keys and types, and X-Fal-Error-Type repeats error_type", () => {
    const simulated = answers["error-504-request-timeout"];
    expect(simulated.status).toBeGreaterThanOrEqual(500);
    expect(shapeDiff(shapeOf(fixture("error-504-request-timeout")), shapeOf(simulated.body), [])).toEqual([]);
    expect(simulated.headers.get("x-fal-error-type")).toBe((simulated.body as Json).error_type);
  });

  it("the comparison itself catches drift: a missing key, another type, an undocumented key", () => {
    const documented = shapeOf({ video: { url: "u" }, seed: 1 });
    expect(shapeDiff(documented, shapeOf({ video: { href: "u" }, seed: "1", extra: true }), [])).toEqual([
      "video.url: missing",
      "video.href: not in Fal's documented answer",
      "seed: number expected, got string",
      "extra: not in Fal's documented answer",
    ]);
  });
});
