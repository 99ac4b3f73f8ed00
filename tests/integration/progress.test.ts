// Progress people can trust: the stage of a job, the usual time measured on the jobs before it (and
// its fallbacks), Fal's queue place and start read while a stream is open, and GET /api/events: the
// owner's stream receives their job's stages and spend, another user's stream nothing of it, and an
// anonymous caller a 401.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshFalStatuses } from "@/_shared/core/generation/fal-progress";
import { openSubscriptions } from "@/_shared/core/generation/job-events";
import { ETA_HISTORY_JOBS, expectedDuration, jobUpdateFor, MAX_UNFINISHED_PROGRESS, progressOf, stageOf } from "@/_shared/core/generation/progress";
import { prisma } from "@/_shared/lib/prisma";
import type { SpendUpdate } from "@/_shared/schemas/events";
import * as bRolls from "@/app/api/b-rolls/route";
import * as events from "@/app/api/events/route";
import { openStream } from "../event-stream";
import { restoreEnv, setEnv } from "../env";
import { call, newProject, newUser, post, settledRow, waitFor, type TestUser } from "../helpers";
import { sim, withPipeline } from "../pipeline";

withPipeline();

const SMALL = { resolution: "480p", duration: 2 } as const;
let owner: TestUser;
let other: TestUser;
let projectId: string;

beforeAll(async () => {
  owner = await newUser();
  other = await newUser();
  projectId = await newProject(owner);
});
afterAll(() => restoreEnv());

// ----- the usual time -----

/** A finished job of `model` that took `seconds`, as the job log keeps it. */
async function pastJob(model: string, seconds: number, options: { resolution: string; duration: number }, more: { status?: "completed" | "failed"; errorCode?: string } = {}) {
  const completedAt = new Date(Date.now() - 60_000);
  await prisma.generationJob.create({
    data: {
      kind: "text_to_video",
      model,
      status: more.status ?? "completed",
      errorCode: more.errorCode ?? null,
      input: { request: { prompt: "past", options }, falInput: {} },
      createdAt: new Date(completedAt.getTime() - seconds * 1000),
      completedAt,
    },
  });
}

describe("the usual time of a job", () => {
  it("is the median of the same model, resolution and duration; then of the model; then the kind's default", async () => {
    const model = `eta-test/${randomUUID()}`;
    const hd5 = { resolution: "720p", duration: 5 };
    for (const seconds of [60, 90, 200]) await pastJob(model, seconds, hd5);
    for (const seconds of [10, 12]) await pastJob(model, seconds, { resolution: "480p", duration: 5 });
    // Neither a failure nor a clip finished after its deadline says how long a job takes.
    await pastJob(model, 5, hd5, { status: "failed" });
    await pastJob(model, 3000, hd5, { errorCode: "finished_late" });

    expect(await expectedDuration({ kind: "text-to-video", model, resolution: "720p", durationSeconds: 5 }, { fresh: true })).toEqual({
      expectedMs: 90_000,
      basis: "model_resolution_duration",
      samples: 3,
    });
    // 1080p has no history (fewer than three jobs): the model's median of all five, 60 s.
    expect(await expectedDuration({ kind: "text-to-video", model, resolution: "1080p", durationSeconds: 5 }, { fresh: true })).toEqual({
      expectedMs: 60_000,
      basis: "model",
      samples: 5,
    });
    const unknown = await expectedDuration({ kind: "text-to-video", model: `eta-test/${randomUUID()}`, resolution: "720p", durationSeconds: 5 }, { fresh: true });
    expect(unknown).toMatchObject({ basis: "default", samples: 0 });
    expect(unknown.expectedMs).toBeGreaterThan(0);
  });

  it("reads only the last jobs of the model: the old ones no longer count", async () => {
    const model = `eta-test/${randomUUID()}`;
    const options = { resolution: "720p", duration: 5 };
    // Older jobs took 500 s; the last ETA_HISTORY_JOBS took 40 s.
    for (let i = 0; i < 5; i++) {
      await prisma.generationJob.create({
        data: { kind: "text_to_video", model, status: "completed", input: { request: { prompt: "old", options }, falInput: {} }, createdAt: new Date(Date.now() - 86_400_000 - 500_000), completedAt: new Date(Date.now() - 86_400_000) },
      });
    }
    for (let i = 0; i < ETA_HISTORY_JOBS; i++) await pastJob(model, 40, options);
    expect(await expectedDuration({ kind: "text-to-video", model, resolution: "720p", durationSeconds: 5 }, { fresh: true })).toEqual({
      expectedMs: 40_000,
      basis: "model_resolution_duration",
      samples: ETA_HISTORY_JOBS,
    });
  });
});

