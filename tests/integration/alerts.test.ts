// Alerts against a local Slack-style receiver: a burst of real failures (through the pipeline and
// through markJobFailed, the code path every failure takes) sends one message per condition and one
// when it clears; a failing, slow or unreachable endpoint never breaks the caller.
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { evaluateAlerts, listAlerts } from "@/_shared/core/monitoring/alerts";
import { markJobFailed } from "@/_shared/core/generation/jobs";
import { reportJobEvent } from "@/_shared/core/generation/telemetry";
import { settleAlertDeliveries } from "@/_shared/lib/alert-webhook";
import { getEnv } from "@/_shared/lib/env";
import { tapLogs, type LogTap } from "@/_shared/lib/logger";
import { modelId } from "@/_shared/lib/fal-models";
import { getMetrics } from "@/_shared/lib/prometheus";
import { prisma } from "@/_shared/lib/prisma";
import { restoreEnv, setEnv } from "../env";
import { newProject, newUser, waitFor, type TestUser } from "../helpers";
import { sim, startTextBRoll, withPipeline } from "../pipeline";

// --- a local incoming-webhook receiver ---

interface Received {
  method: string;
  contentType: string;
  body: { text: string; blocks?: Array<{ type: string; text?: { type: string; text: string } }> };
}

async function startReceiver() {
  const state = { messages: [] as Received[], status: 200, hold: false, held: [] as Array<{ res: http.ServerResponse; closed: () => boolean }> };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    state.messages.push({ method: req.method ?? "", contentType: req.headers["content-type"] ?? "", body: JSON.parse(Buffer.concat(chunks).toString()) as Received["body"] });
    if (state.hold) {
      let closed = false;
      res.on("close", () => (closed = true));
      state.held.push({ res, closed: () => closed || res.writableEnded });
      return;
    }
    res.writeHead(state.status, { "content-type": "text/plain" });
    res.end(state.status === 200 ? "ok" : "invalid_payload");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    // Shaped like a Slack incoming-webhook URL, whose path is a secret.
    url: `http://127.0.0.1:${port}/services/T0000/B0000/secret-path`,
    texts: (fragment: string) => state.messages.map((m) => m.body.text).filter((text) => text.includes(fragment)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

// --- log lines, read from the real logger (tests otherwise run with LOG_LEVEL=silent) ---

let logTap: LogTap;
const logs = () => logTap.entries as Array<{ level: string; msg: string; [field: string]: unknown }>;

// --- settings and jobs ---

const SETTINGS = {
  ALERT_WINDOW_MINUTES: "15",
  ALERT_FAILURE_RATE_JOBS: "4",
  ALERT_FAILURE_RATE_MIN_JOBS: "4",
  ALERT_FAILURE_RATE_THRESHOLD: "0.5",
};
let receiver: Awaited<ReturnType<typeof startReceiver>>;

const newModel = () => `test/alerts-${randomUUID().slice(0, 8)}`;
const minutesFromNow = (n: number) => new Date(Date.now() + n * 60_000);

async function createJob(model: string, data: { status?: "submitted" | "completed"; createdAt?: Date } = {}) {
  const completed = data.status === "completed";
  return prisma.generationJob.create({
    data: { kind: "text_to_video", model, input: {}, status: data.status ?? "submitted", submittedAt: new Date(), completedAt: completed ? new Date() : null, createdAt: data.createdAt },
  });
}

/** A job of `model` that fails permanently, through the pipeline's own failure path. */
async function failJob(model: string, message = "The video model refused this prompt (content policy). Rephrase it and try again.") {
  const job = await createJob(model);
  await markJobFailed(job.id, { code: "content_refused", message, detail: "simulated" });
  return job.id;
}

/** A job of `model` that completed, reported as the finalize worker reports it. */
async function completeJob(model: string) {
  const job = await createJob(model, { status: "completed" });
  await reportJobEvent(job.id, "completed");
  return job.id;
}

const sentCount = (condition: string, state: string) =>
  getMetrics().alertsSent.get().then((metric) => metric.values.find((v) => v.labels.condition === condition && v.labels.state === state)?.value ?? 0);

beforeAll(async () => {
  receiver = await startReceiver();
  setEnv({ ...SETTINGS, ALERT_WEBHOOK_URL: receiver.url });
  logTap = tapLogs("info");
});
afterAll(async () => {
  await settleAlertDeliveries();
  restoreEnv();
  logTap.stop();
  await receiver.close();
});
beforeEach(() => {
  receiver.status = 200;
  receiver.hold = false;
});
afterEach(() => settleAlertDeliveries());

describe("a burst of failures through the pipeline", () => {
  withPipeline();
  let user: TestUser;
  let projectId: string;
  beforeAll(async () => {
    user = await newUser();
    projectId = await newProject(user, "Alerts");
  });

  const PROMPT = "a lighthouse at dusk, waves breaking on black rocks";
  async function startBRolls(n: number) {
    const ids: Array<{ bRollId: string; jobId: string }> = [];
    for (let i = 0; i < n; i++) ids.push(await startTextBRoll(user, projectId, { name: `Lighthouse ${i}`, prompt: PROMPT }));
    return ids;
  }
  // A b-roll shows its outcome before the worker that set it has reported the job (and run the alert
  // checks): wait for the outcome and for the workers to have finished these jobs' queue entries.
  const allSettled = (ids: Array<{ bRollId: string; jobId: string }>, status: "ready" | "failed") => async () => {
    const done = await prisma.bRoll.count({ where: { id: { in: ids.map((i) => i.bRollId) }, status } });
    const [{ busy }] = await prisma.$queryRaw<Array<{ busy: number }>>`
      SELECT count(*)::int AS busy FROM pgboss.job
      WHERE data->>'jobId' = ANY(${ids.map((i) => i.jobId)}) AND state IN ('created', 'retry', 'active')`;
    return done === ids.length && busy === 0;
  };

  it("6 failures -> one job_failed and one failure_rate message; completions and a quiet window resolve them, once each", async () => {
    const model = modelId("text-to-video");
    // Earlier test files of this run may have left alerts for the simulator's model.
    await prisma.alertState.deleteMany({ where: { key: { in: [`job_failed:${model}`, `failure_rate:${model}`] } } });
    const [jobFailedBefore, rateBefore] = [await sentCount("job_failed", "firing"), await sentCount("failure_rate", "firing")];

    await sim.set({ refuseNext: 6 });
    const failed = await startBRolls(6);
    // A burst of six through submit, the refusal and the webhook: minutes when the machine is busy.
    await waitFor(allSettled(failed, "failed"), { timeoutMs: 120_000, what: "6 b-rolls failed" });
    await settleAlertDeliveries();

    const firing = receiver.texts(`[FIRING] Generation failing: ${model}`);
    expect(firing).toHaveLength(1);
    expect(firing[0]).toMatch(/^:rotating_light: \[FIRING\] Generation failing: /);
    expect(failed.some(({ jobId }) => firing[0].includes(`job ${jobId} (text-to-video) failed: content_refused: The video model refused`))).toBe(true);
    expect(firing[0]).toMatch(/[^.]\.$/); // one full stop, after the model's own sentence
    expect(receiver.texts(`[FIRING] High failure rate: ${model}`)).toHaveLength(1);
    expect(receiver.messages.map((m) => JSON.stringify(m.body)).join()).not.toContain("lighthouse");
    const sample = receiver.messages.find((m) => m.body.text === firing[0])!;
    expect(sample).toMatchObject({ method: "POST", contentType: "application/json" });
    expect(sample.body.blocks?.[0]).toEqual({ type: "section", text: { type: "mrkdwn", text: firing[0] } });

    expect(await prisma.alertState.findUnique({ where: { key: `job_failed:${model}` } })).toMatchObject({ status: "firing", occurrences: 6, severity: "warning" });
    expect(await prisma.alertState.findUnique({ where: { key: `failure_rate:${model}` } })).toMatchObject({ status: "firing", occurrences: 4 });
    expect(await sentCount("job_failed", "firing")).toBe(jobFailedBefore + 1);
    expect(await sentCount("failure_rate", "firing")).toBe(rateBefore + 1);
    expect(logs().filter((l) => l.level === "error" && l.alert === `job_failed:${model}`)).toHaveLength(1);

    // 3 completions: the last 4 finished jobs hold 1 failure (25%), under the threshold.
    const completed = await startBRolls(3);
    await waitFor(allSettled(completed, "ready"), { what: "3 b-rolls ready", timeoutMs: 60_000 });
    await settleAlertDeliveries();
    const rateResolved = receiver.texts(`[RESOLVED] High failure rate: ${model}`);
    expect(rateResolved).toEqual([`:white_check_mark: [RESOLVED] High failure rate: ${model} — 1 of the last 4 finished jobs failed (25%).`]);
    expect(await prisma.alertState.findUnique({ where: { key: `failure_rate:${model}` } })).toMatchObject({ status: "resolved" });

    // The failures alert stays until a whole window passes without a new failure.
    await evaluateAlerts(minutesFromNow(5));
    await settleAlertDeliveries();
    expect(receiver.texts(`[RESOLVED] Generation failing: ${model}`)).toHaveLength(0);
    await evaluateAlerts(minutesFromNow(16));
    await settleAlertDeliveries();
    const resolved = receiver.texts(`[RESOLVED] Generation failing: ${model}`);
    expect(resolved).toHaveLength(1);
    expect(resolved[0]).toContain("no new failure for 15 minutes (6 failures from");

    const total = receiver.messages.length;
    await evaluateAlerts(minutesFromNow(17));
    await settleAlertDeliveries();
    expect(receiver.messages).toHaveLength(total);
    expect(receiver.texts(model)).toHaveLength(4);
  }, 300_000);
});

describe("job_failed and failure_rate, through markJobFailed", () => {
  it("reminds at most once per window while failures keep coming, with the count since it opened", async () => {
    const model = newModel();
    await failJob(model);
    await failJob(model);
    await settleAlertDeliveries();
    expect(receiver.texts(`Generation failing: ${model}`)).toHaveLength(1);

    // The last message went out a window ago: the next failure reminds, the one after does not.
    await prisma.alertState.update({ where: { key: `job_failed:${model}` }, data: { lastNotifiedAt: minutesFromNow(-16) } });
    const third = await failJob(model);
    await failJob(model);
    await settleAlertDeliveries();
    const texts = receiver.texts(`Generation failing: ${model}`);
    expect(texts).toHaveLength(2);
    expect(texts[1]).toMatch(new RegExp(`— 3 failures since \\d\\d:\\d\\d UTC\\. Last: job ${third} \\(text-to-video\\) failed: content_refused: `));
    expect(await prisma.alertState.findUnique({ where: { key: `job_failed:${model}` } })).toMatchObject({ status: "firing", occurrences: 4 });
  });

  it("concurrent failures of a new condition send one message each for job_failed and failure_rate", async () => {
    const model = newModel();
    const jobs = await Promise.all(Array.from({ length: 5 }, () => createJob(model)));
    await Promise.all(jobs.map((job) => markJobFailed(job.id, { code: "upstream_error", message: "The video service failed.", detail: "race" })));
    await settleAlertDeliveries();
    expect(receiver.texts(`[FIRING] Generation failing: ${model}`)).toHaveLength(1);
    expect(receiver.texts(`[FIRING] High failure rate: ${model}`)).toHaveLength(1);
    expect(await prisma.alertState.findUnique({ where: { key: `job_failed:${model}` } })).toMatchObject({ status: "firing", occurrences: 5 });
  });

  it("completions racing each other resolve the rate once and never reopen it", async () => {
    const model = newModel();
    for (let i = 0; i < 4; i++) await failJob(model);
    await Promise.all(Array.from({ length: 4 }, () => completeJob(model)));
    await settleAlertDeliveries();
    expect(receiver.texts(`[FIRING] High failure rate: ${model}`)).toHaveLength(1);
    expect(receiver.texts(`[RESOLVED] High failure rate: ${model}`)).toHaveLength(1);
    expect(await prisma.alertState.findUnique({ where: { key: `failure_rate:${model}` } })).toMatchObject({ status: "resolved" });
  });

  it("a job error is cut and carries no URL query string", async () => {
    const model = newModel();
    await failJob(model, `Download failed: https://v3.fal.media/files/out.mp4?X-Amz-Signature=0123abcd&X-Amz-Credential=AKIA99 ${"x".repeat(2000)}`);
    await settleAlertDeliveries();
    const [text] = receiver.texts(`Generation failing: ${model}`);
    expect(text).toContain("https://v3.fal.media/files/out.mp4?…");
    expect(text).not.toMatch(/0123abcd|AKIA99/);
    expect(text.length).toBeLessThan(600);
  });
});

describe("stuck jobs", () => {
  it("fires once for a job past its deadline, and resolves once when it ends", async () => {
    const deadline = getEnv().JOB_DEADLINE_MINUTES;
    await prisma.alertState.deleteMany({ where: { key: "stuck_jobs" } });
    const job = await createJob(newModel(), { createdAt: minutesFromNow(-deadline - 5) });
    const stuck = { status: { notIn: ["completed" as const, "failed" as const] }, createdAt: { lt: minutesFromNow(-deadline) } };
    expect(await prisma.generationJob.count({ where: { ...stuck, id: { not: job.id } } })).toBe(0); // no leftover of other files

    await evaluateAlerts();
    await settleAlertDeliveries();
    expect(receiver.texts("[FIRING] Jobs stuck past their deadline")).toEqual([
      `:rotating_light: [FIRING] Jobs stuck past their deadline — 1 job unfinished after ${deadline} minutes: ${job.id} (submitted, ${deadline + 5} min).`,
    ]);
    await evaluateAlerts();
    await settleAlertDeliveries();
    expect(receiver.texts("Jobs stuck past their deadline")).toHaveLength(1);
    expect(await prisma.alertState.findUnique({ where: { key: "stuck_jobs" } })).toMatchObject({ status: "firing", occurrences: 1 });

    await markJobFailed(job.id, { code: "timeout", message: "The generation did not finish in time.", detail: "deadline" });
    await evaluateAlerts();
    await evaluateAlerts();
    await settleAlertDeliveries();
    expect(receiver.texts("[RESOLVED] Jobs stuck past their deadline")).toHaveLength(1);
    expect(receiver.texts("Jobs stuck past their deadline")).toHaveLength(2);
  });
});

describe("a failing alert endpoint", () => {
  it("answering 500: the failure is still recorded, the delivery error logged", async () => {
    receiver.status = 500;
    const model = newModel();
    await expect(failJob(model)).resolves.toEqual(expect.any(String));
    await settleAlertDeliveries();
    expect(receiver.texts(`Generation failing: ${model}`)).toHaveLength(1);
    const logged = logs().find((l) => l.msg === "alert webhook delivery failed" && l.alert === `job_failed:${model}`);
    expect(logged).toMatchObject({ level: "error", reason: "HTTP 500", host: new URL(receiver.url).host });
    expect(JSON.stringify(logged)).not.toContain("secret-path");
    expect(await prisma.alertState.findUnique({ where: { key: `job_failed:${model}` } })).toMatchObject({ status: "firing", occurrences: 1 });
  });

  it("unreachable (connection refused): the same", async () => {
    const closed = await startReceiver();
    await closed.close();
    setEnv({ ALERT_WEBHOOK_URL: closed.url });
    try {
      const model = newModel();
      await failJob(model);
      await settleAlertDeliveries();
      expect(logs().find((l) => l.msg === "alert webhook delivery failed" && l.alert === `job_failed:${model}`)).toMatchObject({
        level: "error",
        reason: expect.stringContaining("ECONNREFUSED"),
      });
      expect(await prisma.alertState.findUnique({ where: { key: `job_failed:${model}` } })).toMatchObject({ status: "firing" });
    } finally {
      setEnv({ ALERT_WEBHOOK_URL: receiver.url });
    }
  });

  it("not answering: markJobFailed returns while the message is still in flight", async () => {
    receiver.hold = true;
    const model = newModel();
    const jobId = await failJob(model);
    expect(await prisma.generationJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: "failed" });
    const [held] = await waitFor(async () => (receiver.held.length ? receiver.held : null), { what: "the held alert request" });
    expect(held.closed()).toBe(false); // the caller did not wait for the answer (nor for the 5 s timeout)
    held.res.writeHead(200).end("ok");
    receiver.held.length = 0;
    await settleAlertDeliveries();
    expect(logs().filter((l) => l.msg === "alert webhook delivery failed" && l.alert === `job_failed:${model}`)).toHaveLength(0);
  });
});

describe("without ALERT_WEBHOOK_URL", () => {
  it("posts nothing, logs the alert and keeps its state", async () => {
    setEnv({ ALERT_WEBHOOK_URL: undefined });
    try {
      const model = newModel();
      const before = receiver.messages.length;
      await failJob(model);
      await settleAlertDeliveries();
      expect(receiver.messages).toHaveLength(before);
      expect(logs().find((l) => l.alert === `job_failed:${model}`)).toMatchObject({ level: "error", msg: `alert firing: Generation failing: ${model}`, occurrences: 1 });
      expect(await prisma.alertState.findUnique({ where: { key: `job_failed:${model}` } })).toMatchObject({ status: "firing", title: `Generation failing: ${model}` });
    } finally {
      setEnv({ ALERT_WEBHOOK_URL: receiver.url });
    }
  });
});

describe("listAlerts", () => {
  it("lists firing alerts first, then the most recently resolved", async () => {
    const [quiet, busy] = [newModel(), newModel()];
    await failJob(quiet);
    await prisma.alertState.update({ where: { key: `job_failed:${quiet}` }, data: { lastSeenAt: minutesFromNow(-20) } });
    await evaluateAlerts();
    await failJob(busy);

    const all = await listAlerts({ limit: 200 });
    const statuses = all.map((a) => a.status);
    expect(statuses.indexOf("resolved")).toBeGreaterThan(statuses.lastIndexOf("firing"));
    const resolvedAt = all.filter((a) => a.status === "resolved").map((a) => a.resolvedAt!);
    expect(resolvedAt).toEqual([...resolvedAt].sort().reverse());
    expect(all.find((a) => a.key === `job_failed:${quiet}`)).toMatchObject({ status: "resolved", occurrences: 1, resolvedAt: expect.any(String) });
    expect(all.find((a) => a.key === `job_failed:${busy}`)).toMatchObject({
      status: "firing",
      severity: "warning",
      title: `Generation failing: ${busy}`,
      message: expect.stringContaining("failed: content_refused: The video model refused"),
      resolvedAt: null,
    });
    expect((await listAlerts({ status: "firing" })).every((a) => a.status === "firing")).toBe(true);
    expect((await listAlerts({ status: "resolved", limit: 1 })).map((a) => a.key)).toEqual([all.find((a) => a.status === "resolved")!.key]);
  });
});
