// Times the queries of the monitoring work on "GenerationJob" at the size of the database it is
// pointed at: the admin usage figures (getUsageMetrics) for a 30-day and a 366-day period, the
// failure-rate alert check of one model, and the daily spend cap check of one user. Each runs with
// the indexes of migration 20261125030000_monitoring and, as the reference in the same run, without
// them: the same SQL, inside a transaction that drops those indexes and is rolled back. The SQL is
// what the real services send, captured from Prisma's log.
//
// When the job table is nearly empty it first seeds it (`--seed N`, default 200000 jobs over 400 days,
// 200 users, 500 projects), in one set-based INSERT ... SELECT, in creation order as a live table is.
//
// For a scratch database only (DROP INDEX locks the table while the reference runs):
//   createdb ba_bench_usage; DATABASE_URL=postgres://postgres@127.0.0.1:5432/ba_bench_usage npx prisma migrate deploy
//   DATABASE_URL=... node --conditions=react-server --import tsx bench/usage-metrics.ts [--seed 200000] [--runs 7]
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../_shared/generated/prisma/client";
import { pgPoolConfig } from "../_shared/lib/database-url";
import { numberOption } from "./cli";
import { measure } from "./explain";

const MONITORING_INDEXES = ["GenerationJob_createdAt_idx", "GenerationJob_model_completedAt_idx"];
const DAY_MS = 24 * 3600 * 1000;
const NEARLY_EMPTY = 1000;


