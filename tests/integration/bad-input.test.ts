// Hostile input the schemas' own rules do not catch: malformed session credentials, strings
// Postgres cannot store (NUL, lone UTF-16 surrogates), prototype keys as query filters and dates
// outside what the database stores. Each one is an answer in the error envelope, never a 500.
import { beforeAll, describe, expect, it } from "vitest";
import { invalidatePublicLibrary } from "@/_shared/core/library/library-cache";
import { prisma } from "@/_shared/lib/prisma";
import { API_OPERATIONS } from "@/_shared/schemas/openapi-operations";
import * as metrics from "@/app/api/admin/metrics/route";
import * as publicAvatars from "@/app/api/avatars/public/route";
import * as bRolls from "@/app/api/b-rolls/route";
import * as projectItem from "@/app/api/projects/[id]/route";
import * as projects from "@/app/api/projects/route";
import * as tags from "@/app/api/tags/route";
import { seedBaseTags } from "@/prisma/seed-data";
import { fieldsOf, handlerOf, pathVariables } from "../api-routes";
import { call, newUser, post, type TestUser } from "../helpers";

let user: TestUser;
let admin: TestUser;

beforeAll(async () => {
  await seedBaseTags(prisma);
  await invalidatePublicLibrary();
  user = await newUser();
  admin = await newUser({ role: "admin" });
});

/** The error envelope with `code`, and (when given) exactly these detail paths. */
function expectError(json: unknown, code: string, paths?: string[]) {
  const body = json as { error: { code: string; message: string; details?: { path?: string; message: string }[] } };
  expect(Object.keys(body)).toEqual(["error"]);
  expect(body.error.code).toBe(code);
  expect(body.error.message).toEqual(expect.any(String));
  expect(body.error.message).not.toBe("");
  if (paths) expect(body.error.details?.map((d) => d.path)).toEqual(paths);
}

describe("malformed session credentials are an unknown session", () => {
  const cookies = ["%", "%ZZ", "%E0%A4%A", "%00", "%ED%A0%80", "é"];

  it.each(cookies)("cookie %j: anonymous on a public route", async (value) => {
    const res = await call(publicAvatars.GET, { path: "/api/avatars/public", headers: { cookie: `next-auth.session-token=${value}` } });
    expect(res.status).toBe(200);
    expect(res.json.avatars).toEqual(expect.any(Array));
  });

  it.each(cookies)("cookie %j: 401 on a signed-in route", async (value) => {
    const res = await call(projects.GET, { path: "/api/projects", headers: { cookie: `next-auth.session-token=${value}` } });
    expect(res.status).toBe(401);
    expectError(res.json, "unauthorized");
  });

  it("a valid token followed by % is not that session (401), and the valid token still works", async () => {
    const bad = await call(projects.GET, { path: "/api/projects", headers: { cookie: `next-auth.session-token=${user.token}%` } });
    expect(bad.status).toBe(401);
    expectError(bad.json, "unauthorized");
    const good = await call(projects.GET, { path: "/api/projects", user });
    expect(good.status).toBe(200);
  });

  it("the other session cookie and a percent-encoded valid token still sign in", async () => {
    const secure = await call(projects.GET, { path: "/api/projects", headers: { cookie: `a=%; __Secure-next-auth.session-token=${user.token}` } });
    expect(secure.status).toBe(200);
  });

  it.each(["%", "%00", "é", "x".repeat(600), `${"a".repeat(20)}\u00ff`])("Bearer %j: anonymous on a public route, 401 elsewhere", async (value) => {
    const headers = { authorization: `Bearer ${value}` };
    expect((await call(publicAvatars.GET, { path: "/api/avatars/public", headers })).status).toBe(200);
    const res = await call(projects.GET, { path: "/api/projects", headers });
    expect(res.status).toBe(401);
    expectError(res.json, "unauthorized");
  });
});

