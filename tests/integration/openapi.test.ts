import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { ZodObject } from "zod";
import { beforeAll, describe, expect, it } from "vitest";
import { ERROR_STATUS, type ErrorCode } from "@/_shared/lib/errors";
import { bRollResponse, createBRollBody, listBRollsQuery, updateBRollBody } from "@/_shared/schemas/b-roll";
import { GENERATION_KINDS } from "@/_shared/schemas/generation-options";
import { generateImageBody, modifyImageBody } from "@/_shared/schemas/image";
import { createPrivateAvatarBody } from "@/_shared/schemas/private-avatar";
import { createProjectBody } from "@/_shared/schemas/project";
import { createPublicAvatarBody } from "@/_shared/schemas/public-avatar";
import { createTagBody } from "@/_shared/schemas/tag";
import * as openapiRoute from "@/app/api/openapi.json/route";
import { call } from "../helpers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the document is read as plain JSON
type Json = any;

const root = path.resolve(import.meta.dirname, "../..");
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/** Every app/api/**\/route.ts, as `{ file, path }` with the path in OpenAPI form (`[id]` -> `{id}`, `[...key]` -> `{key}`). */
async function routeFiles() {
  const entries = await readdir(path.join(root, "app/api"), { recursive: true });
  return entries
    .filter((entry) => path.basename(entry) === "route.ts")
    .map((entry) => {
      const segments = path.dirname(entry).split(path.sep).filter((segment) => segment !== "." && !/^\(.*\)$/.test(segment));
      const openApiPath = ["/api", ...segments.map((segment) => segment.replace(/^\[{1,2}(?:\.\.\.)?(\w+)\]{1,2}$/, "{$1}"))].join("/");
      return { file: path.join(root, "app/api", entry), path: openApiPath };
    });
}

/** The HTTP methods of a documented path item, upper case, sorted. */
const documentedMethods = (pathItem: Json) => Object.keys(pathItem).map((key) => key.toUpperCase()).filter((key) => HTTP_METHODS.includes(key)).sort();

/** Keys a zod object cannot do without: those whose schema refuses `undefined`. */
const requiredKeys = (schema: ZodObject) => Object.entries(schema.shape).filter(([, field]) => !field.safeParse(undefined).success).map(([key]) => key).sort();

function operations(doc: Json): Array<{ key: string; op: Json; path: string }> {
  return Object.entries(doc.paths as Record<string, Json>).flatMap(([p, item]) =>
    documentedMethods(item).map((method) => ({ key: `${method} ${p}`, op: item[method.toLowerCase()], path: p })),
  );
}

function resolvePointer(doc: Json, ref: string): unknown {
  return ref
    .slice(2)
    .split("/")
    .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce<Json>((node, part) => (node === undefined ? undefined : node[part]), doc);
}

function collectRefs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item) => collectRefs(item, out));
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref") out.push(value as string);
      else collectRefs(value, out);
    }
  }
  return out;
}

const deref = (doc: Json, node: Json) => (node?.$ref ? resolvePointer(doc, node.$ref) : node) as Json;

