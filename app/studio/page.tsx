import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { randomUUID } from "node:crypto";
import { redirect } from "next/navigation";
import { contentGeneration } from "@/_shared/core/content-generation.service";
import { possibleFallbackCost } from "@/_shared/core/generation/fallback-plan";
import { estimateCostUsd, videoLimits } from "@/_shared/lib/fal-models";
import { SESSION_ID } from "@/_shared/schemas/image";
import { PageHeader } from "../_components/ui";
import { requireUser } from "../_lib/page-auth";
import { CLIP_FORMATS, PICTURE_ASPECT, PICTURE_COUNTS, type StudioPrices } from "./prices";
import { Studio } from "./studio";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("studio"))("title") };
}

/** Every price the studio's buttons can show, from the server's price formulas. */
function studioPrices(): StudioPrices {
  return {
    generate: Object.fromEntries(PICTURE_COUNTS.map((numImages) => [numImages, estimateCostUsd("text-to-image", { aspectRatio: PICTURE_ASPECT, numImages })])),
    edit: estimateCostUsd("image-edit", {}),
    clip: Object.fromEntries(CLIP_FORMATS.map((aspectRatio) => [aspectRatio, estimateCostUsd("image-to-video", { aspectRatio })])),
    fallback: fallbackPrices(),
  };
}

/** The fallback's name and extra price by clip duration, or null when this server has none. */
function fallbackPrices(): StudioPrices["fallback"] {
  const { durationList } = videoLimits("image-to-video");
  const costs = durationList.map((duration) => [duration, possibleFallbackCost({ duration })] as const);
  const name = costs[0]?.[1]?.name;
  return name ? { name, cost: Object.fromEntries(costs.map(([duration, extra]) => [duration, extra?.costUsd ?? 0])) } : null;
}

type Search = Promise<{ session?: string | string[]; avatar?: string | string[]; grid?: string | string[] }>;
const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);

// Signed-in only. A visit without a session id gets a fresh one in the URL, so that a reload keeps
// the session (and `?avatar=` the avatar being made). The session id becomes one of the user's
// sessions (the server keeps its pictures, pick and prompts): another user's link opens an empty one.
export default async function StudioPage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  const session = one(params.session);
  const avatar = one(params.avatar);
  const grid = one(params.grid);
  const query = new URLSearchParams({ ...(session ? { session } : {}), ...(avatar ? { avatar } : {}), ...(grid ? { grid } : {}) });
  const user = await requireUser(`/studio${query.size ? `?${query}` : ""}`);
  if (!session || !SESSION_ID.test(session)) {
    const fresh = new URLSearchParams({ session: randomUUID(), ...(avatar ? { avatar } : {}), ...(grid ? { grid } : {}) });
    redirect(`/studio?${fresh}`);
  }
  await contentGeneration.openImageSession({ user, sessionId: session });
  const t = await getTranslations("studio");
  return (
    <main>
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      <Studio key={session} sessionId={session} initialAvatarId={avatar ?? null} initialGridId={grid ?? null} prices={studioPrices()} />
    </main>
  );
}
