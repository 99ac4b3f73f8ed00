import { describe, expect, it } from "vitest";
import * as health from "@/app/api/health/route";
import { call, newUser } from "../helpers";

// The global setup starts Postgres and S3 itself (EMBEDDED_SERVICES is not set), so the kinds are
// the plain ones; the cache is Redis only when REDIS_URL is configured.
const expectedCacheKind = process.env.REDIS_URL ? "redis" : "in-process";

describe("GET /api/health", () => {
  it("answers 200 with every service up, anonymously", async () => {
    const res = await call(health.GET, { path: "/api/health" });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.json).toEqual({
      status: "ok",
      services: {
        database: { ok: true, kind: "postgres" },
        storage: { ok: true, kind: "s3" },
        cache: { ok: true, kind: expectedCacheKind },
      },
    });
  });

  it("answers the same for a signed-in user", async () => {
    const user = await newUser();
    const res = await call(health.GET, { path: "/api/health", user });
    expect(res.status).toBe(200);
    expect(res.json.status).toBe("ok");
    for (const name of ["database", "storage", "cache"]) expect(res.json.services[name].ok, name).toBe(true);
  });
});
