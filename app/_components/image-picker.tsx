"use client";
// Choosing one image of a temporary session, wherever it happens: the studio's pictures, the admin's
// library pictures and a b-roll's start image. The pages differ in the grid's look, the tiles' names
// and whether a second click unpicks; uploading into the session is the same everywhere (checked
// here first, then POST /api/images/upload), from a button or a drop zone.
import { useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import type { SessionImage } from "@/_shared/schemas/image";
import { errorMessage } from "../_lib/api-client";
import { UPLOAD_TYPES, uploadProblem, uploadSessionImage } from "../_lib/session-images";
import { buttonClass, Skeleton, Spinner } from "./ui";

const focusRing = "focus-visible:outline focus-visible:outline-2 focus-visible:outline-violet-300";

const LOOKS = {
  /** Large portrait cards with a "Pick"/"Picked" badge (the studio). */
  cards: {
    list: "grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4",
    item: undefined,
    tile: `group relative block aspect-[3/4] w-full overflow-hidden rounded-xl border-2 bg-slate-800 focus-visible:outline-offset-2 ${focusRing}`,
    image: "h-full w-full object-cover",
    placeholder: "aspect-[3/4] w-full",
  },
  /** A scrolling strip of small portraits (the admin's new public avatar). */
  strip: {
    list: "flex gap-2 overflow-x-auto pb-2",
    item: "w-24 shrink-0",
    tile: `block aspect-[3/4] w-full overflow-hidden rounded-lg border-2 bg-slate-800 ${focusRing}`,
    image: "h-full w-full object-cover",
    placeholder: "aspect-[3/4] w-full",
  },
  /** Square thumbnails with a check mark (a b-roll's start image). */
  thumbs: {
    list: "grid grid-cols-4 gap-2",
    item: undefined,
    tile: `relative block aspect-square w-full overflow-hidden rounded-lg border-2 ${focusRing}`,
    image: "h-full w-full bg-slate-800 object-cover",
    placeholder: "aspect-square w-full",
  },
} as const;

export function ImagePicker({
  images,
  value,
  onPick,
  look,
  label,
  toggle = false,
  pending = 0,
  pendingLabel,
  testId,
  listLabel,
  caption,
}: {
  images: SessionImage[];
  value: string | null;
  onPick: (imageUrl: string | null) => void;
  look: keyof typeof LOOKS;
  /** Each tile's accessible name. */
  label: (image: SessionImage, index: number, picked: boolean) => string;
  /** A click on the picked image unpicks it. */
  toggle?: boolean;
  /** Placeholders first, for images on their way (the first one named `pendingLabel` for screen readers). */
  pending?: number;
  pendingLabel?: string;
  testId?: string;
  listLabel?: string;
  /** A short note shown on each card (e.g. the picture's seed); null for none. */
  caption?: (image: SessionImage) => string | null;
}) {
  const t = useTranslations("studio.picker");
  const style = LOOKS[look];
  return (
    <ul className={style.list} aria-label={listLabel}>
      {Array.from({ length: pending }, (_, i) => (
        <li key={`pending-${i}`} className={style.item}>
          <Skeleton className={style.placeholder} label={i === 0 ? pendingLabel : undefined} />
        </li>
      ))}
      {images.map((image, i) => {
        const picked = image.imageUrl === value;
        return (
          <li key={image.imageUrl} className={style.item}>
            <button
              type="button"
              data-testid={testId}
              aria-pressed={picked}
              aria-label={label(image, i, picked)}
              onClick={() => onPick(picked && toggle ? null : image.imageUrl)}
              className={`${style.tile} ${picked ? "border-violet-400" : "border-transparent hover:border-slate-500"}`}
            >
              {/* eslint-disable-next-line @next/next/no-img-element -- media comes through our redirecting /api/media route */}
              <img src={image.imageUrl} alt="" loading="lazy" className={style.image} />
              {caption?.(image) ? <span className="absolute bottom-2 left-2 rounded bg-black/65 px-1.5 py-0.5 font-mono text-[11px] text-slate-200">{caption(image)}</span> : null}
              {look === "cards" ? (
                <span
                  className={`absolute left-2 top-2 rounded-full px-2 py-0.5 text-xs font-semibold ${picked ? "bg-violet-600 text-white" : "bg-black/60 text-slate-200 opacity-0 group-hover:opacity-100 group-focus-visible:opacity-100"}`}
                >
                  {picked ? t("picked") : t("pick")}
                </span>
              ) : look === "thumbs" && picked ? (
                <span className="absolute right-1 top-1 flex h-5 w-5 items-center justify-center rounded-full bg-violet-500 text-white" aria-hidden>
                  <svg viewBox="0 0 16 16" className="h-3 w-3" fill="none" stroke="currentColor" strokeWidth="2.5">
                    <path d="M3.5 8.5l3 3 6-7" strokeLinecap="round" strokeLinejoin="round" />
                  </svg>
                </span>
              ) : null}
            </button>
          </li>
        );
      })}
    </ul>
  );
}

/**
 * Uploads a file into the session. `failed` gets the reason a file was refused or the upload
 * failed, and null when a new upload starts (to clear the previous reason).
 */
export function useImageUpload(sessionId: string, on: { uploaded: (image: SessionImage) => void; failed: (message: string | null) => void }) {
  const [uploading, setUploading] = useState(false);
  async function upload(file: File) {
    on.failed(null);
    const problem = uploadProblem(file);
    if (problem) return on.failed(problem);
    setUploading(true);
    try {
      on.uploaded(await uploadSessionImage(sessionId, file));
    } catch (error) {
      on.failed(errorMessage(error));
    } finally {
      setUploading(false);
    }
  }
  return { uploading, upload };
}

/** The file input's change: the chosen file, and the input emptied so that the same file can be chosen again. */
function takeFile(event: React.ChangeEvent<HTMLInputElement>, onFile: (file: File) => void) {
  const file = event.target.files?.[0];
  event.target.value = "";
  if (file) onFile(file);
}

/** A secondary button that opens the file chooser. */
export function UploadButton({ onFile, disabled, children }: { onFile: (file: File) => void; disabled: boolean; children: ReactNode }) {
  return (
    <label className={`${buttonClass.secondary} cursor-pointer has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-violet-300 ${disabled ? "pointer-events-none opacity-50" : ""}`}>
      <input type="file" accept={UPLOAD_TYPES.join(",")} className="sr-only" disabled={disabled} onChange={(e) => takeFile(e, onFile)} />
      {children}
    </label>
  );
}

/** A zone to drop an image on, or click to choose one. */
export function UploadDropzone({ onFile, uploading, className = "" }: { onFile: (file: File) => void; uploading: boolean; className?: string }) {
  const t = useTranslations("studio.picker");
  const [dragging, setDragging] = useState(false);
  return (
    <label
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        const file = e.dataTransfer.files[0];
        if (file) onFile(file);
      }}
      className={`flex cursor-pointer flex-col items-center justify-center gap-1 rounded-xl border border-dashed p-4 text-center text-xs focus-within:outline focus-within:outline-2 focus-within:outline-violet-300 ${dragging ? "border-violet-400 bg-violet-500/10" : "border-slate-600 hover:border-slate-400"} ${className}`}
    >
      <input type="file" accept={UPLOAD_TYPES.join(",")} className="sr-only" disabled={uploading} onChange={(e) => takeFile(e, onFile)} aria-label={t("upload")} />
      {uploading ? (
        <Spinner label={t("uploading")} />
      ) : (
        <>
          <span className="font-medium text-slate-200">{t("drop")}</span>
          <span className="text-slate-500">{t("types")}</span>
        </>
      )}
    </label>
  );
}