describe("strings Postgres cannot store are a 400 naming the field", () => {
  it.each([
    ["a NUL", "a\u0000b"],
    ["a lone high surrogate", "\ud800"],
    ["a lone low surrogate", "x\udc00y"],
  ])("POST /api/projects with %s in name", async (_what, name) => {
    const res = await post(projects.POST, user, { name });
    expect(res.status).toBe(400);
    expectError(res.json, "bad_request", ["name"]);
  });

  it("an emoji (a surrogate pair) is fine", async () => {
    const res = await post(projects.POST, user, { name: "Launch 🚀" });
    expect(res.status).toBe(201);
    expect(res.json.name).toBe("Launch 🚀");
  });

  it("a NUL in a nested body field names its path", async () => {
    const res = await post(publicAvatars.POST, admin, { name: "x", imageUrl: "https://example.com/a.png", tagSlugs: ["ok", "b\u0000d"] });
    expect(res.status).toBe(400);
    expectError(res.json, "bad_request", ["tagSlugs.1"]);
  });

  it("a NUL in a body key is refused too", async () => {
    const res = await post(projects.POST, user, { name: "ok", ["x\u0000"]: 1 });
    expect(res.status).toBe(400);
    expectError(res.json, "bad_request");
  });

  it.each([
    ["/api/b-rolls?projectId=%00", "projectId", bRolls.GET, "user"],
    ["/api/avatars/public?q=%00", "q", publicAvatars.GET, null],
    ["/api/avatars/public?q=a&q=%00", "q.1", publicAvatars.GET, null],
    ["/api/avatars/public?industrie=%00", "industrie", publicAvatars.GET, null],
    ["/api/tags?category=%00", "category", tags.GET, null],
    ["/api/admin/metrics?from=%00", "from", metrics.GET, "admin"],
  ] as const)("GET %s names %s", async (path, field, handler, as) => {
    const res = await call(handler, { path, user: as === "admin" ? admin : as === "user" ? user : null });
    expect(res.status).toBe(400);
    expectError(res.json, "bad_request", [field]);
  });

  it("GET /api/projects/%00 names the id", async () => {
    for (const id of ["\u0000", "ab\u0000", "\ud800"]) {
      const res = await call(projectItem.GET, { user, params: { id } });
      expect(res.status).toBe(400);
      expectError(res.json, "bad_request", ["id"]);
    }
  });
});

/** Every path variable and every field of the query and body schemas of every wrapped route: [method path, where, field, array?]. */
const CASES = API_OPERATIONS.filter((op) => op.wrapped !== false).flatMap((op) => {
  const route = `${op.method.toUpperCase()} ${op.path}`;
  const fields = { params: pathVariables(op.path), query: op.query ? fieldsOf(op.query) : [], body: op.body ? fieldsOf(op.body) : [] };
  return (["params", "query", "body"] as const).flatMap((where) => fields[where].map(([field, isArray]) => [route, where, field, isArray] as const));
});

describe("a NUL in any field of any route's schemas is a 400 naming it", () => {
  it("covers the routes", () => {
    expect(new Set(CASES.map(([route]) => route)).size).toBeGreaterThan(25);
  });

  it.each(CASES)("%s: %s.%s", async (route, where, field, isArray) => {
    const [method, apiPath] = route.split(" ");
    const handler = await handlerOf({ method, path: apiPath });
    const bad = isArray ? ["ok", "a\u0000b"] : "a\u0000b";
    const params: Record<string, string | string[]> = {};
    for (const [name, array] of pathVariables(apiPath)) params[name] = array ? ["ok"] : "ok";
    if (where === "params") params[field] = bad;
    const search = where === "query" ? `?${new URLSearchParams((isArray ? ["ok", "a\u0000b"] : ["a\u0000b"]).map((value) => [field, value]))}` : "";
    const res = await call(handler, { method, path: `${apiPath}${search}`, user: admin, params, body: where === "body" ? { [field]: bad } : undefined });
    expect(res.status).toBe(400);
    expectError(res.json, "bad_request", [isArray ? `${field}.1` : field]);
  });
});

describe("prototype keys as filters are unknown filters", () => {
  it.each(["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "__defineGetter__"])("?%s=x is a 400", async (key) => {
    const res = await call(publicAvatars.GET, { path: `/api/avatars/public?${key}=x` });
    expect(res.status).toBe(400);
    // Categories are matched in lower case, as they are named in the details.
    expectError(res.json, "bad_request", [key.toLowerCase()]);
    expect(res.json.error.details[0].message).toMatch(/^unknown filter/);
  });

  it("?__proto__= (empty) filters nothing, like any empty filter", async () => {
    const res = await call(publicAvatars.GET, { path: "/api/avatars/public?__proto__=" });
    expect(res.status).toBe(200);
  });
});

describe("dates outside the stored range", () => {
  it.each(["to=0001-01-01", "from=0001-01-01&to=0001-01-05", "from=1000-01-01", "to=9999-12-31T23:00:00-05:00", "from=0000-01-01"])(
    "GET /api/admin/metrics?%s is a 400 stating the range",
    async (query) => {
      const res = await call(metrics.GET, { path: `/api/admin/metrics?${query}`, user: admin });
      expect(res.status).toBe(400);
      expectError(res.json, "bad_request");
      expect(res.json.error.details.map((d: { message: string }) => d.message).join(" ")).toMatch(/1970-01-01.*9999-12-31/);
    },
  );

  it("the edges of the range are accepted", async () => {
    for (const query of ["from=1970-01-01&to=1970-01-05", "to=1970-01-05", "from=9999-12-01&to=9999-12-31T23:59:59.999Z"]) {
      const res = await call(metrics.GET, { path: `/api/admin/metrics?${query}`, user: admin });
      expect(res.status, query).toBe(200);
    }
  });
});
