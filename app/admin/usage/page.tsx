import type { Metadata } from "next";
import { PageHeader } from "../../_components/ui";
import { requireAdmin } from "../../_lib/page-auth";
import { AdminNav } from "../admin-nav";
import { parsePeriodChoice, periodSearch } from "./period";
import { UsageDashboard } from "./usage-dashboard";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Usage" };

// Admins only, like /admin: visitors sign in first, non-admins get the 403 page. The figures come from
// GET /api/admin/metrics, which checks the role again.
export default async function UsagePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const choice = parsePeriodChoice(await searchParams);
  await requireAdmin(`/admin/usage?${periodSearch(choice)}`);
  return (
    <main>
      <PageHeader title="Usage" subtitle="What the generation pipeline ran, how often it failed, how long it took and what it cost (estimated)." />
      <AdminNav current="usage" />
      <UsageDashboard initial={choice} />
    </main>
  );
}
