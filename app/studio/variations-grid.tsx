"use client";
// A variations grid as it fills in: one row per picture, one column per motion, each clip showing
// its live progress from the tab's event stream (HoverVideo's `progress`), read again when the
// stream says one ended (and every 2 s only while the stream is down). Choosing a ready clip makes
// it the avatar (POST .../winner); the others are deleted, or kept when the box is ticked. The grid
// id is in the URL (`?grid=`), so a reload comes back here.
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { api, ApiClientError, errorMessage } from "../_lib/api-client";
import { useResource } from "../_lib/use-resource";
import { useJobSettled, useProgressStreamUp } from "../_lib/use-progress";
import { useFormat } from "../_lib/use-format";
import { buttonClass, cardClass, ErrorBox, Spinner, StatusBadge } from "../_components/ui";
import { HoverVideo } from "../_components/video-card-media";
import { SpendNote } from "../_components/spend-note";
import type { VariationGridResponse } from "@/_shared/schemas/avatar-variations";

type Variation = VariationGridResponse["variations"][number];

const ASPECTS: Record<string, string> = { "9:16": "9 / 16", "1:1": "1 / 1", "16:9": "16 / 9" };

export function VariationsGrid({ gridId, format, estimatedCostUsd, onBack }: { gridId: string; format: string; estimatedCostUsd: number | null; onBack: () => void }) {
  const t = useTranslations("studio.grid");
  const money = useFormat();
  const streamUp = useProgressStreamUp();
  const path = `/api/avatars/private/variations/${encodeURIComponent(gridId)}`;
  const grid = useResource(path, (signal) => api<VariationGridResponse>(path, { signal }), {
    pollMs: 2000,
    pollWhile: (data, error) => !streamUp && !(error instanceof ApiClientError && error.status === 404) && (!data || data.variations.some((v) => v.status === "processing")),
  });
  const data = grid.data;
  const ids = new Set(data?.variations.map((v) => v.id));
  // One of this grid's clips ended: read the grid again for its clip or reason.
  useJobSettled((settlement) => {
    const resource = settlement.job.resource;
    if (resource?.type === "avatar" && ids.has(resource.id)) void grid.refetch();
  });
  const [keepOthers, setKeepOthers] = useState(false);
  const [name, setName] = useState<string | null>(null);
  const [choosing, setChoosing] = useState<string | null>(null);
  const [chooseError, setChooseError] = useState<string | null>(null);

  async function choose(variation: Variation) {
    setChoosing(variation.id);
    setChooseError(null);
    try {
      const decided = await api<VariationGridResponse>(`${path}/winner`, { body: { avatarId: variation.id, keepOthers, ...(name?.trim() ? { name: name.trim() } : {}) } });
      grid.mutate(() => decided);
    } catch (error) {
      setChooseError(errorMessage(error));
    } finally {
      setChoosing(null);
    }
  }

  if (grid.error && !data) {
    return (
      <section className={`${cardClass} p-6`}>
        <ErrorBox message={grid.error instanceof ApiClientError && grid.error.status === 404 ? t("missing") : errorMessage(grid.error)} onRetry={() => void grid.refetch()} />
        <button type="button" className={`${buttonClass.secondary} mt-4`} onClick={onBack}>
          {t("back")}
        </button>
      </section>
    );
  }
  if (!data) return <Spinner label={t("loading")} />;

  const decided = data.status === "decided";
  const ready = data.variations.filter((v) => v.status === "ready").length;
  const aspect = ASPECTS[format] ?? ASPECTS["9:16"];
  const cell = (picture: number, motion: number) => data.variations.find((v) => v.picture === picture && v.motion === motion) ?? null;
  const winner = decided ? data.variations.find((v) => v.id === data.winnerAvatarId) ?? null : null;

  return (
    <section className={`${cardClass} p-4 sm:p-5`} aria-labelledby="grid-title" data-testid="variations-grid">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="grid-title" className="text-lg font-semibold text-white">
          {decided ? t("decidedTitle", { name: winner?.name ?? data.name }) : t("gridTitle", { name: data.name })}
        </h2>
        {!decided ? (
          <p className="text-sm text-slate-400" aria-live="polite" data-testid="grid-count">
            {t("readyCount", { ready, total: data.variations.length })}
            {estimatedCostUsd ? ` · ${t("cost", { price: money.usd(estimatedCostUsd) })}` : ""}
          </p>
        ) : null}
      </div>

      {!decided ? (
        <div className="mt-3 flex flex-col gap-3 rounded-xl border border-slate-800 bg-slate-950/40 p-3 sm:flex-row sm:items-end">
          <label className="min-w-0 flex-1 text-sm text-slate-300">
            <span className="mb-1 block font-medium">{t("winnerName")}</span>
            <input value={name ?? data.name} onChange={(e) => setName(e.target.value)} maxLength={120} className="w-full rounded-xl border border-slate-700 bg-slate-950 px-3 py-2 text-sm text-white" />
          </label>
          <label className="flex items-center gap-2 text-sm text-slate-300 sm:pb-2">
            <input type="checkbox" checked={keepOthers} onChange={(e) => setKeepOthers(e.target.checked)} className="h-4 w-4 accent-violet-500" data-testid="grid-keep-others" />
            {t("keepOthers")}
          </label>
        </div>
      ) : null}
      <ErrorBox message={chooseError} className="mt-3" />

      {decided ? (
        <div className="mt-4 grid gap-4 sm:grid-cols-[minmax(0,240px)_minmax(0,1fr)]">
          {winner ? (
            <div data-testid="grid-winner">
              <HoverVideo src={winner.videoUrl} poster={winner.imageUrl} aspect={aspect} label={winner.name} />
            </div>
          ) : null}
          <div className="space-y-3 text-sm text-slate-300">
            <p>{data.variations.length > 1 ? t("keptNote", { count: data.variations.length - 1 }) : t("discardedNote")}</p>
            {winner?.seed !== null && winner?.seed !== undefined ? <p className="text-xs text-slate-500">{t("seedOf", { seed: winner.seed })}</p> : null}
            <div className="flex flex-wrap gap-2">
              <Link href="/library?tab=mine" className={buttonClass.primary}>
                {t("myAvatars")}
              </Link>
              <button type="button" className={buttonClass.secondary} onClick={onBack}>
                {t("another")}
              </button>
            </div>
          </div>
        </div>
      ) : (
        <div className="mt-4 overflow-x-auto">
          {/* Columns at most 240 px wide: the grid compares clips side by side, however wide the screen. */}
          <table className="w-full table-fixed border-separate border-spacing-2" style={{ maxWidth: data.motions.length * 240 }} data-testid="grid-table">
            <thead>
              <tr>
                {data.motions.map((motion, m) => (
                  <th key={m} scope="col" className="align-bottom text-left text-xs font-medium text-slate-400">
                    <span className="block text-slate-200">{t("motionLabel", { number: m + 1 })}</span>
                    <span className="line-clamp-2 font-normal" title={motion}>
                      {motion}
                    </span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.imageUrls.map((_, p) => (
                <tr key={p}>
                  {data.motions.map((__, m) => {
                    const v = cell(p, m);
                    return (
                      <td key={m} className="align-top">
                        {v ? <GridCell variation={v} aspect={aspect} label={t("cellLabel", { picture: p + 1, motion: m + 1 })} busy={choosing} onChoose={() => void choose(v)} /> : null}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="mt-3 text-xs text-slate-500">
        <SpendNote />
      </p>
    </section>
  );
}

function GridCell({ variation, aspect, label, busy, onChoose }: { variation: Variation; aspect: string; label: string; busy: string | null; onChoose: () => void }) {
  const t = useTranslations("studio.grid");
  const ready = variation.status === "ready";
  return (
    <div className="min-w-0 space-y-1.5" data-testid="grid-cell" data-status={variation.status}>
      <HoverVideo
        src={ready ? variation.videoUrl : null}
        poster={variation.imageUrl}
        aspect={aspect}
        label={label}
        progress={variation.status === "processing" ? { type: "avatar", id: variation.id } : undefined}
      />
      <div className="flex flex-wrap items-center justify-between gap-1 text-[11px] text-slate-500">
        <span className="truncate">{label}</span>
        {variation.seed !== null ? <span className="font-mono" data-testid="grid-cell-seed">{t("seedShort", { seed: variation.seed })}</span> : null}
      </div>
      {variation.status === "failed" ? (
        <p className="text-xs text-rose-300" role="note">
          <StatusBadge status="failed" /> {variation.errorMessage}
        </p>
      ) : null}
      {ready ? (
        <button type="button" className={`${buttonClass.primary} w-full px-2 py-1.5 text-xs`} disabled={busy !== null} onClick={onChoose} data-testid="grid-choose">
          {busy === variation.id ? t("choosing") : t("choose")}
        </button>
      ) : null}
    </div>
  );
}