// Users and projects first (the jobs reference them); user 1 is an admin whose library jobs have no
// project. Then the jobs: 45% text-to-image, 15% image-edit, 30% image-to-video, 10% text-to-video;
// 91.5% completed, 8% failed (a quarter before Fal accepted them, so not billed), 0.05% in flight
// (created in the last 40 minutes); prices and durations as the models' price table and Fal's timings
// give them. Inserted in creation order, so the heap is ordered by "createdAt" as in a live table.
const SEED_SQL = [
  `INSERT INTO "User" (id, email, name, role, "createdAt", "updatedAt")
   SELECT 'bench-user-' || i, 'bench-user-' || i || '@bench.localhost', 'Bench user ' || i,
     (CASE WHEN i = 1 THEN 'admin' ELSE 'user' END)::"Role", now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
   FROM generate_series(1, 200) i ON CONFLICT DO NOTHING`,
  `INSERT INTO "Project" (id, name, "userId", "createdAt", "updatedAt")
   SELECT 'bench-project-' || i, 'Bench project ' || i, 'bench-user-' || (1 + (i - 1) % 200), now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
   FROM generate_series(1, 500) i ON CONFLICT DO NOTHING`,
  `SELECT setseed(0.42)`,
  `WITH r AS MATERIALIZED (
     SELECT g, random() AS r_kind, random() AS r_status, random() AS r_age, random() AS r_owner, random() AS r_res,
       random() AS r_dur, random() AS r_n, random() AS r_fail, random() AS r_queue, random() AS r_run, random() AS r_copy
     FROM generate_series(1, $1::int) g
   ), k AS (
     SELECT r.*,
       CASE WHEN r_kind < 0.45 THEN 'text-to-image' WHEN r_kind < 0.60 THEN 'image-edit' WHEN r_kind < 0.90 THEN 'image-to-video' ELSE 'text-to-video' END AS kind,
       CASE WHEN r_status < 0.0005 THEN (ARRAY['queued', 'submitted', 'finalizing'])[1 + floor(r_fail * 3)::int]
         WHEN r_status < 0.0805 THEN 'failed' ELSE 'completed' END AS status,
       CASE WHEN r_res < 0.15 THEN '480p' WHEN r_res < 0.75 THEN '720p' ELSE '1080p' END AS res,
       CASE WHEN r_dur < 0.75 THEN 5 ELSE 10 END AS dur,
       CASE WHEN r_n < 0.8 THEN 1 WHEN r_n < 0.9 THEN 2 ELSE 4 END AS n,
       CASE WHEN r_owner < 0.05 THEN NULL ELSE 1 + floor(r_owner * 500)::int END AS project
     FROM r
   ), t AS (
     SELECT k.*, k.kind LIKE '%video' AS video,
       CASE WHEN status IN ('queued', 'submitted', 'finalizing') THEN now() AT TIME ZONE 'UTC' - r_age * interval '40 minutes'
         ELSE now() AT TIME ZONE 'UTC' - interval '15 minutes' - r_age * interval '400 days' END AS created,
       NOT (status = 'queued' OR (status = 'failed' AND r_fail < 0.25)) AS accepted,
       (0.2 + 2.5 * r_queue) * interval '1 second' AS queue_wait,
       CASE WHEN kind = 'text-to-image' THEN 2 + 10 * r_run WHEN kind = 'image-edit' THEN 4 + 12 * r_run
         ELSE (CASE res WHEN '480p' THEN 35 WHEN '720p' THEN 60 ELSE 110 END) * (0.7 + 0.8 * r_run) * dur / 5 END AS run_s,
       CASE WHEN kind LIKE '%video' THEN 2 + 8 * r_copy ELSE 0.3 + r_copy END AS copy_s
     FROM k
   ), f AS (
     SELECT t.*,
       CASE WHEN accepted THEN created + queue_wait END AS submitted,
       CASE WHEN accepted AND status IN ('finalizing', 'completed', 'failed') THEN created + queue_wait + run_s * interval '1 second' END AS outcome,
       CASE WHEN status = 'completed' THEN created + queue_wait + (run_s + copy_s) * interval '1 second'
         WHEN status = 'failed' AND accepted THEN created + queue_wait + run_s * interval '1 second'
         WHEN status = 'failed' THEN created + (1 + 20 * r_queue) * interval '1 second' END AS completed,
       CASE WHEN kind = 'text-to-image' THEN $2::text WHEN kind = 'image-edit' THEN $3::text WHEN kind = 'image-to-video' THEN $4::text ELSE $5::text END AS model
     FROM t
   )
   INSERT INTO "GenerationJob" (id, kind, model, status, "falRequestId", "falStatusUrl", "falResponseUrl", input, output, error, "errorCode",
     attempts, "inferenceMs", "outcomeAt", "claimedAt", "estimatedCostUsd", "userId", "projectId", "submittedAt", "completedAt", "createdAt", "updatedAt")
   SELECT 'cbench' || lpad(g::text, 9, '0'), kind::"JobKind", model, status::"JobStatus",
     CASE WHEN accepted THEN 'bench-fal-' || g END,
     CASE WHEN accepted THEN 'https://queue.fal.run/' || model || '/requests/bench-fal-' || g || '/status' END,
     CASE WHEN accepted THEN 'https://queue.fal.run/' || model || '/requests/bench-fal-' || g END,
     jsonb_build_object('role', kind, 'falInput', CASE WHEN video
       THEN jsonb_build_object('prompt', 'Bench ' || g || ': a presenter in a bright studio explains the product, medium shot', 'aspect_ratio', '9:16',
         'resolution', res, 'duration', dur::text, 'camera_fixed', false, 'enable_safety_checker', true)
       ELSE jsonb_build_object('prompt', 'Bench ' || g || ': portrait of a smiling presenter, soft natural light', 'image_size', 'portrait_4_3',
         'num_images', n, 'output_format', 'jpeg') END),
     CASE WHEN status = 'completed' THEN CASE WHEN video
       THEN jsonb_build_object('video', jsonb_build_object('url', 'https://v3.fal.media/files/bench/' || g || '.mp4'))
       ELSE jsonb_build_object('images', jsonb_build_array(jsonb_build_object('url', 'https://v3.fal.media/files/bench/' || g || '.jpeg', 'width', 768, 'height', 1024))) END END,
     CASE WHEN status = 'failed' THEN CASE WHEN accepted THEN 'Generation failed on Fal' ELSE 'Fal refused the request' END END,
     CASE WHEN status = 'failed' THEN CASE WHEN NOT accepted THEN 'bad_input' WHEN r_fail < 0.6 THEN 'content_refused' ELSE 'fal_error' END END,
     CASE WHEN status = 'failed' AND NOT accepted THEN 1 + floor(r_n * 5)::int ELSE 1 END,
     CASE WHEN outcome IS NOT NULL THEN (run_s * 900)::int END, outcome,
     CASE WHEN status = 'finalizing' OR (status = 'completed' AND video) THEN outcome END,
     round((CASE WHEN kind = 'text-to-image' THEN 0.025 * 0.786432 * n WHEN kind = 'image-edit' THEN 0.04 * n
       ELSE 2.5 * (CASE res WHEN '480p' THEN 480 * 854 WHEN '720p' THEN 720 * 1280 ELSE 1080 * 1920 END) * 24 * dur / 1024 / 1e6 END)::numeric, 4),
     CASE WHEN project IS NULL THEN 'bench-user-1' ELSE 'bench-user-' || (1 + (project - 1) % 200) END,
     CASE WHEN project IS NOT NULL THEN 'bench-project-' || project END,
     submitted, completed, created, coalesce(completed, outcome, submitted, created)
   FROM f ORDER BY created`,
];

