"use client";
// One b-roll: its clip in a box of the clip's aspect ratio (nothing moves when the status changes),
// the status, and what can be done with it behind its menu (download, edit prompt and regenerate,
// copy to another project, rename, delete). A failed one says why and offers the next step: a prompt
// the model refused is edited and regenerated (sending it again would fail again); a failure on the
// service's side is retried as it was.
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { BRollResponse } from "@/_shared/schemas/b-roll";
import { ClipModelNote } from "../../_components/clip-model-note";
import { StatusBadge } from "../../_components/ui";
import { AssetMenu } from "../../_components/asset-menu";
import { HoverVideo } from "../../_components/video-card-media";
import { useNow } from "../../_lib/use-now";
import { formatElapsed } from "../../_lib/format";
import { useFormat } from "../../_lib/use-format";
import { clipDownload } from "../download";
import { FormatsPanel } from "../../_components/formats/formats-panel";
import { ProvenancePanel } from "../../_components/provenance-panel";
import { cssAspect } from "./price";

/** Failures a retry would repeat: the request itself was refused. */
const REFUSED = new Set(["content_refused", "invalid_input"]);
const isRefused = (bRoll: BRollResponse) => bRoll.status === "failed" && REFUSED.has(bRoll.errorCode ?? "");

const action =
  "inline-flex items-center rounded-lg px-2 py-1.5 text-xs font-semibold text-violet-300 hover:bg-slate-800 hover:text-white focus-visible:outline focus-visible:outline-2 focus-visible:outline-violet-300 disabled:opacity-50";

/** A clip's status (top left) and, when kept, its star (top right), over its picture. */
export function CardBadges({ status, kept, small = false }: { status: BRollResponse["status"]; kept: boolean; small?: boolean }) {
  const t = useTranslations("projects.takes");
  const inset = small ? "top-1" : "top-2";
  return (
    <>
      <div className={`pointer-events-none absolute z-10 rounded-full bg-black/50 backdrop-blur ${inset} ${small ? "left-1" : "left-2"}`}>
        <StatusBadge status={status} />
      </div>
      {kept ? (
        <span className={`pointer-events-none absolute z-10 rounded-full bg-black/60 px-1.5 py-0.5 text-amber-300 ${inset} ${small ? "right-1 text-xs" : "right-2 text-sm"}`} data-testid="kept-star" aria-label={t("kept")}>
          ★
        </span>
      ) : null}
    </>
  );
}

export type BRollAction = "rename" | "delete" | "duplicate" | "regenerate" | "retry" | "keep" | "moreLikeThis";

