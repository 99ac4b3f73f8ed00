// One avatar as a card: the clip playing on hover (poster until then), its name, tags and actions.
// Every card has the same box whatever its status, so nothing moves when a clip becomes ready.
import Link from "next/link";
import type { ReactNode } from "react";
import type { AvatarResponse } from "@/_shared/schemas/avatar";
import { HoverVideo } from "../_components/video-card-media";
import { cardClass } from "../_components/ui";

/** Where "Use in a b-roll" goes: the projects pages take the image for an image-to-video b-roll. */
const useInBRollHref = (imageUrl: string) => `/projects?useImage=${encodeURIComponent(imageUrl)}`;

export function UseInBRollLink({ imageUrl, name }: { imageUrl: string; name: string }) {
  return (
    <Link
      href={useInBRollHref(imageUrl)}
      aria-label={`Use ${name} in a b-roll`}
      className="inline-flex items-center gap-1 rounded-lg bg-violet-600 px-2.5 py-1.5 text-xs font-semibold text-white hover:bg-violet-500 focus-visible:outline focus-visible:outline-2 focus-visible:outline-violet-300"
    >
      Use in a b-roll
    </Link>
  );
}

export function TagChips({ tags }: { tags: AvatarResponse["tags"] }) {
  if (!tags.length) return null;
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Tags">
      {tags.map((tag) => (
        <li key={tag.slug} className="rounded-full bg-slate-800 px-2 py-0.5 text-[11px] text-slate-300" title={tag.category}>
          {tag.name}
        </li>
      ))}
    </ul>
  );
}

export function AvatarCard({ avatar, overlay, meta, actions }: { avatar: AvatarResponse; overlay?: ReactNode; meta?: ReactNode; actions?: ReactNode }) {
  return (
    <article data-testid="library-card" className={`${cardClass} flex min-w-0 flex-col overflow-hidden p-2`}>
      <div className="relative">
        <HoverVideo src={avatar.status === "ready" ? avatar.videoUrl : null} poster={avatar.imageUrl} aspect="3 / 4" label={avatar.name} />
        {overlay ? <div className="pointer-events-none absolute left-2 top-2">{overlay}</div> : null}
      </div>
      <div className="flex flex-1 flex-col gap-2 px-1 pb-1 pt-2">
        <h3 className="truncate text-sm font-semibold text-white" title={avatar.name}>
          {avatar.name}
        </h3>
        {meta}
        <TagChips tags={avatar.tags} />
        {actions ? <div className="mt-auto flex flex-wrap items-center gap-2 pt-1">{actions}</div> : null}
      </div>
    </article>
  );
}
