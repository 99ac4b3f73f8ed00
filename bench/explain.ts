// What the benches share: server-side timing of one SQL statement with EXPLAIN ANALYZE (median of
// several runs after a warm-up) and the indexes its plan read.
import type pg from "pg";

interface PlanNode {
  "Node Type": string;
  "Index Name"?: string;
  "Relation Name"?: string;
  Plans?: PlanNode[];
}

/** How a whole-table read of `relation` is reported (null: not worth reporting, e.g. a tiny table). */
export type SeqScanLabel = (relation: string) => string | null;

function scansOf(node: PlanNode, seqScanLabel: SeqScanLabel, found = new Set<string>()): Set<string> {
  if (node["Index Name"]) found.add(node["Index Name"]);
  else if (node["Node Type"] === "Seq Scan" && node["Relation Name"]) {
    const label = seqScanLabel(node["Relation Name"]);
    if (label) found.add(label);
  }
  for (const child of node.Plans ?? []) scansOf(child, seqScanLabel, found);
  return found;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Median execution time in ms over `runs` (the first, extra run warms the cache) and the indexes used. */
export async function measure(client: pg.Client, query: { sql: string; params: unknown[] }, runs: number, seqScanLabel: SeqScanLabel) {
  const times: number[] = [];
  let indexes = new Set<string>();
  for (let i = 0; i < runs + 1; i++) {
    const { rows } = await client.query<{ "QUERY PLAN": Array<{ Plan: PlanNode; "Execution Time": number }> }>(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${query.sql}`,
      query.params,
    );
    const [result] = rows[0]["QUERY PLAN"];
    if (i > 0) times.push(result["Execution Time"]);
    indexes = scansOf(result.Plan, seqScanLabel);
  }
  return { ms: median(times), indexes: [...indexes].join(", ") };
}
