import "server-only";
// Alerts: generation is breaking, and someone should know. Three conditions, each one
// AlertState row keyed by a string:
//   job_failed:<model>    a job of that model ended `failed`; resolves after a window with no new failure.
//   failure_rate:<model>  failures among the model's last ALERT_FAILURE_RATE_JOBS finished jobs reach
//                         the threshold; resolves when the rate drops below it.
//   stuck_jobs            unfinished jobs older than JOB_DEADLINE_MINUTES; resolves when none are left.
// Every transition is a conditional write on the row (insert if absent, reopen if resolved, remind if
// the last message is older than the window, resolve if firing), so when several processes see the
// same thing exactly one of them sends: one message per condition per window, one when it clears.
// Messages are logged (error level; resolved: info) and POSTed to ALERT_WEBHOOK_URL in the background.
import { escapeMrkdwn, formatAlertMessage, sendAlertMessage } from "@/_shared/lib/alert-webhook";
import { getEnv } from "@/_shared/lib/env";
import { logger, scrubForLog } from "@/_shared/lib/logger";
import { getMetrics } from "@/_shared/lib/prometheus";
import { Prisma, prisma, type AlertState, type Tx } from "@/_shared/lib/prisma";
import type { FinishedJob } from "@/_shared/core/generation/job-view";

type Condition = "job_failed" | "failure_rate" | "stuck_jobs";

/** What a check found: the condition holds now. */
interface Signal {
  key: string;
  condition: Condition;
  severity: "warning" | "error";
  title: string;
  details: Prisma.InputJsonObject;
  /** Sets the occurrence count (a measured quantity); absent: one more occurrence. */
  occurrences?: number;
  /** The message body, given the alert as it stands after this occurrence. */
  describe: (alert: { occurrences: number; openedAt: Date }) => string;
}

const STUCK_KEY = "stuck_jobs";
// Advisory locks of this module live in their own key space (pg-boss uses single-key locks).
const ALERT_LOCK_SPACE = 80817;
const MAX_ERROR_CHARS = 300;

const minutes = (n: number) => n * 60_000;
const percent = (rate: number) => `${Math.round(rate * 100)}%`;

