import type { Metadata } from "next";
import { PageHeader } from "../_components/ui";
import { requireUser } from "../_lib/page-auth";
import { ProjectsClient } from "./projects-client";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Projects" };

export default async function ProjectsPage() {
  await requireUser("/projects");
  return (
    <main>
      <PageHeader title="Projects" subtitle="Each project keeps its b-rolls and the avatars you make for it." />
      <ProjectsClient />
    </main>
  );
}
