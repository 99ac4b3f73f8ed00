import "server-only";
// Usage figures for the admin "Usage" page (GET /api/admin/metrics): what ran in a period, how often
// it failed, how long it took and what it cost, aggregated in SQL (a handful of grouped queries, never
// a walk over every job); plus the jobs stuck past their deadline now and the alerts. What counts as
// spend is spend/spend.ts's one definition. Days are UTC days.
import { getEnv } from "@/_shared/lib/env";
import { Prisma, prisma } from "@/_shared/lib/prisma";
import {
  adminMetricsResponse,
  type AdminMetricsInput,
  type AdminMetricsQuery,
  type AdminMetricsResponse,
} from "@/_shared/schemas/admin-metrics";
import { JOB_STATUSES } from "@/_shared/schemas/job";
import { GENERATION_KINDS, type GenerationKind } from "@/_shared/schemas/generation-options";
import { kindOfDb } from "@/_shared/core/generation/job-kinds";
import { listAlerts } from "./alerts";
import { billedJobSql, startOfUtcDay } from "@/_shared/core/spend/spend";

type Kind = GenerationKind;
type Status = (typeof JOB_STATUSES)[number];
type Numeric = Prisma.Decimal | number | bigint | null;

const DAY_MS = 24 * 3600 * 1000;
const TOP = 50;
const STUCK_LISTED = 20;
const IN_PROGRESS = ["queued", "submitted", "finalizing"] as const;

/** Money and rates to 4 decimal places (the cost column's scale). */
const round4 = (value: Numeric) => Math.round(Number(value ?? 0) * 1e4) / 1e4;
const rateOf = (completed: number, failed: number) => (completed + failed ? round4(completed / (completed + failed)) : null);

/** Period filter and billed spend of the aliased job table `j`. */
const inPeriod = ({ from, to }: AdminMetricsQuery) => Prisma.sql`j."createdAt" >= ${from} AND j."createdAt" < ${to}`;
const billedUsd = Prisma.sql`coalesce(sum(j."estimatedCostUsd") FILTER (WHERE ${billedJobSql("j")}), 0)`;

interface GroupRow {
  model: string;
  kind: Kind;
  status: Status;
  jobs: number;
  usd: Numeric;
}

/** Jobs and spend per model, kind and status: the totals, counts, success rates and spend per model. */
function jobGroups(period: AdminMetricsQuery) {
  return prisma.$queryRaw<GroupRow[]>`
    SELECT j.model, j.kind::text AS kind, j.status::text AS status, count(*)::int AS jobs, ${billedUsd} AS usd
    FROM "GenerationJob" j WHERE ${inPeriod(period)}
    GROUP BY 1, 2, 3`;
}

/** p50/p95 of the total generation time of completed jobs, per model and (video) resolution. */
function durations(period: AdminMetricsQuery) {
  const ms = Prisma.sql`(extract(epoch FROM j."completedAt" - j."createdAt") * 1000)::float8`;
  return prisma.$queryRaw<Array<{ model: string; resolution: string | null; count: number; p50: number; p95: number }>>`
    SELECT j.model,
      CASE WHEN j.kind IN ('image-to-video', 'text-to-video') THEN j.input->'falInput'->>'resolution' END AS resolution,
      count(*)::int AS count,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY ${ms}) AS p50,
      percentile_cont(0.95) WITHIN GROUP (ORDER BY ${ms}) AS p95
    FROM "GenerationJob" j
    WHERE ${inPeriod(period)} AND j.status = 'completed' AND j."completedAt" IS NOT NULL
    GROUP BY 1, 2 ORDER BY 1, 2 NULLS FIRST`;
}

function perDay(period: AdminMetricsQuery) {
  return prisma.$queryRaw<Array<{ day: string; jobs: number; failed: number; usd: Numeric }>>`
    SELECT to_char(date_trunc('day', j."createdAt"), 'YYYY-MM-DD') AS day, count(*)::int AS jobs,
      (count(*) FILTER (WHERE j.status = 'failed'))::int AS failed, ${billedUsd} AS usd
    FROM "GenerationJob" j WHERE ${inPeriod(period)}
    GROUP BY 1`;
}

// Per user and per project: jobs are summed per id first, then the few hundred sums are joined to
// their names (grouping by joined columns made the planner expect one group per user x project).
function perUser(period: AdminMetricsQuery) {
  return prisma.$queryRaw<Array<{ id: string; email: string; name: string | null; jobs: number; usd: Numeric }>>`
    WITH spend AS (
      SELECT j."userId" AS id, count(*)::int AS jobs, ${billedUsd} AS usd
      FROM "GenerationJob" j WHERE ${inPeriod(period)} AND j."userId" IS NOT NULL
      GROUP BY 1
    )
    SELECT u.id, u.email, u.name, s.jobs, s.usd
    FROM spend s JOIN "User" u ON u.id = s.id
    ORDER BY s.usd DESC, s.jobs DESC, u.email LIMIT ${TOP}`;
}

function perProject(period: AdminMetricsQuery) {
  return prisma.$queryRaw<Array<{ id: string; name: string; ownerEmail: string; jobs: number; usd: Numeric }>>`
    WITH spend AS (
      SELECT j."projectId" AS id, count(*)::int AS jobs, ${billedUsd} AS usd
      FROM "GenerationJob" j WHERE ${inPeriod(period)} AND j."projectId" IS NOT NULL
      GROUP BY 1
    )
    SELECT p.id, p.name, o.email AS "ownerEmail", s.jobs, s.usd
    FROM spend s JOIN "Project" p ON p.id = s.id JOIN "User" o ON o.id = p."userId"
    ORDER BY s.usd DESC, s.jobs DESC, p.name LIMIT ${TOP}`;
}

