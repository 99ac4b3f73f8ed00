import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { estimateCostUsd, videoLimits } from "@/_shared/lib/fal-models";
import { requireUser } from "../../_lib/page-auth";
import { B_ROLL_ASPECTS, priceKey, type ClipOffer } from "./price";
import { readUseImageParam } from "../use-image";
import { ProjectClient } from "./project-client";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("projects.project"))("title") };
}

/** What the "New b-roll" panel may offer with the configured models, and every price it can show. */
function clipOffer(): ClipOffer {
  const offer: ClipOffer = { choices: { "text-to-video": { durations: [], resolutions: [] }, "image-to-video": { durations: [], resolutions: [] } }, prices: {} };
  for (const kind of ["text-to-video", "image-to-video"] as const) {
    const { durationList, resolutions } = videoLimits(kind);
    offer.choices[kind] = { durations: durationList, resolutions: [...resolutions] };
    for (const aspectRatio of B_ROLL_ASPECTS) {
      for (const resolution of resolutions) {
        for (const duration of durationList) {
          offer.prices[priceKey(kind === "image-to-video", aspectRatio, resolution, duration)] = estimateCostUsd(kind, { aspectRatio, resolution, duration });
        }
      }
    }
  }
  return offer;
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
  return <ProjectClient projectId={id} offer={clipOffer()} useImage={useImage} />;
}