describe("stage and progress", () => {
  it("follows the job log: queued, generating once Fal runs it, copying once its outcome is in, then ready or failed", () => {
    const at = new Date();
    expect(stageOf({ status: "queued", outcomeAt: null, startedAt: null })).toBe("queued");
    expect(stageOf({ status: "submitted", outcomeAt: null, startedAt: null })).toBe("queued");
    expect(stageOf({ status: "submitted", outcomeAt: null, startedAt: at })).toBe("generating");
    expect(stageOf({ status: "submitted", outcomeAt: at, startedAt: at })).toBe("copying");
    expect(stageOf({ status: "finalizing", outcomeAt: at, startedAt: null })).toBe("copying");
    expect(stageOf({ status: "completed", outcomeAt: at, startedAt: at })).toBe("ready");
    expect(stageOf({ status: "failed", outcomeAt: null, startedAt: null })).toBe("failed");
  });

  it("is elapsed over expected, held below the end until ready, and says nothing of the time left once past the usual", () => {
    expect(progressOf("queued", 30_000, 120_000)).toEqual({ progress: 0.25, remainingMs: 90_000 });
    expect(progressOf("generating", 200_000, 120_000)).toEqual({ progress: MAX_UNFINISHED_PROGRESS, remainingMs: null });
    expect(progressOf("copying", 10_000, 120_000).progress).toBeGreaterThanOrEqual(0.9);
    expect(progressOf("ready", 10_000, 120_000)).toEqual({ progress: 1, remainingMs: 0 });
    expect(progressOf("failed", 10_000, 120_000)).toEqual({ progress: null, remainingMs: null });
  });
});

// ----- the stream -----

describe("GET /api/events", () => {
  it("answers 401 without a session, and the snapshot as JSON to a caller that does not ask for a stream", async () => {
    const anonymous = await openStream(null);
    expect(anonymous.res.status).toBe(401);
    expect((await anonymous.res.json()).error.code).toBe("unauthorized");

    const res = await call(events.GET, { user: other });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ jobs: [], spend: { dailySpendCapUsd: expect.anything(), spentTodayUsd: 0, remainingTodayUsd: expect.anything(), resetsAt: expect.any(String) } });
  });

  it("pushes the owner's job from queued to ready, and the spend it adds, to the owner's stream only; closing it leaves no listener", async () => {
    setEnv({ DAILY_SPEND_CAP_USD: "20" });
    const before = openSubscriptions();
    const mine = await openStream(owner);
    const theirs = await openStream(other);
    expect(mine.res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    await waitFor(() => mine.received.some((e) => e.event === "snapshot") && theirs.received.some((e) => e.event === "snapshot"), { what: "both snapshots" });
    expect(openSubscriptions()).toBe(before + 2);

    const created = await post(bRolls.POST, owner, { name: "Pushed", prompt: "a paper boat on a pond", projectId, ...SMALL });
    expect(created.status).toBe(202);
    const bRollId = created.json.id as string;
    const jobId = created.json.jobId as string;
    const updates = await waitFor(() => {
      const seen = mine.jobEvents(jobId);
      return seen.some((u) => u.stage === "ready") && seen;
    }, { what: "the ready event on the owner's stream" });

    expect(updates[0]).toMatchObject({ jobId, kind: "text-to-video", resource: { type: "b-roll", id: bRollId, name: "Pushed", projectId }, stage: "queued" });
    expect(updates.at(-1)).toMatchObject({ stage: "ready", progress: 1, remainingMs: 0, error: null });
    expect(updates.map((u) => u.stage)).toContain("copying");
    for (const update of updates) expect(update.expectedMs).toBeGreaterThan(0);
    const spends = mine.received.filter((e) => e.event === "spend").map((e) => e.data as SpendUpdate);
    expect(spends.at(-1)).toMatchObject({ dailySpendCapUsd: 20, spentTodayUsd: created.json.estimatedCostUsd });

    await settledRow("bRoll", bRollId);
    expect(theirs.received.filter((e) => e.event !== "snapshot")).toEqual([]);
    for (const id of [bRollId, jobId, owner.id]) expect(theirs.raw()).not.toContain(id);

    await mine.close();
    await theirs.close();
    await waitFor(() => openSubscriptions() === before, { what: "the listeners to go" });
  });

  it("reads Fal's queue place and start while a stream is open, and the job's update says so", async () => {
    await sim.set({ latencyMs: 4000 });
    const created = await post(bRolls.POST, owner, { name: "Watched", prompt: "clouds over a lighthouse", projectId, ...SMALL });
    const jobId = created.json.jobId as string;
    await waitFor(() => prisma.generationJob.findFirst({ where: { id: jobId, status: "submitted" } }), { what: "the submission" });
    // Each read is claimed for an interval; the test clears the claim so it can read again at once.
    const readNow = () => prisma.generationJob.update({ where: { id: jobId }, data: { statusCheckedAt: null } }).then(() => refreshFalStatuses(owner.id));
    const queued = await jobUpdateFor(owner.id, jobId);
    expect(queued).toMatchObject({ stage: "queued", queuePosition: 0 });

    const started = await waitFor(async () => {
      await readNow();
      const update = await jobUpdateFor(owner.id, jobId);
      return update?.stage === "generating" && update;
    }, { what: "Fal to run the request" });
    expect(started.queuePosition).toBeNull();
    expect(await jobUpdateFor(other.id, jobId)).toBeNull();
    await settledRow("generationJob", jobId);
    expect(await jobUpdateFor(owner.id, jobId)).toMatchObject({ stage: "ready", progress: 1 });
  });
});
