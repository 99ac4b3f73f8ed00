// The burst itself (bench/burst.ts): users with a project each, an idle baseline of the listing,
// then every user creating b-rolls back to back while a sampler times the listing, until every
// creation is ready or failed (or the wait gives up). Returns what was measured; burst-report.ts
// turns it into figures.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { VIDEO_DURATION } from "../_shared/schemas/generation-options";
import { benchUsers, type BenchStack, type BenchUser } from "./stack";
import type { RequestTimeline } from "../tools/fal-simulator/server";

export interface BurstPlan {
  mode: "inline" | "separate";
  creations: number;
  users: number;
  /** The simulator's account concurrency and each request's latency. */
  concurrency: number;
  latencyMs: number;
}

/** One creation as the client saw it, and as the database and the simulator recorded it. */
export interface Creation {
  prompt: string;
  sentAt: number;
  httpStatus: number;
  bRollId: string | null;
  rows: number;
  status: string | null;
  jobCreatedAt: number | null;
  submittedAt: number | null;
  outcomeAt: number | null;
  claimedAt: number | null;
  completedAt: number | null;
  /** Fal requests the simulator accepted for this creation, and those the job recorded giving up on. */
  falRequests: RequestTimeline[];
  recordedResubmissions: number;
}

export interface BurstMeasurement {
  creations: Creation[];
  submitPhaseMs: number;
  /** From the first create sent to the last creation settled (or the wait's end). */
  wallMs: number;
  idleListMs: number[];
  burstListMs: number[];
  /** Listing answers other than 200 during the burst, by status (0: no answer). */
  burstListErrors: Record<number, number>;
  /** Submissions the simulator accepted whose prompt is none of ours (should be none). */
  strayFalRequests: number;
  /** Everything the simulator accepted, for `simulator.requests` vs jobs. */
  falSubmissions: number;
}

const IDLE_SAMPLES = 100;
const SETTLE_POLL_MS = 1000;

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function api(stack: BenchStack, user: BenchUser, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = { authorization: `Bearer ${user.token}`, ...(init.body ? { "content-type": "application/json" } : {}), ...init.headers };
  return fetch(`${stack.baseUrl}${path}`, { ...init, headers });
}

async function createProject(stack: BenchStack, user: BenchUser): Promise<string> {
  const res = await api(stack, user, "/api/projects", { method: "POST", body: JSON.stringify({ name: "Campaign burst" }) });
  if (res.status !== 201 && res.status !== 200) throw new Error(`POST /api/projects answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** Longer than any answer a working server gives; a request past it counts as unanswered (status 0). */
const REQUEST_TIMEOUT_MS = 60_000;

/** One GET of a user's project listing, timed, with its status (0: no answer). */
async function timeListing(stack: BenchStack, user: BenchUser, projectId: string): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  try {
    const res = await api(stack, user, `/api/b-rolls?projectId=${encodeURIComponent(projectId)}`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    await res.arrayBuffer();
    return { ms: performance.now() - started, status: res.status };
  } catch {
    return { ms: performance.now() - started, status: 0 };
  }
}

/** Times the listing one request at a time, round the users, until `stop` says so; failed answers are counted, not timed. */
function sampleListing(stack: BenchStack, users: BenchUser[], projects: string[], stop: () => boolean, pauseMs: number) {
  const samples: number[] = [];
  const errors: Record<number, number> = {};
  const done = (async () => {
    for (let i = 0; !stop(); i++) {
      const { ms, status } = await timeListing(stack, users[i % users.length], projects[i % users.length]);
      if (status === 200) samples.push(ms);
      else errors[status] = (errors[status] ?? 0) + 1;
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  })();
  return { samples, errors, done };
}

/** The cheapest clip: 480p, the shortest duration, text-to-video (no image to copy). */
function creationBody(projectId: string, prompt: string): string {
  return JSON.stringify({ projectId, name: prompt, prompt, resolution: "480p", duration: VIDEO_DURATION.min, aspectRatio: "9:16" });
}

async function createAll(stack: BenchStack, users: BenchUser[], projects: string[], prompts: string[]): Promise<Creation[]> {
  const creations: Creation[] = prompts.map((prompt) => ({
    prompt,
    sentAt: 0,
    httpStatus: 0,
    bRollId: null,
    rows: 0,
    status: null,
    jobCreatedAt: null,
    submittedAt: null,
    outcomeAt: null,
    claimedAt: null,
    completedAt: null,
    falRequests: [],
    recordedResubmissions: 0,
  }));
  await Promise.all(
    users.map(async (user, u) => {
      // Each user creates their share back to back, as a campaign tool would.
      for (let i = u; i < creations.length; i += users.length) {
        const creation = creations[i];
        creation.sentAt = Date.now();
        const res = await api(stack, user, "/api/b-rolls", {
          method: "POST",
          headers: { "idempotency-key": randomUUID() },
          body: creationBody(projects[u], creation.prompt),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        }).catch(() => null);
        creation.httpStatus = res?.status ?? 0;
        const body = (await res?.json().catch(() => null)) as { id?: string } | null;
        creation.bRollId = res?.status === 202 ? (body?.id ?? null) : null;
      }
    }),
  );
  return creations;
}

async function processingCount(db: pg.Client, userIds: string[]): Promise<number> {
  const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM "BRoll" WHERE "userId" = ANY($1) AND status = 'processing'`, [userIds]);
  return Number(rows[0].n);
}

