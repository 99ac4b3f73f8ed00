import { z } from "zod";
import { GENERATION_KINDS } from "./generation-options";
import { JOB_STATUSES } from "./job";


const DAY_MS = 24 * 3600 * 1000;
const DEFAULT_PERIOD_DAYS = 30;
export const MAX_PERIOD_DAYS = 366;

/**
 * The bounds accepted: from the Unix epoch to the last instant of year 9999. Outside it a date has
 * no four-digit ISO form (year 0, 10000) and the queries on it fail; no job is older than the epoch.
 */
const EARLIEST = new Date("1970-01-01T00:00:00Z");
const LATEST = new Date("9999-12-31T23:59:59.999Z");

/** A bound of the period: a UTC day ("2025-01-31") or an instant with its zone ("2025-01-31T12:00:00Z"). */
const bound = (name: "from" | "to") =>
  z
    .union([z.iso.date(), z.iso.datetime({ offset: true })], {
      message: `${name} must be an ISO date (2025-01-31) or date-time with a zone (2025-01-31T12:00:00Z)`,
    })
    .transform((value) => new Date(value))
    .refine((date) => date >= EARLIEST && date <= LATEST, `${name} must be between 1970-01-01 and 9999-12-31 (UTC)`)
    .optional();

/**
 * GET /api/admin/metrics: the period [from, to) on the jobs' creation time, in UTC. Defaults: the
 * last 30 days up to now (a missing bound follows from the other one). Unknown parameters are refused.
 */
export const adminMetricsQuery = z.strictObject({ from: bound("from"), to: bound("to") }).transform((query, ctx) => {
  const to = query.to ?? new Date();
  const from = query.from ?? new Date(to.getTime() - DEFAULT_PERIOD_DAYS * DAY_MS);
  if (from >= to) {
    ctx.addIssue({ code: "custom", path: ["from"], message: "from must be before to" });
    return z.NEVER;
  }
  if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * DAY_MS) {
    ctx.addIssue({ code: "custom", path: ["to"], message: `The period must be at most ${MAX_PERIOD_DAYS} days` });
    return z.NEVER;
  }
  return { from, to };
});
export type AdminMetricsQuery = z.output<typeof adminMetricsQuery>;

const count = z.number().int().min(0);
const usd = z.number();
/** Share of finished jobs that completed (completed / (completed + failed)); null when none finished. */
const rate = z.number().min(0).max(1).nullable();
const isoDate = z.date().transform((date) => date.toISOString());

const totals = z.object({
  jobs: count,
  completed: count,
  failed: count,
  /** queued, submitted or finalizing. */
  inProgress: count,
  successRate: rate,
  estimatedSpendUsd: usd,
});

const spendRow = { usd, jobs: count };

export const adminMetricsResponse = z.object({
  period: z.object({ from: isoDate, to: isoDate, timezone: z.literal("UTC") }),
  totals,
  /** Jobs created in the period. Kinds and statuses are always all listed (zeros included). */
  jobs: z.object({
    byModel: z.array(z.object({ model: z.string(), count })),
    byKind: z.array(z.object({ kind: z.enum(GENERATION_KINDS), count })),
    byStatus: z.array(z.object({ status: z.enum(JOB_STATUSES), count })),
  }),
  successRate: z.array(z.object({ model: z.string(), kind: z.enum(GENERATION_KINDS), completed: count, failed: count, rate })),
  /** Total generation time (created -> completed) of the completed jobs, in ms; resolution is null for images. */
  durations: z.array(z.object({ model: z.string(), resolution: z.string().nullable(), count, p50Ms: z.number(), p95Ms: z.number() })),
  /**
   * Estimated spend (billed jobs only: a job that failed before Fal accepted it costs nothing) and
   * job counts (all jobs created) per UTC day, user, project and model.
   */
  spend: z.object({
    perDay: z.array(z.object({ day: z.iso.date(), ...spendRow, failed: count })),
    perUser: z.array(z.object({ id: z.string(), email: z.string(), name: z.string().nullable(), ...spendRow })),
    perProject: z.array(z.object({ id: z.string(), name: z.string(), ownerEmail: z.string(), ...spendRow })),
    perModel: z.array(z.object({ model: z.string(), ...spendRow })),
  }),
  /** Jobs still running past their deadline, now (whatever the period). */
  stuck: z.object({
    deadlineMinutes: z.number().int(),
    count,
    jobs: z.array(
      z.object({
        id: z.string(),
        model: z.string(),
        kind: z.enum(GENERATION_KINDS),
        status: z.enum(JOB_STATUSES),
        createdAt: isoDate,
        minutesOverdue: count,
        userId: z.string().nullable(),
        userEmail: z.string().nullable(),
        avatarId: z.string().nullable(),
        bRollId: z.string().nullable(),
      }),
    ),
  }),
  /** Firing alerts first, then the most recently resolved. */
  alerts: z.array(
    z.object({
      key: z.string(),
      status: z.enum(["firing", "resolved"]),
      severity: z.string(),
      title: z.string(),
      message: z.string(),
      occurrences: count,
      openedAt: z.string(),
      lastSeenAt: z.string(),
      resolvedAt: z.string().nullable(),
    }),
  ),
});
export type AdminMetricsResponse = z.output<typeof adminMetricsResponse>;
export type AdminMetricsInput = z.input<typeof adminMetricsResponse>;
