import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "./_components/ui";

export const metadata: Metadata = { title: "Page not found" };

/** Any URL that matches no page (HTTP 404), in the app's layout rather than the framework's page. */
export default function NotFound() {
  return (
    <main className="mx-auto max-w-lg py-10 text-center" data-testid="not-found">
      <p className="text-sm font-semibold uppercase tracking-wide text-violet-300">404 · Not found</p>
      <h1 className="mt-2 text-3xl font-bold text-white">Page not found</h1>
      <p className="mt-3 text-slate-400">There is nothing at this address. The link may be mistyped, or what it pointed to may have been deleted.</p>
      <div className="mt-6 flex flex-wrap justify-center gap-3">
        <Link href="/projects" className={buttonClass.primary}>
          My projects
        </Link>
        <Link href="/library" className={buttonClass.secondary}>
          Browse the library
        </Link>
      </div>
    </main>
  );
}
