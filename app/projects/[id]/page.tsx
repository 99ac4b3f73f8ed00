import type { Metadata } from "next";
import { estimateCostUsd } from "@/_shared/lib/fal-models";
import { requireUser } from "../../_lib/page-auth";
import { VIDEO_DURATIONS, VIDEO_RESOLUTIONS } from "@/_shared/schemas/generation-options";
import { B_ROLL_ASPECTS, priceKey, type PriceTable } from "./price";
import { readUseImageParam } from "../use-image";
import { ProjectClient } from "./project-client";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Project" };

/** Every price the "New b-roll" panel can show, from the server's price formulas. */
function priceTable(): PriceTable {
  const table: PriceTable = {};
  for (const withImage of [false, true]) {
    for (const aspectRatio of B_ROLL_ASPECTS) {
      for (const resolution of VIDEO_RESOLUTIONS) {
        for (const duration of VIDEO_DURATIONS) {
          table[priceKey(withImage, aspectRatio, resolution, duration)] = estimateCostUsd(withImage ? "image-to-video" : "text-to-video", {
            aspectRatio,
            resolution,
            duration,
          });
        }
      }
    }
  }
  return table;
}

export default async function ProjectPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  const useImage = readUseImageParam((await searchParams).useImage);
  await requireUser(`/projects/${encodeURIComponent(id)}${useImage ? `?useImage=${encodeURIComponent(useImage)}` : ""}`);
  return <ProjectClient projectId={id} prices={priceTable()} useImage={useImage} />;
}
