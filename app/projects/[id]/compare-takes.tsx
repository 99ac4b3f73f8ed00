"use client";
// The compare view of a group's takes: 2-4 clips side by side (a row on wide screens, 2 × 2 on
// phones) played in sync by one play/pause and one scrub bar. The first take leads: while playing,
// each frame (requestAnimationFrame, and every timeupdate) any other clip more than 0.1 s away from
// it is moved to its time, so they never drift 0.2 s apart. Each take can be kept (favorite, a star)
// or discarded (deleted with its objects, after a confirmation).
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useRef, useState } from "react";
import type { BRollResponse } from "@/_shared/schemas/b-roll";
import { buttonClass, ErrorBox } from "../../_components/ui";
import { api, errorMessage } from "../../_lib/api-client";
import { Dialog } from "../dialog";
import { cssAspect } from "./price";

/** How far (s) a follower may be from the leader before it is moved: half the 0.2 s promised. */
const MAX_DRIFT = 0.1;

/** A row on wide screens; 2 × 2 on phones. */
const COLUMNS: Record<number, string> = { 3: "grid-cols-2 lg:grid-cols-3", 4: "grid-cols-2 lg:grid-cols-4" };

const formatTime = (seconds: number) => `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, "0")}.${Math.floor((seconds % 1) * 10)}`;

