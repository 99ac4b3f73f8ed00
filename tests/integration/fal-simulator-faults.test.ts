// The simulator's failure modes that cost money when mishandled, over HTTP as the app meets them:
// payload_error webhooks, failing status/result reads, server errors, gateway request ids, key
// rotation, and cancelling a queued or a running request.
import { createHash, createPublicKey, verify, type JsonWebKey } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFalSimulator, type FalSimulator } from "../../tools/fal-simulator/server";
import { waitFor } from "../wait";
import { startWebhookReceiver, type Delivery as ReceivedWebhook } from "../webhook-receiver";

type Delivery = ReceivedWebhook<{ request_id: string; gateway_request_id: string; status: string; error?: string; payload: unknown; payload_error?: string }>;

const T2V = "fal-ai/bytedance/seedance/v1/pro/text-to-video";
const T2I = "fal-ai/flux/dev";
let sim: FalSimulator;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let webhookUrl: string;
const deliveries: Delivery[] = [];
const soon = { timeoutMs: 8000, intervalMs: 25 };

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

const auth = { Authorization: "Key sim-key" };

async function submit(model: string, input: Record<string, unknown>) {
  const res = await fetch(`${sim.url}/${model}?fal_webhook=${encodeURIComponent(webhookUrl)}`, { method: "POST", headers: auth, body: JSON.stringify(input) });
  expect(res.status).toBe(200);
  return (await res.json()) as { request_id: string; status_url: string; response_url: string; cancel_url: string };
}

const get = (url: string) => fetch(url, { headers: auth });

async function statusOf(url: string): Promise<string> {
  return ((await (await get(url)).json()) as { status: string }).status;
}

function deliveryFor(requestId: string) {
  return waitFor(() => deliveries.find((d) => d.body.request_id === requestId), { ...soon, what: `webhook of ${requestId}` });
}

async function verifiedBy(delivery: Delivery): Promise<string[]> {
  const { keys } = (await (await fetch(sim.jwksUrl)).json()) as { keys: Array<JsonWebKey & { kid: string }> };
  const header = (name: string) => String(delivery.headers[name]);
  const message = [header("x-fal-webhook-request-id"), header("x-fal-webhook-user-id"), header("x-fal-webhook-timestamp"), createHash("sha256").update(delivery.raw).digest("hex")].join("\n");
  const signature = Buffer.from(header("x-fal-webhook-signature"), "hex");
  return keys.filter((jwk) => verify(null, Buffer.from(message), createPublicKey({ key: jwk, format: "jwk" }), signature)).map((jwk) => jwk.kid);
}

