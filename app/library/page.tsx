import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { PageHeader } from "../_components/ui";
import { currentUser, requireUser } from "../_lib/page-auth";
import { CardSkeletons } from "./card-skeletons";
import { MyAvatars } from "./my-avatars";
import { PublicLibrary } from "./public-library";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Avatar library" };

function Tabs({ mine }: { mine: boolean }) {
  const tab = (active: boolean) =>
    `-mb-px border-b-2 px-3 py-2 text-sm font-medium focus-visible:outline focus-visible:outline-2 focus-visible:outline-violet-300 ${active ? "border-violet-400 text-white" : "border-transparent text-slate-400 hover:text-white"}`;
  return (
    <nav aria-label="Library sections" className="mb-6 flex gap-2 border-b border-slate-800">
      <Link href="/library" className={tab(!mine)} aria-current={!mine ? "page" : undefined}>
        Public library
      </Link>
      <Link href="/library?tab=mine" className={tab(mine)} aria-current={mine ? "page" : undefined}>
        My avatars
      </Link>
    </nav>
  );
}

// Anyone may browse the public library; "My avatars" is for signed-in users.
export default async function LibraryPage({ searchParams }: { searchParams: Promise<{ tab?: string | string[] }> }) {
  const { tab } = await searchParams;
  const mine = tab === "mine";
  const user = mine ? await requireUser("/library?tab=mine") : await currentUser();
  return (
    <main>
      <PageHeader
        title="Avatar library"
        subtitle={mine ? "Your private avatars, from every project." : "Ready-made avatar clips. Hover to play, filter by tags, and use one in a b-roll."}
      />
      {user ? <Tabs mine={mine} /> : null}
      {mine ? (
        <MyAvatars />
      ) : (
        <Suspense fallback={<CardSkeletons count={8} />}>
          <PublicLibrary />
        </Suspense>
      )}
    </main>
  );
}
