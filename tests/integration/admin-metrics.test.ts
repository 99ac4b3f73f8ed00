// GET /api/admin/metrics against a known set of jobs seeded in January 2025 (no other test file
// creates jobs then): every figure below is worked out by hand from the table in `seed()`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/_shared/lib/prisma";
import * as metrics from "@/app/api/admin/metrics/route";
import { restoreEnv, setEnv } from "../env";
import { call, newProject, newUser, type TestUser } from "../helpers";

const IMG = "fal-ai/flux/dev";
const T2V = "fal-ai/bytedance/seedance/v1/pro/text-to-video";
const I2V = "fal-ai/bytedance/seedance/v1/pro/image-to-video";
const PERIOD = "/api/admin/metrics?from=2025-01-01&to=2025-01-08";

let admin: TestUser;
let alice: TestUser;
let bob: TestUser;
let launch: string;
let promo: string;
let stuckId: string;
let recentId: string;

type Seed = {
  model: string;
  status: "queued" | "submitted" | "completed" | "failed";
  at: string;
  user?: TestUser;
  project?: string;
  cost: number;
  /** Seconds from creation to completion (completed jobs). */
  took?: number;
  resolution?: string;
  /** Fal accepted it (default: yes). */
  billed?: boolean;
};

async function seedJob(job: Seed) {
  const kind = job.model === IMG ? "text_to_image" : job.model === T2V ? "text_to_video" : "image_to_video";
  const createdAt = new Date(job.at);
  const row = await prisma.generationJob.create({
    data: {
      kind,
      model: job.model,
      status: job.status,
      input: { role: kind, falInput: job.resolution ? { prompt: "p", resolution: job.resolution } : { prompt: "p", image_size: "portrait_4_3" } },
      falRequestId: job.billed === false ? null : `metrics-${crypto.randomUUID()}`,
      estimatedCostUsd: job.cost,
      userId: job.user?.id,
      projectId: job.project,
      createdAt,
      completedAt: job.took === undefined ? (job.status === "failed" ? createdAt : null) : new Date(createdAt.getTime() + job.took * 1000),
    },
  });
  return row.id;
}

beforeAll(async () => {
  admin = await newUser({ role: "admin" });
  alice = await newUser();
  bob = await newUser();
  await prisma.user.update({ where: { id: alice.id }, data: { name: "Alice" } });
  launch = await newProject(alice, "Launch");
  promo = await newProject(bob, "Promo");
  const a = { user: alice, project: launch };
  const b = { user: bob, project: promo };
  // #  model  status      created (UTC)        who        cost   took   resolution
  await seedJob({ model: IMG, status: "completed", at: "2025-01-02T10:00:00Z", ...a, cost: 0.025, took: 10 }); // 1
  await seedJob({ model: IMG, status: "completed", at: "2025-01-02T11:00:00Z", ...a, cost: 0.025, took: 20 }); // 2
  await seedJob({ model: IMG, status: "completed", at: "2025-01-04T09:00:00Z", ...b, cost: 0.025, took: 30 }); // 3
  await seedJob({ model: IMG, status: "completed", at: "2025-01-04T09:30:00Z", user: bob, cost: 0.025, took: 40 }); // 4 (no project)
  await seedJob({ model: IMG, status: "failed", at: "2025-01-05T12:00:00Z", ...a, cost: 0.025 }); // 5 billed
  await seedJob({ model: IMG, status: "failed", at: "2025-01-05T13:00:00Z", ...b, cost: 0.025, billed: false }); // 6 never reached Fal
  await seedJob({ model: T2V, status: "completed", at: "2025-01-02T12:00:00Z", ...a, cost: 0.6, took: 60, resolution: "1080p" }); // 7
  await seedJob({ model: T2V, status: "completed", at: "2025-01-03T08:00:00Z", ...a, cost: 0.6, took: 120, resolution: "1080p" }); // 8
  await seedJob({ model: T2V, status: "completed", at: "2025-01-03T09:00:00Z", ...b, cost: 0.3, took: 50, resolution: "720p" }); // 9
  await seedJob({ model: T2V, status: "failed", at: "2025-01-06T10:00:00Z", ...b, cost: 0.3, resolution: "720p" }); // 10
  stuckId = await seedJob({ model: T2V, status: "submitted", at: "2025-01-07T23:00:00Z", ...a, cost: 0.3, resolution: "720p" }); // 11 stuck
  await seedJob({ model: I2V, status: "completed", at: "2025-01-06T15:00:00Z", cost: 0.6, took: 80, resolution: "1080p" }); // 12 library (no user)
  // Outside [2025-01-01, 2025-01-08): just before, and exactly at the (excluded) end.
  await seedJob({ model: IMG, status: "completed", at: "2024-12-31T23:59:59.999Z", ...a, cost: 1, took: 5 });
  await seedJob({ model: IMG, status: "completed", at: "2025-01-08T00:00:00Z", ...a, cost: 1, took: 5 });
  // Running but young: not stuck.
  recentId = await seedJob({ model: IMG, status: "queued", at: new Date().toISOString(), ...a, cost: 0.025 });
});

