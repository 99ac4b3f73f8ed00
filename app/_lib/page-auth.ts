import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { getSessionUser, type SessionUser } from "@/_shared/lib/session";

export async function currentUser(): Promise<SessionUser | null> {
  return getSessionUser(await headers());
}

/** The signed-in user, or a redirect to the sign-in page that comes back here. */
export async function requireUser(path: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/signin?next=${encodeURIComponent(path)}`);
  return user;
}

/** The signed-in admin; others get the 403 page (app/forbidden.tsx, HTTP 403), visitors the sign-in page. */
export async function requireAdmin(path: string): Promise<SessionUser> {
  const user = await requireUser(path);
  if (user.role !== "admin") forbidden();
  return user;
}
