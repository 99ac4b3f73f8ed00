// The OpenAPI 3.1 document of the REST API (docs/architecture.md, "API conventions"), generated from the zod schemas the routes
// validate with (the operations are listed in openapi-operations.ts).
import { z, type ZodType } from "zod";
import { ERROR_STATUS, type ErrorCode } from "@/_shared/lib/errors";
import packageJson from "@/package.json";
import { API_OPERATIONS, API_TAGS, RESPONSES, type ApiOperation, type Auth } from "./openapi-operations";

type Json = Record<string, unknown>;
const ref = (kind: string, name: string) => ({ $ref: `#/components/${kind}/${name}` });
const pascal = (text: string) => text.replace(/(^|[^a-zA-Z0-9]+)([a-zA-Z0-9])/g, (_m, _sep, c: string) => c.toUpperCase());

/** Error codes an operation may answer: those its wrapper config implies, plus its own. */
function errorCodesOf(op: ApiOperation): ErrorCode[] {
  const codes = new Set<ErrorCode>(op.errors);
  if (op.params || op.query || op.body || op.form || op.idempotent) codes.add("bad_request");
  if (op.auth === "user" || op.auth === "admin" || op.auth === "metrics") codes.add("unauthorized");
  if (op.auth === "admin") codes.add("forbidden");
  if (op.body) (["payload_too_large", "unsupported_media_type"] as const).forEach((code) => codes.add(code));
  if (op.idempotent) (["conflict", "unprocessable"] as const).forEach((code) => codes.add(code));
  if (op.generation) codes.add("rate_limited");
  return [...codes].sort((a, b) => ERROR_STATUS[a] - ERROR_STATUS[b]);
}

// Every date in a reply goes through `z.date().transform((d) => d.toISOString())`, which JSON Schema
// cannot follow: such pipes are published as the date-time strings they produce.
function isoDates({ zodSchema, jsonSchema }: { zodSchema: z.core.$ZodTypes; jsonSchema: Json }) {
  if (zodSchema._zod.def.type !== "pipe") return;
  const { in: from, out: to } = (zodSchema as z.core.$ZodPipe)._zod.def;
  if (from._zod.def.type === "date" && to._zod.def.type === "transform") Object.assign(jsonSchema, { type: "string", format: "date-time" });
}

const SECURITY: Record<Auth, Json[]> = {
  none: [],
  public: [{}, { sessionCookie: [] }, { sessionBearer: [] }],
  user: [{ sessionCookie: [] }, { sessionBearer: [] }],
  admin: [{ sessionCookie: [] }, { sessionBearer: [] }],
  metrics: [{ metricsToken: [] }],
};
const AUTH_NOTE: Partial<Record<Auth, string>> = { public: "Anyone; a session may see more.", admin: "Admins only (403 for other users)." };