export function BRollCard({ bRoll, onAction, retrying }: { bRoll: BRollResponse; onAction: (action: BRollAction) => void; retrying: boolean }) {
  const t = useTranslations("projects.bRoll");
  const ta = useTranslations("assets.menu");
  const tt = useTranslations("projects.takes");
  const tf = useTranslations("projects.formats");
  const tp = useTranslations("provenance.details");
  const format = useFormat();
  const [formats, setFormats] = useState(false);
  const [provenance, setProvenance] = useState(false);
  const processing = bRoll.status === "processing";
  const now = useNow(processing);
  // A retried b-roll keeps its createdAt: its last update says when this run started. The stage and
  // time left come from the tab's event stream (HoverVideo's progress), never from a poll per card.
  const startedAt = Date.parse(bRoll.updatedAt);
  const poster = bRoll.thumbnailUrl ?? bRoll.imageUrl;
  const ready = bRoll.status === "ready" && Boolean(bRoll.videoUrl);
  const refused = isRefused(bRoll);
  const details = [
    t(bRoll.type === "image-to-video" ? "imageToVideo" : "textToVideo"),
    bRoll.aspectRatio,
    bRoll.durationSeconds ? t("seconds", { seconds: Math.round(bRoll.durationSeconds) }) : null,
    bRoll.seed !== null ? tt("seedShort", { seed: bRoll.seed }) : null,
  ].filter(Boolean);

  return (
    <article
      data-testid="b-roll-card"
      data-status={bRoll.status}
      data-id={bRoll.id}
      aria-label={bRoll.name}
      className="mb-3 flex break-inside-avoid flex-col rounded-2xl border border-slate-800 bg-slate-900/60 p-1.5 transition hover:border-slate-600 sm:mb-4 sm:p-2"
    >
      <div className="relative">
        <HoverVideo src={ready ? bRoll.videoUrl : null} poster={poster} aspect={cssAspect(bRoll.aspectRatio)} label={bRoll.name} progress={bRoll.status === "processing" ? { type: "b-roll", id: bRoll.id } : undefined} />
        {processing ? (
          // The bottom of the picture is left to the live progress (stage, bar, time left) HoverVideo shows.
          <div className={`pointer-events-none absolute inset-x-0 top-0 bottom-16 flex flex-col items-center justify-center gap-2 rounded-t-xl text-center ${poster ? "bg-black/30" : "bg-slate-800"}`}>
            <span className="h-7 w-7 animate-spin rounded-full border-2 border-slate-500 border-t-violet-300" aria-hidden />
            <span className="font-mono text-xs tabular-nums text-slate-300" data-testid="elapsed" aria-label={t("elapsed")}>
              {formatElapsed(startedAt, now)}
            </span>
          </div>
        ) : null}
        {bRoll.status === "failed" ? (
          <div className={`pointer-events-none absolute inset-0 flex items-center justify-center rounded-xl ${poster ? "bg-rose-950/60" : "bg-[#2a1520]"}`}>
            <svg viewBox="0 0 24 24" className="h-8 w-8 text-rose-300" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden>
              <circle cx="12" cy="12" r="9" />
              <path d="M12 7v6M12 16.5v.5" strokeLinecap="round" />
            </svg>
          </div>
        ) : null}
        <CardBadges status={bRoll.status} kept={bRoll.favorite} />
      </div>

      <div className="flex flex-1 flex-col px-1 pb-0.5 pt-2 sm:px-1.5">
        <div className="flex items-start gap-1">
          <h3 className="min-w-0 flex-1 truncate pt-1.5 text-sm font-semibold text-white" title={bRoll.name} data-testid="b-roll-name">
            {bRoll.name}
          </h3>
          <AssetMenu
            label={ta("actions", { name: bRoll.name })}
            items={[
              { label: ta("download"), ...(ready && bRoll.videoUrl ? clipDownload(bRoll.videoUrl, bRoll.name, "b-roll") : {}), hidden: !ready },
              { label: tf("open"), onSelect: () => setFormats(true), hidden: !ready },
              { label: tp("menu"), onSelect: () => setProvenance(true) },
              { label: bRoll.favorite ? tt("unkeep") : tt("keep"), onSelect: () => onAction("keep"), hidden: !ready },
              { label: tt("moreLikeThis"), onSelect: () => onAction("moreLikeThis"), hidden: !bRoll.favorite || bRoll.seed === null },
              { label: ta("regenerate"), onSelect: () => onAction("regenerate"), hidden: processing },
              { label: ta("duplicate"), onSelect: () => onAction("duplicate"), hidden: !ready },
              { label: ta("rename"), onSelect: () => onAction("rename") },
              { label: ta("delete"), onSelect: () => onAction("delete"), danger: true },
            ]}
          />
        </div>
        <p className="text-xs text-slate-400">
          {details.join(" · ")}
          {bRoll.estimatedCostUsd != null ? <span className="text-slate-500"> · ~{format.usd(bRoll.estimatedCostUsd)}</span> : null}
        </p>
        <p className="mt-1 line-clamp-2 text-xs text-slate-500 max-sm:hidden" title={bRoll.prompt}>
          {bRoll.prompt}
        </p>
        {ready ? <ClipModelNote clipModel={bRoll.clipModel} onlyFallback className="mt-1" /> : null}
        {bRoll.status === "failed" ? (
          <>
            <p className="mt-2 rounded-lg bg-rose-500/10 px-2 py-1.5 text-xs text-rose-200" data-testid="b-roll-error">
              {bRoll.errorMessage ?? t("failed")}
            </p>
            <div className="mt-1.5">
              {refused ? (
                <button type="button" className={action} onClick={() => onAction("regenerate")}>
                  {ta("regenerate")}
                </button>
              ) : (
                <button type="button" className={action} onClick={() => onAction("retry")} disabled={retrying}>
                  {retrying ? t("retrying") : t("retry")}
                </button>
              )}
            </div>
          </>
        ) : null}
      </div>
      {formats && ready && bRoll.videoUrl ? (
        <FormatsPanel clip={{ type: "b-roll", id: bRoll.id, name: bRoll.name, videoUrl: bRoll.videoUrl, posterUrl: poster, aspect: cssAspect(bRoll.aspectRatio) }} onClose={() => setFormats(false)} />
      ) : null}
      {provenance ? <ProvenancePanel of={{ type: "b-roll", id: bRoll.id, name: bRoll.name }} onClose={() => setProvenance(false)} /> : null}
    </article>
  );
}