afterAll(() => restoreEnv());

describe("GET /api/admin/metrics", () => {
  it("answers the exact figures of the seeded period", async () => {
    const res = await call(metrics.GET, { user: admin, path: PERIOD });
    expect(res.status).toBe(200);
    const body = res.json;
    expect(body.period).toEqual({ from: "2025-01-01T00:00:00.000Z", to: "2025-01-08T00:00:00.000Z", timezone: "UTC" });
    expect(body.totals).toEqual({ jobs: 12, completed: 8, failed: 3, inProgress: 1, successRate: 0.7273, estimatedSpendUsd: 2.825 });
    expect(body.jobs).toEqual({
      byModel: [
        { model: IMG, count: 6 },
        { model: T2V, count: 5 },
        { model: I2V, count: 1 },
      ],
      byKind: [
        { kind: "text-to-image", count: 6 },
        { kind: "image-edit", count: 0 },
        { kind: "image-to-video", count: 1 },
        { kind: "text-to-video", count: 5 },
      ],
      byStatus: [
        { status: "queued", count: 0 },
        { status: "submitted", count: 1 },
        { status: "finalizing", count: 0 },
        { status: "completed", count: 8 },
        { status: "failed", count: 3 },
      ],
    });
    expect(body.successRate).toEqual([
      { model: I2V, kind: "image-to-video", completed: 1, failed: 0, rate: 1 },
      { model: T2V, kind: "text-to-video", completed: 3, failed: 1, rate: 0.75 },
      { model: IMG, kind: "text-to-image", completed: 4, failed: 2, rate: 0.6667 },
    ]);
    // percentile_cont: 10/20/30/40 s -> p50 25 s, p95 30 + 0.85 * 10 = 38.5 s; 60/120 s -> 90 s, 117 s.
    expect(body.durations).toEqual([
      { model: I2V, resolution: "1080p", count: 1, p50Ms: 80_000, p95Ms: 80_000 },
      { model: T2V, resolution: "1080p", count: 2, p50Ms: 90_000, p95Ms: 117_000 },
      { model: T2V, resolution: "720p", count: 1, p50Ms: 50_000, p95Ms: 50_000 },
      { model: IMG, resolution: null, count: 4, p50Ms: 25_000, p95Ms: 38_500 },
    ]);
    expect(body.spend.perDay).toEqual([
      { day: "2025-01-01", jobs: 0, failed: 0, usd: 0 },
      { day: "2025-01-02", jobs: 3, failed: 0, usd: 0.65 },
      { day: "2025-01-03", jobs: 2, failed: 0, usd: 0.9 },
      { day: "2025-01-04", jobs: 2, failed: 0, usd: 0.05 },
      { day: "2025-01-05", jobs: 2, failed: 2, usd: 0.025 }, // the unbilled failure costs nothing
      { day: "2025-01-06", jobs: 2, failed: 1, usd: 0.9 },
      { day: "2025-01-07", jobs: 1, failed: 0, usd: 0.3 },
    ]);
    expect(body.spend.perUser).toEqual([
      { id: alice.id, email: alice.email, name: "Alice", jobs: 6, usd: 1.575 },
      { id: bob.id, email: bob.email, name: null, jobs: 5, usd: 0.65 },
    ]);
    expect(body.spend.perProject).toEqual([
      { id: launch, name: "Launch", ownerEmail: alice.email, jobs: 6, usd: 1.575 },
      { id: promo, name: "Promo", ownerEmail: bob.email, jobs: 4, usd: 0.625 },
    ]);
    expect(body.spend.perModel).toEqual([
      { model: T2V, jobs: 5, usd: 2.1 },
      { model: I2V, jobs: 1, usd: 0.6 },
      { model: IMG, jobs: 6, usd: 0.125 },
    ]);
    expect(Array.isArray(body.alerts)).toBe(true);
  });

  it("lists the jobs running past JOB_DEADLINE_MINUTES now, whatever the period", async () => {
    setEnv({ JOB_DEADLINE_MINUTES: "45" });
    const before = Date.now();
    const res = await call(metrics.GET, { user: admin, path: "/api/admin/metrics?from=2026-01-01&to=2026-01-02" });
    const after = Date.now();
    expect(res.status).toBe(200);
    expect(res.json.totals.jobs).toBe(0);
    const { stuck } = res.json;
    expect(stuck.deadlineMinutes).toBe(45);
    expect(stuck.count).toBeGreaterThanOrEqual(stuck.jobs.length);
    const mine = stuck.jobs.find((job: { id: string }) => job.id === stuckId);
    const created = Date.parse("2025-01-07T23:00:00Z");
    expect(mine).toEqual({
      id: stuckId,
      model: T2V,
      kind: "text-to-video",
      status: "submitted",
      createdAt: "2025-01-07T23:00:00.000Z",
      minutesOverdue: expect.any(Number),
      userId: alice.id,
      userEmail: alice.email,
      avatarId: null,
      bRollId: null,
    });
    expect(mine.minutesOverdue).toBeGreaterThanOrEqual(Math.floor((before - created) / 60_000) - 45);
    expect(mine.minutesOverdue).toBeLessThanOrEqual(Math.floor((after - created) / 60_000) - 45);
    expect(stuck.jobs.some((job: { id: string }) => job.id === recentId)).toBe(false);
    // No other job of the seed is unfinished: the completed and failed ones are never stuck.
    const seededStuck = stuck.jobs.filter((job: { model: string; createdAt: string }) => job.createdAt.startsWith("2025-01"));
    expect(seededStuck.map((job: { id: string }) => job.id)).toEqual([stuckId]);
  });

  it("lists every UTC day touched by a period that starts mid-day, and defaults to the last 30 days", async () => {
    const partial = await call(metrics.GET, { user: admin, path: "/api/admin/metrics?from=2025-01-02T12:00:00Z&to=2025-01-04T09:15:00%2B00:00" });
    expect(partial.status).toBe(200);
    // Jobs 7 (12:00, included: from is inclusive), 8, 9 and 3 (09:00); not 1, 2 (before noon) nor 4 (09:30).
    expect(partial.json.spend.perDay).toEqual([
      { day: "2025-01-02", jobs: 1, failed: 0, usd: 0.6 },
      { day: "2025-01-03", jobs: 2, failed: 0, usd: 0.9 },
      { day: "2025-01-04", jobs: 1, failed: 0, usd: 0.025 },
    ]);

    const before = Date.now();
    const byDefault = await call(metrics.GET, { user: admin, path: "/api/admin/metrics" });
    expect(byDefault.status).toBe(200);
    const { from, to } = byDefault.json.period;
    expect(Date.parse(to)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(to) - Date.parse(from)).toBe(30 * 24 * 3600 * 1000);
    expect(byDefault.json.spend.perDay).toHaveLength(31); // a rolling 30 days touch 31 UTC days

    const onlyTo = await call(metrics.GET, { user: admin, path: "/api/admin/metrics?to=2025-01-08" });
    expect(onlyTo.json.period).toEqual({ from: "2024-12-09T00:00:00.000Z", to: "2025-01-08T00:00:00.000Z", timezone: "UTC" });
    expect(onlyTo.json.totals.jobs).toBe(13); // the seed plus the job just before 2025-01-01
  });

  it("is for admins only", async () => {
    expect(await call(metrics.GET, { path: PERIOD })).toMatchObject({ status: 401, json: { error: { code: "unauthorized" } } });
    expect(await call(metrics.GET, { user: alice, path: PERIOD })).toMatchObject({ status: 403, json: { error: { code: "forbidden" } } });
  });

  it.each([
    ["from=yesterday", "from", "from must be an ISO date (2025-01-31) or date-time with a zone (2025-01-31T12:00:00Z)"],
    ["from=2025-02-30", "from", "from must be an ISO date (2025-01-31) or date-time with a zone (2025-01-31T12:00:00Z)"],
    ["to=2025-01-08T00:00:00", "to", "to must be an ISO date (2025-01-31) or date-time with a zone (2025-01-31T12:00:00Z)"],
    ["from=2025-01-08&to=2025-01-08", "from", "from must be before to"],
    ["from=2025-01-09&to=2025-01-08", "from", "from must be before to"],
    ["from=2024-01-01&to=2025-01-02", "to", "The period must be at most 366 days"],
    ["from=2025-01-01&from=2025-01-02", "from", "from must be an ISO date (2025-01-31) or date-time with a zone (2025-01-31T12:00:00Z)"],
  ])("answers 400 naming the parameter for %s", async (search, path, message) => {
    const res = await call(metrics.GET, { user: admin, path: `/api/admin/metrics?${search}` });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: { code: "bad_request", message: "The request is invalid", details: [{ path, message }] } });
  });

  it("refuses unknown parameters (a typo must not silently widen the period)", async () => {
    const res = await call(metrics.GET, { user: admin, path: "/api/admin/metrics?form=2025-01-01" });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("bad_request");
  });

  it("accepts a period of exactly 366 days", async () => {
    const res = await call(metrics.GET, { user: admin, path: "/api/admin/metrics?from=2024-01-08&to=2025-01-08" });
    expect(res.status).toBe(200);
    expect(res.json.spend.perDay).toHaveLength(366);
    expect(res.json.totals.jobs).toBe(13);
  });
});
