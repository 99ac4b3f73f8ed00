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

/** The signed-in user of a request, or null when there is no valid, unexpired session. */
export async function getSessionUser(headers: Headers): Promise<SessionUser | null> {
  const sessionToken = sessionTokenFrom(headers);
  if (!sessionToken || !TOKEN_SHAPE.test(sessionToken)) return null;
  const session = await prisma.session.findUnique({
    where: { sessionToken },
    select: { expires: true, user: { select: { id: true, email: true, name: true, role: true } } },
  });
  if (!session || session.expires.getTime() <= Date.now()) return null;
  return session.user;
}
