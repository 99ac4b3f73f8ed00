// The figures of a burst (bench/burst.ts): throughput against the simulator's ceiling measured in
// the same run, end-to-end times, where the time went, and every creation accounted for.
import { median } from "./cli";
import { percentile, type BurstMeasurement, type BurstPlan, type Creation } from "./burst-run";

export interface BurstSummary {
  label: string;
  accepted: number;
  /** Non-202 answers by status, e.g. { 429: 3 }. */
  refused: Record<number, number>;
  acceptedPerSecond: number;
  allSettledSeconds: number;
  ready: number;
  failed: number;
  readyPerSecond: number;
  e2eP50Ms: number;
  e2eP99Ms: number;
  falSubmissions: number;
  jobs: number;
  lost: number;
  stuck: number;
  duplicateSubmissions: number;
  duplicateRows: number;
  idleListP99Ms: number;
  burstListP99Ms: number;
  listSamples: number;
  listErrors: Record<number, number>;
  /** Median milliseconds of each stage of a ready creation. */
  stages: Record<string, number>;
}

const ceilingPerSecond = (plan: Omit<BurstPlan, "mode">) => plan.concurrency / (plan.latencyMs / 1000);

function span(from: number | null | undefined, to: number | null | undefined): number | null {
  return from == null || to == null ? null : to - from;
}

function medianOf(values: Array<number | null>): number {
  const known = values.filter((value): value is number => value !== null);
  return known.length ? median(known) : Number.NaN;
}

/** Where a ready creation's time went, stage by stage (medians). */
function stages(ready: Creation[]): Record<string, number> {
  const lastFal = (creation: Creation) => creation.falRequests.at(-1);
  return {
    "create request (sent -> job row)": medianOf(ready.map((c) => span(c.sentAt, c.jobCreatedAt))),
    "our submit (job row -> Fal accepted)": medianOf(ready.map((c) => span(c.jobCreatedAt, c.submittedAt))),
    "Fal queue: waiting for a slot (concurrency)": medianOf(ready.map((c) => span(lastFal(c)?.createdAt, lastFal(c)?.slotAt))),
    "Fal run (slot -> completed: the latency)": medianOf(ready.map((c) => span(lastFal(c)?.slotAt, lastFal(c)?.completedAt))),
    "webhook (Fal completed -> outcome recorded)": medianOf(ready.map((c) => span(lastFal(c)?.completedAt, c.outcomeAt))),
    "finalise queue (outcome -> claimed)": medianOf(ready.map((c) => span(c.outcomeAt, c.claimedAt))),
    "finalise (claimed -> ready)": medianOf(ready.map((c) => span(c.claimedAt, c.completedAt))),
  };
}

export function summarise(label: string, plan: Omit<BurstPlan, "mode">, measured: BurstMeasurement): BurstSummary {
  const { creations } = measured;
  const accepted = creations.filter((c) => c.httpStatus === 202);
  const refused: Record<number, number> = {};
  for (const c of creations) if (c.httpStatus !== 202) refused[c.httpStatus] = (refused[c.httpStatus] ?? 0) + 1;
  const ready = accepted.filter((c) => c.status === "ready");
  const e2e = ready.map((c) => (c.completedAt as number) - c.sentAt);
  const wallSeconds = measured.wallMs / 1000;
  return {
    label,
    accepted: accepted.length,
    refused,
    acceptedPerSecond: accepted.length / (measured.submitPhaseMs / 1000),
    allSettledSeconds: wallSeconds,
    ready: ready.length,
    failed: accepted.filter((c) => c.status === "failed").length,
    readyPerSecond: ready.length / wallSeconds,
    e2eP50Ms: percentile(e2e, 50),
    e2eP99Ms: percentile(e2e, 99),
    falSubmissions: measured.falSubmissions,
    jobs: creations.filter((c) => c.jobCreatedAt !== null).length,
    // Accepted, yet no row (or no job) to ever turn ready or failed.
    lost: accepted.filter((c) => c.rows === 0 || c.jobCreatedAt === null).length,
    stuck: accepted.filter((c) => c.status === "processing").length,
    // Fal submissions beyond one per job that the job does not record as a resubmission, and any we cannot place.
    duplicateSubmissions:
      creations.reduce((sum, c) => sum + Math.max(0, c.falRequests.length - 1 - c.recordedResubmissions), 0) + measured.strayFalRequests,
    duplicateRows: creations.filter((c) => c.rows > 1).length,
    idleListP99Ms: percentile(measured.idleListMs, 99),
    burstListP99Ms: percentile(measured.burstListMs, 99),
    listSamples: measured.burstListMs.length,
    listErrors: measured.burstListErrors,
    stages: stages(ready),
  };
}

const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : "n/a");

export function printBurst(plan: Omit<BurstPlan, "mode">, summaries: BurstSummary[]): void {
  const ceiling = ceilingPerSecond(plan);
  console.log(`\n[burst] reference: the simulator's ceiling = concurrency ${plan.concurrency} / latency ${plan.latencyMs / 1000} s = ${fixed(ceiling, 2)} jobs/s`);
  console.table(
    Object.fromEntries(
      summaries.map((s) => [
        s.label,
        {
          "accepted (202)": `${s.accepted}/${plan.creations}${Object.keys(s.refused).length ? ` refused ${JSON.stringify(s.refused)}` : ""}`,
          "creations/s accepted": fixed(s.acceptedPerSecond),
          "all settled (s)": fixed(s.allSettledSeconds),
          "ready / failed": `${s.ready} / ${s.failed}`,
          "ready jobs/s": fixed(s.readyPerSecond, 2),
          "vs ceiling": `${fixed(s.readyPerSecond / ceiling, 2)}x`,
          "e2e p50 / p99 (s)": `${fixed(s.e2eP50Ms / 1000)} / ${fixed(s.e2eP99Ms / 1000)}`,
          "Fal submissions / jobs": `${s.falSubmissions} / ${s.jobs}`,
          "lost / stuck / dup. submits / dup. rows": `${s.lost} / ${s.stuck} / ${s.duplicateSubmissions} / ${s.duplicateRows}`,
          "GET list p99 idle -> burst (ms)": `${fixed(s.idleListP99Ms)} -> ${fixed(s.burstListP99Ms)} (${s.listSamples} samples${Object.keys(s.listErrors).length ? `; errors ${JSON.stringify(s.listErrors)}` : ""})`,
          "GET p99 ratio (target <= 5x)": `${fixed(s.burstListP99Ms / s.idleListP99Ms)}x`,
        },
      ]),
    ),
  );
  console.log("\n[burst] where the time goes (median ms per ready creation)");
  console.table(Object.fromEntries(Object.keys(summaries[0]?.stages ?? {}).map((stage) => [stage, Object.fromEntries(summaries.map((s) => [s.label, Math.round(s.stages[stage])]))])));
}
