import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "../../_components/ui";
import { requireAdmin } from "../../_lib/page-auth";
import { AdminNav } from "../admin-nav";
import { parsePeriodChoice, periodSearch } from "./period";
import { UsageDashboard } from "./usage-dashboard";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("usage");
  return { title: t("title") };
}

// Admins only, like /admin: visitors sign in first, non-admins get the 403 page. The figures come from
// GET /api/admin/metrics, which checks the role again.
export default async function UsagePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const choice = parsePeriodChoice(await searchParams);
  await requireAdmin(`/admin/usage?${periodSearch(choice)}`);
  const t = await getTranslations("usage");
  return (
    <main>
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      <AdminNav current="usage" />
      <UsageDashboard initial={choice} />
    </main>
  );
}
