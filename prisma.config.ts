// Prisma CLI configuration. The JS schema engine with a driver adapter: it downloads nothing, so
// migrate and generate work on machines that reach only the npm registry (docs/architecture.md, "Toolchain notes").
// adapter-pg 7.10.1 (aliased) is used here because 6.19.3 cannot read Postgres `name` columns,
// which `migrate deploy` queries (prisma/orm#27403). The runtime client uses adapter-pg 6.19.3.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "prisma-adapter-pg-7";
import { pgPoolConfig } from "./_shared/lib/database-url";

// The CLI resolves the schema's `url` even for commands that never connect (generate, validate):
// give it a placeholder so `npm ci` works with no database configured. Commands that connect go
// through adapter() below, which refuses to run without a real DATABASE_URL.
const configuredUrl = process.env.DATABASE_URL;
process.env.DATABASE_URL ||= "postgres://placeholder@127.0.0.1:5432/placeholder";

export default defineConfig({
  engine: "js",
  experimental: { adapter: true },
  schema: path.join("prisma", "schema.prisma"),
  migrations: {
    path: path.join("prisma", "migrations"),
    seed: "tsx prisma/seed.ts",
  },
  async adapter() {
    const url = configuredUrl;
    if (!url) throw new Error("DATABASE_URL is not set: run through `npm run dev`, or set it in .env");
    // A short idle timeout lets the CLI exit as soon as it is done instead of lingering ~10 s on
    // pg's idle pool.
    return new PrismaPg({ ...pgPoolConfig(url), idleTimeoutMillis: 200, allowExitOnIdle: true });
  },
});
