// GET /api/metrics (and a separate worker's /metrics): off without METRICS_TOKEN, 401 without the
// right bearer token (a session grants nothing), and once open, the counters a real generation
// through the Fal simulator moves, the queue gauges read from the database, the library cache's
// hits and misses; and the structured log lines the same generation writes. Counters are
// process-wide, so every assertion is a difference measured around the action.
import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileStorage } from "@/_shared/core/file-storage.service";
import { FAL_QUEUE_LABEL, serveMetrics } from "@/_shared/core/monitoring/metrics-scrape";
import { tapLogs } from "@/_shared/lib/logger";
import { getMetrics } from "@/_shared/lib/prometheus";
import { prisma } from "@/_shared/lib/prisma";
import { getBoss, QUEUES } from "@/_shared/lib/queue";
import { storageKeys } from "@/_shared/lib/storage-keys";
import * as publicAvatars from "@/app/api/avatars/public/route";
import * as bRolls from "@/app/api/b-rolls/route";
import { GET as metricsRoute } from "@/app/api/metrics/route";
import { restoreEnv, setEnv } from "../env";
import { call, newProject, newUser, waitFor, type TestUser } from "../helpers";
import { sim, withPipeline } from "../pipeline";

const TOKEN = `metrics-${randomUUID()}`;
const TEXT_MODEL = "fal-ai/bytedance/seedance/v1/pro/text-to-video";
const KIND = "text-to-video";
const SMALL = { resolution: "480p", duration: 2 } as const;
const ALL_QUEUES = [...Object.values(QUEUES), FAL_QUEUE_LABEL];

