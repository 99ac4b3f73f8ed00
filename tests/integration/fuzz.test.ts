// Schema-driven fuzzing of every documented operation (API_OPERATIONS): invalid and hostile params,
// query strings, bodies and headers, derived from each operation's zod schemas, sent through real
// NextRequests to the route handlers, as anonymous, a user and an admin. Whatever arrives, the answer
// is never a 5xx, every error is the envelope, and no reply leaks a stack, SQL or an exception name.
// The seed is fixed (FUZZ_SEED overrides it, FUZZ_RUNS scales the count) so a failure replays;
// FUZZ_VERBOSE=1 prints the replies per operation and status.
import { NextRequest } from "next/server";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z, type ZodType } from "zod";
import { API_OPERATIONS, type ApiOperation } from "@/_shared/schemas/openapi-operations";
import { fieldsOf, handlerOf, pathVariables } from "../api-routes";
import { restoreEnv, setEnv } from "../env";
import { newProject, newUser, type Handler, type TestUser } from "../helpers";

// The metrics route answers 404 without a token: with one, its bearer check is fuzzed too.
const METRICS_TOKEN = "fuzz-metrics-token-0123456789";

const SEED = Number(process.env.FUZZ_SEED ?? 20261127);
/** Generated requests per operation (the webhook gets as many): about 10,000 in all. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 240);

let user: TestUser;
let admin: TestUser;
/** A real project of `user`: fuzzed requests reach it (and may rename or delete it). */
let projectId: string;
let requests = 0;
/** Replies per operation and status (printed with FUZZ_VERBOSE=1): the fuzzing must reach past the auth check. */
const statuses = new Map<string, Map<number, number>>();

beforeAll(async () => {
  setEnv({ METRICS_TOKEN });
  user = await newUser();
  admin = await newUser({ role: "admin" });
  projectId = await newProject(user);
});

afterAll(restoreEnv);

// ----- hostile values -----

const KB100 = 100 * 1024;
const PROTO_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf"];
const nasty = fc.constantFrom(
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udc00y",
  "\udfff\ud800",
  "%00",
  "%ZZ",
  "%",
  "%E0%A4%A",
  "../../etc/passwd",
  "' OR '1'='1",
  "<script>alert(1)</script>",
  "null",
  "NaN",
  "-1",
  "1e309",
  "🚀",
  "\u202e\u0301",
  "\ufeff",
  "Ω≈ç√",
  "0000-01-01",
  "9999-99-99T99:99:99Z",
  ...PROTO_KEYS,
);
/** Long strings, up to 100 KB. */
const huge = fc.tuple(fc.constantFrom("x", "é", "🚀", "\u0000", "%", "a,"), fc.integer({ min: 65, max: KB100 })).map(([unit, size]) => unit.repeat(Math.ceil(size / unit.length / 2)));
const hostileString = fc.oneof(
  { weight: 3, arbitrary: nasty },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 1, arbitrary: huge },
);
/** A value nested `depth` times in arrays or objects (deeper ones, to 5,000 levels, are sent as JSON text: rawText). */
const nested = fc.tuple(fc.integer({ min: 10, max: 500 }), fc.boolean()).map(([depth, arrays]) => {
  let value: unknown = "x";
  for (let i = 0; i < depth; i++) value = arrays ? [value] : { a: value };
  return value;
});
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: true }), fc.constantFrom(-0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 0.1)) },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null, [], {}) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.oneof(nasty, fc.string({ maxLength: 8 })), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }) },
  { weight: 1, arbitrary: nested },
);

// ----- values the schema would accept, to mutate -----

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
};

