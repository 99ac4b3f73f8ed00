"use client";
// The optional start image of a b-roll: none, one of the images of the project's image session
// (GET /api/images/temp/project-<id>), or a new upload into that session (POST /api/images/upload).
import { useRef, useState } from "react";
import { Spinner } from "../../_components/ui";
import { api, errorMessage } from "../../_lib/api-client";
import { fetchSessionImages } from "../../_lib/session-images";
import { useResource } from "../../_lib/use-resource";
import type { SessionImage } from "@/_shared/schemas/image";
import { SegmentedControl } from "./segmented-control";

export type ImageMode = "none" | "pick" | "upload";

const ACCEPT = ["image/jpeg", "image/png", "image/webp"];
const MAX_BYTES = 10 * 1024 * 1024;

export const imageSessionId = (projectId: string) => `project-${projectId}`;

export function ImagePicker({
  projectId,
  mode,
  onModeChange,
  value,
  extraImage = null,
  onChange,
  error,
}: {
  projectId: string;
  mode: ImageMode;
  onModeChange: (mode: ImageMode) => void;
  value: string | null;
  /** An image from outside the session (library or avatar), listed first. */
  extraImage?: string | null;
  onChange: (imageUrl: string | null) => void;
  error?: string;
}) {
  const sessionId = imageSessionId(projectId);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  // Listed once an image is wanted (the last list stays while "None" is chosen).
  const session = useResource(mode === "none" ? null : `/api/images/temp/${sessionId}`, (signal) => fetchSessionImages(sessionId, signal));
  const images = session.latest ?? null;
  const loadError = session.error ? errorMessage(session.error) : null;

  const upload = async (file: File | undefined) => {
    if (!file) return;
    setUploadError(null);
    if (!ACCEPT.includes(file.type)) return setUploadError("Choose a JPEG, PNG or WebP image.");
    if (file.size > MAX_BYTES) return setUploadError("That image is larger than 10 MB.");
    const form = new FormData();
    form.set("file", file);
    form.set("sessionId", sessionId);
    setUploading(true);
    try {
      const uploaded = await api<SessionImage>("/api/images/upload", { form });
      session.mutate((list = []) => [uploaded, ...list.filter((i) => i.imageUrl !== uploaded.imageUrl)]);
      onChange(uploaded.imageUrl);
      onModeChange("pick");
    } catch (e) {
      setUploadError(errorMessage(e));
    } finally {
      setUploading(false);
      if (fileInput.current) fileInput.current.value = "";
    }
  };

  return (
    <div>
      <SegmentedControl<ImageMode>
        legend="Start image (optional)"
        name="image-mode"
        value={mode}
        onChange={onModeChange}
        options={[
          { value: "none", label: "None" },
          { value: "pick", label: "My images" },
          { value: "upload", label: "Upload" },
        ]}
        hint={mode === "none" ? "Text to video: the clip comes from the prompt alone." : "Image to video: the clip starts from the image."}
      />

      {mode === "pick" ? (
        <div className="mt-2">
          {loadError ? (
            <p className="text-sm text-rose-300">Could not load your images: {loadError}</p>
          ) : !images ? (
            <Spinner label="Loading your images" />
          ) : images.length === 0 && !extraImage ? (
            <p className="rounded-xl border border-dashed border-slate-700 p-3 text-xs text-slate-400">
              No images in this project yet.{" "}
              <button type="button" className="text-violet-300 underline" onClick={() => onModeChange("upload")}>
                Upload one
              </button>
            </p>
          ) : (
            <ul className="grid grid-cols-4 gap-2" aria-label="Your images">
              {[...(extraImage && !images.some((i) => i.imageUrl === extraImage) ? [{ imageUrl: extraImage, width: 0, height: 0 }] : []), ...images].map((image) => {
                const selected = value === image.imageUrl;
                return (
                  <li key={image.imageUrl}>
                    <button
                      type="button"
                      aria-pressed={selected}
                      aria-label={image.width ? `Use image ${image.width}×${image.height}` : "Use the chosen image"}
                      onClick={() => onChange(selected ? null : image.imageUrl)}
                      className={`relative block aspect-square w-full overflow-hidden rounded-lg border-2 focus-visible:outline focus-visible:outline-2 focus-visible:outline-violet-300 ${selected ? "border-violet-400" : "border-transparent hover:border-slate-500"}`}
                    >
                      {/* eslint-disable-next-line @next/next/no-img-element -- media comes through our redirecting /api/media route */}
                      <img src={image.imageUrl} alt="" loading="lazy" className="h-full w-full bg-slate-800 object-cover" />
                      {selected ? (
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
          )}
        </div>
      ) : null}

      {mode === "upload" ? (
        <label
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            void upload(e.dataTransfer.files[0]);
          }}
          className={`mt-2 flex cursor-pointer flex-col items-center justify-center gap-1 rounded-xl border border-dashed p-4 text-center text-xs focus-within:outline focus-within:outline-2 focus-within:outline-violet-300 ${dragging ? "border-violet-400 bg-violet-500/10" : "border-slate-600 hover:border-slate-400"}`}
        >
          <input
            ref={fileInput}
            type="file"
            accept={ACCEPT.join(",")}
            className="sr-only"
            disabled={uploading}
            onChange={(e) => void upload(e.target.files?.[0])}
            aria-label="Upload an image"
          />
          {uploading ? (
            <Spinner label="Uploading" />
          ) : (
            <>
              <span className="font-medium text-slate-200">Choose an image or drop it here</span>
              <span className="text-slate-500">JPEG, PNG or WebP, up to 10 MB</span>
            </>
          )}
        </label>
      ) : null}

      {uploadError ? (
        <p className="mt-1.5 text-sm text-rose-300" role="alert">
          {uploadError}
        </p>
      ) : null}
      {error ? (
        <p id="b-roll-image-error" className="mt-1.5 text-sm text-rose-300">
          {error}
        </p>
      ) : null}
    </div>
  );
}
