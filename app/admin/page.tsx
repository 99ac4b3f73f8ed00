import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass, PageHeader } from "../_components/ui";
import { requireUser } from "../_lib/page-auth";
import { JobsAdmin } from "./jobs-admin";
import { PublicAvatarsAdmin } from "./public-avatars-admin";
import { TagsAdmin } from "./tags-admin";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Admin" };

const TABS = [
  { id: "avatars", label: "Public avatars" },
  { id: "tags", label: "Tags" },
  { id: "jobs", label: "Recent jobs" },
] as const;
type TabId = (typeof TABS)[number]["id"];

function Forbidden({ email }: { email: string }) {
  return (
    <main className="mx-auto max-w-lg py-10 text-center" data-testid="forbidden">
      <p className="text-sm font-semibold uppercase tracking-wide text-rose-300">403 · Forbidden</p>
      <h1 className="mt-2 text-3xl font-bold text-white">Admins only</h1>
      <p className="mt-3 text-slate-400">
        You are signed in as <span className="text-slate-200">{email}</span>, which is not an admin account. The admin pages manage the public library and its tags; ask
        an admin if you need something changed there.
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

// Admins only: anonymous visitors are sent to sign in, signed-in non-admins get the 403 page. The
// sections call the same admin REST endpoints as any other client (which check the role again).
export default async function AdminPage({ searchParams }: { searchParams: Promise<{ tab?: string | string[] }> }) {
  const { tab: requested } = await searchParams;
  const tab: TabId = TABS.find((t) => t.id === requested)?.id ?? "avatars";
  const user = await requireUser(tab === "avatars" ? "/admin" : `/admin?tab=${tab}`);
  if (user.role !== "admin") return <Forbidden email={user.email} />;
  return (
    <main>
      <PageHeader title="Admin" subtitle="The public avatar library, its tags, and what the generation pipeline has been doing." />
      <nav aria-label="Admin sections" className="mb-6 flex gap-1 overflow-x-auto border-b border-slate-800">
        {TABS.map((t) => (
          <Link
            key={t.id}
            href={t.id === "avatars" ? "/admin" : `/admin?tab=${t.id}`}
            aria-current={t.id === tab ? "page" : undefined}
            className={`-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium focus-visible:outline focus-visible:outline-2 focus-visible:outline-violet-300 ${t.id === tab ? "border-violet-400 text-white" : "border-transparent text-slate-400 hover:text-white"}`}
          >
            {t.label}
          </Link>
        ))}
      </nav>
      {tab === "avatars" ? <PublicAvatarsAdmin /> : tab === "tags" ? <TagsAdmin /> : <JobsAdmin />}
    </main>
  );
}
