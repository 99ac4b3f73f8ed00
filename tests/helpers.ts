// Test helpers: real users with real database sessions, and calls to route handlers through real
// Request objects (the same path Next.js takes), so auth, validation and errors are all exercised.
import { randomBytes, randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { prisma } from "@/_shared/lib/prisma";

export interface TestUser {
  id: string;
  email: string;
  token: string;
}

export async function createTestUser(opts: { role?: "user" | "admin"; email?: string } = {}): Promise<TestUser> {
  const email = opts.email ?? `user-${randomUUID()}@better-ads.test`;
  const token = randomBytes(24).toString("hex");
  const user = await prisma.user.create({
    data: {
      email,
      role: opts.role ?? "user",
      sessions: { create: { sessionToken: token, expires: new Date(Date.now() + 3600_000) } },
    },
  });
  return { id: user.id, email, token };
}

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

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
