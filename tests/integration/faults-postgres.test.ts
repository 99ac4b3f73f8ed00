// PostgreSQL restarted during a generation. This file runs the app against a PostgreSQL server of its
// own (embedded, migrated here), so it can stop it without touching anyone else's: the Prisma client
// and pg-boss read DATABASE_URL when first used, so it is set before any app module is imported
// (importApp below). Fal's webhook arriving while the database is down, or cut off inside it by the
// shutdown, or refused a connection while the server shuts down, must be answered 503 (Fal delivers
// again; a 500 reads as our bug, a 200 would lose the outcome), and so must API requests. Once the
// server is back, the connection pools (Prisma's and pg-boss's) reconnect by themselves, Fal's
// redelivery records the outcome, and the reconciler finds the outcome of a job whose every delivery
// met the outage.
import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase, startEmbeddedPostgres, type EmbeddedPostgresHandle } from "../../tools/embedded-stack";
import { restoreEnv, setEnv } from "../env";

const DATABASE = "better_ads_faults";
/** Fal's extra delivery attempts after a failed one (the simulator's control). */
const WEBHOOK_RETRIES = 2;

/** The app's modules, imported once DATABASE_URL names this file's server. */
async function importApp() {
  const [{ prisma }, { reconcileJobs }, { startWorkers, stopWorkers }, { getEnv }, jobRoute, health, helpers, pipeline] = await Promise.all([
    import("@/_shared/lib/prisma"),
    import("@/_shared/core/generation/reconcile"),
    import("@/_shared/core/generation/workers"),
    import("@/_shared/lib/env"),
    import("@/app/api/jobs/[id]/route"),
    import("@/app/api/health/route"),
    import("../helpers"),
    import("../pipeline"),
  ]);
  return { prisma, reconcileJobs, startWorkers, stopWorkers, getEnv, jobRoute, health, ...helpers, ...pipeline };
}

let workDir = "";
let postgres: EmbeddedPostgresHandle;
let port = 0;
let app: Awaited<ReturnType<typeof importApp>>;

/** Stops the server (fast shutdown: every client is disconnected at once). */
async function stopPostgres() {
  await postgres.stop();
}

/** A session of our own on the server (not the app's), for locks and for keeping a shutdown waiting. */
async function sideSession(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: postgres.url });
  // The shutdown ends it: that error also rejects whatever is pending, and is expected.
  client.on("error", () => undefined);
  await client.connect();
  return client;
}

/**
 * Smart shutdown (SIGTERM, what `pg_ctl stop -m smart` sends): the server waits for open sessions to
 * end and refuses every new connection meanwhile ("the database system is shutting down", as while
 * it starts up or recovers). Resolves once a new connection is refused.
 */
async function beginSmartShutdown() {
  const pid = Number((await readFile(path.join(postgres.dataDir, "postmaster.pid"), "utf8")).split("\n")[0]);
  process.kill(pid, "SIGTERM");
  await app.waitFor(
    async () => {
      const probe = new pg.Client({ connectionString: postgres.url });
      probe.on("error", () => undefined);
      return probe.connect().then(
        () => probe.end().then(() => false),
        (error: { code?: string }) => error.code === "57P03",
      );
    },
    { what: "the server to refuse new connections" },
  );
}

/** Starts the same server again on the same port and data. */
async function restartPostgres() {
  postgres = await startEmbeddedPostgres({ dataDir: postgres.dataDir, port, database: DATABASE });
  expect(Number(new URL(postgres.url).port)).toBe(port);
}

interface Delivery {
  requestId: string;
  headers: Record<string, string>;
  body: Buffer;
  status: number;
  reply: { outcome?: string; error?: { code: string; message: string } };
}

/**
 * The webhook route served on FAL_WEBHOOK_URL's port, with a gate: deliveries that arrive while it is
 * closed wait (Fal waits for our answer) until the test has stopped the database and opens it.
 */
