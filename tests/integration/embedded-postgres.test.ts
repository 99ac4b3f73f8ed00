// The embedded PostgreSQL of `npm run dev` and `npm test` from a private (0700) folder. As root (CI, a
// fresh container) the server runs as the `postgres` OS user, who cannot enter such a folder, so the
// binaries and the data must be placed where that user can; as any other user the server runs as
// that user and everything stays where it was asked to be. Both are checked, whoever runs the tests.
import { chmod, chown, cp, mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { binariesIn, packagedBinaries, run } from "../../tools/embedded-postgres";
import { startEmbeddedPostgres } from "../../tools/embedded-stack";
import { FALLBACK_BASE, binariesRunnableBy, dataDirReachableBy, postgresOsUser } from "../../tools/postgres-os-user";

const asRoot = process.getuid?.() === 0;
let privateDir: string;

beforeAll(async () => {
  privateDir = await mkdtemp(path.join(tmpdir(), "better-ads-private-"));
  await chmod(privateDir, 0o700);
});

afterAll(async () => {
  await rm(privateDir, { recursive: true, force: true });
});

describe("embedded PostgreSQL from a private folder", () => {
  it("starts with its data folder asked for inside a 0700 folder, and answers queries", async () => {
    const requested = path.join(privateDir, "data", "postgres");
    const server = await startEmbeddedPostgres({ dataDir: requested, database: "private_check" });
    try {
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      const { rows } = await client.query<{ db: string }>("SELECT current_database() AS db");
      await client.end();
      expect(rows[0].db).toBe("private_check");
      if (asRoot) {
        const user = await postgresOsUser();
        expect(path.dirname(server.dataDir)).toBe(FALLBACK_BASE);
        expect((await stat(server.dataDir)).uid).toBe(user?.uid);
      } else {
        expect(server.dataDir).toBe(requested);
      }
    } finally {
      await server.stop();
      await rm(server.dataDir, { recursive: true, force: true });
    }
  });

  it("runs binaries installed inside a 0700 folder", async () => {
    const installed = await packagedBinaries();
    const hidden = binariesIn(path.join(privateDir, "native"), installed);
    await cp(installed.dir, hidden.dir, { recursive: true, verbatimSymlinks: true });
    const user = await postgresOsUser();

    const usable = await binariesRunnableBy(user, hidden);

    const version = await run(usable.postgres, ["--version"], user);
    expect(version.code).toBe(0);
    expect(version.output).toMatch(/postgres \(PostgreSQL\) \d+/);
    if (asRoot) expect(path.dirname(usable.dir)).toBe(FALLBACK_BASE);
    else expect(usable).toEqual(hidden);
  });

  it("says in one line what failed and what to do when the server cannot start", async () => {
    const requested = path.join(privateDir, "corrupt", "postgres");
    const user = await postgresOsUser();
    // Where the stack will look for that folder (as root, moved where the postgres user can reach it).
    const dataDir = await dataDirReachableBy(user, requested);
    try {
      // A data folder from a PostgreSQL release this server cannot read.
      await mkdir(dataDir, { recursive: true, mode: 0o700 });
      await writeFile(path.join(dataDir, "PG_VERSION"), "9\n");
      if (user) for (const file of [dataDir, path.join(dataDir, "PG_VERSION")]) await chown(file, user.uid, user.gid);

      const failure = await startEmbeddedPostgres({ dataDir: requested, database: "never" }).then(
        async (server) => {
          await server.stop();
          return new Error("the server started");
        },
        (error: unknown) => error as Error,
      );

      expect(failure.message).toMatch(/^could not start the embedded PostgreSQL: the server stopped at start-up \(.+\)\. Set DATABASE_URL/);
      expect(failure.message).not.toContain("\n");
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
