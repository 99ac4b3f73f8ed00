"use client";
// A library card's clip: the poster until the card is hovered or focused, then the clip plays muted
// and loops; it stops when the pointer or focus leaves. With reduced motion asked for, nothing plays
// by itself: the Play button does. The box keeps its aspect ratio, so nothing shifts.
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState, useSyncExternalStore } from "react";

const REDUCED = "(prefers-reduced-motion: reduce)";
const subscribe = (onChange: () => void) => {
  const query = window.matchMedia(REDUCED);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
};
/** Whether the user asked for reduced motion (false on the server). */
const useReducedMotion = () => useSyncExternalStore(subscribe, () => window.matchMedia(REDUCED).matches, () => false);

export function LibraryPreview({ src, poster, label, active, aspect = "3 / 4" }: { src: string | null; poster: string; label: string; active: boolean; aspect?: string }) {
  const t = useTranslations("library.card");
  const ref = useRef<HTMLVideoElement>(null);
  const reduced = useReducedMotion();
  const [playing, setPlaying] = useState(false);
  const play = () => {
    const video = ref.current;
    if (!video) return;
    video.muted = true;
    void video.play().catch(() => undefined);
  };
  const stop = () => {
    const video = ref.current;
    if (!video) return;
    video.pause();
    video.currentTime = 0;
  };
  useEffect(() => {
    if (reduced) return;
    if (active) play();
    else stop();
  }, [active, reduced]);

  return (
    <div className="relative w-full overflow-hidden rounded-xl bg-slate-800" style={{ aspectRatio: aspect }}>
      {src ? (
        <>
          <video
            ref={ref}
            src={src}
            poster={poster}
            muted
            loop
            playsInline
            preload="none"
            aria-label={label}
            className="h-full w-full object-cover"
            onPlay={() => setPlaying(true)}
            onPause={() => setPlaying(false)}
          />
          <button
            type="button"
            onClick={() => (playing ? stop() : play())}
            aria-label={playing ? t("pause", { name: label }) : t("play", { name: label })}
            className="absolute bottom-1.5 right-1.5 z-10 flex h-7 w-7 items-center justify-center rounded-full bg-black/60 text-white hover:bg-black/80 focus-visible:outline focus-visible:outline-2 focus-visible:outline-violet-300"
          >
            <svg viewBox="0 0 16 16" className={`h-3 w-3 ${playing ? "" : "ml-0.5"}`} fill="currentColor" aria-hidden>
              {playing ? <path d="M4 3h3v10H4zM9 3h3v10H9z" /> : <path d="M4 2.5v11l9-5.5z" />}
            </svg>
          </button>
        </>
      ) : (
        // eslint-disable-next-line @next/next/no-img-element -- media comes through our redirecting /api/media route
        <img src={poster} alt={label} loading="lazy" className="h-full w-full object-cover opacity-70" />
      )}
    </div>
  );
}