/** Text from a job (an error message) fit for an alert: one line, no URL query string, capped. */
function safeText(text: string | null): string {
  if (!text) return "";
  const unsigned = text.replace(/(https?:\/\/[^\s?#]+)[?#]\S*/g, "$1?…").replace(/\s+/g, " ");
  return String(scrubForLog(unsigned, MAX_ERROR_CHARS));
}

/** "10:02 UTC", or "2025-03-01 10:02 UTC" when not today. */
function utcTime(at: Date, now = new Date()): string {
  const iso = at.toISOString();
  return iso.slice(0, 10) === now.toISOString().slice(0, 10) ? `${iso.slice(11, 16)} UTC` : `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** A message decided inside a check, sent once its transaction has committed. */
interface Notice {
  condition: Condition;
  state: "firing" | "resolved";
  row: AlertState;
  body: string;
}

function notify({ condition, state, row, body }: Notice) {
  const fields = { alert: row.key, severity: row.severity, occurrences: row.occurrences, openedAt: row.openedAt, details: row.details };
  if (state === "firing") logger.error(`alert firing: ${row.title}`, { ...fields, message: body });
  else logger.info(`alert resolved: ${row.title}`, { ...fields, message: body });
  getMetrics().alertsSent.inc({ condition, state });

  const url = getEnv().ALERT_WEBHOOK_URL;
  if (!url) return;
  const headline = state === "firing" ? ":rotating_light: [FIRING]" : ":white_check_mark: [RESOLVED]";
  const text = `${headline} ${escapeMrkdwn(row.title)} — ${escapeMrkdwn(body)}`;
  const context = `${row.key} · ${row.occurrences} occurrence${row.occurrences === 1 ? "" : "s"} · opened ${utcTime(row.openedAt)}`;
  sendAlertMessage(url, formatAlertMessage(text, escapeMrkdwn(context)), { alert: row.key, state });
}

/**
 * Runs one condition's check under a lock on its key, so that checks of the same condition (two
 * jobs of a model finishing at once, in any processes) apply in turn and the last one has seen every
 * finished job: a stale "still failing" can never reopen an alert a newer check resolved.
 */
async function checkExclusively(key: string, check: (tx: Tx) => Promise<Array<Notice | null>>): Promise<void> {
  const notices = await prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ALERT_LOCK_SPACE}::int, hashtext(${key}))`;
      return check(tx);
    },
    { maxWait: 10_000, timeout: 15_000 },
  );
  for (const notice of notices) if (notice) notify(notice);
}

/** The condition holds: opens the alert, or reminds once the window has passed, or just counts. */
async function raise(db: Tx, signal: Signal, now: Date): Promise<Notice | null> {
  const windowStart = new Date(now.getTime() - minutes(getEnv().ALERT_WINDOW_MINUTES));
  const { key, condition, severity, title, details } = signal;
  const occurrences = signal.occurrences ?? 1;
  const fresh = { status: "firing" as const, severity, title, details, message: signal.describe({ occurrences, openedAt: now }), occurrences, openedAt: now, lastSeenAt: now, lastNotifiedAt: now, resolvedAt: null };
  const counted = signal.occurrences ?? { increment: 1 };

  // Each write is conditional on the row's state, so the first one that matches wins the transition.
  // Without a lock the row can be resolved between two of them: then the round starts over (it reopens).
  for (let round = 0; round < 3; round++) {
    const [opened] = await db.alertState.createManyAndReturn({ data: [{ key, ...fresh }], skipDuplicates: true });
    const [reopened] = opened ? [] : await db.alertState.updateManyAndReturn({ where: { key, status: "resolved" }, data: fresh });
    const started = opened ?? reopened;
    if (started) return { condition, state: "firing", row: started, body: fresh.message };

    const [reminded] = await db.alertState.updateManyAndReturn({
      where: { key, status: "firing", OR: [{ lastNotifiedAt: null }, { lastNotifiedAt: { lt: windowStart } }] },
      data: { severity, title, details, occurrences: counted, lastSeenAt: now, lastNotifiedAt: now },
    });
    if (reminded) {
      const body = signal.describe(reminded);
      await db.alertState.update({ where: { key }, data: { message: body } });
      return { condition, state: "firing", row: reminded, body };
    }
    const { count } = await db.alertState.updateMany({ where: { key, status: "firing" }, data: { details, occurrences: counted, lastSeenAt: now } });
    if (count) return null;
  }
  return null;
}

/** The condition no longer holds: resolves the alerts `where` matches that are firing. */
async function clear(db: Tx, condition: Condition, where: Prisma.AlertStateWhereInput, now: Date, describe: (row: AlertState) => string): Promise<Notice[]> {
  const rows = await db.alertState.updateManyAndReturn({ where: { ...where, status: "firing" }, data: { status: "resolved", resolvedAt: now, lastNotifiedAt: now } });
  return rows.map((row) => ({ condition, state: "resolved" as const, row, body: describe(row) }));
}

// --- job_failed:<model> ---

/** The text with a final full stop, unless it already ends a sentence. */
const sentence = (text: string) => (/[.!?…]$/.test(text) ? text : `${text}.`);

function jobFailedSignal(job: FinishedJob, now: Date): Signal {
  const error = safeText([job.errorCode, job.error].filter(Boolean).join(": "));
  const last = `job ${job.id} (${job.kind}) failed${error ? `: ${error}` : ""}`;
  return {
    key: `job_failed:${job.model}`,
    condition: "job_failed",
    severity: "warning",
    title: `Generation failing: ${job.model}`,
    details: { model: job.model, lastJobId: job.id, kind: job.kind, errorCode: job.errorCode, error: safeText(job.error) },
    describe: ({ occurrences, openedAt }) => (occurrences <= 1 ? sentence(last) : `${occurrences} failures since ${utcTime(openedAt, now)}. Last: ${sentence(last)}`),
  };
}

// --- failure_rate:<model> ---

/** Failures among the model's last finished jobs (one query on the (model, completedAt) index). */
async function measureFailureRate(db: Tx, model: string) {
  const env = getEnv();
  const recent = await db.generationJob.findMany({
    where: { model, completedAt: { not: null } },
    orderBy: { completedAt: "desc" },
    take: env.ALERT_FAILURE_RATE_JOBS,
    select: { status: true },
  });
  const finished = recent.filter((job) => job.status === "completed" || job.status === "failed").length;
  const failed = recent.filter((job) => job.status === "failed").length;
  const rate = finished ? failed / finished : 0;
  // A minimum above the sample size would silence the alert for good: the sample is the most we judge on.
  const enough = finished >= Math.min(env.ALERT_FAILURE_RATE_MIN_JOBS, env.ALERT_FAILURE_RATE_JOBS);
  return { failed, finished, rate, threshold: env.ALERT_FAILURE_RATE_THRESHOLD, holds: enough && rate >= env.ALERT_FAILURE_RATE_THRESHOLD };
}

/** `resolveOnly`: the periodic re-check, which may clear the alert but leaves reminders to new failures. */
async function checkFailureRate(model: string, now: Date, { resolveOnly = false } = {}) {
  const key = `failure_rate:${model}`;
  await checkExclusively(key, async (tx) => {
    const { failed, finished, rate, threshold, holds } = await measureFailureRate(tx, model);
    const share = `${failed} of the last ${finished} finished jobs failed (${percent(rate)})`;
    if (!holds) return clear(tx, "failure_rate", { key }, now, () => `${share}.`);
    if (resolveOnly) return [];
    const signal: Signal = {
      key,
      condition: "failure_rate",
      severity: "error",
      title: `High failure rate: ${model}`,
      details: { model, failed, finished, rate, threshold },
      occurrences: failed,
      describe: () => `${share}, threshold ${percent(threshold)}.`,
    };
    return [await raise(tx, signal, now)];
  });
}

// --- stuck_jobs ---

async function checkStuckJobs(now: Date) {
  const deadlineMinutes = getEnv().JOB_DEADLINE_MINUTES;
  const where: Prisma.GenerationJobWhereInput = { status: { notIn: ["completed", "failed"] }, createdAt: { lt: new Date(now.getTime() - minutes(deadlineMinutes)) } };
  await checkExclusively(STUCK_KEY, async (tx) => {
    const count = await tx.generationJob.count({ where });
    if (!count) return clear(tx, "stuck_jobs", { key: STUCK_KEY }, now, () => `no job is past its ${deadlineMinutes}-minute deadline any more.`);
    const oldest = await tx.generationJob.findMany({ where, orderBy: { createdAt: "asc" }, take: 5, select: { id: true, status: true, model: true, createdAt: true } });
    const ageMinutes = (createdAt: Date) => Math.round((now.getTime() - createdAt.getTime()) / 60_000);
    const listed = oldest.map((job) => `${job.id} (${job.status}, ${ageMinutes(job.createdAt)} min)`).join(", ");
    const signal: Signal = {
      key: STUCK_KEY,
      condition: "stuck_jobs",
      severity: "error",
      title: "Jobs stuck past their deadline",
      details: { count, deadlineMinutes, jobs: oldest.map((job) => ({ id: job.id, status: job.status, model: job.model, createdAt: job.createdAt.toISOString() })) },
      occurrences: count,
      describe: () => `${count} job${count === 1 ? "" : "s"} unfinished after ${deadlineMinutes} minutes: ${listed}${count > oldest.length ? ", …" : ""}.`,
    };
    return [await raise(tx, signal, now)];
  });
}

// --- hooks and periodic evaluation ---

/** A job ended `failed` (terminal: no more retries). Must never throw. */
export async function onJobFailed(job: FinishedJob, now = new Date()): Promise<void> {
  try {
    // Nothing to measure, so no lock: the conditional writes alone pick the one process that sends.
    const notice = await raise(prisma, jobFailedSignal(job, now), now);
    if (notice) notify(notice);
  } catch (error) {
    logger.warn("alert check failed", { check: "job_failed", jobId: job.id, model: job.model, error });
  }
}

/** A job ended `completed` or `failed`: re-evaluates its model's failure rate. Must never throw. */
export async function onJobFinished(job: FinishedJob, now = new Date()): Promise<void> {
  try {
    await checkFailureRate(job.model, now);
  } catch (error) {
    logger.warn("alert check failed", { check: "failure_rate", jobId: job.id, model: job.model, error });
  }
}

/**
 * Every minute (queue `alerts-evaluate`): stuck jobs, failure alerts quiet for a whole window, and
 * firing failure rates (the hooks re-check a rate only when a job of its model finishes).
 */
export async function evaluateAlerts(now = new Date()): Promise<void> {
  await checkStuckJobs(now);
  const windowMinutes = getEnv().ALERT_WINDOW_MINUTES;
  const quiet = { key: { startsWith: "job_failed:" }, lastSeenAt: { lt: new Date(now.getTime() - minutes(windowMinutes)) } };
  const resolved = await clear(prisma, "job_failed", quiet, now, (row) =>
    `no new failure for ${windowMinutes} minutes (${row.occurrences} failure${row.occurrences === 1 ? "" : "s"} from ${utcTime(row.openedAt, now)} to ${utcTime(row.lastSeenAt, now)}).`,
  );
  resolved.forEach(notify);
  const rates = await prisma.alertState.findMany({ where: { key: { startsWith: "failure_rate:" }, status: "firing" }, select: { key: true } });
  for (const { key } of rates) await checkFailureRate(key.slice("failure_rate:".length), now, { resolveOnly: true });
}

export interface AlertView {
  key: string;
  status: "firing" | "resolved";
  severity: string;
  title: string;
  message: string;
  occurrences: number;
  openedAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
}

const toView = (row: AlertState): AlertView => ({
  key: row.key,
  status: row.status,
  severity: row.severity,
  title: row.title,
  message: row.message,
  occurrences: row.occurrences,
  openedAt: row.openedAt.toISOString(),
  lastSeenAt: row.lastSeenAt.toISOString(),
  resolvedAt: row.resolvedAt?.toISOString() ?? null,
});

/** Alerts for the admin usage page: firing ones first, then the most recently resolved. */
export async function listAlerts(p: { status?: "firing" | "resolved"; limit?: number } = {}): Promise<AlertView[]> {
  const limit = Math.min(Math.max(p.limit ?? 50, 1), 200);
  const firing = p.status === "resolved" ? [] : await prisma.alertState.findMany({ where: { status: "firing" }, orderBy: [{ lastSeenAt: "desc" }, { key: "asc" }], take: limit });
  const rest = limit - firing.length;
  const resolved = p.status === "firing" || rest <= 0 ? [] : await prisma.alertState.findMany({ where: { status: "resolved" }, orderBy: [{ resolvedAt: "desc" }, { key: "asc" }], take: rest });
  return [...firing, ...resolved].map(toView);
}