async function startWebhookGate() {
  const deliveries: Delivery[] = [];
  const waiting: Array<{ requestId: string; go: () => void }> = [];
  /** Deliveries the app is answering now (what a wait that runs out says it was waiting on). */
  let answering = 0;
  let open = false;
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.headers)) if (typeof value === "string") headers[key] = value;
    const requestId = headers["x-fal-webhook-request-id"] ?? "";
    if (!open) await new Promise<void>((go) => waiting.push({ requestId, go }));
    answering += 1;
    const response = await app.postWebhook(headers, body).finally(() => (answering -= 1));
    deliveries.push({ requestId, headers, body, status: response.status, reply: response.json as Delivery["reply"] });
    res.writeHead(response.status, { "content-type": "application/json" });
    res.end(JSON.stringify(response.json));
  });
  await new Promise<void>((resolve) => server.listen(Number(new URL(app.getEnv().FAL_WEBHOOK_URL!).port), "127.0.0.1", resolve));
  return {
    deliveries,
    /**
     * Resolves once `count()` deliveries were answered (Fal gave up). A loaded machine may take a while
     * (each delivery waits for its database error); running out says what was answered and what not.
     */
    answered: (count: () => number, expected: number) =>
      app.waitFor(() => count() === expected, { timeoutMs: 45_000, what: "Fal to give up delivering" }).catch((error: Error) => {
        throw new Error(`${error.message}: ${count()} of ${expected} answered (${deliveries.map((d) => d.status).join(", ") || "none"}), ${answering} still being answered`);
      }),
    /** Resolves once a delivery for each request id is waiting at the gate. */
    held: (requestIds: string[]) =>
      app.waitFor(() => requestIds.every((id) => waiting.some((w) => w.requestId === id)), { timeoutMs: 30_000, what: "Fal's webhooks to arrive" }),
    open() {
      open = true;
      for (const w of waiting.splice(0)) w.go();
    },
    shut() {
      open = false;
    },
    // A late redelivery may still be held at a shut gate: its connection is cut, or close would wait for it forever.
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

let gate: Awaited<ReturnType<typeof startWebhookGate>>;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "better-ads-faults-pg-"));
  // The server runs as the `postgres` OS user when we are root: it must reach its data folder.
  await chmod(workDir, 0o755);
  postgres = await startEmbeddedPostgres({ dataDir: path.join(workDir, "data"), database: DATABASE });
  port = Number(new URL(postgres.url).port);
  await migrateDatabase(postgres.url);
  setEnv({ DATABASE_URL: postgres.url });
  app = await importApp();
  await app.sim.reset();
  gate = await startWebhookGate();
  await app.startWorkers({ schedule: false });
});