/** Jobs not finished although created longer ago than the deadline (now, whatever the period). */
async function stuckJobs(now: Date) {
  const deadlineMinutes = getEnv().JOB_DEADLINE_MINUTES;
  const where = { status: { in: [...IN_PROGRESS] }, createdAt: { lt: new Date(now.getTime() - deadlineMinutes * 60_000) } } satisfies Prisma.GenerationJobWhereInput;
  const [count, rows] = await Promise.all([
    prisma.generationJob.count({ where }),
    prisma.generationJob.findMany({
      where,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: STUCK_LISTED,
      select: { id: true, model: true, kind: true, status: true, createdAt: true, userId: true, avatarId: true, bRollId: true, user: { select: { email: true } } },
    }),
  ]);
  return {
    deadlineMinutes,
    count,
    jobs: rows.map(({ user, ...job }) => ({
      ...job,
      kind: kindOfDb(job.kind),
      minutesOverdue: Math.max(0, Math.floor((now.getTime() - job.createdAt.getTime()) / 60_000) - deadlineMinutes),
      userEmail: user?.email ?? null,
    })),
  };
}

/** Every UTC day the period touches, as "YYYY-MM-DD". */
function utcDays({ from, to }: AdminMetricsQuery): string[] {
  const days: string[] = [];
  for (let day = startOfUtcDay(from).getTime(); day < to.getTime(); day += DAY_MS) days.push(new Date(day).toISOString().slice(0, 10));
  return days;
}

/** Sums `jobs` (and `usd`) of the grouped rows by a key, biggest first. */
function sumBy<K extends string>(rows: GroupRow[], key: (row: GroupRow) => K) {
  const sums = new Map<K, { jobs: number; usd: number }>();
  for (const row of rows) {
    const sum = sums.get(key(row)) ?? { jobs: 0, usd: 0 };
    sums.set(key(row), { jobs: sum.jobs + row.jobs, usd: sum.usd + Number(row.usd ?? 0) });
  }
  return sums;
}

/** GET /api/admin/metrics: usage of the period [from, to) plus what is stuck now and the alerts. */
export async function getUsageMetrics(period: AdminMetricsQuery, now = new Date()): Promise<AdminMetricsResponse> {
  const [groups, timings, days, users, projects, stuck, alerts] = await Promise.all([
    jobGroups(period),
    durations(period),
    perDay(period),
    perUser(period),
    perProject(period),
    stuckJobs(now),
    listAlerts({ limit: 20 }),
  ]);

  const byStatus = sumBy(groups, (row) => row.status);
  const jobsWith = (status: Status) => byStatus.get(status)?.jobs ?? 0;
  const completed = jobsWith("completed");
  const failed = jobsWith("failed");
  const byModel = [...sumBy(groups, (row) => row.model)].map(([model, sum]) => ({ model, ...sum }));
  const byKind = sumBy(groups, (row) => row.kind);
  const outcomes = new Map<string, { model: string; kind: Kind; completed: number; failed: number }>();
  for (const row of groups) {
    const key = `${row.model}\n${row.kind}`;
    const outcome = outcomes.get(key) ?? { model: row.model, kind: row.kind, completed: 0, failed: 0 };
    if (row.status === "completed") outcome.completed += row.jobs;
    if (row.status === "failed") outcome.failed += row.jobs;
    outcomes.set(key, outcome);
  }
  const dayRows = new Map(days.map((row) => [row.day, row]));

  const reply: AdminMetricsInput = {
    period: { ...period, timezone: "UTC" },
    totals: {
      jobs: groups.reduce((sum, row) => sum + row.jobs, 0),
      completed,
      failed,
      inProgress: IN_PROGRESS.reduce((sum, status) => sum + jobsWith(status), 0),
      successRate: rateOf(completed, failed),
      estimatedSpendUsd: round4(groups.reduce((sum, row) => sum + Number(row.usd ?? 0), 0)),
    },
    jobs: {
      byModel: [...byModel].sort((a, b) => b.jobs - a.jobs || a.model.localeCompare(b.model)).map(({ model, jobs }) => ({ model, count: jobs })),
      byKind: GENERATION_KINDS.map((kind) => ({ kind, count: byKind.get(kind)?.jobs ?? 0 })),
      byStatus: JOB_STATUSES.map((status) => ({ status, count: jobsWith(status) })),
    },
    successRate: [...outcomes.values()]
      .sort((a, b) => a.model.localeCompare(b.model) || a.kind.localeCompare(b.kind))
      .map((row) => ({ ...row, rate: rateOf(row.completed, row.failed) })),
    durations: timings.map((row) => ({ model: row.model, resolution: row.resolution, count: row.count, p50Ms: Math.round(row.p50), p95Ms: Math.round(row.p95) })),
    spend: {
      perDay: utcDays(period).map((day) => {
        const row = dayRows.get(day);
        return { day, jobs: row?.jobs ?? 0, failed: row?.failed ?? 0, usd: round4(row?.usd ?? 0) };
      }),
      perUser: users.map((row) => ({ ...row, usd: round4(row.usd) })),
      perProject: projects.map((row) => ({ ...row, usd: round4(row.usd) })),
      perModel: byModel.map((row) => ({ ...row, usd: round4(row.usd) })).sort((a, b) => b.usd - a.usd || b.jobs - a.jobs || a.model.localeCompare(b.model)),
    },
    stuck,
    alerts,
  };
  return adminMetricsResponse.parse(reply);
}
