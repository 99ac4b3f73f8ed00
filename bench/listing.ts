// `npm run bench:listing`: the public library under load, on a production server (bench/stack.ts)
// with Redis as the cache and the demo library (10,000 public avatars with tags). Each figure is
// set against the server's ceiling, GET /api/bench/ceiling (a fixed page of 10 avatars with no I/O,
// through the same route wrapper), measured in the rounds around it: A/B interleaved, medians of
// the rounds, the ratio printed. Then a soak: the server's resident memory under continuous load on
// the cached listing, and its slope per 10,000 requests.
//
//   npm run bench:listing [-- --reuse-build] [--rounds 3] [--seconds 10] [--connections 32]
//                          [--avatars 10000] [--soak-seconds 300]
//   npm run bench:listing -- --quick [--reuse-build]
//
// --quick (CI): 100 avatars, one round of 3 s per route, no soak. A smoke check, not a timing: it
// exits non-zero when a route answers anything but 200 or autocannon counts errors or non-2xx replies.
import pg from "pg";
import { flag, median, numberOption, runBench } from "./cli";
import { ensureProductionBuild, benchUsers, residentBytes, startBenchStack, type BenchStack } from "./stack";
import { listeningPid, load, type LoadOptions, type LoadResult, type Target } from "./listing-load";

const quick = flag("quick");
const settings = {
  rounds: quick ? 1 : numberOption("rounds", 3),
  seconds: quick ? 3 : numberOption("seconds", 10),
  connections: numberOption("connections", 32),
  avatars: quick ? 100 : numberOption("avatars", 10_000),
  soakSeconds: quick ? 0 : numberOption("soak-seconds", 300),
};
// The cached listing of the brief: three categories filtered (OR within industrie), page 1.
const FILTERED = "sexe=homme&age=senior&industrie=medical,tech";

