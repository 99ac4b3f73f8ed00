"use client";
// One avatar as a card: the clip playing while the card is hovered or focused (poster until then),
// its name, tags and actions. Every card has the same box whatever its status, so nothing moves when
// a clip becomes ready. `dense` is the public library's compact card (5-6 per row on a desktop).
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import type { AvatarResponse } from "@/_shared/schemas/avatar";
import { JobProgress } from "../_components/job-progress";
import { cardClass } from "../_components/ui";
import { useFormat } from "../_lib/use-format";
import { HoverVideo } from "../_components/video-card-media";

/** Where "Use in a b-roll" goes: the projects pages take the image for an image-to-video b-roll. */
const useInBRollHref = (imageUrl: string) => `/projects?useImage=${encodeURIComponent(imageUrl)}`;

const actionClass =
  "inline-flex min-h-8 items-center justify-center gap-2 whitespace-nowrap rounded-lg px-2.5 py-1.5 text-xs font-semibold focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-violet-300";
/** A card action with its price on the right ("Animate again   $0.27", "Add to project   Free"). */
export const pricedActionClass = "w-full flex-wrap justify-between gap-y-0";
export const cardActionClass = {
  primary: `${actionClass} bg-violet-600 text-white hover:bg-violet-500`,
  secondary: `${actionClass} border border-slate-700 text-slate-200 hover:border-slate-500 hover:text-white`,
};

/** The priced action: a new clip made from the avatar's picture (an image-to-video b-roll), with its price. */
export function UseInBRollLink({ imageUrl, name, price, className = cardActionClass.primary }: { imageUrl: string; name: string; price?: number | null; className?: string }) {
  const t = useTranslations("library.card");
  const format = useFormat();
  const priced = price !== undefined && price !== null;
  return (
    <Link
      href={useInBRollHref(imageUrl)}
      aria-label={priced ? t("animateAgainLabel", { name, price: format.usd(price) }) : t("useInBRollLabel", { name })}
      title={priced ? t("animateAgainHint") : undefined}
      className={priced ? `${className} ${pricedActionClass}` : className}
    >
      {priced ? (
        <>
          <span>{t("animateAgain")}</span>
          <span className="shrink-0 font-normal tabular-nums text-violet-50">{format.usd(price)}</span>
        </>
      ) : (
        t("useInBRoll")
      )}
    </Link>
  );
}

export function TagChips({ tags, max }: { tags: AvatarResponse["tags"]; max?: number }) {
  const t = useTranslations("library.card");
  const format = useFormat();
  if (!tags.length) return null;
  const shown = max ? tags.slice(0, max) : tags;
  const hidden = tags.length - shown.length;
  return (
    <ul className="flex flex-wrap gap-1" aria-label={t("tags")}>
      {shown.map((tag) => (
        <li key={tag.slug} className="rounded-full bg-slate-800 px-2 py-0.5 text-[11px] text-slate-300" title={tag.category}>
          {format.tag(tag)}
        </li>
      ))}
      {hidden > 0 ? (
        <li className="rounded-full px-1 py-0.5 text-[11px] text-slate-500" title={tags.slice(shown.length).map((tag) => format.tag(tag)).join(", ")}>
          {t("moreTags", { count: hidden })}
        </li>
      ) : null}
    </ul>
  );
}

export function AvatarCard({
  avatar,
  overlay,
  progress,
  corner,
  meta,
  actions,
  dense = false,
}: {
  avatar: AvatarResponse;
  overlay?: ReactNode;
  /** While the avatar is being made: its live stage, bar and time left over the picture (private avatars). */
  progress?: "avatar";
  /** A control over the clip's top right corner (the favourite star). */
  corner?: ReactNode;
  meta?: ReactNode;
  actions?: ReactNode;
  dense?: boolean;
}) {
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  return (
    <article
      data-testid="library-card"
      className={`${cardClass} flex h-full min-w-0 flex-col overflow-hidden ${dense ? "p-1.5" : "p-2"}`}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setFocused(false);
      }}
    >
      <div className="relative">
        <HoverVideo aspect="3 / 4" src={avatar.status === "ready" ? avatar.videoUrl : null} poster={avatar.imageUrl} label={avatar.name} active={hovered || focused} />
        {overlay ? <div className="pointer-events-none absolute left-2 top-2">{overlay}</div> : null}
        {progress && avatar.status === "processing" ? (
          <div className="absolute inset-x-0 bottom-0 rounded-b-xl bg-gradient-to-t from-black/85 via-black/60 to-transparent px-2.5 pb-2.5 pt-6">
            <JobProgress type={progress} id={avatar.id} name={avatar.name} tone="overlay" />
          </div>
        ) : null}
        {corner ? <div className="absolute right-1.5 top-1.5">{corner}</div> : null}
      </div>
      <div className={`flex flex-1 flex-col ${dense ? "gap-1.5 px-0.5 pt-2" : "gap-2 px-1 pb-1 pt-2"}`}>
        <h3 className="truncate text-sm font-semibold text-white" title={avatar.name}>
          {avatar.name}
        </h3>
        {meta}
        <TagChips tags={avatar.tags} max={dense ? 3 : undefined} />
        {actions ? <div className={`mt-auto flex pt-1 ${dense ? "flex-col gap-1.5" : "flex-wrap items-center gap-2"}`}>{actions}</div> : null}
      </div>
    </article>
  );
}