describe("GET /api/openapi.json", () => {
  let doc: Json;

  beforeAll(async () => {
    const res = await call(openapiRoute.GET, { path: "/api/openapi.json" });
    expect(res.status).toBe(200);
    doc = res.json;
  });

  it("answers the OpenAPI 3.1 document as public, cacheable JSON, anonymously", async () => {
    const res = await call(openapiRoute.GET, { path: "/api/openapi.json" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    expect(res.headers.get("x-request-id")).toBeTruthy();
    expect(res.json.openapi).toBe("3.1.0");
    expect(res.json.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
  });

  it("documents every route file with exactly the methods it exports, and nothing else", async () => {
    const files = await routeFiles();
    expect(files.length).toBeGreaterThan(20);
    const onDisk: Record<string, string[]> = {};
    for (const { file, path: p } of files) {
      const mod = (await import(file)) as Record<string, unknown>;
      onDisk[p] = HTTP_METHODS.filter((method) => typeof mod[method] === "function").sort();
    }
    const documented = Object.fromEntries(Object.entries(doc.paths as Record<string, Json>).map(([p, item]) => [p, documentedMethods(item)]));
    expect(documented).toEqual(onDisk);
  });

  it("documents Idempotency-Key exactly on the methods whose route is declared idempotent, each with a 429 + Retry-After", async () => {
    const expected: string[] = [];
    for (const { file, path: p } of await routeFiles()) {
      const source = await readFile(file, "utf8");
      // Each method is one `export const METHOD = route(...)`: the text up to the next export is its code.
      for (const [, method, code] of source.matchAll(/export const (\w+) = ([\s\S]*?)(?=export const|$)/g)) {
        if (/\bidempotent: true\b/.test(code)) expected.push(`${method} ${p}`);
      }
    }
    expect(expected.length).toBeGreaterThan(0);
    const withKey = operations(doc).filter(({ op }) => op.parameters.some((param: Json) => param.$ref === "#/components/parameters/IdempotencyKey"));
    expect(withKey.map(({ key }) => key).sort()).toEqual(expected.sort());
    // The POSTs that spend money are the ones whose services call enforceGenerationLimits (README "API").
    const limited = operations(doc).filter(({ op }) => op.responses[429]);
    expect(limited.map(({ key }) => key).sort()).toEqual(expected.sort());
    expect(doc.components.responses.RateLimited.headers["Retry-After"]).toBeDefined();
    expect(doc.components.parameters.IdempotencyKey).toMatchObject({ name: "Idempotency-Key", in: "header", required: false });
  });

  it.each([
    ["POST", "/api/b-rolls", createBRollBody],
    ["PATCH", "/api/b-rolls/{id}", updateBRollBody],
    ["POST", "/api/projects", createProjectBody],
    ["POST", "/api/tags", createTagBody],
    ["POST", "/api/avatars/private", createPrivateAvatarBody],
    ["POST", "/api/avatars/public", createPublicAvatarBody],
    ["POST", "/api/images/generate", generateImageBody],
    ["POST", "/api/images/modify", modifyImageBody],
  ] as const)("%s %s: the JSON body has the zod schema's fields, required ones required, nothing else", (method, p, schema) => {
    const body = doc.paths[p][method.toLowerCase()].requestBody;
    expect(body.required).toBe(true);
    const json = body.content["application/json"].schema;
    expect(Object.keys(json.properties).sort()).toEqual(Object.keys(schema.shape).sort());
    expect([...(json.required ?? [])].sort()).toEqual(requiredKeys(schema as ZodObject));
    expect(json.additionalProperties).toBe(false);
  });

  it("spells out a few bodies: b-roll create, estimates, the public retry, the upload", () => {
    expect(doc.paths["/api/b-rolls"].post.requestBody.content["application/json"].schema.required.sort()).toEqual(["name", "projectId", "prompt"]);
    const estimate = doc.paths["/api/estimates"].post.requestBody.content["application/json"].schema;
    expect(estimate.oneOf.map((variant: Json) => variant.properties.kind.const)).toEqual([...GENERATION_KINDS]);
    // The retry body is optional: no body repeats the last request.
    expect(doc.paths["/api/avatars/public/{id}/retry"].post.requestBody.required).toBe(false);
    const upload = doc.paths["/api/images/upload"].post.requestBody;
    expect(Object.keys(upload.content)).toEqual(["multipart/form-data"]);
    expect(upload.content["multipart/form-data"].schema.required.sort()).toEqual(["file", "sessionId"]);
  });

  it("lists query parameters from the query schema and path parameters for every path variable", () => {
    const names = doc.paths["/api/b-rolls"].get.parameters.filter((param: Json) => param.in === "query").map((param: Json) => param.name);
    expect(names.sort()).toEqual(Object.keys(listBRollsQuery.shape).sort());
    const deleteProject = doc.paths["/api/projects/{id}"].delete.parameters.filter((param: Json) => param.in === "query");
    expect(deleteProject).toEqual([expect.objectContaining({ name: "deleteAvatars", required: false, schema: expect.objectContaining({ enum: ["true", "false"], default: "false" }) })]);
    const metrics = doc.paths["/api/admin/metrics"].get.parameters.filter((param: Json) => param.in === "query");
    expect(metrics.map((param: Json) => [param.name, param.required])).toEqual([["from", false], ["to", false]]);
    for (const { key, op, path: p } of operations(doc)) {
      const params = op.parameters.map((param: Json) => deref(doc, param));
      const variables = [...p.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const inPath = params.filter((param: Json) => param.in === "path");
      expect(inPath.map((param: Json) => param.name), key).toEqual(variables);
      for (const param of inPath) expect(param.required, key).toBe(true);
    }
  });

  it("publishes reply schemas: dates as date-time strings, every field of the zod schema", () => {
    expect(deref(doc, doc.paths["/api/b-rolls/{id}"].get.responses[200].content["application/json"].schema)).toBe(doc.components.schemas.BRoll);
    const bRoll = doc.components.schemas.BRoll;
    // A create answers one b-roll, or with takes > 1 the group of them.
    expect(deref(doc, doc.paths["/api/b-rolls"].post.responses[202].content["application/json"].schema)).toBe(doc.components.schemas.BRollOrTakes);
    const [single, group] = doc.components.schemas.BRollOrTakes.anyOf;
    expect(single).toEqual(bRoll);
    expect([...group.required].sort()).toEqual(["takeGroupId", "takes"]);
    expect(group.properties.takes.items).toEqual(bRoll);
    expect([...bRoll.required].sort()).toEqual(Object.keys(bRollResponse.shape).sort());
    expect(bRoll.properties.createdAt).toEqual({ type: "string", format: "date-time" });
    // What the date-time claim rests on: the reply schema's dates serialise to ISO strings.
    expect(bRollResponse.shape.createdAt.parse(new Date(0))).toBe("1970-01-01T00:00:00.000Z");
    for (const { key, op } of operations(doc)) {
      if (op.responses[204]) expect(op.responses[204].content, key).toBeUndefined();
    }
  });

  it("has one Error schema with the codes of errors.ts, and each error reply under its code's status", () => {
    const error = doc.components.schemas.Error;
    expect(error.required).toEqual(["error"]);
    expect(error.properties.error.required.sort()).toEqual(["code", "message"]);
    expect(error.properties.error.properties.code.enum.sort()).toEqual(Object.keys(ERROR_STATUS).sort());
    const codeOf = (response: Json) => response.description.split(":")[0] as ErrorCode;
    for (const { key, op } of operations(doc)) {
      for (const [status, response] of Object.entries(op.responses as Record<string, Json>)) {
        if (!response.$ref?.startsWith("#/components/responses/") || status === "default") continue;
        expect(ERROR_STATUS[codeOf(deref(doc, response))], `${key} ${status}`).toBe(Number(status));
      }
    }
  });

  it("is consistent: every $ref resolves, operation ids are unique, tags and security schemes are declared", () => {
    const refs = collectRefs(doc);
    expect(refs.length).toBeGreaterThan(50);
    for (const ref of refs) {
      expect(ref.startsWith("#/"), ref).toBe(true);
      expect(resolvePointer(doc, ref), ref).toBeDefined();
    }
    const ops = operations(doc);
    const ids = ops.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const tags = doc.tags.map((tag: Json) => tag.name);
    const schemes = Object.keys(doc.components.securitySchemes);
    for (const { key, op } of ops) {
      expect(op.summary, key).toBeTruthy();
      expect(op.tags.every((tag: string) => tags.includes(tag)), key).toBe(true);
      for (const requirement of op.security) for (const scheme of Object.keys(requirement)) expect(schemes, key).toContain(scheme);
      expect(Object.keys(op.responses).some((status) => /^[23]\d\d$/.test(status)), key).toBe(true);
    }
    expect(doc.paths["/api/metrics"].get.security).toEqual([{ metricsToken: [] }]);
    expect(doc.paths["/api/admin/jobs"].get.responses[403]).toBeDefined();
    // Every body is read with a cap (413); JSON bodies only as JSON (415).
    for (const { key, op } of ops.filter(({ op }) => op.requestBody)) expect(op.responses[413], key).toBeDefined();
    expect(doc.paths["/api/projects"].post.responses[415]).toBeDefined();
    expect(doc.paths["/api/openapi.json"].get.security).toEqual([]);
  });
});
