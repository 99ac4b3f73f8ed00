// Webhook acceptance must not hang on details of Fal's we cannot confirm: the signed request id may be
// the gateway_request_id, and Fal may rotate its signing key (the JWKS is fetched again, once, but
// never more than once a minute, whatever forged webhooks ask for).
import { generateKeyPairSync, sign, createHash, randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getEnv } from "@/_shared/lib/env";
import { prisma } from "@/_shared/lib/prisma";
import { newProject, newUser, settledRow, waitFor, type TestUser } from "../helpers";
import { postWebhook, sim, startTextBRoll, withPipeline } from "../pipeline";

const pipeline = withPipeline();
let user: TestUser;
let projectId: string;

beforeAll(async () => {
  user = await newUser();
  projectId = await newProject(user, "Webhooks");
});

const simUrl = () => getEnv().FAL_BASE_URL!;

async function simKeys(): Promise<{ jwksFetches: number; signingKid: string; kids: string[] }> {
  return (await fetch(`${simUrl()}/_sim/keys`)).json() as Promise<{ jwksFetches: number; signingKid: string; kids: string[] }>;
}

/** The webhook deliveries of a job's Fal request, by the request id in the body. */
async function deliveriesOf(jobId: string) {
  const { falRequestId } = await prisma.generationJob.findUniqueOrThrow({ where: { id: jobId } });
  return pipeline.webhooks.deliveries.filter((d) => (JSON.parse(d.body.toString()) as { request_id: string }).request_id === falRequestId);
}

/** A webhook signed with a key Fal never published, for a request id of its own. */
function forgedWebhook() {
  const { privateKey } = generateKeyPairSync("ed25519");
  const requestId = randomUUID();
  const body = Buffer.from(JSON.stringify({ request_id: requestId, gateway_request_id: requestId, status: "OK", payload: { video: { url: "https://example.com/x.mp4" } } }));
  const timestamp = String(Math.floor(Date.now() / 1000));
  const message = `${requestId}\nforger\n${timestamp}\n${createHash("sha256").update(body).digest("hex")}`;
  const headers = {
    "content-type": "application/json",
    "x-fal-webhook-request-id": requestId,
    "x-fal-webhook-user-id": "forger",
    "x-fal-webhook-timestamp": timestamp,
    "x-fal-webhook-signature": sign(null, Buffer.from(message), privateKey).toString("hex"),
  };
  return { headers, body };
}

describe("webhook acceptance", () => {
  it("accepts a webhook whose signed request id is the gateway_request_id, not the queue's request_id", async () => {
    await sim.set({ gatewayRequestId: "signed" });
    const { bRollId, jobId } = await startTextBRoll(user, projectId);
    const bRoll = await settledRow("bRoll", bRollId, { what: "b-roll settled", timeoutMs: 15_000 });
    expect(bRoll.status).toBe("ready");
    const [delivery] = await deliveriesOf(jobId);
    const body = JSON.parse(delivery.body.toString()) as { request_id: string; gateway_request_id: string };
    expect(body.gateway_request_id).not.toBe(body.request_id);
    expect(delivery.headers["x-fal-webhook-request-id"]).toBe(body.gateway_request_id);
    expect(delivery).toMatchObject({ status: 200, reply: { outcome: "recorded" } });
  });

  it("follows a key rotation: the JWKS is fetched again once, and the webhook signed with the new key is accepted", async () => {
    // The keys are cached (the first webhook of this file fetched them).
    const warm = await startTextBRoll(user, projectId);
    expect((await settledRow("bRoll", warm.bRollId, { what: "b-roll settled" })).status).toBe("ready");
    const before = await simKeys();
    const rotated = (await (await fetch(`${simUrl()}/_sim/rotate-key`, { method: "POST" })).json()) as { kid: string; keys: string[] };
    expect(rotated.keys).toHaveLength(2);

    const { bRollId, jobId } = await startTextBRoll(user, projectId);
    const bRoll = await settledRow("bRoll", bRollId, { what: "b-roll settled", timeoutMs: 15_000 });
    expect(bRoll.status).toBe("ready");
    expect((await deliveriesOf(jobId)).map((d) => d.status)).toEqual([200]);
    expect((await simKeys()).jwksFetches - before.jwksFetches).toBe(1);
  });

  it("forged webhooks are refused and cannot make us hammer the JWKS endpoint (one refetch a minute at most)", async () => {
    const before = await simKeys();
    for (let i = 0; i < 6; i++) {
      const { headers, body } = forgedWebhook();
      const res = await postWebhook(headers, body);
      expect(res.status).toBe(401);
      expect(res.json.error?.code).toBe("unauthorized");
    }
    expect((await simKeys()).jwksFetches - before.jwksFetches).toBeLessThanOrEqual(1);
    // A genuine webhook still goes through.
    const { bRollId } = await startTextBRoll(user, projectId);
    await waitFor(() => prisma.bRoll.findFirst({ where: { id: bRollId, status: "ready" } }), { what: "b-roll ready" });
  });
});
