import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { estimateCostUsd } from "@/_shared/lib/fal-models";
import { withVideoDefaults } from "@/_shared/schemas/generation-options";
import { PageHeader } from "../_components/ui";
import { currentUser, requireUser } from "../_lib/page-auth";
import { CardSkeletons, DENSE_GRID } from "./card-skeletons";
import { MyAvatars } from "./my-avatars";
import { PublicLibrary } from "./public-library";
import { SpendNote } from "../_components/spend-note";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("library");
  return { title: t("title") };
}

async function Tabs({ mine }: { mine: boolean }) {
  const t = await getTranslations("library.tabs");
  const tab = (active: boolean) =>
    `-mb-px border-b-2 px-3 py-2 text-sm font-medium focus-visible:outline focus-visible:outline-2 focus-visible:outline-violet-300 ${active ? "border-violet-400 text-white" : "border-transparent text-slate-400 hover:text-white"}`;
  return (
    <nav aria-label={t("label")} className="mb-6 flex gap-2 border-b border-slate-800">
      <Link href="/library" className={tab(!mine)} aria-current={!mine ? "page" : undefined}>
        {t("public")}
      </Link>
      <Link href="/library?tab=mine" className={tab(mine)} aria-current={mine ? "page" : undefined}>
        {t("mine")}
      </Link>
    </nav>
  );
}

// Anyone may browse the public library; "My avatars", favourites and "Add to project" are for signed-in users.
export default async function LibraryPage({ searchParams }: { searchParams: Promise<{ tab?: string | string[] }> }) {
  const { tab } = await searchParams;
  const mine = tab === "mine";
  const user = mine ? await requireUser("/library?tab=mine") : await currentUser();
  const t = await getTranslations("library");
  // "Animate again" makes an image-to-video b-roll from the avatar's picture: its price with the default options.
  const animatePrice = estimateCostUsd("image-to-video", withVideoDefaults({}));
  return (
    <main>
      <PageHeader title={t("title")} subtitle={mine ? t("subtitleMine") : t("subtitle")} />
      {user ? (
        <>
          <SpendNote className="mb-2 block sm:text-right" />
          <Tabs mine={mine} />
        </>
      ) : null}
      {mine ? (
        <MyAvatars />
      ) : (
        <Suspense fallback={<CardSkeletons count={10} className={DENSE_GRID} />}>
          <PublicLibrary signedIn={Boolean(user)} isAdmin={user?.role === "admin"} animatePrice={animatePrice} />
        </Suspense>
      )}
    </main>
  );
}