export function CompareTakes({
  takes,
  onClose,
  onUpdated,
  onDiscarded,
}: {
  /** Ready takes of one group, in take order. */
  takes: BRollResponse[];
  onClose: () => void;
  onUpdated: (bRoll: BRollResponse) => void;
  onDiscarded: (id: string) => void;
}) {
  const t = useTranslations("projects.compare");
  const videos = useRef(new Map<string, HTMLVideoElement>());
  const [playing, setPlaying] = useState(false);
  const [time, setTime] = useState(0);
  const [duration, setDuration] = useState(0);
  const [busy, setBusy] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const all = useCallback(() => takes.map((take) => videos.current.get(take.id)).filter((v): v is HTMLVideoElement => Boolean(v)), [takes]);
  const leader = useCallback(() => all()[0] ?? null, [all]);

  /** Moves every follower to the leader's time when it drifted (or always, after a seek). */
  const sync = useCallback(
    (force = false) => {
      const lead = leader();
      if (!lead) return;
      for (const video of all().slice(1)) {
        const target = Math.min(lead.currentTime, Number.isFinite(video.duration) ? video.duration : lead.currentTime);
        if (force || Math.abs(video.currentTime - target) > MAX_DRIFT) video.currentTime = target;
      }
      setTime(lead.currentTime);
    },
    [all, leader],
  );

  // While playing: correct drift every frame.
  useEffect(() => {
    if (!playing) return;
    let frame = requestAnimationFrame(function tick() {
      sync();
      frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [playing, sync]);

  const play = async () => {
    const lead = leader();
    if (!lead) return;
    if (lead.ended) lead.currentTime = 0;
    sync(true);
    for (const video of all()) video.muted = true;
    await Promise.all(all().map((video) => video.play().catch(() => undefined)));
    sync(true);
    setPlaying(true);
  };
  const pause = () => {
    for (const video of all()) video.pause();
    sync(true);
    setPlaying(false);
  };
  const seek = (seconds: number) => {
    for (const video of all()) video.currentTime = Math.min(seconds, Number.isFinite(video.duration) ? video.duration : seconds);
    setTime(seconds);
  };

  const keep = async (take: BRollResponse) => {
    setBusy(take.id);
    setError(null);
    try {
      onUpdated(await api<BRollResponse>(`/api/b-rolls/${take.id}`, { method: "PATCH", body: { favorite: !take.favorite } }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  const discard = async (take: BRollResponse) => {
    setBusy(take.id);
    setError(null);
    try {
      await api<void>(`/api/b-rolls/${take.id}`, { method: "DELETE" });
      videos.current.delete(take.id);
      setConfirming(null);
      onDiscarded(take.id);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Dialog title={t("title", { name: takes[0]?.name ?? "" })} description={t("hint")} onClose={onClose} testId="compare-takes" wide>
      <div className={`grid gap-3 ${COLUMNS[takes.length] ?? "grid-cols-2"}`}>
        {takes.map((take) => (
          <figure key={take.id} className="min-w-0 rounded-xl border border-slate-800 bg-slate-950/60 p-1.5" data-testid="compare-take" data-id={take.id}>
            {/* Phones: short enough for two rows of takes and the controls on one screen (letterboxed). */}
            <div className="relative mx-auto max-h-[30dvh] overflow-hidden rounded-lg bg-black lg:max-h-[55dvh]" style={{ aspectRatio: cssAspect(take.aspectRatio) }}>
              <video
                ref={(node) => {
                  if (node) videos.current.set(take.id, node);
                  else videos.current.delete(take.id);
                }}
                src={take.videoUrl ?? undefined}
                poster={take.thumbnailUrl ?? undefined}
                muted
                playsInline
                preload="auto"
                className="h-full w-full object-contain"
                aria-label={t("takeLabel", { index: (take.takeIndex ?? 0) + 1 })}
                onLoadedMetadata={(e) => {
                  if (videos.current.get(takes[0].id) === e.currentTarget) setDuration(e.currentTarget.duration);
                }}
                onTimeUpdate={(e) => {
                  if (videos.current.get(takes[0].id) === e.currentTarget) sync();
                }}
                onEnded={(e) => {
                  if (videos.current.get(takes[0].id) === e.currentTarget) pause();
                }}
              />
              {take.favorite ? (
                <span className="absolute right-1.5 top-1.5 rounded-full bg-black/60 px-1.5 py-0.5 text-xs text-amber-300" aria-label={t("kept")}>
                  ★
                </span>
              ) : null}
            </div>
            <figcaption className="mt-1.5 flex flex-wrap items-center justify-between gap-x-2 gap-y-1 px-0.5 text-xs text-slate-300">
              <span className="min-w-0 truncate">{t("takeLabel", { index: (take.takeIndex ?? 0) + 1 })}</span>
              {take.seed !== null ? <span className="font-mono tabular-nums text-slate-500">{t("seed", { seed: take.seed })}</span> : null}
            </figcaption>
            {confirming === take.id ? (
              <div className="mt-1.5 space-y-1.5 rounded-lg bg-rose-500/10 p-1.5 text-xs text-rose-100">
                <p>{t("discardConfirm")}</p>
                <div className="grid grid-cols-2 gap-1.5">
                  <button type="button" className={`${buttonClass.secondary} px-2 py-1.5 text-xs`} onClick={() => setConfirming(null)} disabled={busy === take.id}>
                    {t("cancel")}
                  </button>
                  <button type="button" className="rounded-lg bg-rose-600 px-2 py-1.5 text-xs font-semibold text-white hover:bg-rose-500 disabled:opacity-50" onClick={() => void discard(take)} disabled={busy === take.id} data-testid="confirm-discard">
                    {t("discard")}
                  </button>
                </div>
              </div>
            ) : (
              <div className="mt-1.5 grid grid-cols-2 gap-1.5">
                <button
                  type="button"
                  aria-pressed={take.favorite}
                  className={`${buttonClass.secondary} min-w-0 px-2 py-1.5 text-xs ${take.favorite ? "border-amber-400/60 text-amber-200" : ""}`}
                  onClick={() => void keep(take)}
                  disabled={busy === take.id}
                  data-testid="keep-take"
                >
                  <span aria-hidden>{take.favorite ? "★" : "☆"}</span> {take.favorite ? t("kept") : t("keep")}
                </button>
                <button type="button" className={`${buttonClass.secondary} min-w-0 px-2 py-1.5 text-xs hover:border-rose-500/60 hover:text-rose-200`} onClick={() => setConfirming(take.id)} disabled={busy === take.id} data-testid="discard-take">
                  {t("discard")}
                </button>
              </div>
            )}
          </figure>
        ))}
      </div>

      <div className="sticky bottom-0 z-10 mt-4 flex items-center gap-3 rounded-xl border border-slate-800 bg-slate-950 p-2 shadow-lg shadow-black/60">
        <button type="button" className={`${buttonClass.primary} shrink-0 px-3 py-2`} onClick={() => (playing ? pause() : void play())} data-testid="compare-play" aria-label={playing ? t("pause") : t("play")}>
          <span aria-hidden>{playing ? "❚❚" : "▶"}</span>
        </button>
        <label htmlFor="compare-scrub" className="sr-only">
          {t("scrub")}
        </label>
        <input
          id="compare-scrub"
          type="range"
          min={0}
          max={duration || 0}
          step={0.05}
          value={Math.min(time, duration || 0)}
          onChange={(e) => seek(Number(e.target.value))}
          className="min-w-0 flex-1 accent-violet-500"
          data-testid="compare-scrub"
        />
        <span className="shrink-0 font-mono text-xs tabular-nums text-slate-400" aria-live="off">
          {formatTime(time)} / {formatTime(duration)}
        </span>
      </div>
      <ErrorBox message={error} className="mt-3" />
    </Dialog>
  );
}