export function buildOpenApiDocument() {
  const schemas: Record<string, Json> = {};
  let defCount = 0;

  /** JSON Schema of a zod schema (requests: input, replies: output); recursive parts become components. */
  function jsonSchema(schema: ZodType, io: "input" | "output"): Json {
    const json: Json = { ...z.toJSONSchema(schema, { io, unrepresentable: "any", override: isoDates }) };
    delete json.$schema;
    const defs = json.$defs as Record<string, Json> | undefined;
    if (!defs) return json;
    delete json.$defs;
    const names = new Map(Object.keys(defs).map((key) => [`#/$defs/${key}`, `Def${++defCount}`]));
    const relink = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(relink);
      if (!node || typeof node !== "object") return node;
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === "$ref" && names.has(v as string) ? `#/components/schemas/${names.get(v as string)}` : relink(v)]));
    };
    for (const [key, def] of Object.entries(defs)) schemas[names.get(`#/$defs/${key}`)!] = relink(def) as Json;
    return relink(json) as Json;
  }

  for (const [name, schema] of Object.entries(RESPONSES)) schemas[name] = jsonSchema(schema, "output");

  function parameters(op: ApiOperation): Json[] {
    const out: Json[] = [];
    const pathParams = op.params ? jsonSchema(op.params, "input") : { properties: {} };
    for (const [, name] of op.path.matchAll(/\{(\w+)\}/g)) {
      const schema = (pathParams.properties as Record<string, Json>)[name] ?? { type: "string" };
      out.push({ name, in: "path", required: true, schema, ...(op.pathNotes?.[name] ? { description: op.pathNotes[name] } : {}) });
    }
    if (op.query) {
      const query = jsonSchema(op.query, "input");
      const required = (query.required as string[] | undefined) ?? [];
      for (const [name, schema] of Object.entries(query.properties as Record<string, Json>)) {
        const description = schema.type === "array" ? "comma-separated or repeated" : schema.description;
        out.push({ name, in: "query", required: required.includes(name), schema, ...(description ? { description } : {}), ...(schema.type === "array" ? { explode: true } : {}) });
      }
      if (query.additionalProperties !== undefined && query.additionalProperties !== false) {
        out.push({ name: "filters", in: "query", description: "any other parameter: see the operation's description", style: "form", explode: true, schema: { type: "object", additionalProperties: { type: "string" } } });
      }
    }
    for (const [name, description] of Object.entries(op.headers ?? {})) out.push({ name, in: "header", required: true, description, schema: { type: "string" } });
    if (op.idempotent) out.push(ref("parameters", "IdempotencyKey"));
    if (op.wrapped !== false) out.push(ref("parameters", "XRequestId"));
    return out;
  }

  function requestBody(op: ApiOperation): Json | undefined {
    if (op.body) return { required: !op.body.safeParse(undefined).success, content: { "application/json": { schema: jsonSchema(op.body, "input") } } };
    if (op.form) {
      const fields = jsonSchema(op.form, "input");
      const schema = {
        ...fields,
        properties: { file: { type: "string", contentMediaType: "application/octet-stream", description: "the image" }, ...(fields.properties as Json) },
        required: ["file", ...((fields.required as string[] | undefined) ?? [])],
      };
      return { required: true, content: { "multipart/form-data": { schema, encoding: { file: { contentType: "image/jpeg, image/png, image/webp" } } } } };
    }
    if (op.rawBody) return { required: true, description: op.rawBody, content: { "application/json": { schema: { type: "object" } } } };
    return undefined;
  }

  function responses(op: ApiOperation): Json {
    const headers: Json = op.wrapped === false ? {} : { "X-Request-Id": ref("headers", "XRequestId") };
    for (const [name, description] of Object.entries(op.replyHeaders ?? {})) headers[name] = { description, schema: { type: "string" } };
    const content = op.returns
      ? { "application/json": { schema: ref("schemas", op.returns) } }
      : op.reply && op.wrapped !== false
        ? { [op.replyType ?? "application/json"]: { schema: op.replyType?.startsWith("text/") ? { type: "string" } : { type: "object" } } }
        : undefined;
    const success = { description: op.reply ?? (op.status === 204 ? "Done; no body" : op.status === 302 ? "Redirect" : op.summary), headers, ...(content ? { content } : {}) };
    const out: Json = { [op.status]: success };
    for (const [status, description] of Object.entries(op.alsoReplies ?? {})) out[status] = { description, headers, ...(content ? { content } : {}) };
    if (op.wrapped === false) return out;
    for (const code of errorCodesOf(op)) out[ERROR_STATUS[code]] ??= ref("responses", pascal(code));
    out.default = ref("responses", "UnexpectedError");
    return out;
  }

  const paths: Record<string, Json> = {};
  for (const op of API_OPERATIONS) {
    const description = [op.description, AUTH_NOTE[op.auth]].filter(Boolean).join(" ");
    const body = requestBody(op);
    (paths[op.path] ??= {})[op.method] = {
      operationId: op.method + pascal(op.path.replace(/^\/api/, "").replace(/\{(\w+)\}/g, "by-$1")),
      tags: [op.tag],
      summary: op.summary,
      ...(description ? { description } : {}),
      security: SECURITY[op.auth],
      parameters: parameters(op),
      ...(body ? { requestBody: body } : {}),
      responses: responses(op),
    };
  }

  const errorResponse = (description: string, extraHeaders: Json = {}) => ({
    description,
    headers: { "X-Request-Id": ref("headers", "XRequestId"), ...extraHeaders },
    content: { "application/json": { schema: ref("schemas", "Error") } },
  });
  const errorResponses: Record<string, Json> = Object.fromEntries(
    (Object.keys(ERROR_STATUS) as ErrorCode[]).map((code) => [
      pascal(code),
      errorResponse(`${code}`, code === "rate_limited" ? { "Retry-After": { description: "seconds until the limit lets this caller through", schema: { type: "integer", minimum: 1 } } } : {}),
    ]),
  );
  errorResponses.RateLimited.description = "rate_limited: the daily spend cap or the generation rate limit (the message names it; details[0].message is `daily_spend` or `rate`)";
  errorResponses.UnexpectedError = errorResponse("internal_error (500, logged, nothing leaked) or service_unavailable (503, a backing service is down)");

  return {
    openapi: "3.1.0",
    info: {
      title: "Better Ads API",
      version: packageJson.version,
      description:
        "Errors are `{ error: { code, message, details? } }` with the status of the code. Browsers authenticate with the Auth.js session cookie; " +
        "other clients send the same session token as `Authorization: Bearer <token>`. Media URLs in replies are app URLs (`/api/media/<key>`). " +
        "The POSTs that spend money accept `Idempotency-Key`: a replay returns the first answer and starts nothing.",
    },
    tags: API_TAGS.map((name) => ({ name })),
    paths,
    components: {
      schemas,
      responses: errorResponses,
      parameters: {
        IdempotencyKey: {
          name: "Idempotency-Key", in: "header", required: false,
          description: "A replay with the same key returns the first answer and starts nothing; the same key with another body is 422, a replay while the first still runs is 409.",
          schema: { type: "string", pattern: "^[\\x21-\\x7e]{1,255}$" },
        },
        XRequestId: { name: "X-Request-Id", in: "header", required: false, description: "Echoed in the reply and the logs (a new id when absent or not 1-64 word characters)", schema: { type: "string", pattern: "^[\\w-]{1,64}$" } },
      },
      headers: { XRequestId: { description: "The request's id, as logged", schema: { type: "string" } } },
      securitySchemes: {
        sessionCookie: { type: "apiKey", in: "cookie", name: "next-auth.session-token", description: "The Auth.js database session (`__Secure-next-auth.session-token` over HTTPS)" },
        sessionBearer: { type: "http", scheme: "bearer", description: "The same session token as `Authorization: Bearer <token>`" },
        metricsToken: { type: "http", scheme: "bearer", description: "METRICS_TOKEN" },
      },
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
