// The in-process cache of session lookups (_shared/lib/session.ts): a signed-in caller's requests
// reuse a lookup for a few seconds, but sign-out ends the session at once in this process, a
// session removed elsewhere (another process's sign-out, a deleted user) stops working within the
// cache's bound, and a cached session still ends at its own expiry.
import { describe, expect, it } from "vitest";
import { prisma } from "@/_shared/lib/prisma";
import * as projects from "@/app/api/projects/route";
import { callAuthJs } from "../api-routes";
import { call, newUser, type TestUser } from "../helpers";

const listProjects = (user: TestUser, bearer = false) => call(projects.GET, { user, bearer });

/** Signs out through Auth.js (its CSRF token first), as the sign-out button does. */
async function signOut(user: TestUser) {
  const csrf = await callAuthJs("get", user, { params: { nextauth: ["csrf"] } });
  const cookie = csrf.headers.get("set-cookie")?.match(/next-auth\.csrf-token=([^;]+)/)?.[1];
  const reply = await callAuthJs("post", user, {
    params: { nextauth: ["signout"] },
    body: { csrfToken: csrf.json.csrfToken },
    cookies: { "next-auth.csrf-token": decodeURIComponent(cookie ?? "") },
  });
  expect(reply.status).toBeLessThan(400);
}

/** Calls until the reply is 401, at most `withinMs`; the statuses seen. */
async function until401(user: TestUser, withinMs: number): Promise<number[]> {
  const deadline = Date.now() + withinMs;
  const seen: number[] = [];
  while (Date.now() < deadline) {
    const status = (await listProjects(user)).status;
    seen.push(status);
    if (status === 401) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return seen;
}

describe("session lookups cached in the process", () => {
  it("sign-out ends the session at once, by cookie and by Bearer token alike", async () => {
    const user = await newUser();
    expect((await listProjects(user)).status).toBe(200);
    expect((await listProjects(user, true)).status).toBe(200);
    await signOut(user);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    expect((await listProjects(user)).status).toBe(401);
    expect((await listProjects(user, true)).status).toBe(401);
  });

  // What another process's sign-out or an account deletion leaves: the row gone, this process not told.
  const removals: Array<[string, (user: TestUser) => Promise<unknown>]> = [
    ["its session row deleted", (user) => prisma.session.deleteMany({ where: { userId: user.id } })],
    ["its user deleted", (user) => prisma.user.delete({ where: { id: user.id } })],
  ];
  it.each(removals)("a session with %s elsewhere stops working within the cache's 5 s", async (_what, remove) => {
    const user = await newUser();
    expect((await listProjects(user)).status).toBe(200);
    await remove(user);
    const seen = await until401(user, 8_000);
    expect(seen.at(-1)).toBe(401);
  });

  it("a cached session still ends at its own expiry", async () => {
    const user = await newUser();
    await prisma.session.updateMany({ where: { userId: user.id }, data: { expires: new Date(Date.now() + 1500) } });
    expect((await listProjects(user)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect((await listProjects(user)).status).toBe(401);
  });
});