describe("fal simulator: failure modes", () => {
  it("payloadErrorNext: an OK webhook without its payload, the result still fetchable", async () => {
    sim.controls.payloadErrorNext = 1;
    const queued = await submit(T2I, { prompt: "a lighthouse", image_size: "square" });
    const delivery = await deliveryFor(queued.request_id);
    expect(delivery.body).toMatchObject({ status: "OK", payload: null, payload_error: expect.stringContaining("serialize") });
    const result = await get(queued.response_url);
    expect(result.status).toBe(200);
    expect(await result.json()).toMatchObject({ images: [{ url: expect.stringContaining("/cdn/") }] });
    expect(sim.controls.payloadErrorNext).toBe(0);
  });

  it("failNextPolls: the next status and result reads answer 500 and 503 in turn, then the truth", async () => {
    const queued = await submit(T2I, { prompt: "a kite", image_size: "square" });
    await waitFor(async () => (await statusOf(queued.status_url)) === "COMPLETED", soon);
    sim.controls.failNextPolls = 3;
    const answers = [await get(queued.status_url), await get(queued.response_url), await get(queued.status_url), await get(queued.response_url)];
    expect(answers.map((r) => r.status)).toEqual([500, 503, 500, 200]);
    expect(await answers[1].json()).toMatchObject({ error_type: "runner_scheduling_failure" });
    sim.controls.failNextResults = 1;
    expect((await get(queued.status_url)).status).toBe(200);
    expect((await get(queued.response_url)).status).toBe(500);
    expect((await get(queued.response_url)).status).toBe(200);
  });

  it("internalErrorNext: the request ends with a 500 result and an ERROR webhook", async () => {
    sim.controls.internalErrorNext = 1;
    const failed = await submit(T2V, { prompt: "waves", resolution: "480p", duration: "2" });
    const delivery = await deliveryFor(failed.request_id);
    expect(delivery.body).toMatchObject({ status: "ERROR", error: "Invalid status code: 500", payload: { error_type: "internal_server_error" } });
    expect((await get(failed.response_url)).status).toBe(500);
    const next = await submit(T2I, { prompt: "fine again", image_size: "square" });
    expect((await deliveryFor(next.request_id)).body.status).toBe("OK");
  });

  it("gatewayRequestId: a distinct gateway id in the body, and in the signed header when `signed`", async () => {
    sim.controls.gatewayRequestId = "distinct";
    const distinct = await submit(T2I, { prompt: "a", image_size: "square" });
    const first = await deliveryFor(distinct.request_id);
    expect(first.body.gateway_request_id).not.toBe(distinct.request_id);
    expect(first.headers["x-fal-webhook-request-id"]).toBe(distinct.request_id);

    sim.controls.gatewayRequestId = "signed";
    const signed = await submit(T2I, { prompt: "b", image_size: "square" });
    const second = await deliveryFor(signed.request_id);
    expect(second.body.gateway_request_id).not.toBe(signed.request_id);
    expect(second.headers["x-fal-webhook-request-id"]).toBe(second.body.gateway_request_id);
    expect(await verifiedBy(second)).toHaveLength(1);
  });

  it("rotateSigningKey: the JWKS lists both keys and webhooks are signed with the new one; reset goes back", async () => {
    const before = ((await (await fetch(`${sim.url}/_sim/keys`)).json()) as { signingKid: string; kids: string[] });
    expect(before.kids).toEqual([before.signingKid]);
    const rotated = (await (await fetch(`${sim.url}/_sim/rotate-key`, { method: "POST" })).json()) as { kid: string; keys: string[] };
    expect(rotated.keys).toEqual([before.signingKid, rotated.kid]);
    const queued = await submit(T2I, { prompt: "rotated", image_size: "square" });
    expect(await verifiedBy(await deliveryFor(queued.request_id))).toEqual([rotated.kid]);
    sim.reset();
    const stats = (await (await fetch(`${sim.url}/_sim/keys`)).json()) as { signingKid: string; kids: string[]; jwksFetches: number };
    expect(stats).toMatchObject({ signingKid: before.signingKid, kids: [before.signingKid] });
    expect(stats.jwksFetches).toBeGreaterThanOrEqual(2);
  });

  it("cancel: a queued request is removed (no webhook); a running one finishes and sends its webhook", async () => {
    // Long enough to stay IN_QUEUE (its first third) through the cancel, however busy the machine.
    sim.controls.latencyMs = 9000;
    const queued = await submit(T2V, { prompt: "never runs", resolution: "480p", duration: "2" });
    const removed = await fetch(queued.cancel_url, { method: "PUT", headers: auth });
    expect(removed.status).toBe(202);
    expect(await removed.json()).toEqual({ status: "CANCELLATION_REQUESTED" });
    expect(await statusOf(queued.status_url)).toBe("COMPLETED");
    expect((await get(queued.response_url)).status).toBe(400);

    sim.controls.latencyMs = 3000;
    const running = await submit(T2V, { prompt: "keeps running", resolution: "480p", duration: "2" });
    await waitFor(async () => (await statusOf(running.status_url)) === "IN_PROGRESS", soon);
    const signalled = await fetch(running.cancel_url, { method: "PUT", headers: auth });
    expect(signalled.status).toBe(202);
    expect(await signalled.json()).toEqual({ status: "CANCELLATION_REQUESTED" });
    expect(await statusOf(running.status_url)).toBe("IN_PROGRESS");
    expect((await deliveryFor(running.request_id)).body.status).toBe("OK");
    expect((await get(running.response_url)).status).toBe(200);
    expect((await fetch(running.cancel_url, { method: "PUT", headers: auth })).status).toBe(400);
    expect(deliveries.filter((d) => d.body.request_id === queued.request_id)).toHaveLength(0);
  });
});
