import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "../_components/ui";
import { requireAdmin } from "../_lib/page-auth";
import { AdminNav } from "./admin-nav";
import { JobsAdmin } from "./jobs-admin";
import { MotionPresetsAdmin } from "./motion-presets-admin";
import { PublicAvatarsAdmin } from "./public-avatars-admin";
import { TagsAdmin } from "./tags-admin";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("admin");
  return { title: t("title") };
}

const TABS = ["avatars", "tags", "presets", "jobs"] as const;
type TabId = (typeof TABS)[number];

// Admins only: anonymous visitors are sent to sign in, signed-in non-admins get the 403 page. The
// sections call the same admin REST endpoints as any other client (which check the role again).
export default async function AdminPage({ searchParams }: { searchParams: Promise<{ tab?: string | string[] }> }) {
  const { tab: requested } = await searchParams;
  const tab: TabId = TABS.find((t) => t === requested) ?? "avatars";
  await requireAdmin(tab === "avatars" ? "/admin" : `/admin?tab=${tab}`);
  const t = await getTranslations("admin");
  return (
    <main>
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      <AdminNav current={tab} />
      {tab === "avatars" ? <PublicAvatarsAdmin /> : tab === "tags" ? <TagsAdmin /> : tab === "presets" ? <MotionPresetsAdmin /> : <JobsAdmin />}
    </main>
  );
}