// --- the Prometheus text format, as far as these tests read it ---

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** `name{label="value",...} number` lines; comments and blank lines skipped. */
function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim() || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!match) throw new Error(`unparsable metrics line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, raw] of (match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key] = raw.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
    const value = match[3] === "+Inf" ? Infinity : match[3] === "-Inf" ? -Infinity : Number(match[3]);
    samples.push({ name: match[1], labels, value });
  }
  return samples;
}

/** The series of `name` whose labels include `labels`. */
const series = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

/** The summed value of those series (0 when there is none yet: a counter not yet incremented). */
const valueOf = (samples: Sample[], name: string, labels: Record<string, string> = {}) => series(samples, name, labels).reduce((sum, s) => sum + s.value, 0);

function metricsRequest(headers: Record<string, string> = {}) {
  return metricsRoute(new NextRequest("http://localhost:3000/api/metrics", { headers }));
}

async function scrape(): Promise<Sample[]> {
  const res = await metricsRequest({ authorization: `Bearer ${TOKEN}` });
  expect(res.status).toBe(200);
  return parseMetrics(await res.text());
}

// --- settings ---

const setMetricsToken = (token: string | undefined) => setEnv({ METRICS_TOKEN: token });
beforeAll(() => setMetricsToken(TOKEN));
afterAll(() => restoreEnv());

describe("access", () => {
  it("404 while METRICS_TOKEN is unset, whatever the caller sends", async () => {
    setMetricsToken(undefined);
    try {
      const attempts: Array<Record<string, string>> = [{}, { authorization: `Bearer ${TOKEN}` }];
      for (const headers of attempts) {
        const res = await metricsRequest(headers);
        expect(res.status).toBe(404);
        expect(await res.json()).toEqual({ error: { code: "not_found", message: "Metrics are disabled: set METRICS_TOKEN to enable this endpoint" } });
      }
    } finally {
      setMetricsToken(TOKEN);
    }
  });

  it("401 with a Bearer challenge without a token, with a wrong one, or with a session (even an admin's)", async () => {
    const admin = await newUser({ role: "admin" });
    const cases: Array<[Record<string, string>, string]> = [
      [{}, "Send the metrics token as Authorization: Bearer <METRICS_TOKEN>"],
      [{ authorization: TOKEN }, "Send the metrics token as Authorization: Bearer <METRICS_TOKEN>"],
      [{ authorization: "Basic bWV0cmljczpzZWNyZXQ=" }, "Send the metrics token as Authorization: Bearer <METRICS_TOKEN>"],
      [{ cookie: `next-auth.session-token=${admin.token}` }, "Send the metrics token as Authorization: Bearer <METRICS_TOKEN>"],
      [{ authorization: `Bearer ${admin.token}` }, "The metrics token is not valid"],
      [{ authorization: `Bearer ${TOKEN.slice(0, -1)}x` }, "The metrics token is not valid"],
      [{ authorization: `Bearer ${TOKEN}${TOKEN}` }, "The metrics token is not valid"],
      [{ authorization: "Bearer short" }, "The metrics token is not valid"],
    ];
    for (const [headers, message] of cases) {
      const res = await metricsRequest(headers);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer\b/);
      expect(await res.json()).toEqual({ error: { code: "unauthorized", message } });
    }
  });

  it("200 in Prometheus text format with the token", async () => {
    const res = await metricsRequest({ authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(getMetrics().registry.contentType);
    const text = await res.text();
    expect(text).toContain("# TYPE better_ads_http_requests_total counter");
    expect(text).toContain("# TYPE better_ads_generation_duration_seconds histogram");
    expect(series(parseMetrics(text), "better_ads_process_resident_memory_bytes")).toHaveLength(1);
  });
});

describe("a worker's own /metrics server", () => {
  it("answers GET /metrics under the same token rule, 404 elsewhere, and closes", async () => {
    const server = await serveMetrics(0, "127.0.0.1");
    const url = (path: string) => `http://127.0.0.1:${server.port}${path}`;
    try {
      const ok = await fetch(url("/metrics"), { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(ok.status).toBe(200);
      expect(ok.headers.get("content-type")).toBe(getMetrics().registry.contentType);
      const samples = parseMetrics(await ok.text());
      for (const queue of ALL_QUEUES) expect(series(samples, "better_ads_queue_depth", { queue }), queue).toHaveLength(1);

      const noToken = await fetch(url("/metrics"));
      expect(noToken.status).toBe(401);
      expect(noToken.headers.get("www-authenticate")).toMatch(/^Bearer\b/);
      expect(await noToken.json()).toEqual({ error: { code: "unauthorized", message: "Send the metrics token as Authorization: Bearer <METRICS_TOKEN>" } });
      const wrong = await fetch(url("/metrics"), { headers: { authorization: "Bearer not-the-metrics-token" } });
      expect(wrong.status).toBe(401);

      const elsewhere = await fetch(url("/api/metrics"), { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(elsewhere.status).toBe(404);
      expect((await elsewhere.json()).error.code).toBe("not_found");
      const post = await fetch(url("/metrics"), { method: "POST", headers: { authorization: `Bearer ${TOKEN}` } });
      expect(post.status).toBe(405);
      expect(post.headers.get("allow")).toBe("GET");

      setMetricsToken(undefined);
      try {
        expect((await fetch(url("/metrics"), { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
      } finally {
        setMetricsToken(TOKEN);
      }
    } finally {
      await server.close();
    }
    await expect(fetch(url("/metrics"))).rejects.toThrow();
  });
});

// Before this file starts any worker: rows put in the queues here stay where they are.
describe("queue gauges", () => {
  it("count the runnable pg-boss jobs per queue and the generations waiting on Fal, with the age of the oldest", async () => {
    await getBoss(); // the queues (and their partitions) exist
    const before = await scrape();
    for (const queue of ALL_QUEUES) {
      expect(series(before, "better_ads_queue_depth", { queue }), queue).toHaveLength(1);
      expect(series(before, "better_ads_queue_oldest_waiting_seconds", { queue }), queue).toHaveLength(1);
    }
    const sweep = QUEUES.sweep;
    // Waiting: two created (10 min and 1 min ago) and one retry runnable since 30 s, though created 100 days ago.
    // Not waiting: one delayed to the future, one running, one done.
    const bossIds = await prisma.$queryRaw<Array<{ id: string }>>`
      INSERT INTO pgboss.job (name, data, state, start_after, created_on) VALUES
        (${sweep}, '{}', 'created', now() - interval '600 seconds', now() - interval '600 seconds'),
        (${sweep}, '{}', 'created', now() - interval '60 seconds', now() - interval '60 seconds'),
        (${sweep}, '{}', 'retry', now() - interval '30 seconds', now() - interval '100 days'),
        (${sweep}, '{}', 'created', now() + interval '1 hour', now()),
        (${sweep}, '{}', 'active', now() - interval '2 hours', now() - interval '2 hours'),
        (${sweep}, '{}', 'completed', now() - interval '3 hours', now() - interval '3 hours')
      RETURNING id::text`;
    // Waiting on Fal: one queued 2 h ago, one submitted 10 min ago; the others are past Fal.
    const ago = (ms: number) => new Date(Date.now() - ms);
    const statuses = [
      ["queued", ago(2 * 3600_000)],
      ["submitted", ago(600_000)],
      ["finalizing", ago(100 * 86400_000)],
      ["completed", ago(100 * 86400_000)],
      ["failed", ago(100 * 86400_000)],
    ] as const;
    const jobIds: string[] = [];
    for (const [status, createdAt] of statuses) {
      jobIds.push((await prisma.generationJob.create({ data: { kind: "text_to_video", model: TEXT_MODEL, status, input: {}, createdAt } })).id);
    }
    try {
      const after = await scrape();
      expect(valueOf(after, "better_ads_queue_depth", { queue: sweep }) - valueOf(before, "better_ads_queue_depth", { queue: sweep })).toBe(3);
      // Aged from when the job became runnable (10 min), not from the retry's creation (100 days).
      expect(valueOf(after, "better_ads_queue_oldest_waiting_seconds", { queue: sweep })).toBeGreaterThanOrEqual(600);
      expect(valueOf(after, "better_ads_queue_oldest_waiting_seconds", { queue: sweep })).toBeLessThan(86400);
      expect(valueOf(after, "better_ads_queue_depth", { queue: FAL_QUEUE_LABEL }) - valueOf(before, "better_ads_queue_depth", { queue: FAL_QUEUE_LABEL })).toBe(2);
      expect(valueOf(after, "better_ads_queue_oldest_waiting_seconds", { queue: FAL_QUEUE_LABEL })).toBeGreaterThanOrEqual(7200);
      expect(valueOf(after, "better_ads_queue_oldest_waiting_seconds", { queue: FAL_QUEUE_LABEL })).toBeLessThan(86400);
    } finally {
      for (const { id } of bossIds) await prisma.$executeRaw`DELETE FROM pgboss.job WHERE name = ${sweep} AND id = ${id}::uuid`;
      await prisma.generationJob.deleteMany({ where: { id: { in: jobIds } } });
    }
    const cleared = await scrape();
    expect(valueOf(cleared, "better_ads_queue_depth", { queue: sweep })).toBe(valueOf(before, "better_ads_queue_depth", { queue: sweep }));
    expect(valueOf(cleared, "better_ads_queue_depth", { queue: FAL_QUEUE_LABEL })).toBe(valueOf(before, "better_ads_queue_depth", { queue: FAL_QUEUE_LABEL }));
  });
});

describe("the public library cache", () => {
  it("counts a miss, then a hit, for the same listing", async () => {
    const cache = { cache: "public-avatars" };
    const path = `/api/avatars/public?q=${randomUUID()}`;
    const before = await scrape();
    expect((await call(publicAvatars.GET, { path })).status).toBe(200);
    const afterMiss = await scrape();
    expect((await call(publicAvatars.GET, { path })).status).toBe(200);
    const afterHit = await scrape();
    const delta = (a: Sample[], b: Sample[], result: string) =>
      valueOf(b, "better_ads_cache_requests_total", { ...cache, result }) - valueOf(a, "better_ads_cache_requests_total", { ...cache, result });
    expect([delta(before, afterMiss, "miss"), delta(before, afterMiss, "hit")]).toEqual([1, 0]);
    expect([delta(afterMiss, afterHit, "miss"), delta(afterMiss, afterHit, "hit")]).toEqual([0, 1]);
  });
});

describe("after simulated generations", () => {
  withPipeline();
  let user: TestUser;
  let projectId: string;
  const labels = { model: TEXT_MODEL, kind: KIND };

  beforeAll(async () => {
    user = await newUser();
    projectId = await newProject(user, "Metrics");
  });

  /** Scrapes until the job's outcome is counted (reported right after the b-roll settles). */
  const scrapeUntil = (before: Sample[], outcome: "completed" | "failed") =>
    waitFor(
      async () => {
        const samples = await scrape();
        const name = "better_ads_fal_jobs_total";
        return valueOf(samples, name, { ...labels, outcome }) > valueOf(before, name, { ...labels, outcome }) && samples;
      },
      { what: `a ${outcome} job in the metrics` },
    );

  it("a completed b-roll moves the Fal, spend, duration, finalisation and HTTP counters by exactly its share, and logs every step", async () => {
    const logs = tapLogs("debug");
    try {
      const before = await scrape();
      const res = await call(bRolls.POST, { method: "POST", path: "/api/b-rolls", user, body: { name: "Counted", prompt: "a metronome ticking on a piano", projectId, ...SMALL } });
      expect(res.status).toBe(202);
      const after = await scrapeUntil(before, "completed");
      const delta = (name: string, l: Record<string, string> = {}) => valueOf(after, name, l) - valueOf(before, name, l);

      const job = await prisma.generationJob.findUniqueOrThrow({ where: { id: res.json.jobId } });
      expect(job.status).toBe("completed");
      const cost = Number(job.estimatedCostUsd);
      expect(cost).toBeGreaterThan(0);
      expect(cost).toBe(res.json.estimatedCostUsd);
      const video = await fileStorage.statFile(storageKeys.bRollVideo({ userId: user.id, projectId, bRollId: res.json.id }));
      expect(video?.size).toBeGreaterThan(0);

      expect(delta("better_ads_fal_submissions_total", labels)).toBe(1);
      expect(delta("better_ads_fal_jobs_total", { ...labels, outcome: "completed" })).toBe(1);
      expect(delta("better_ads_fal_jobs_total", { ...labels, outcome: "failed" })).toBe(0);
      expect(delta("better_ads_estimated_spend_usd_total", { model: TEXT_MODEL })).toBeCloseTo(cost, 9);
      expect(delta("better_ads_generation_duration_seconds_count", { ...labels, phase: "total" })).toBe(1);
      expect(delta("better_ads_generation_duration_seconds_count", { ...labels, phase: "queue" })).toBe(1);
      expect(delta("better_ads_generation_duration_seconds_count", { ...labels, phase: "inference" })).toBe(1);
      expect(delta("better_ads_finalization_bytes_total", { kind: KIND })).toBe(video!.size);
      expect(delta("better_ads_finalization_duration_seconds_count", { kind: KIND })).toBe(1);
      const post = { method: "POST", route: "/api/b-rolls", status: "202" };
      expect(delta("better_ads_http_requests_total", post)).toBe(1);
      expect(delta("better_ads_http_request_duration_seconds_count", post)).toBe(1);
      for (const queue of ALL_QUEUES) {
        expect(series(after, "better_ads_queue_depth", { queue }), queue).toHaveLength(1);
        expect(series(after, "better_ads_queue_oldest_waiting_seconds", { queue }), queue).toHaveLength(1);
      }

      // The logs: the request with its id, then each pipeline step with the job's particulars.
      expect(logs.entries).toContainEqual(expect.objectContaining({ msg: "request", method: "POST", route: "/api/b-rolls", status: 202, requestId: expect.any(String) }));
      const steps = logs.entries.filter((line) => line.jobId === job.id);
      expect(steps.map((line) => line.event)).toEqual(expect.arrayContaining(["submitted", "outcome", "finalizing", "completed"]));
      for (const line of steps) {
        expect(line).toMatchObject({ level: "info", model: TEXT_MODEL, kind: KIND, attempts: expect.any(Number), estimatedCostUsd: cost, userId: user.id, bRollId: res.json.id });
      }
      const completed = steps.find((line) => line.event === "completed");
      expect(completed).toMatchObject({ msg: "generation job completed", bytes: video!.size, queueMs: expect.any(Number), totalMs: expect.any(Number), generationMs: expect.any(Number) });
      const everything = logs.raw.join("");
      expect(everything).not.toContain(process.env.FAL_KEY);
      expect(everything).not.toMatch(/X-Amz-(Signature|Credential)=(?!\[redacted\])/);
    } finally {
      logs.stop();
    }
  });

  it("a refused generation counts as failed for its model and kind", async () => {
    await sim.set({ refuseNext: 1 });
    const logs = tapLogs("debug");
    try {
      const before = await scrape();
      const res = await call(bRolls.POST, { method: "POST", path: "/api/b-rolls", user, body: { name: "Refused", prompt: "a refused prompt", projectId, ...SMALL } });
      expect(res.status).toBe(202);
      const after = await scrapeUntil(before, "failed");
      const delta = (name: string, l: Record<string, string> = {}) => valueOf(after, name, l) - valueOf(before, name, l);
      expect((await prisma.generationJob.findUniqueOrThrow({ where: { id: res.json.jobId } })).status).toBe("failed");
      expect(delta("better_ads_fal_submissions_total", labels)).toBe(1);
      expect(delta("better_ads_fal_jobs_total", { ...labels, outcome: "failed" })).toBe(1);
      expect(delta("better_ads_fal_jobs_total", { ...labels, outcome: "completed" })).toBe(0);
      expect(delta("better_ads_generation_duration_seconds_count", { ...labels, phase: "total" })).toBe(1);
      expect(delta("better_ads_finalization_bytes_total", { kind: KIND })).toBe(0);

      const failed = logs.entries.find((line) => line.jobId === res.json.jobId && line.event === "failed");
      expect(failed).toMatchObject({ level: "warn", msg: "generation job failed", model: TEXT_MODEL, kind: KIND, errorCode: expect.any(String), attempts: expect.any(Number) });
    } finally {
      logs.stop();
    }
  });
});