interface Captured {
  scenario: string;
  query: string;
  sql: string;
  params: unknown[];
}

// The queries of getUsageMetrics on the job table, told apart by their shape (they run concurrently,
// so the log order varies); listed in this order.
const USAGE_QUERIES: Array<[name: string, matches: (sql: string) => boolean]> = [
  ["model/kind/status groups", (sql) => sql.includes("GROUP BY 1, 2, 3")],
  ["durations p50/p95", (sql) => sql.includes("percentile_cont")],
  ["spend per day", (sql) => sql.includes("to_char(date_trunc")],
  ["spend per user", (sql) => sql.includes('JOIN "User"') && !sql.includes('JOIN "Project"')],
  ["spend per project", (sql) => sql.includes('JOIN "Project"')],
  ["stuck jobs: count", (sql) => sql.startsWith("SELECT COUNT")],
  ["stuck jobs: oldest 20", () => true],
];
const usageQueryName = (sql: string) => USAGE_QUERIES.find(([, matches]) => matches(sql))?.[0] ?? "";
const usageQueryRank = (name: string) => USAGE_QUERIES.findIndex(([query]) => query === name);

interface Timing {
  ms: number;
  indexes: string;
}

const ms = (value: number) => value.toFixed(value < 10 ? 2 : 1);
/** Only whole reads of the job table matter here (users and projects are small). */
const jobTableScans = (relation: string) => (relation === "GenerationJob" ? "seq scan" : null);