afterAll(async () => {
  if (app) {
    await app.stopWorkers();
    await app.prisma.$disconnect();
  }
  await gate?.close();
  restoreEnv();
  await postgres?.stop();
  if (postgres) await rm(postgres.dataDir, { recursive: true, force: true });
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe("PostgreSQL restarted during a generation", () => {
  it("webhooks during the outage are answered 503; after the restart Fal's redelivery and the reconciler finish both jobs", async () => {
    await app.sim.set({ webhookRetries: WEBHOOK_RETRIES, webhookRetryDelayMs: 100 });
    const user = await app.newUser();
    const projectId = await app.newProject(user, "Database restart");
    // Two b-rolls at Fal: one will be finished by Fal delivering its webhook again, one by the reconciler.
    const redelivered = await app.startTextBRoll(user, projectId, { name: "Redelivered" });
    const reconciled = await app.startTextBRoll(user, projectId, { name: "Reconciled" });
    const submitted = (jobId: string) =>
      app.waitFor(() => app.prisma.generationJob.findFirst({ where: { id: jobId, status: "submitted", falRequestId: { not: null } } }), { what: `job ${jobId} submitted` });
    const [jobA, jobB] = [await submitted(redelivered.jobId), await submitted(reconciled.jobId)];
    const requestIds = [jobA.falRequestId!, jobB.falRequestId!];

    // Fal finished both and is waiting on our answer: now the database goes away.
    await gate.held(requestIds);
    await stopPostgres();
    gate.open();

    // Every delivery (the first, then Fal's retries) is answered 503, never 500 nor 200.
    await gate.answered(() => gate.deliveries.length, 2 * (1 + WEBHOOK_RETRIES));
    for (const delivery of gate.deliveries) {
      expect(delivery.status, `delivery of ${delivery.requestId}`).toBe(503);
      expect(delivery.reply.error).toMatchObject({ code: "service_unavailable" });
    }
    // A user's request meanwhile: 503 too, quickly.
    const started = Date.now();
    const status = await app.call(app.jobRoute.GET, { user, params: { id: redelivered.jobId } });
    expect(status.status).toBe(503);
    expect(status.json).toEqual({ error: { code: "service_unavailable", message: expect.any(String) } });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await app.call(app.health.GET)).json.services.database.ok).toBe(false);

    await restartPostgres();

    // The connection pool replaced its dead connections by itself: the very first request after the restart is answered.
    const after = await app.call(app.jobRoute.GET, { user, params: { id: redelivered.jobId } });
    expect(after.status).toBe(200);
    expect(after.json).toMatchObject({ status: "submitted" });
    expect((await app.call(app.health.GET)).status).toBe(200);

    // Fal delivers again (its last attempt, replayed as it was signed): recorded, then finalised.
    const lastA = gate.deliveries.filter((d) => d.requestId === jobA.falRequestId).at(-1)!;
    const replay = await app.postWebhook(lastA.headers, lastA.body);
    expect(replay).toMatchObject({ status: 200, json: { received: true, outcome: "recorded" } });
    expect(await app.settledRow("bRoll", redelivered.bRollId, { what: "the redelivered b-roll to settle" })).toMatchObject({ status: "ready" });

    // The other job's outcome never reached us: the reconciler asks Fal for it.
    const report = await app.reconcileJobs();
    expect(report.completedByPoll).toBe(1);
    expect(await app.settledRow("bRoll", reconciled.bRollId, { what: "the reconciled b-roll to settle" })).toMatchObject({ status: "ready" });

    for (const jobId of [redelivered.jobId, reconciled.jobId]) {
      // Submitted once each: the outage cost no second Fal request.
      expect(await app.prisma.generationJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: "completed", attempts: 1 });
    }
    const received = (await app.sim.requests()).filter((r) => requestIds.includes(r.requestId ?? ""));
    expect(received).toHaveLength(2);
  }, 90_000);

  it("PostgreSQL going down under a webhook: the query cut off by the shutdown, Fal's retries, and a connection refused while it shuts down are answered 503", async () => {
    await app.sim.set({ webhookRetries: WEBHOOK_RETRIES, webhookRetryDelayMs: 100 });
    gate.shut();
    const user = await app.newUser();
    const projectId = await app.newProject(user, "Shutdown under a webhook");
    const { bRollId, jobId } = await app.startTextBRoll(user, projectId, { name: "Cut off" });
    const job = await app.waitFor(() => app.prisma.generationJob.findFirst({ where: { id: jobId, status: "submitted", falRequestId: { not: null } } }), { what: "the job submitted" });
    const deliveries = () => gate.deliveries.filter((d) => d.requestId === job.falRequestId);
    await gate.held([job.falRequestId!]);

    // Another session holds the job table, so the webhook's first query waits on it: the request is
    // in flight inside PostgreSQL when the server shuts down (fast: sessions are cut at once).
    const locker = await sideSession();
    await locker.query('BEGIN; LOCK TABLE "GenerationJob" IN ACCESS EXCLUSIVE MODE');
    gate.open();
    await app.waitFor(async () => (await locker.query("SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted")).rows[0].n > 0, { what: "the webhook to wait on the lock" });
    await stopPostgres();
    await gate.answered(() => deliveries().length, 1 + WEBHOOK_RETRIES);
    for (const delivery of deliveries()) {
      expect(delivery.status).toBe(503);
      expect(delivery.reply.error).toMatchObject({ code: "service_unavailable" });
    }

    // Back, then going down again politely: new connections are refused while a session lingers.
    await restartPostgres();
    const lingering = await sideSession();
    await beginSmartShutdown();
    const last = deliveries().at(-1)!;
    const refused = await app.postWebhook(last.headers, last.body);
    expect(refused).toMatchObject({ status: 503, json: { error: { code: "service_unavailable" } } });
    await lingering.end().catch(() => undefined);
    await stopPostgres();

    await restartPostgres();
    // Fal's redelivery is recorded once the database answers, and the clip is finalised.
    expect(await app.postWebhook(last.headers, last.body)).toMatchObject({ status: 200, json: { outcome: "recorded" } });
    expect(await app.settledRow("bRoll", bRollId, { what: "the b-roll to settle" })).toMatchObject({ status: "ready" });
    expect(await app.prisma.generationJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: "completed", attempts: 1 });
  }, 90_000);

  it("PostgreSQL going down after a webhook's outcome is stored but before its finalisation is queued: the reconciler queues it", async () => {
    await app.sim.set({ webhookRetries: WEBHOOK_RETRIES, webhookRetryDelayMs: 100 });
    gate.shut();
    const user = await app.newUser();
    const projectId = await app.newProject(user, "Shutdown between outcome and queue");
    const { bRollId, jobId } = await app.startTextBRoll(user, projectId, { name: "Half recorded" });
    const job = await app.waitFor(() => app.prisma.generationJob.findFirst({ where: { id: jobId, status: "submitted", falRequestId: { not: null } } }), { what: "the job submitted" });
    const deliveries = () => gate.deliveries.filter((d) => d.requestId === job.falRequestId);
    await gate.held([job.falRequestId!]);

    // A trigger on the finalize queue's table (pg-boss keeps one per queue) holds every insert in a
    // sleep: the webhook stores the outcome, then its queueing of the finalisation is in flight inside
    // PostgreSQL when the server shuts down (which interrupts the sleep and rolls the insert back).
    const admin = await sideSession();
    const table = (await admin.query("SELECT partition_name FROM pgboss.queue WHERE name = 'generation-finalize'")).rows[0].partition_name as string;
    await admin.query(`
      CREATE FUNCTION faults_hold_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(60); RETURN NEW; END $$;
      CREATE TRIGGER faults_hold_insert BEFORE INSERT ON pgboss."${table}" FOR EACH ROW EXECUTE FUNCTION faults_hold_insert();`);
    try {
      gate.open();
      const queueing = "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND query LIKE '%INSERT INTO pgboss.job%'";
      await app.waitFor(async () => (await admin.query(queueing)).rows[0].n > 0, { what: "the webhook to be queueing the finalisation" });
      const stored = await admin.query('SELECT "outcomeAt" FROM "GenerationJob" WHERE id = $1', [jobId]);
      expect(stored.rows[0].outcomeAt).not.toBeNull();
      await stopPostgres();
    } finally {
      await admin.end().catch(() => undefined);
    }
    await gate.answered(() => deliveries().length, 1 + WEBHOOK_RETRIES);
    expect(deliveries().map((d) => d.status)).toEqual(Array(1 + WEBHOOK_RETRIES).fill(503));

    await restartPostgres();
    const cleanup = await sideSession();
    await cleanup.query(`DROP TRIGGER faults_hold_insert ON pgboss."${table}"; DROP FUNCTION faults_hold_insert()`);
    await cleanup.end();
    // Fal delivers again: the outcome is already stored, so this changes nothing...
    const last = deliveries().at(-1)!;
    expect(await app.postWebhook(last.headers, last.body)).toMatchObject({ status: 200, json: { outcome: "duplicate" } });
    // ...and the reconciler hands the stored outcome to a finalize worker.
    const report = await app.waitFor(
      async () => {
        const r = await app.reconcileJobs();
        if (r.requeuedOutcomes === 0) await new Promise((resolve) => setTimeout(resolve, 300));
        return r.requeuedOutcomes > 0 ? r : null;
      },
      { timeoutMs: 15_000, what: "the reconciler to queue the stored outcome" },
    );
    expect(report.requeuedOutcomes).toBe(1);
    expect(await app.settledRow("bRoll", bRollId, { what: "the b-roll to settle" })).toMatchObject({ status: "ready" });
    expect(await app.prisma.generationJob.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: "completed", attempts: 1 });
  }, 90_000);
});
