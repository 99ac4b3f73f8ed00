// Pictures are awaited within the request, polling Fal's status and result: a read that fails for a
// moment (5xx) must not throw away a finished, billed image. Reads are retried with backoff, within
// the request's time budget (FAL_SYNC_TIMEOUT_SECONDS).
import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import { getEnv, reloadEnv } from "@/_shared/lib/env";
import { prisma } from "@/_shared/lib/prisma";
import * as generate from "@/app/api/images/generate/route";
import { call, newUser } from "../helpers";
import { readStoredFile } from "../media";
import { sim, withPipeline } from "../pipeline";

withPipeline();

/** The simulator's live controls (what is left of a `failNextPolls`). */
async function controls(): Promise<{ failNextPolls: number; failNextResults: number }> {
  return (await fetch(`${getEnv().FAL_BASE_URL}/_sim/controls`)).json() as Promise<{ failNextPolls: number; failNextResults: number }>;
}

afterEach(() => {
  delete process.env.FAL_SYNC_TIMEOUT_SECONDS;
  reloadEnv();
});

describe("synchronous image generation: status and result reads that fail for a moment", () => {
  it("retries 500/503 answers of the status and result reads and delivers the image", async () => {
    const user = await newUser();
    // Two failed status reads, then (the status answered) two failed result reads.
    await sim.set({ failNextPolls: 2, failNextResults: 2 });
    const res = await call(generate.POST, { method: "POST", user, body: { prompt: "a florist among peonies", sessionId: "polls" } });
    expect(res.status).toBe(200);
    expect(await controls()).toMatchObject({ failNextPolls: 0, failNextResults: 0 });
    const meta = await sharp(await readStoredFile(res.json.imageUrl.replace("/api/media/", ""))).metadata();
    expect(meta).toMatchObject({ format: "jpeg", width: 768, height: 1024 });
    expect(await prisma.generationJob.findUniqueOrThrow({ where: { id: res.json.jobId } })).toMatchObject({ status: "completed", attempts: 1, errorCode: null });
  });

  it("keeps retrying only within the request's time budget, then answers 502", async () => {
    process.env.FAL_SYNC_TIMEOUT_SECONDS = "2";
    reloadEnv();
    const user = await newUser();
    await sim.set({ failNextPolls: 1000 });
    const started = Date.now();
    const res = await call(generate.POST, { method: "POST", user, body: { prompt: "a roofer at dawn", sessionId: "polls" } });
    const elapsed = Date.now() - started;
    expect(res.status).toBe(502);
    expect(res.json.error.code).toBe("upstream_error");
    // Several reads were tried (backoff 250 ms, 500 ms, ...), and the budget held.
    expect(1000 - (await controls()).failNextPolls).toBeGreaterThanOrEqual(3);
    expect(elapsed).toBeLessThan(2000 + 3000); // unbounded, five retries would wait 7.75 s
    const job = await prisma.generationJob.findFirstOrThrow({ where: { userId: user.id } });
    expect(job).toMatchObject({ status: "failed", errorCode: "upstream_unavailable" });
    expect(job.falRequestId).toEqual(expect.any(String));
  });
});