/** How long the count of processing creations may stay the same before the wait gives up (a wedged pipeline). */
const STALL_MS = 120_000;

/** Waits until no creation is processing, `deadline`, or no progress for STALL_MS; answers when it stopped waiting. */
async function settle(db: pg.Client, userIds: string[], deadline: number): Promise<number> {
  let last = Number.POSITIVE_INFINITY;
  let lastChange = Date.now();
  while (Date.now() < deadline && Date.now() - lastChange < STALL_MS) {
    const processing = await processingCount(db, userIds);
    if (processing === 0) return Date.now();
    if (processing !== last) [last, lastChange] = [processing, Date.now()];
    await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
  }
  console.log(`[burst] gave up waiting: ${last} creations still processing (${Date.now() < deadline ? `no progress for ${STALL_MS / 1000} s` : "deadline"})`);
  return Date.now();
}

interface Row {
  prompt: string;
  status: string;
  job_created: Date | null;
  submitted: Date | null;
  outcome: Date | null;
  claimed: Date | null;
  completed: Date | null;
  previous: number | null;
}

/** Reads back every b-roll of the bench's users with its job, and what the simulator accepted. */
async function collect(stack: BenchStack, db: pg.Client, userIds: string[], creations: Creation[]) {
  const { rows } = await db.query<Row>(
    `SELECT b.prompt, b.status, j."createdAt" AS job_created, j."submittedAt" AS submitted, j."outcomeAt" AS outcome,
            j."claimedAt" AS claimed, j."completedAt" AS completed, jsonb_array_length(j.input->'previousFalRequestIds') AS previous
       FROM "BRoll" b LEFT JOIN "GenerationJob" j ON j."bRollId" = b.id
      WHERE b."userId" = ANY($1)`,
    [userIds],
  );
  const byPrompt = new Map(creations.map((creation) => [creation.prompt, creation]));
  const ms = (date: Date | null) => date?.getTime() ?? null;
  for (const row of rows) {
    const creation = byPrompt.get(row.prompt);
    if (!creation) continue;
    creation.rows += 1;
    Object.assign(creation, {
      status: row.status,
      jobCreatedAt: ms(row.job_created),
      submittedAt: ms(row.submitted),
      outcomeAt: ms(row.outcome),
      claimedAt: ms(row.claimed),
      completedAt: ms(row.completed),
      recordedResubmissions: row.previous ?? 0,
    });
  }
  let stray = 0;
  const accepted = (stack.simulator?.requests ?? []).filter((request) => request.httpStatus === 200 && request.requestId);
  for (const request of accepted) {
    const creation = byPrompt.get(String(request.input?.prompt ?? ""));
    const timeline = stack.simulator?.timeline(request.requestId as string);
    if (!creation || !timeline) stray += 1;
    else creation.falRequests.push(timeline);
  }
  return { stray, falSubmissions: accepted.length };
}

export async function runBurst(stack: BenchStack, plan: BurstPlan): Promise<BurstMeasurement> {
  const users = await benchUsers(stack.databaseUrl, plan.users);
  const projects = await Promise.all(users.map((user) => createProject(stack, user)));
  // Warm the route's modules, then the idle baseline: one listing at a time, nothing else running.
  for (let i = 0; i < 10; i++) await timeListing(stack, users[i % users.length], projects[i % users.length]);
  const idleListMs: number[] = [];
  for (let i = 0; i < IDLE_SAMPLES; i++) {
    const { ms, status } = await timeListing(stack, users[i % users.length], projects[i % users.length]);
    if (status !== 200) throw new Error(`GET /api/b-rolls answered ${status} while idle`);
    idleListMs.push(ms);
  }

  const run = randomUUID().slice(0, 8);
  const prompts = Array.from({ length: plan.creations }, (_, i) => `Campaign burst ${run} clip ${i + 1}: a slow pan over a city at dawn`);
  const db = new pg.Client({ connectionString: stack.databaseUrl });
  await db.connect();
  let settled = false;
  const sampler = sampleListing(stack, users, projects, () => settled, 100);
  try {
    const started = Date.now();
    const creations = await createAll(stack, users, projects, prompts);
    const submitPhaseMs = Date.now() - started;
    // The best possible time is creations / (concurrency / latency); give a slow pipeline thrice that and two minutes.
    const idealMs = (plan.creations / plan.concurrency) * plan.latencyMs;
    const settledAt = await settle(db, users.map((user) => user.id), Date.now() + 3 * idealMs + 120_000);
    settled = true;
    await sampler.done;
    const { stray, falSubmissions } = await collect(stack, db, users.map((user) => user.id), creations);
    return { creations, submitPhaseMs, wallMs: settledAt - started, idleListMs, burstListMs: sampler.samples, burstListErrors: sampler.errors, strayFalRequests: stray, falSubmissions };
  } finally {
    settled = true;
    await sampler.done.catch(() => undefined);
    await db.end();
  }
}