async function seedIfNearlyEmpty(client: pg.Client, jobs: number): Promise<void> {
  const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "GenerationJob"`);
  if (rows[0].n >= NEARLY_EMPTY) {
    if (process.argv.includes("--seed")) console.log(`seed skipped: the table already holds ${rows[0].n} jobs`);
    return;
  }
  const { modelId } = await import("../_shared/lib/fal-models");
  const started = Date.now();
  for (const sql of SEED_SQL) {
    await client.query(sql, sql.includes("$1") ? [jobs, modelId("text-to-image"), modelId("image-edit"), modelId("image-to-video"), modelId("text-to-video")] : []);
  }
  await client.query(`VACUUM (ANALYZE) "GenerationJob"`); // as autovacuum would have: fresh statistics and visibility map
  await client.query(`ANALYZE "User"; ANALYZE "Project"`);
  // Flush the seed's dirty pages now rather than during the first timings (which they slowed by ~1.5x).
  await client.query("CHECKPOINT").catch((error: unknown) => console.warn(`CHECKPOINT skipped (${error instanceof Error ? error.message : String(error)}): the first timings may be slower`));
  console.log(`seeded ${jobs} jobs in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("set DATABASE_URL to a scratch database with the migrations applied");
  const runs = numberOption("runs", 7, { integer: true });
  const seedJobs = numberOption("seed", 200_000, { integer: true });
  // The usage figures never touch storage, but the environment module wants an endpoint.
  process.env.S3_ENDPOINT ||= "http://127.0.0.1:1";
  process.env.LOG_LEVEL ||= "silent";

  const client = new pg.Client(pgPoolConfig(url));
  await client.connect();
  try {
    await seedIfNearlyEmpty(client, seedJobs);
    // The user of the newest job: the one whose next request meets the daily cap check.
    const { rows: latest } = await client.query<{ userId: string }>(`SELECT "userId" FROM "GenerationJob" WHERE "userId" IS NOT NULL ORDER BY "createdAt" DESC LIMIT 1`);

    // Capture the SQL of the real services: the Prisma module reuses a client found on globalThis.
    const captured: Captured[] = [];
    let scenario = "";
    let queryName = "";
    const logged = new PrismaClient({ adapter: new PrismaPg(pgPoolConfig(url)), log: [{ emit: "event", level: "query" }] });
    logged.$on("query", (event) => {
      if (!scenario || !event.query.includes('"GenerationJob"')) return;
      const query = scenario.startsWith("usage") ? usageQueryName(event.query) : queryName;
      captured.push({ scenario, query, sql: event.query, params: JSON.parse(event.params) as unknown[] });
    });
    (globalThis as { prisma?: unknown }).prisma = logged;
    const { getUsageMetrics } = await import("../_shared/core/monitoring/usage");
    const { onJobFinished } = await import("../_shared/core/monitoring/alerts");
    const { startOfUtcDay, userSpendSince } = await import("../_shared/core/spend/spend");
    const { jobCore, jobDurations, jobViewSelect } = await import("../_shared/core/generation/job-view");
    const { adminMetricsQuery } = await import("../_shared/schemas/admin-metrics");
    const { modelId } = await import("../_shared/lib/fal-models");
    const { getEnv } = await import("../_shared/lib/env");

    const now = new Date();
    const iso = (ms: number) => new Date(ms).toISOString();
    const model = modelId("text-to-image");
    const finished = await logged.generationJob.findFirst({ where: { model, status: "completed" }, orderBy: { completedAt: "desc" }, select: jobViewSelect });
    if (!finished || !latest[0]) throw new Error("the job table is empty: run with --seed N on an empty database");
    const replies: Record<string, string> = {};
    scenario = "usage, 30 days";
    replies[scenario] = `${(await getUsageMetrics(adminMetricsQuery.parse({ from: iso(now.getTime() - 30 * DAY_MS), to: iso(now.getTime()) }), now)).totals.jobs} jobs`;
    scenario = "usage, 366 days";
    replies[scenario] = `${(await getUsageMetrics(adminMetricsQuery.parse({ from: iso(now.getTime() - 366 * DAY_MS), to: iso(now.getTime()) }), now)).totals.jobs} jobs`;
    scenario = `failure rate (${model})`;
    queryName = `last ${getEnv().ALERT_FAILURE_RATE_JOBS} finished jobs`;
    await onJobFinished({ ...jobCore(finished), timings: jobDurations(finished) }, now);
    scenario = "daily spend of one user";
    queryName = "sum since UTC midnight";
    replies[scenario] = `$${(await userSpendSince(latest[0].userId, startOfUtcDay(now))).toFixed(4)}`;
    scenario = "";
    await logged.$disconnect();
    const scenarios = ["usage, 30 days", "usage, 366 days", `failure rate (${model})`, "daily spend of one user"];
    for (const name of scenarios) {
      if (!captured.some((query) => query.scenario === name)) throw new Error(`no query on "GenerationJob" was captured for ${name}`);
    }
    captured.sort((a, b) => scenarios.indexOf(a.scenario) - scenarios.indexOf(b.scenario) || usageQueryRank(a.query) - usageQueryRank(b.query));

    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "GenerationJob"`);
    console.log(`usage metrics, failure rate and spend queries: ${rows[0].n} jobs in the table, median of ${runs} runs (EXPLAIN ANALYZE execution time)\n`);
    const withIndexes: Timing[] = [];
    for (const query of captured) withIndexes.push(await measure(client, query, runs, jobTableScans));
    await client.query("BEGIN");
    for (const index of MONITORING_INDEXES) await client.query(`DROP INDEX IF EXISTS "${index}"`);
    const without: Timing[] = [];
    for (const query of captured) without.push(await measure(client, query, runs, jobTableScans));
    await client.query("ROLLBACK");

    console.table(
      captured.map((query, i) => ({
        scenario: query.scenario,
        query: query.query,
        answer: i === 0 || captured[i - 1].scenario !== query.scenario ? (replies[query.scenario] ?? "") : "",
        "ms (indexes)": ms(withIndexes[i].ms),
        "ms (reference)": ms(without[i].ms),
        speedup: `${(without[i].ms / withIndexes[i].ms).toFixed(1)}x`,
        "plan uses": withIndexes[i].indexes,
        "reference plan uses": without[i].indexes,
      })),
    );
    console.log(conclusion(captured, withIndexes, without));
  } finally {
    await client.end();
  }
}

/** One line: per scenario, the summed server time with and without, and which monitoring index served it. */
function conclusion(captured: Captured[], withIndexes: Timing[], without: Timing[]): string {
  const scenarios = [...new Set(captured.map((query) => query.scenario))].map((scenario) => {
    const rows = captured.flatMap((query, i) => (query.scenario === scenario ? [i] : []));
    const sum = (timings: Timing[]) => rows.reduce((total, i) => total + timings[i].ms, 0);
    const used = MONITORING_INDEXES.filter((index) => rows.some((i) => withIndexes[i].indexes.includes(index))).map((index) => index.replace("GenerationJob_", ""));
    const serves = rows.filter((i) => MONITORING_INDEXES.some((index) => withIndexes[i].indexes.includes(index))).length;
    return `${scenario} ${ms(sum(withIndexes))} vs ${ms(sum(without))} ms (${used.length ? `${used.join(", ")} in ${serves} of ${rows.length} plans` : "no monitoring index used"})`;
  });
  return `\nconclusion, server time with vs without the monitoring indexes: ${scenarios.join("; ")}.`;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
