"use client";
// A ready clip's ad formats: the chosen frame (9:16, 4:5, 1:1, 16:9) drawn over the clip, its crop
// box dragged (or moved with the arrow keys) to the point to keep in view, or the whole clip padded
// over a blur; start and end handles over a strip of frames for a trim (1 s at least); then the
// renditions and posters already made for this clip (kept current by the event stream), with their
// download links and Delete. Opened from project cards, My avatars and the public library.
import { useTranslations } from "next-intl";
import { useRef, useState, type KeyboardEvent, type PointerEvent } from "react";
import { RENDITION_FORMATS, type RenditionFormat, type RenditionResponse } from "@/_shared/schemas/rendition";
import { api, errorMessage } from "../../_lib/api-client";
import { Dialog } from "../../projects/dialog";
import { AspectIcon, SegmentedControl } from "../../projects/[id]/segmented-control";
import { buttonClass, ErrorBox } from "../ui";
import { clamp, cropBox, ratioOf, round3, STRIP_FRAMES, useFrameStrip, type Point } from "./formats-frame";
import { RenditionList } from "./rendition-list";
import { useClipRenditions } from "./use-clip-renditions";

/** A clip the panel makes formats of. */
export interface FormatsClip {
  type: "b-roll" | "avatar";
  id: string;
  name: string;
  videoUrl: string;
  posterUrl: string | null;
  /** The clip's CSS aspect ratio until the video tells its own size ("16 / 9"). */
  aspect: string;
}

const FORMATS = Object.keys(RENDITION_FORMATS) as RenditionFormat[];
const MIN_TRIM = 1;
/** How far one arrow key press moves the focus point (a fraction of the clip). */
const KEY_STEP = 0.02;

type Fit = "crop" | "pad";

const seconds = (value: number) => `${value.toFixed(1)} s`;

