// The route file and path variables of each documented operation (API_OPERATIONS), and in-process
// calls of any of them, shared by the suites that walk every operation (bad-input, fuzz, authz-matrix).
import { existsSync } from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { z, type ZodType } from "zod";
import * as authJs from "@/app/api/auth/[...nextauth]/route";
import type { Handler, TestUser } from "./helpers";

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

/** What a call of an operation sends besides the caller's session. */
export interface OperationRequest {
  params?: Record<string, string | string[]>;
  /** The query string, with its `?`. */
  query?: string;
  /** Sent as JSON. */
  body?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
  /** Cookies besides the session's. */
  cookies?: Record<string, string>;
}

export interface OperationReply {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed, when it is JSON. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions read arbitrary shapes
  json: any;
}

const cookiesOf = (user: TestUser | null, cookies: Record<string, string> = {}) => ({ ...(user ? { "next-auth.session-token": user.token } : {}), ...cookies });

function parsedJson(text: string) {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Calls an operation's handler in-process as `user` (the session cookie), through a real NextRequest with the path filled in. */
export async function callOperation(op: { method: string; path: string }, user: TestUser | null, request: OperationRequest = {}): Promise<OperationReply> {
  const headers = new Headers(request.headers);
  const cookie = Object.entries(cookiesOf(user, request.cookies)).map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join("; ");
  if (cookie) headers.set("cookie", cookie);
  let body: BodyInit | undefined = request.form;
  if (request.body !== undefined) {
    body = JSON.stringify(request.body);
    headers.set("content-type", "application/json");
  }
  const params = request.params ?? {};
  const urlPath = op.path.replace(/\{(\w+)\}/g, (_all, name: string) => [params[name] ?? ""].flat().map(encodeURIComponent).join("/"));
  const req = new NextRequest(new URL(`${urlPath}${request.query ?? ""}`, "http://localhost:3000"), { method: op.method.toUpperCase(), headers, body });
  const res = await (await handlerOf(op))(req, { params: Promise.resolve(params) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: res.headers.get("content-type")?.includes("json") ? parsedJson(text) : undefined };
}

/**
 * Calls Auth.js (`/api/auth/{nextauth}`, `params.nextauth` its action) as `user`, through the
 * pages-API form of the same exported handler: its App Router form reads cookies() and headers()
 * from Next.js's request scope, which an in-process call does not have. Both forms run Auth.js's
 * core with our options and the database sessions.
 */
export async function callAuthJs(method: "get" | "post", user: TestUser | null, request: OperationRequest = {}): Promise<OperationReply> {
  const reply = { status: 200, headers: new Headers(), text: "" };
  const res = {
    status(code: number) {
      reply.status = code;
      return res;
    },
    getHeader: (name: string) => reply.headers.get(name) ?? undefined,
    setHeader(name: string, value: string | string[]) {
      reply.headers.delete(name);
      for (const item of [value].flat()) reply.headers.append(name, item);
      return res;
    },
    send: (body: unknown) => void (reply.text = typeof body === "string" ? body : JSON.stringify(body ?? "")),
    json: (body: unknown) => void (reply.text = JSON.stringify(body)),
    end: () => undefined,
  };
  const req = { method: method.toUpperCase(), query: request.params, body: request.body, cookies: cookiesOf(user, request.cookies), headers: { host: "localhost:3000", ...request.headers } };
  await (method === "get" ? authJs.GET : authJs.POST)(req, res);
  return { ...reply, json: parsedJson(reply.text) };
}