const jsonSchemaOf = (schema: ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;

/** A value roughly of the JSON schema's shape (not always valid: a start for the mutations). */
function plausible(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const variants = schema.oneOf ?? schema.anyOf ?? schema.allOf;
  if (variants?.length) return fc.oneof(...variants.map((variant) => plausible(variant, depth + 1)));
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "string":
      if (schema.format === "uuid") return fc.uuid();
      if (schema.format === "uri" || schema.format === "url") return fc.webUrl();
      if (schema.format === "date-time") return fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) }).map((date) => date.toISOString());
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 30, 30) });
    case "integer":
      return fc.integer({ min: Math.max(schema.minimum ?? -1000, -1e6), max: Math.min(schema.maximum ?? 1000, 1e6) });
    case "number":
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true });
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array":
      return depth > 4 ? fc.constant([]) : fc.array(plausible(schema.items ?? {}, depth + 1), { maxLength: 3 });
    case "object": {
      if (depth > 4) return fc.constant({});
      const fields = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, field]) => [key, plausible(field, depth + 1)]));
      return fc.record(fields, { requiredKeys: schema.required ?? [] });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A plausible object with one field replaced by a hostile value, removed, or joined by an unknown or prototype key. */
function mutatedObject(schema: ZodType): fc.Arbitrary<unknown> {
  const keys = fieldsOf(schema).map(([name]) => name);
  const key = keys.length ? fc.oneof(fc.constantFrom(...keys), nasty) : nasty;
  return fc.tuple(plausible(jsonSchemaOf(schema)), fc.constantFrom("replace", "drop", "extra", "as-is"), key, hostileValue).map(([base, how, field, value]) => {
    if (!base || typeof base !== "object" || Array.isArray(base)) return how === "as-is" ? base : value;
    const copy: Record<string, unknown> = { ...(base as Record<string, unknown>) };
    if (how === "drop") delete copy[field];
    else if (how !== "as-is") Object.defineProperty(copy, field, { value, enumerable: true, configurable: true, writable: true });
    return copy;
  });
}

// ----- requests -----

interface FuzzRequest {
  as: "anonymous" | "user" | "admin";
  params: Record<string, string | string[]>;
  query: string;
  /** The raw body (text or bytes) and its Content-Type (none when undefined). */
  body?: { text: string | Uint8Array<ArrayBuffer>; type?: string };
  headers: Record<string, string>;
}

/** Percent-encodes what it can; a lone surrogate becomes the raw bytes a browser would never send. */
const encode = (value: string) => {
  try {
    return encodeURIComponent(value);
  } catch {
    return "%ED%A0%80";
  }
};

/** A path variable: hostile text as Next would hand it over (already decoded), a plausible id, or the user's project. */
const segment = fc.oneof(hostileString, fc.uuid(), fc.constant(null).map(() => projectId), fc.constantFrom("%00", "%2F", "..", ".", "a/b", "é".repeat(70), "x".repeat(5000), "images/x.png"));

function paramsArb(op: ApiOperation): fc.Arbitrary<Record<string, string | string[]>> {
  const variables = pathVariables(op.path);
  return fc.tuple(...variables.map(([, catchAll]) => (catchAll ? fc.array(segment, { minLength: 0, maxLength: 5 }) : segment)) as [fc.Arbitrary<unknown>]).map((values) =>
    Object.fromEntries(variables.map(([name], i) => [name, values[i] as string | string[]])),
  );
}

function queryArb(op: ApiOperation): fc.Arbitrary<string> {
  const keys = op.query ? fieldsOf(op.query).map(([name]) => name) : [];
  const key = keys.length ? fc.oneof(fc.constantFrom(...keys), nasty, fc.string({ maxLength: 6 })) : fc.oneof(nasty, fc.string({ maxLength: 6 }));
  const rawValue = fc.oneof(
    hostileString.map(encode),
    fc.constantFrom("%", "%ZZ", "%E0%A4%A", "%00", "%ED%A0%80", "%FF", "a%2Cb", "1,2,3", ",,", "true"),
    // Numbers and dates at and past the edges of what JavaScript, zod and Postgres hold.
    fc.constantFrom("-1", "0", "-0", "1.5", "0x10", "1e9", "1e21", "2147483648", "9007199254740993", "999999999999999999999", "Infinity", "+275760-09-13T00:00:00Z", "275760-09-14", "2026-02-30", "1969-12-31T23:59:59Z", "-000001-01-01"),
  );
  // A value the schema could accept, so that the other pairs are what is wrong.
  const properties = op.query ? (jsonSchemaOf(op.query).properties ?? {}) : {};
  const plausiblePairs = Object.entries(properties).map(([name, field]) => plausible(field).map((value) => `${encode(name)}=${encode(String(value))}`));
  const pair = fc.oneof(fc.tuple(key, rawValue).map(([name, value]) => `${encode(name)}=${value}`), ...plausiblePairs);
  return fc.oneof(fc.constant(""), fc.array(pair, { minLength: 1, maxLength: 6 }).map((pairs) => `?${pairs.join("&")}`), fc.constantFrom("?", "?&&", "?=", "?%", "?a=1&a=2&a=3"));
}