export function FormatsPanel({ clip, onClose, canDeleteShared = false }: { clip: FormatsClip; onClose: () => void; canDeleteShared?: boolean }) {
  const t = useTranslations("projects.formats");
  const [format, setFormat] = useState<RenditionFormat>("9:16");
  const [fit, setFit] = useState<Fit>("crop");
  const [focus, setFocus] = useState<Point>({ x: 0.5, y: 0.5 });
  const [aspect, setAspect] = useState(clip.aspect);
  const [duration, setDuration] = useState(0);
  const [trim, setTrim] = useState({ start: 0, end: 0 });
  const [busy, setBusy] = useState<"video" | "poster" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const preview = useRef<HTMLVideoElement>(null);
  const stage = useRef<HTMLDivElement>(null);
  const drag = useRef<{ x: number; y: number; focus: Point } | null>(null);
  const frames = useFrameStrip(clip.videoUrl, duration);

  const list = useClipRenditions(clip.id);

  const ratio = ratioOf(aspect);
  const box = cropBox(ratio, format, focus);
  const trimmed = duration > 0 && (trim.start > 0.05 || trim.end < duration - 0.05);

  const show = (time: number) => {
    if (preview.current) preview.current.currentTime = time;
  };
  const moveFocus = (next: Point) => setFocus(cropBox(ratio, format, { x: clamp(next.x, 0, 1), y: clamp(next.y, 0, 1) }).focus);

  const onPointerDown = (event: PointerEvent<HTMLButtonElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { x: event.clientX, y: event.clientY, focus: box.focus };
  };
  const onPointerMove = (event: PointerEvent<HTMLButtonElement>) => {
    const start = drag.current;
    const rect = stage.current?.getBoundingClientRect();
    if (!start || !rect?.width) return;
    moveFocus({ x: start.focus.x + (event.clientX - start.x) / rect.width, y: start.focus.y + (event.clientY - start.y) / rect.height });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    const moves: Record<string, Point> = { ArrowLeft: { x: -1, y: 0 }, ArrowRight: { x: 1, y: 0 }, ArrowUp: { x: 0, y: -1 }, ArrowDown: { x: 0, y: 1 } };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    moveFocus({ x: box.focus.x + move.x * KEY_STEP, y: box.focus.y + move.y * KEY_STEP });
  };

  const create = async (kind: "video" | "poster") => {
    setBusy(kind);
    setError(null);
    const base = { clipType: clip.type, clipId: clip.id };
    const body =
      kind === "poster"
        ? { kind, ...base, time: round3(preview.current?.currentTime ?? 0) }
        : { ...base, format, fit, ...(fit === "crop" ? { focus: box.focus } : {}), ...(trimmed ? { trim: { start: round3(trim.start), end: round3(trim.end) } } : {}) };
    try {
      const made = await api<RenditionResponse>("/api/renditions", { method: "POST", body });
      list.added(made);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Dialog title={t("title", { name: clip.name })} description={t("hint")} onClose={onClose} testId="formats-panel" wide>
      <div className="grid gap-5 lg:grid-cols-[minmax(0,1fr)_minmax(0,22rem)]">
        <div className="min-w-0 space-y-4">
          {/* The clip with the chosen frame over it: a crop window, or the whole clip inside the frame. */}
          <div ref={stage} className="relative mx-auto max-h-[45dvh] overflow-hidden rounded-xl bg-black lg:max-h-[55dvh]" style={{ aspectRatio: aspect }}>
            <video
              ref={preview}
              src={clip.videoUrl}
              poster={clip.posterUrl ?? undefined}
              muted
              playsInline
              preload="auto"
              // The stage takes the video's own shape once it is known, so "cover" never crops the clip;
              // it only makes a poster of another shape (an avatar's source picture) fill the stage as
              // the clip will, instead of showing letterboxed until the first frame is painted.
              className="h-full w-full object-cover"
              aria-label={clip.name}
              onLoadedMetadata={(e) => {
                const video = e.currentTarget;
                if (video.videoWidth && video.videoHeight) setAspect(`${video.videoWidth} / ${video.videoHeight}`);
                if (Number.isFinite(video.duration)) {
                  setDuration(video.duration);
                  setTrim({ start: 0, end: video.duration });
                }
              }}
            />
            {fit === "crop" ? (
              <button
                type="button"
                data-testid="crop-box"
                aria-label={t("cropBox", { format })}
                aria-describedby="formats-crop-hint"
                onPointerDown={onPointerDown}
                onPointerMove={onPointerMove}
                onPointerUp={() => (drag.current = null)}
                onPointerCancel={() => (drag.current = null)}
                onKeyDown={onKeyDown}
                className="absolute cursor-move touch-none rounded-sm border-2 border-violet-300 shadow-[0_0_0_9999px_rgba(2,6,23,0.6)] focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white"
                style={{ left: `${box.left * 100}%`, top: `${box.top * 100}%`, width: `${box.w * 100}%`, height: `${box.h * 100}%` }}
              >
                <span aria-hidden className="absolute left-1/2 top-1/2 h-3 w-3 -translate-x-1/2 -translate-y-1/2 rounded-full border-2 border-white bg-violet-500" />
              </button>
            ) : (
              <div aria-hidden className="pointer-events-none absolute inset-0 flex items-center justify-center">
                <div className="max-h-full max-w-full rounded-sm border-2 border-dashed border-violet-300" style={{ aspectRatio: format.replace(":", " / "), height: RENDITION_FORMATS[format].width / RENDITION_FORMATS[format].height < ratio ? "100%" : undefined, width: RENDITION_FORMATS[format].width / RENDITION_FORMATS[format].height < ratio ? undefined : "100%" }} />
              </div>
            )}
          </div>
          <p id="formats-crop-hint" className="text-xs text-slate-500">
            {fit === "crop" ? t("cropHint") : t("padHint")}
          </p>

          {/* Trim: start and end over a strip of the clip's frames. */}
          <fieldset className="min-w-0" disabled={!duration}>
            <legend className="mb-1.5 flex w-full justify-between gap-2 text-sm font-medium text-slate-300">
              <span>{t("trim")}</span>
              <span className="font-mono text-xs tabular-nums text-slate-400" data-testid="trim-range">
                {t("start")} {seconds(trim.start)} · {t("end")} {seconds(trim.end)}
              </span>
            </legend>
            <div className="relative">
              <div className="flex h-12 overflow-hidden rounded-lg bg-slate-800" aria-hidden>
                {Array.from({ length: STRIP_FRAMES }, (_, i) => {
                  const src = frames[i] ?? clip.posterUrl;
                  // eslint-disable-next-line @next/next/no-img-element -- data URLs grabbed in the browser
                  return src ? <img key={i} src={src} alt="" className="h-full min-w-0 flex-1 object-cover" /> : <span key={i} className="flex-1" />;
                })}
              </div>
              {duration ? (
                <div aria-hidden className="pointer-events-none absolute inset-y-0 rounded-lg border-2 border-violet-300" style={{ left: `${(trim.start / duration) * 100}%`, right: `${100 - (trim.end / duration) * 100}%` }} />
              ) : null}
            </div>
            <div className="mt-1">
              {(["start", "end"] as const).map((edge) => (
                <label key={edge} className="block">
                  <span className="sr-only">{t(edge)}</span>
                  <input
                    type="range"
                    min={0}
                    max={duration}
                    step={0.1}
                    value={trim[edge]}
                    onChange={(e) => {
                      const wanted = Number(e.target.value);
                      // The other handle stays put: this one stops 1 s away from it.
                      const value = edge === "start" ? Math.min(wanted, Math.max(0, trim.end - MIN_TRIM)) : Math.max(wanted, Math.min(duration, trim.start + MIN_TRIM));
                      setTrim({ ...trim, [edge]: value });
                      show(value);
                    }}
                    className="block h-6 w-full accent-violet-500"
                    data-testid={`trim-${edge}`}
                  />
                </label>
              ))}
            </div>
            <p className="mt-1 text-xs text-slate-500">{t("trimHint")}</p>
          </fieldset>
        </div>

        <div className="min-w-0 space-y-4">
          <SegmentedControl
            legend={t("format")}
            name="rendition-format"
            value={format}
            onChange={(next) => {
              setFormat(next);
              setFocus(cropBox(ratio, next, focus).focus);
            }}
            options={FORMATS.map((value) => ({ value, label: <><AspectIcon ratio={value} /> {value}</> }))}
          />
          <SegmentedControl
            legend={t("fit")}
            name="rendition-fit"
            value={fit}
            onChange={setFit}
            options={[
              { value: "crop", label: t("fitCrop") },
              { value: "pad", label: t("fitPad") },
            ]}
          />
          <div className="grid gap-2 sm:grid-cols-2">
            <button type="button" className={buttonClass.primary} disabled={busy !== null || !duration} onClick={() => void create("video")} data-testid="make-rendition">
              {busy === "video" ? t("making") : t("make", { format })}
            </button>
            <button type="button" className={buttonClass.secondary} disabled={busy !== null || !duration} onClick={() => void create("poster")} data-testid="make-poster">
              {busy === "poster" ? t("making") : t("makePoster")}
            </button>
          </div>
          <ErrorBox message={error} />

          <section aria-labelledby="formats-made-heading">
            <h3 id="formats-made-heading" className="mb-2 text-sm font-semibold text-white">
              {t("made")}
            </h3>
            <RenditionList clipName={clip.name} renditions={list.renditions} error={list.error} onRetry={() => void list.refetch()} canDeleteShared={canDeleteShared} onDeleted={list.removed} />
          </section>
        </div>
      </div>
    </Dialog>
  );
}
