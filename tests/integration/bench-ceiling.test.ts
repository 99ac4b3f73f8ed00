// The benches' reference route (GET /api/bench/ceiling): absent from a normal deployment, and with
// BENCH_ROUTES=1 a fixed listing page in the listing's own reply shape (what bench/listing.ts sets
// the library's figures against).
import { afterEach, describe, expect, it } from "vitest";
import { reloadEnv } from "@/_shared/lib/env";
import { publicAvatarListItem } from "@/_shared/schemas/public-avatar";
import * as ceiling from "@/app/api/bench/ceiling/route";
import { call, newUser } from "../helpers";

const saved = process.env.BENCH_ROUTES;
afterEach(() => {
  if (saved === undefined) delete process.env.BENCH_ROUTES;
  else process.env.BENCH_ROUTES = saved;
  reloadEnv();
});

describe("GET /api/bench/ceiling", () => {
  it("is a 404 with the envelope unless BENCH_ROUTES=1", async () => {
    for (const value of [undefined, "0", "true"]) {
      if (value === undefined) delete process.env.BENCH_ROUTES;
      else process.env.BENCH_ROUTES = value;
      reloadEnv();
      const res = await call(ceiling.GET, { path: "/api/bench/ceiling" });
      expect(res.status, `BENCH_ROUTES=${value}`).toBe(404);
      expect(res.json.error.code).toBe("not_found");
    }
  });

  it("with BENCH_ROUTES=1: a page of 10 avatars in the listing's shape, to anyone", async () => {
    process.env.BENCH_ROUTES = "1";
    reloadEnv();
    for (const user of [null, await newUser()]) {
      const res = await call(ceiling.GET, { path: "/api/bench/ceiling", user });
      expect(res.status).toBe(200);
      // The reply as JSON carries dates as strings: its shape is checked field by field.
      expect(Object.keys(res.json).sort()).toEqual(["avatars", "hasMore", "limit", "page", "total"]);
      expect(res.json).toMatchObject({ page: 1, limit: 10, hasMore: true, total: expect.any(Number) });
      expect(res.json.avatars).toHaveLength(10);
      for (const avatar of res.json.avatars) expect(Object.keys(avatar).sort()).toEqual(Object.keys(publicAvatarListItem.shape).sort());
    }
  });
});
