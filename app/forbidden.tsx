import Link from "next/link";
import { buttonClass } from "./_components/ui";
import { currentUser } from "./_lib/page-auth";

/** What a signed-in non-admin sees on any admin page (requireAdmin -> forbidden(), HTTP 403). */
export default async function Forbidden() {
  const email = (await currentUser())?.email ?? "an account";
  return (
    <main className="mx-auto max-w-lg py-10 text-center" data-testid="forbidden">
      <p className="text-sm font-semibold uppercase tracking-wide text-rose-300">403 · Forbidden</p>
      <h1 className="mt-2 text-3xl font-bold text-white">Admins only</h1>
      <p className="mt-3 text-slate-400">
        You are signed in as <span className="text-slate-200">{email}</span>, which is not an admin account. The admin pages manage the public library and its tags and show
        what generation costs; ask an admin if you need something changed there.
      </p>
      <div className="mt-6 flex flex-wrap justify-center gap-3">
        <Link href="/library" className={buttonClass.primary}>
          Browse the library
        </Link>
        <Link href="/projects" className={buttonClass.secondary}>
          My projects
        </Link>
      </div>
    </main>
  );
}