interface Comparison {
  name: string;
  /** Measured in turn with the ceiling, round after round; each figure is set against the ceiling. */
  targets: Target[];
  /** The targets the brief sets (ratios of req/s and of p99 latency to the ceiling's), shown beside the figures. */
  goal?: string;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** One request of each target, before any load: it must answer 200 (a smoke run stops here otherwise). */
async function checkTargets(baseUrl: string, targets: Target[]): Promise<void> {
  for (const target of targets) {
    const res = await fetch(`${baseUrl}${target.path}`, { headers: target.headers, redirect: "manual" });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${target.name}: GET ${target.path} answered ${res.status}: ${body.slice(0, 300)}`);
    console.log(`[bench] ${target.name}: 200, ${body.length} bytes, ${res.headers.get("content-type")}`);
  }
}

function assertClean(target: Target, result: LoadResult): void {
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0 || result.requests === 0) {
    throw new Error(`${target.name}: ${result.requests} replies under load, ${result.non2xx} not 2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
}

async function measure(target: Target, options: LoadOptions): Promise<LoadResult> {
  const result = await load(target, options);
  assertClean(target, result);
  return result;
}

const fmt = (result: { rps: number; p50: number; p99: number }) => `${result.rps.toFixed(0)} req/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms`;

interface Summary {
  rps: number;
  p50: number;
  p99: number;
}

const summary = (results: LoadResult[]): Summary => ({
  rps: median(results.map((r) => r.rps)),
  p50: median(results.map((r) => r.p50)),
  p99: median(results.map((r) => r.p99)),
});
const ratios = (a: Summary, b: Summary) => `req/s ${(a.rps / b.rps).toFixed(2)}x, p99 ${(a.p99 / b.p99).toFixed(2)}x`;

/**
 * Rounds of the ceiling and the targets in turn (the order rotating from round to round, so neither
 * always runs first after a pause), then the medians of each and their ratios to the ceiling's.
 */
async function compare(comparison: Comparison, ceiling: Target, options: LoadOptions): Promise<Summary[]> {
  const all = [ceiling, ...comparison.targets];
  const runs = all.map(() => [] as LoadResult[]);
  for (let round = 0; round < settings.rounds; round++) {
    for (let i = 0; i < all.length; i++) {
      const at = (i + round) % all.length;
      runs[at].push(await measure(all[at], options));
    }
  }
  const [reference, ...targets] = runs.map(summary);
  console.log(`\n${comparison.name}${comparison.goal ? `  (goal: ${comparison.goal})` : ""}`);
  console.log(`  ${ceiling.name.padEnd(30)} ${fmt(reference)}`);
  comparison.targets.forEach((target, i) => console.log(`  ${target.name.padEnd(30)} ${fmt(targets[i])}   vs ceiling: ${ratios(targets[i], reference)}`));
  return targets;
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

/** The least-squares slope of memory against replies, as KB per 10,000 replies. */
function perTenThousand(samples: Array<{ replies: number; bytes: number }>): string {
  const meanX = samples.reduce((sum, p) => sum + p.replies, 0) / samples.length;
  const meanY = samples.reduce((sum, p) => sum + p.bytes, 0) / samples.length;
  const sxx = samples.reduce((sum, p) => sum + (p.replies - meanX) ** 2, 0);
  const slope = sxx ? samples.reduce((sum, p) => sum + (p.replies - meanX) * (p.bytes - meanY), 0) / sxx : 0;
  return `${((slope * 10_000) / 1024).toFixed(0)} KB`;
}

/** Resident memory of the serving process over continuous load on `target`. */
async function soak(stack: BenchStack, pid: number, target: Target, options: LoadOptions) {
  let replies = 0;
  const samples: Array<{ replies: number; bytes: number }> = [];
  const sample = async () => {
    const bytes = await residentBytes(pid);
    if (bytes !== null) samples.push({ replies, bytes });
  };
  await sample();
  const timer = setInterval(() => void sample(), 5000);
  let result: LoadResult;
  try {
    result = await load(target, { ...options, seconds: settings.soakSeconds, onResponse: () => replies++ });
  } finally {
    clearInterval(timer);
  }
  await sample();
  assertClean(target, result);
  const second = samples.slice(Math.floor(samples.length / 2));
  console.log(`\nsoak: ${target.name}, ${settings.soakSeconds} s, ${result.requests} requests (${fmt(result)}), server pid ${pid} (cache ${stack.cache})`);
  console.log(`  resident memory: start ${mb(samples[0].bytes)}, end ${mb(samples.at(-1)!.bytes)}, peak ${mb(Math.max(...samples.map((s) => s.bytes)))}`);
  // The first half holds the heap's growth to its working size; a leak shows in the second half too.
  console.log(`  slope per 10k requests: ${perTenThousand(samples)} over the whole soak, ${perTenThousand(second)} over its second half (${mb(second[0].bytes)} -> ${mb(second.at(-1)!.bytes)})`);
}

/**
 * VACUUM after the bulk insert, as autovacuum soon does to a live table: until then no page is marked
 * all-visible, and every index-only scan of the library's indexes reads the table as well.
 */
async function settle(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`VACUUM ANALYZE "Avatar", "_AvatarTags"`);
  } finally {
    await client.end();
  }
}

async function main() {
  console.log(`[bench] listing: ${quick ? "quick (smoke) run" : "full run"}, ${JSON.stringify(settings)}`);
  await ensureProductionBuild({ reuse: flag("reuse-build") });
  const stack = await startBenchStack({ simulator: false });
  try {
    console.log(`[bench] seeding ${settings.avatars} demo avatars...`);
    await stack.runScript(["prisma/seed-demo.ts", String(settings.avatars)]);
    await settle(stack.databaseUrl);
    const [user] = await benchUsers(stack.databaseUrl, 1, "user");
    const [admin] = await benchUsers(stack.databaseUrl, 1, "admin");
    const port = Number(new URL(stack.baseUrl).port);
    const pid = (await listeningPid(port, [stack.server.pid!])) ?? stack.server.pid!;
    console.log(`[bench] the server listening on ${port} is pid ${pid} (spawned: ${stack.server.pid})`);

    const first = await fetch(`${stack.baseUrl}/api/avatars/public?limit=1`, { headers: bearer(user.token) });
    const avatarId = ((await first.json()) as { avatars: Array<{ id: string }> }).avatars[0]?.id;
    if (!avatarId) throw new Error("the demo seed left the library empty");
    // The deep page: the listing without filters (page 500 holds avatars 4,991-5,000 of 10,000).
    const deepPage = Math.min(500, Math.max(1, Math.floor(settings.avatars / 10)));
    const t = {
      ceiling: { name: "ceiling (fixed page, no I/O)", path: "/api/bench/ceiling" },
      cached: { name: "cached listing (user)", path: `/api/avatars/public?${FILTERED}&page=1`, headers: bearer(user.token) },
      uncached: { name: "uncached listing (admin)", path: `/api/avatars/public?${FILTERED}&page=1`, headers: bearer(admin.token) },
      detail: { name: "detail (user)", path: `/api/avatars/public/${avatarId}`, headers: bearer(user.token) },
      page: { name: "/library HTML (signed in)", path: "/library", headers: { cookie: `next-auth.session-token=${user.token}` } },
      page1: { name: "page 1, uncached (admin)", path: "/api/avatars/public?page=1", headers: bearer(admin.token) },
      deep: { name: `page ${deepPage}, uncached (admin)`, path: `/api/avatars/public?page=${deepPage}`, headers: bearer(admin.token) },
    } satisfies Record<string, Target>;
    await checkTargets(stack.baseUrl, Object.values(t));

    const options: LoadOptions = { baseUrl: stack.baseUrl, connections: settings.connections, seconds: settings.seconds };
    // Warm up (compilation, connection pools, the reply cache) before anything is measured.
    for (const target of Object.values(t)) await measure(target, { ...options, seconds: Math.min(3, settings.seconds) });
    const comparisons: Comparison[] = [
      { name: "cached listing (3 categories, page 1, signed in)", targets: [t.cached], goal: "req/s >= 0.8x, p99 <= 1.5x the ceiling's" },
      { name: "uncached listing (the same, as an admin: no reply cache)", targets: [t.uncached], goal: "req/s >= 0.3x the ceiling's" },
      { name: "detail", targets: [t.detail] },
      { name: "library page HTML", targets: [t.page] },
    ];
    for (const comparison of comparisons) await compare(comparison, t.ceiling, options);
    const [page1, deep] = await compare({ name: `deep page vs page 1 (no filter, uncached)`, targets: [t.page1, t.deep], goal: `page ${deepPage} no slower than page 1 by more than 2x` }, t.ceiling, options);
    console.log(`  page ${deepPage} vs page 1: ${ratios(deep, page1)}`);
    if (settings.soakSeconds > 0) await soak(stack, pid, t.cached, options);
    console.log(`\n[bench] ${settings.connections} connections, ${settings.seconds} s per run, medians of ${settings.rounds} round(s)`);
  } finally {
    await stack.stop();
  }
}

runBench(main);
