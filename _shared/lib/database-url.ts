// Turns a postgres:// URL into discrete pg pool fields: the Prisma driver adapters are happier with
// host/port/user/database than with a connection string (docs/architecture.md, "Toolchain notes").
export interface PgPoolConfig {
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
  max?: number;
}

export function pgPoolConfig(databaseUrl: string, max?: number): PgPoolConfig {
  const url = new URL(databaseUrl);
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new Error(`DATABASE_URL must start with postgres:// or postgresql:// (got ${url.protocol})`);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (!database) throw new Error("DATABASE_URL must name a database (postgres://user@host:5432/dbname)");
  return {
    host: url.hostname || "127.0.0.1",
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username || "postgres"),
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database,
    ...(max ? { max } : {}),
  };
}