const JSON_TYPE = "application/json";
const contentType = fc.constantFrom(JSON_TYPE, JSON_TYPE, "application/json; charset=utf-16", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data", "multipart/form-data; boundary=x", "", "garbage/;;;=", "application/jsonp");
/** Body text that is not JSON, or JSON no schema wants. */
const rawText = fc.oneof(
  fc.constantFrom("{", "[", "{\"a\":", "nul", "undefined", "{'a':1}", "{\"a\":1,}", "\u0000", "\ufeff{}", "[1,2", "{\"__proto__\":{\"admin\":true}}", "{\"constructor\":{\"prototype\":{\"x\":1}}}", "--x\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nGIF89a\r\n--x--\r\n"),
  fc.integer({ min: 100, max: 5000 }).map((depth) => "[".repeat(depth) + "]".repeat(depth)),
  fc.integer({ min: 100, max: 5000 }).map((depth) => "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)),
  fc.integer({ min: 1000, max: 100_000 }).map((depth) => "[".repeat(depth)),
  fc.string({ unit: "binary", maxLength: 200 }),
  huge,
);

/** Starts of JPEG, PNG, GIF and WebP files followed by garbage, or garbage alone. */
const fileBytes = fc.tuple(
  fc.constantFrom([], [0xff, 0xd8, 0xff, 0xe0], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [...Buffer.from("GIF89a")], [...Buffer.from("RIFF\x10\x00\x00\x00WEBPVP8 ")]),
  fc.uint8Array({ maxLength: 300 }),
).map(([magic, rest]) => Buffer.concat([Buffer.from(magic), rest]));
const field = fc.oneof(fc.constantFrom("file", "sessionId"), nasty, fc.string({ maxLength: 6 })).map((name) => name.replace(/["\r\n]/g, "_"));
/** A multipart/form-data body, well formed or not, with hostile field names, values and files. */
const multipart = fc
  .tuple(fc.constantFrom("x", "----b", "a".repeat(70)), fc.array(fc.tuple(field, fc.oneof(hostileString, fileBytes), fc.boolean()), { maxLength: 4 }), fc.boolean())
  .map(([boundary, parts, closed]) => {
    const chunks = parts.flatMap(([name, value, asFile]) => [
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"${asFile ? `; filename="${name}.png"\r\nContent-Type: image/png` : ""}\r\n\r\n`),
      Buffer.isBuffer(value) ? value : Buffer.from(value),
      Buffer.from("\r\n"),
    ]);
    if (closed) chunks.push(Buffer.from(`--${boundary}--\r\n`));
    return { text: new Uint8Array(Buffer.concat(chunks)), type: `multipart/form-data; boundary=${boundary}` };
  });

/** Bodies of operations that spend money or create shared state must never be valid. */
const mustBeInvalid = (op: ApiOperation) => op.generation === true || (op.auth === "admin" && op.method === "post");

function bodyArb(op: ApiOperation): fc.Arbitrary<FuzzRequest["body"]> {
  const json = fc.oneof(op.body ? mutatedObject(op.body) : hostileValue, hostileValue).map((value) => ({ text: JSON.stringify(value) ?? "null", type: JSON_TYPE }));
  const other = fc.tuple(rawText, contentType).map(([text, type]) => ({ text, type: type || undefined }));
  const body = fc.oneof(
    { weight: op.form ? 1 : 3, arbitrary: json },
    { weight: 2, arbitrary: other },
    { weight: op.form ? 4 : 1, arbitrary: multipart },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
  if (!op.body || !mustBeInvalid(op)) return body;
  return body.filter((b) => {
    if (!b) return true;
    try {
      return typeof b.text !== "string" || !op.body!.safeParse(JSON.parse(b.text)).success;
    } catch {
      return true;
    }
  });
}

/** Header values a fetch Headers object takes (Latin-1, no CR/LF/NUL). */
const headerText = fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map((code) => String.fromCharCode(code)), maxLength: 100 });
const badCookie = fc.oneof(
  fc.constantFrom("%", "%ZZ", "%E0%A4%A", "%00", "%ED%A0%80", "é", "x".repeat(5000), "", "=", ";;;").map((value) => `next-auth.session-token=${value}`),
  headerText.map((value) => `next-auth.session-token=${value}`),
  headerText,
);

function headersArb(as: FuzzRequest["as"]): fc.Arbitrary<Record<string, string>> {
  const extra = fc.record(
    {
      cookie: badCookie,
      authorization: fc.oneof(
        fc.constantFrom("Bearer %", "Bearer ", "Basic Og==", "Bearer " + "x".repeat(5000), `Bearer ${METRICS_TOKEN}x`, `bearer  ${METRICS_TOKEN}`),
        fc.constant(`Bearer ${METRICS_TOKEN}`),
        headerText.map((value) => `Bearer ${value}`),
      ),
      "x-request-id": headerText,
      "idempotency-key": fc.oneof(headerText, fc.constant("k".repeat(5000))),
      "x-forwarded-for": headerText,
    },
    { requiredKeys: [] },
  );
  return extra.map((headers) => {
    const session = as === "anonymous" ? undefined : `next-auth.session-token=${(as === "admin" ? admin : user).token}`;
    // A signed-in caller's valid cookie comes first (malformed ones may follow) and no bearer token
    // overrides it, so the route is reached (bad-input.test.ts has a bad cookie before a good one).
    if (session) {
      headers.cookie = headers.cookie ? `${session}; ${headers.cookie}` : session;
      delete headers.authorization;
    }
    return headers;
  });
}

function requestArb(op: ApiOperation): fc.Arbitrary<FuzzRequest> {
  const sendsBody = op.method !== "get";
  return fc.constantFrom<FuzzRequest["as"]>("anonymous", "user", "admin").chain((as) =>
    fc.record({
      as: fc.constant(as),
      params: paramsArb(op),
      query: queryArb(op),
      body: sendsBody ? bodyArb(op) : fc.constant(undefined),
      headers: headersArb(as),
    }),
  );
}

/** The documented path with the params in it, percent-encoded. */
function urlPath(op: ApiOperation, params: FuzzRequest["params"]): string {
  return op.path.replace(/\{(\w+)\}/g, (_all, name: string) => {
    const value = params[name];
    return Array.isArray(value) ? value.map(encode).join("/") : encode(value ?? "");
  });
}

async function send(name: string, handler: Handler, method: string, path: string, request: FuzzRequest) {
  requests++;
  const headers = new Headers(request.headers);
  if (request.body?.type) headers.set("content-type", request.body.type);
  const req = new NextRequest(new URL(path, "http://localhost:3000"), { method, headers, body: request.body?.text });
  const res = await handler(req, { params: Promise.resolve(request.params) });
  const counts = statuses.get(name) ?? new Map<number, number>();
  counts.set(res.status, (counts.get(res.status) ?? 0) + 1);
  statuses.set(name, counts);
  return { status: res.status, text: await res.text() };
}

const LEAKS: [string, RegExp][] = [
  ["a stack frame", /\bat [^\s]+ \(|\bat (?:file:|node:|\/)|:\d+:\d+\)/],
  ["node_modules", /node_modules/],
  ["SQL", /\b(?:SELECT|INSERT|UPDATE|DELETE FROM) /],
  ["Prisma", /prisma/i],
  ["an exception name", /\b(?:TypeError|RangeError|SyntaxError|ReferenceError|URIError|EvalError|AggregateError|ZodError|PrismaClient\w*)\b/],
];

/** What every reply must be, whatever was sent. */
function checkReply(what: string, { status, text }: { status: number; text: string }) {
  expect(status, `${what}: ${text.slice(0, 300)}`).toBeLessThan(500);
  if (status >= 400) {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    expect(Object.keys(body), what).toEqual(["error"]);
    expect(body.error?.code, what).toEqual(expect.any(String));
    expect(body.error?.message, what).toEqual(expect.any(String));
  }
  for (const [leak, pattern] of LEAKS) expect(pattern.test(text), `${what} leaks ${leak}: ${text.slice(0, 300)}`).toBe(false);
}

/** Shown on failure: enough to replay the request by hand. */
function describeBody(body: FuzzRequest["body"]): string {
  if (!body) return "(no body)";
  const text = typeof body.text === "string" ? body.text : Buffer.from(body.text).toString("latin1");
  return `${body.type ?? "(no type)"} ${JSON.stringify(text.slice(0, 300))}${text.length > 300 ? `… (${text.length} chars)` : ""}`;
}

function describeRequest(op: ApiOperation, path: string, request: FuzzRequest): string {
  const body = describeBody(request.body);
  return `${op.method.toUpperCase()} ${path.slice(0, 300)} as ${request.as}, params ${JSON.stringify(request.params).slice(0, 200)}, headers ${JSON.stringify(request.headers).slice(0, 300)}, body ${body}`;
}

// Auth.js is not behind our wrapper (its own replies) and its App Router handler reads cookies()
// from Next's request scope, which an in-process call does not have; the webhook has its own test below.
const OPERATIONS = API_OPERATIONS.filter((op) => op.wrapped !== false && op.path !== "/api/webhooks/fal");

describe("fuzzing every operation: never a 5xx, always the envelope, nothing leaked", () => {
  it("covers the operations", () => {
    expect(OPERATIONS.length).toBeGreaterThan(35);
  });

  it.each(OPERATIONS.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const))("%s", async (name, op) => {
    const handler = await handlerOf(op);
    await fc.assert(
      fc.asyncProperty(requestArb(op), async (request) => {
        const path = `${urlPath(op, request.params)}${request.query}`;
        checkReply(describeRequest(op, path, request), await send(name, handler, op.method.toUpperCase(), path, request));
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  });

  it("POST /api/webhooks/fal: garbage bodies and headers are a 400 or 401", async () => {
    const handler = await handlerOf({ method: "post", path: "/api/webhooks/fal" });
    const falHeaders = fc.record(
      {
        "x-fal-webhook-request-id": fc.oneof(headerText, fc.uuid()),
        "x-fal-webhook-user-id": headerText,
        "x-fal-webhook-timestamp": fc.oneof(headerText, fc.integer().map(String), fc.constant(String(Math.floor(Date.now() / 1000)))),
        "x-fal-webhook-signature": fc.oneof(headerText, fc.stringMatching(/^[0-9a-f]{128}$/), fc.constant("zz".repeat(64))),
        cookie: badCookie,
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      fc.tuple(rawText, contentType).map(([text, type]) => ({ text, type: type || undefined })),
      fc.record({ request_id: hostileValue, status: fc.oneof(fc.constantFrom("OK", "ERROR"), hostileValue), payload: hostileValue }, { requiredKeys: [] }).map((value) => ({ text: JSON.stringify(value), type: JSON_TYPE })),
      fc.constant(undefined),
    );
    await fc.assert(
      fc.asyncProperty(falHeaders, body, async (headers, falBody) => {
        const request: FuzzRequest = { as: "anonymous", params: {}, query: "", body: falBody, headers };
        const reply = await send("POST /api/webhooks/fal", handler, "POST", "/api/webhooks/fal", request);
        const what = `POST /api/webhooks/fal headers ${JSON.stringify(headers).slice(0, 300)} body ${describeBody(falBody)}`;
        checkReply(what, reply);
        expect([400, 401], what).toContain(reply.status);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  });

  it("sent at least 10,000 requests (with the default count), and got past the auth check of every operation", () => {
    const fullRun = !process.env.FUZZ_RUNS;
    if (fullRun) expect(requests).toBeGreaterThanOrEqual(10_000);
    console.info(`fuzz: ${requests} requests, seed ${SEED}`);
    for (const [name, counts] of statuses) {
      if (process.env.FUZZ_VERBOSE) console.info(name, JSON.stringify(Object.fromEntries(counts)));
      // The webhook's signature is never right: its 401 is the point.
      if (fullRun && name !== "POST /api/webhooks/fal") expect([...counts.keys()].some((status) => status !== 401 && status !== 403), name).toBe(true);
    }
  });
});
