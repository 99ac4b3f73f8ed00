// errorText: what the health check reports for a service that is down, never an empty string.
import { PrismaPg } from "@prisma/adapter-pg";
import { describe, expect, it } from "vitest";
import { PrismaClient } from "@/_shared/generated/prisma/client";
import { errorText } from "@/_shared/lib/error-text";

describe("errorText", () => {
  it("says why Postgres is unreachable (a real Prisma error from a closed port)", async () => {
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: "postgres://postgres@127.0.0.1:1/postgres", connectionTimeoutMillis: 2000 }) });
    const error = await prisma.$queryRaw`SELECT 1`.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    await prisma.$disconnect();
    // The message starts with a blank line: its first line, once all the health check said, is empty.
    expect((error as Error).message.split("\n")[0]).toBe("");
    expect(errorText(error)).toMatch(/^P\d{4}: .*Can't reach database server at 127\.0\.0\.1:1/);
  });

  it.each([
    ["a plain error", new Error("boom\nstack-ish detail"), "boom"],
    ["an empty message with a code", Object.assign(new Error(""), { code: "ECONNREFUSED" }), "ECONNREFUSED"],
    ["an AggregateError (every address refused)", Object.assign(new AggregateError([new Error("connect ECONNREFUSED ::1:5432"), new Error("connect ECONNREFUSED 127.0.0.1:5432")], ""), { code: "ECONNREFUSED" }), "connect ECONNREFUSED ::1:5432; connect ECONNREFUSED 127.0.0.1:5432"],
    ["an empty error", new Error(""), "Error"],
    ["a thrown string", "down", "down"],
    ["undefined", undefined, "undefined"],
  ])("%s", (_what, error, expected) => {
    expect(errorText(error)).toBe(expected);
  });

  it("cuts a huge message", () => {
    expect(errorText(new Error("x".repeat(5000))).length).toBe(300);
  });
});
