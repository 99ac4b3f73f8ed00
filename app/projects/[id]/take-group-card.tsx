"use client";
// A group of takes (clips one request made from the same prompt, each with its own seed) as one
// card: a strip of its takes (status, star when kept, seed, each with its own menu), the shared
// name, format and prompt, and "Compare takes" once two or more are ready.
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { BRollResponse } from "@/_shared/schemas/b-roll";
import { buttonClass } from "../../_components/ui";
import { AssetMenu } from "../../_components/asset-menu";
import { HoverVideo } from "../../_components/video-card-media";
import { useFormat } from "../../_lib/use-format";
import { clipDownload } from "../download";
import { CardBadges, type BRollAction } from "./b-roll-card";
import { FormatsPanel } from "../../_components/formats/formats-panel";
import { ProvenancePanel } from "../../_components/provenance-panel";
import { cssAspect } from "./price";

export function TakeGroupCard({
  takes,
  retrying,
  onAction,
  onCompare,
}: {
  /** The group's takes, in take order (two or more). */
  takes: BRollResponse[];
  retrying: string | null;
  onAction: (take: BRollResponse, action: BRollAction) => void;
  onCompare: () => void;
}) {
  const t = useTranslations("projects.takes");
  const tb = useTranslations("projects.bRoll");
  const ta = useTranslations("assets.menu");
  const tf = useTranslations("projects.formats");
  const tp = useTranslations("provenance.details");
  const format = useFormat();
  const [formatsOf, setFormatsOf] = useState<string | null>(null);
  const [detailsOf, setDetailsOf] = useState<string | null>(null);
  const first = takes[0];
  const ready = takes.filter((take) => take.status === "ready" && take.videoUrl);
  const total = takes.reduce((sum, take) => sum + (take.estimatedCostUsd ?? 0), 0);
  const details = [t("count", { count: takes.length }), first.aspectRatio, first.request.duration ? tb("seconds", { seconds: first.request.duration }) : null].filter(Boolean);

  return (
    <article
      data-testid="take-group"
      data-group={first.takeGroupId}
      aria-label={t("groupLabel", { name: first.name, count: takes.length })}
      className="mb-3 flex break-inside-avoid flex-col rounded-2xl border border-violet-900/60 bg-slate-900/60 p-1.5 transition hover:border-slate-600 sm:mb-4 sm:p-2"
    >
      <ul className="grid grid-cols-2 gap-1.5">
        {takes.map((take) => {
          const takeReady = take.status === "ready" && Boolean(take.videoUrl);
          const index = (take.takeIndex ?? 0) + 1;
          return (
            <li key={take.id} className="min-w-0" data-testid="b-roll-card" data-status={take.status} data-id={take.id} aria-label={t("takeLabel", { index })}>
              <div className="relative">
                <HoverVideo
                  src={takeReady ? take.videoUrl : null}
                  poster={take.thumbnailUrl ?? take.imageUrl}
                  aspect={cssAspect(take.aspectRatio)}
                  label={t("takeLabel", { index })}
                  progress={take.status === "processing" ? { type: "b-roll", id: take.id } : undefined}
                />
                <CardBadges status={take.status} kept={take.favorite} small />
              </div>
              <div className="flex items-center gap-0.5 pl-0.5 pt-0.5">
                <p className="min-w-0 flex-1 text-[11px] leading-tight text-slate-400">
                  <span className="font-semibold text-slate-200">#{index}</span>
                  {/* The seed alone fits the narrowest tile (10 digits); its label is for screen readers and the tooltip. */}
                  {take.seed !== null ? (
                    <span className="block font-mono tabular-nums" title={t("seedShort", { seed: take.seed })}>
                      <span className="sr-only">{t("seedShort", { seed: "" })}</span>
                      {take.seed}
                    </span>
                  ) : null}
                </p>
                <AssetMenu
                  label={t("takeActions", { index, name: take.name })}
                  items={[
                    { label: take.favorite ? t("unkeep") : t("keep"), onSelect: () => onAction(take, "keep"), hidden: !takeReady },
                    { label: t("moreLikeThis"), onSelect: () => onAction(take, "moreLikeThis"), hidden: !take.favorite || take.seed === null },
                    { label: tf("open"), onSelect: () => setFormatsOf(take.id), hidden: !takeReady },
                    { label: tp("menu"), onSelect: () => setDetailsOf(take.id) },
                    { label: ta("download"), ...(takeReady && take.videoUrl ? clipDownload(take.videoUrl, `${take.name} ${index}`, "b-roll") : {}), hidden: !takeReady },
                    { label: tb("retry"), onSelect: () => onAction(take, "retry"), hidden: take.status !== "failed" || retrying === take.id },
                    { label: ta("regenerate"), onSelect: () => onAction(take, "regenerate"), hidden: take.status === "processing" },
                    { label: t("discard"), onSelect: () => onAction(take, "delete"), danger: true },
                  ]}
                />
              </div>
              {take.status === "failed" ? (
                <p className="px-0.5 text-[11px] text-rose-300" title={take.errorMessage ?? undefined}>
                  <span className="line-clamp-2">{take.errorMessage ?? tb("failed")}</span>
                </p>
              ) : null}
              {formatsOf === take.id && takeReady && take.videoUrl ? (
                <FormatsPanel
                  clip={{ type: "b-roll", id: take.id, name: `${take.name} #${index}`, videoUrl: take.videoUrl, posterUrl: take.thumbnailUrl ?? take.imageUrl, aspect: cssAspect(take.aspectRatio) }}
                  onClose={() => setFormatsOf(null)}
                />
              ) : null}
              {detailsOf === take.id ? <ProvenancePanel of={{ type: "b-roll", id: take.id, name: `${take.name} #${index}` }} onClose={() => setDetailsOf(null)} /> : null}
            </li>
          );
        })}
      </ul>

      <div className="flex flex-1 flex-col px-1 pb-0.5 pt-2 sm:px-1.5">
        <h3 className="truncate text-sm font-semibold text-white" title={first.name} data-testid="b-roll-name">
          {first.name}
        </h3>
        <p className="text-xs text-slate-400">
          {details.join(" · ")}
          {total > 0 ? <span className="text-slate-500"> · ~{format.usd(total)}</span> : null}
        </p>
        <p className="mt-1 line-clamp-2 text-xs text-slate-500 max-sm:hidden" title={first.prompt}>
          {first.prompt}
        </p>
        <button type="button" className={`${buttonClass.secondary} mt-2 px-3 py-1.5 text-xs`} disabled={ready.length < 2} onClick={onCompare} data-testid="compare-button">
          {t("compare", { count: ready.length })}
        </button>
      </div>
    </article>
  );
}
