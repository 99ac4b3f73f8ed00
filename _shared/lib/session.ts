// Who is calling: the Auth.js database session named by the session cookie (browsers), or the same
// session token as `Authorization: Bearer <token>` (other frontends calling the REST API).
import { prisma } from "./prisma";

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
  role: "user" | "admin";
}

const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"] as const;
/**
 * What a session token can look like (Auth.js makes UUIDs or hex): visible ASCII, at most 512
 * characters. Anything else (a NUL, a lone surrogate, a huge value) names no session and never
 * reaches the database, which would refuse some of them with an error instead of "not found".
 */
const TOKEN_SHAPE = /^[\x21-\x7e]{1,512}$/;

/** The cookie's value, percent-decoded; undefined when absent or not decodable (`%`, `%ZZ`, a cut UTF-8 sequence). */
function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join("="));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function sessionTokenFrom(headers: Headers): string | undefined {
  const bearer = headers.get("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer) return bearer;
  const cookies = headers.get("cookie");
  for (const name of SESSION_COOKIES) {
    const token = readCookie(cookies, name);
    if (token) return token;
  }
  return undefined;
}

/**
 * Session lookups this process made in the last SESSION_CACHE_MS, by token: a busy client's requests
 * (the library's listing under load) cost one database read every few seconds instead of one each.
 * Sign-out in this process (Auth.js deletes the session through the adapter, see auth.ts) forgets
 * the token at once; a session deleted or expired any other way (another process's sign-out, a
 * deleted user, a changed role) is seen within SESSION_CACHE_MS. The session's own expiry is checked
 * on every hit. Only found sessions are kept, at most SESSION_CACHE_MAX of them (oldest out first).
 */
const SESSION_CACHE_MS = 5_000;
const SESSION_CACHE_MAX = 10_000;
const sessionCache = new Map<string, { user: SessionUser; expires: number; until: number }>();

/** Forgets a cached session lookup: the next request with this token reads the database. */
export function forgetSession(sessionToken: string): void {
  sessionCache.delete(sessionToken);
}

function cachedSession(sessionToken: string, now: number): SessionUser | undefined {
  const entry = sessionCache.get(sessionToken);
  if (!entry) return undefined;
  if (entry.until > now && entry.expires > now) return entry.user;
  sessionCache.delete(sessionToken);
  return undefined;
}

function rememberSession(sessionToken: string, user: SessionUser, expires: number, now: number): void {
  if (sessionCache.size >= SESSION_CACHE_MAX) sessionCache.delete(sessionCache.keys().next().value as string);
  sessionCache.set(sessionToken, { user, expires, until: now + SESSION_CACHE_MS });
}

/** The signed-in user of a request, or null when there is no valid, unexpired session. */
export async function getSessionUser(headers: Headers): Promise<SessionUser | null> {
  const sessionToken = sessionTokenFrom(headers);
  if (!sessionToken || !TOKEN_SHAPE.test(sessionToken)) return null;
  const cached = cachedSession(sessionToken, Date.now());
  if (cached) return cached;
  const session = await prisma.session.findUnique({
    where: { sessionToken },
    select: { expires: true, user: { select: { id: true, email: true, name: true, role: true } } },
  });
  const now = Date.now();
  if (!session || session.expires.getTime() <= now) return null;
  rememberSession(sessionToken, session.user, session.expires.getTime(), now);
  return session.user;
}
