// Test helpers: real users with real database sessions, and calls to route handlers through real
// Request objects (the same path Next.js takes), so auth, validation and errors are all exercised.
import { randomBytes, randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { expect } from "vitest";
import { prisma, type Avatar, type BRoll, type GenerationJob } from "@/_shared/lib/prisma";
import { waitFor } from "./wait";

export { waitFor };

export interface TestUser {
  id: string;
  email: string;
  token: string;
}

/** Every user this test file made, so the file's pipeline can wait for their jobs (tests/pipeline.ts). */
const madeHere: string[] = [];
export const usersMadeHere = (): readonly string[] => madeHere;

/** A user with a live session (its token goes in the cookie, or as a bearer token). */
export async function newUser(opts: { role?: "user" | "admin"; email?: string } = {}): Promise<TestUser> {
  const email = opts.email ?? `user-${randomUUID()}@better-ads.test`;
  const token = randomBytes(24).toString("hex");
  const user = await prisma.user.create({
    data: {
      email,
      role: opts.role ?? "user",
      sessions: { create: { sessionToken: token, expires: new Date(Date.now() + 3600_000) } },
    },
  });
  madeHere.push(user.id);
  return { id: user.id, email, token };
}

/** A project of `owner`, written straight to the database; returns its id. */
export async function newProject(owner: TestUser, name = `Project ${randomUUID()}`): Promise<string> {
  return (await prisma.project.create({ data: { name, userId: owner.id } })).id;
}

export type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

export interface CallOptions {
  method?: string;
  path?: string;
  user?: TestUser | null;
  /** Sent as the session cookie (browser) unless `bearer` is set. */
  bearer?: boolean;
  params?: Record<string, string | string[]>;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export async function call(handler: Handler, opts: CallOptions = {}) {
  const headers = new Headers(opts.headers);
  if (opts.user) {
    if (opts.bearer) headers.set("authorization", `Bearer ${opts.user.token}`);
    else headers.set("cookie", `next-auth.session-token=${opts.user.token}`);
  }
  let body: string | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const req = new NextRequest(new URL(opts.path ?? "/", "http://localhost:3000"), { method: opts.method ?? "GET", headers, body });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  const json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions read arbitrary shapes
  return { status: res.status, headers: res.headers, json: json as any };
}

/** POSTs `body` (JSON; none when undefined) to a route handler as `user`, with `headers` (an Idempotency-Key, say). */
export function post(handler: Handler, user: TestUser | null, body?: unknown, headers?: Record<string, string>, params?: Record<string, string>) {
  return call(handler, { method: "POST", user, body, headers, params });
}

/** A resource's row once it is done: a b-roll or avatar ready or failed, a generation job completed or failed. */
const done = {
  bRoll: (id: string) => prisma.bRoll.findFirst({ where: { id, status: { in: ["ready", "failed"] } } }),
  avatar: (id: string) => prisma.avatar.findFirst({ where: { id, status: { in: ["ready", "failed"] } } }),
  generationJob: (id: string) => prisma.generationJob.findFirst({ where: { id, status: { in: ["completed", "failed"] } } }),
};
type WaitOptions = { timeoutMs?: number; what?: string };

/** Waits until the b-roll, avatar or job leaves `processing` (a job: until it has ended); returns its row. */
export function settledRow(kind: "bRoll", id: string, opts?: WaitOptions): Promise<BRoll>;
export function settledRow(kind: "avatar", id: string, opts?: WaitOptions): Promise<Avatar>;
export function settledRow(kind: "generationJob", id: string, opts?: WaitOptions): Promise<GenerationJob>;
export function settledRow(kind: keyof typeof done, id: string, opts: WaitOptions = {}): Promise<unknown> {
  return waitFor(() => done[kind](id) as Promise<unknown>, { ...opts, what: opts.what ?? `${kind} ${id} settled` });
}

/** Waits until the b-roll or avatar leaves `processing`, then returns it as its GET route answers `user`. */
export async function settled(kind: "bRoll" | "avatar", id: string, get: Handler, user: TestUser | null, opts: WaitOptions = {}) {
  await (kind === "bRoll" ? settledRow("bRoll", id, opts) : settledRow("avatar", id, opts));
  const res = await call(get, { user, params: { id } });
  expect(res.status).toBe(200);
  return res.json;
}
