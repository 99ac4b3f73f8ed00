import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "../_components/ui";
import { requireUser } from "../_lib/page-auth";
import { ProjectsClient } from "./projects-client";
import { readUseImageParam } from "./use-image";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("projects.list"))("title") };
}

export default async function ProjectsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const useImage = readUseImageParam((await searchParams).useImage);
  await requireUser(useImage ? `/projects?useImage=${encodeURIComponent(useImage)}` : "/projects");
  const t = await getTranslations("projects.list");
  return (
    <main>
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      <ProjectsClient useImage={useImage} />
    </main>
  );
}
