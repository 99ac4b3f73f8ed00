import type { Metadata } from "next";
import { PageHeader } from "../_components/ui";
import { requireUser } from "../_lib/page-auth";
import { ProjectsClient } from "./projects-client";
import { readUseImageParam } from "./use-image";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Projects" };

export default async function ProjectsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const useImage = readUseImageParam((await searchParams).useImage);
  await requireUser(useImage ? `/projects?useImage=${encodeURIComponent(useImage)}` : "/projects");
  return (
    <main>
      <PageHeader title="Projects" subtitle="Each project keeps its b-rolls and the avatars you make for it." />
      <ProjectsClient useImage={useImage} />
    </main>
  );
}
