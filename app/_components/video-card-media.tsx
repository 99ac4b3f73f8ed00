"use client";
// A clip that plays on hover (desktop) or tap (phone), with its poster shown until then. The box keeps
// its aspect ratio whatever the status, so nothing shifts when a clip becomes ready.
import { useRef, useState } from "react";

export function HoverVideo({ src, poster, aspect = "9 / 16", label }: { src: string | null; poster: string | null; aspect?: string; label: string }) {
  const ref = useRef<HTMLVideoElement>(null);
  const [playing, setPlaying] = useState(false);
  const play = () => {
    if (!ref.current) return;
    void ref.current.play().then(() => setPlaying(true)).catch(() => undefined);
  };
  const stop = () => {
    if (!ref.current) return;
    ref.current.pause();
    setPlaying(false);
  };
  return (
    <div className="relative w-full overflow-hidden rounded-xl bg-slate-800" style={{ aspectRatio: aspect }}>
      {src ? (
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
          onMouseEnter={play}
          onMouseLeave={stop}
          onClick={() => (playing ? stop() : play())}
        />
      ) : poster ? (
        // eslint-disable-next-line @next/next/no-img-element -- media comes through our redirecting /api/media route
        <img src={poster} alt={label} loading="lazy" className="h-full w-full object-cover opacity-70" />
      ) : (
        <div className="flex h-full items-center justify-center text-xs text-slate-500">No preview yet</div>
      )}
    </div>
  );
}
