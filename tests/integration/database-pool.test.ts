// The app's database connections: a session left idle inside a transaction is ended by PostgreSQL
// rather than holding its locks and its pool slot for good.
import { describe, expect, it } from "vitest";
import { IDLE_IN_TRANSACTION_TIMEOUT_MS, prisma } from "@/_shared/lib/prisma";

describe("database pool", () => {
  it("sets idle_in_transaction_session_timeout on every connection of the app's pool", async () => {
    // Several at once, so that more than one connection of the pool answers.
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => prisma.$queryRaw<Array<{ ms: string }>>`SELECT current_setting('idle_in_transaction_session_timeout') AS ms, pg_sleep(0.05)::text`),
    );
    for (const [row] of answers) expect(row.ms).toBe(`${IDLE_IN_TRANSACTION_TIMEOUT_MS / 60_000}min`);
  });
});
