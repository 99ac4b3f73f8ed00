// Times the public library listing (GET /api/avatars/public) at the size of the database it is
// pointed at, with the library indexes of migrations 20261125020000_library_indexes,
// 20261201010000_library_search_ignores_accents (the folded-name trigram index) and
// 20261211000000_avatar_tag_ids (the GIN index on each avatar's tag ids) and, as the
// reference in the same run, without them: the same SQL, inside a transaction that drops those
// indexes and is rolled back. The SQL is what the real service sends, captured from Prisma's log.
//
// For a scratch database only (DROP INDEX locks the table while the reference runs):
//   createdb ba_bench; DATABASE_URL=postgres://postgres@127.0.0.1:5432/ba_bench npx prisma migrate deploy
//   DATABASE_URL=... npm run db:seed:demo -- 100000
//   DATABASE_URL=... node --conditions=react-server --import tsx bench/public-avatars-listing.ts [runs=7]
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../_shared/generated/prisma/client";
import { pgPoolConfig } from "../_shared/lib/database-url";
import { measure } from "./explain";

const LIBRARY_INDEXES = [
  "Avatar_visibility_status_createdAt_id_idx",
  "Avatar_visibility_status_name_id_idx",
  "Avatar_visibility_status_id_idx",
  "Avatar_visibility_status_usageCount_id_idx",
  "_AvatarTags_B_A_idx",
  "Avatar_name_search_idx",
  "Avatar_tagIds_idx",
];
const SCENARIOS: Record<string, string> = {
  "no filter, newest": "",
  "one broad tag (sexe=femme)": "sexe=femme",
  "3 categories, OR within": "sexe=homme&age=senior&industrie=medical,tech",
  "2 tags, sort=name": "industrie=automobile&age=jeune&sort=name",
  "sort=oldest, 1 tag": "sort=oldest&industrie=mode",
  "sort=most-used": "sort=most-used",
  "sort=most-used, 1 tag": "sort=most-used&sexe=femme",
  "name search (q=léa)": "q=l%C3%A9a",
  "name search without the accent (q=ines)": "q=ines",
  "deep page (5000)": "page=5000",
  "3 tags + q, few matches": "sexe=homme&age=senior&industrie=automobile&q=hugo",
};

interface Captured {
  scenario: string;
  kind: "page" | "count";
  sql: string;
  params: unknown[];
}

/** Whole-table reads, the tiny Tag table aside. */
const tableScans = (relation: string) => (relation === "Tag" ? null : `seq scan ${relation}`);

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("set DATABASE_URL to a scratch database seeded with `npm run db:seed:demo -- 100000`");
  const runs = Number(process.argv[2] ?? 7);
  // The listing never touches storage, but the environment module wants an endpoint.
  process.env.S3_ENDPOINT ||= "http://127.0.0.1:1";
  process.env.LOG_LEVEL ||= "silent";

  // Capture the SQL of the real service: the Prisma module reuses a client found on globalThis.
  const captured: Captured[] = [];
  let scenario = "";
  const logged = new PrismaClient({ adapter: new PrismaPg(pgPoolConfig(url)), log: [{ emit: "event", level: "query" }] });
  logged.$on("query", (event) => {
    // The listing's own SQL: its count and its page (the page's ids from the sort's index, then their rows).
    if (!event.query.includes('FROM "Avatar" a')) return;
    captured.push({ scenario, kind: /^SELECT count/i.test(event.query) ? "count" : "page", sql: event.query, params: JSON.parse(event.params) as unknown[] });
  });
  (globalThis as { prisma?: unknown }).prisma = logged;
  const { listPublicAvatars } = await import("../_shared/core/library/public-library");
  const { publicAvatarListQuery } = await import("../_shared/schemas/public-avatar");
  const admin = { id: "bench", email: "bench@localhost", name: null, role: "admin" as const }; // admins bypass the reply cache
  const totals = new Map<string, number>();
  for (const [name, search] of Object.entries(SCENARIOS)) {
    scenario = name;
    const query = publicAvatarListQuery.parse(Object.fromEntries(new URLSearchParams(search)));
    totals.set(name, (await listPublicAvatars({ user: admin, query })).total);
  }
  await logged.$disconnect();

  const client = new pg.Client(pgPoolConfig(url));
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "Avatar"`);
    console.log(`public library listing: ${rows[0].n} avatars in the table, median of ${runs} runs (EXPLAIN ANALYZE execution time)\n`);
    const withIndexes: Array<Awaited<ReturnType<typeof measure>>> = [];
    for (const query of captured) withIndexes.push(await measure(client, query, runs, tableScans));
    await client.query("BEGIN");
    for (const index of LIBRARY_INDEXES) await client.query(`DROP INDEX IF EXISTS "${index}"`);
    const without: Array<Awaited<ReturnType<typeof measure>>> = [];
    for (const query of captured) without.push(await measure(client, query, runs, tableScans));
    await client.query("ROLLBACK");

    const table = captured.map((query, i) => ({
      scenario: query.scenario,
      query: query.kind,
      matches: totals.get(query.scenario),
      "ms (indexes)": withIndexes[i].ms.toFixed(2),
      "ms (reference)": without[i].ms.toFixed(2),
      speedup: `${(without[i].ms / withIndexes[i].ms).toFixed(1)}x`,
      "plan uses": withIndexes[i].indexes,
    }));
    console.table(table);
  } finally {
    await client.end();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
