// The route file and path variables of each documented operation (API_OPERATIONS), shared by the
// suites that walk every operation (bad-input, fuzz).
import { existsSync } from "node:fs";
import path from "node:path";
import { z, type ZodType } from "zod";
import type { Handler } from "./helpers";

const root = path.resolve(import.meta.dirname, "..");

/** The route file of a documented path (`/api/projects/{id}` -> app/api/projects/[id]/route.ts; `{key}` may be `[...key]`). */
function routeFile(apiPath: string): string {
  const segments = apiPath.split("/").filter(Boolean);
  let dir = root + "/app";
  for (const segment of segments) {
    const name = segment.match(/^\{(\w+)\}$/)?.[1];
    dir = name ? [`${dir}/[${name}]`, `${dir}/[...${name}]`].find((candidate) => existsSync(candidate))! : `${dir}/${segment}`;
  }
  return `${dir}/route.ts`;
}

/** The path variables of a documented path, each with whether it is a catch-all (an array of segments). */
export function pathVariables(apiPath: string): [string, boolean][] {
  const file = routeFile(apiPath);
  return [...apiPath.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name, file.includes(`[...${name}]`)]);
}

/** The exported handler of an operation (its route file's `GET`, `POST`, ...). */
export async function handlerOf(op: { method: string; path: string }): Promise<Handler> {
  const mod = (await import(routeFile(op.path))) as Record<string, Handler>;
  return mod[op.method.toUpperCase()];
}

type JsonSchema = { type?: string; properties?: Record<string, JsonSchema>; oneOf?: JsonSchema[]; anyOf?: JsonSchema[] };

/** The top-level fields a schema accepts (every variant of a union), with whether each is an array. */
export function fieldsOf(schema: ZodType): [string, boolean][] {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  const fields = new Map<string, boolean>();
  for (const variant of [json, ...(json.oneOf ?? []), ...(json.anyOf ?? [])]) {
    for (const [name, field] of Object.entries(variant.properties ?? {})) fields.set(name, field.type === "array");
  }
  return [...fields];
}
