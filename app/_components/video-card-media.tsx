"use client";
// A clip that plays muted on hover (desktop) or tap (phone), with its poster shown until then, and a
// Play/Pause button for the keyboard and screen readers. A card that knows better when it is looked
// at (hovered or focused anywhere on it) passes `active` instead. With reduced motion asked for,
// nothing plays by itself: the button does. The box keeps its aspect ratio whatever the status, so
// nothing shifts when a clip becomes ready. While the clip is being made, `progress` names the avatar
// or b-roll: its stage, progress bar and time left show over the poster (JobProgress).
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import type { ResourceType } from "../_lib/progress-store";
import { JobProgress } from "./job-progress";

const REDUCED = "(prefers-reduced-motion: reduce)";
const subscribe = (onChange: () => void) => {
  const query = window.matchMedia(REDUCED);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
};
/** Whether the user asked for reduced motion (false on the server). */
const useReducedMotion = () => useSyncExternalStore(subscribe, () => window.matchMedia(REDUCED).matches, () => false);

export function HoverVideo({
  src,
  poster,
  aspect = "9 / 16",
  label,
  progress,
  active,
}: {
  src: string | null;
  poster: string | null;
  aspect?: string;
  label: string;
  /** Plays while true, back to the start when false; unset, the clip itself plays on hover. */
  active?: boolean;
  /** The avatar or b-roll being made (status `processing`): shows its live progress over the poster. */
  progress?: { type: ResourceType; id: string };
}) {
  const t = useTranslations("progress");
  const ref = useRef<HTMLVideoElement>(null);
  const [playing, setPlaying] = useState(false);
  const play = () => {
    if (!ref.current) return;
    ref.current.muted = true;
    void ref.current.play().catch(() => undefined);
  };
  const stop = () => ref.current?.pause();
  const reduced = useReducedMotion();
  const leave = () => {
    stop();
    if (ref.current) ref.current.currentTime = 0;
  };
  useEffect(() => {
    if (active === undefined || reduced) return;
    if (active) play();
    else leave();
  }, [active, reduced]); // eslint-disable-line react-hooks/exhaustive-deps -- play/leave only touch the element
  return (
    <div className="relative w-full overflow-hidden rounded-xl bg-slate-800" style={{ aspectRatio: aspect }}>
      {src ? (
        <>
          <video
            ref={ref}
            src={src}
            poster={poster ?? undefined}
            muted
            loop
            playsInline
            preload="none"
            aria-label={label}
            className="h-full w-full object-cover"
            onMouseEnter={active === undefined && !reduced ? play : undefined}
            onMouseLeave={active === undefined ? leave : undefined}
            onClick={() => (playing ? stop() : play())}
            onPlay={() => setPlaying(true)}
            onPause={() => setPlaying(false)}
          />
          <button
            type="button"
            onClick={() => (playing ? stop() : play())}
            aria-label={t(playing ? "media.pause" : "media.play", { name: label })}
            className="absolute bottom-2 right-2 z-10 flex h-8 w-8 items-center justify-center rounded-full bg-black/60 text-white hover:bg-black/80 focus-visible:outline focus-visible:outline-2 focus-visible:outline-violet-300"
          >
            <svg viewBox="0 0 16 16" className={`h-3 w-3 ${playing ? "" : "ml-0.5"}`} fill="currentColor" aria-hidden>
              {playing ? <path d="M4 3h3v10H4zM9 3h3v10H9z" /> : <path d="M4 2.5v11l9-5.5z" />}
            </svg>
          </button>
        </>
      ) : poster ? (
        // eslint-disable-next-line @next/next/no-img-element -- media comes through our redirecting /api/media route
        <img src={poster} alt={label} loading="lazy" className="h-full w-full object-cover opacity-70" />
      ) : (
        <div className="flex h-full items-center justify-center text-xs text-slate-500">{t("media.noPreview")}</div>
      )}
      {progress && !src ? (
        <div className="absolute inset-x-0 bottom-0 bg-gradient-to-t from-black/85 via-black/60 to-transparent px-2.5 pb-2.5 pt-6">
          <JobProgress type={progress.type} id={progress.id} name={label} tone="overlay" />
        </div>
      ) : null}
    </div>
  );
}
