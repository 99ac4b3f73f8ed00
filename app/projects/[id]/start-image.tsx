"use client";
// The optional start image of a b-roll: none, one of the images of the project's image session
// (GET /api/images/temp/project-<id>), or a new upload into that session (POST /api/images/upload).
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { SessionImage } from "@/_shared/schemas/image";
import { FieldError } from "../../_components/form";
import { ImagePicker, UploadDropzone, useImageUpload } from "../../_components/image-picker";
import { Spinner } from "../../_components/ui";
import { errorMessage } from "../../_lib/api-client";
import { fetchSessionImages } from "../../_lib/session-images";
import { useResource } from "../../_lib/use-resource";
import { SegmentedControl } from "./segmented-control";

export type ImageMode = "none" | "pick" | "upload";

const imageSessionId = (projectId: string) => `project-${projectId}`;

export function StartImage({
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
  const t = useTranslations("projects.startImage");
  const sessionId = imageSessionId(projectId);
  // Listed once an image is wanted (the last list stays while "None" is chosen).
  const session = useResource(mode === "none" ? null : `/api/images/temp/${sessionId}`, (signal) => fetchSessionImages(sessionId, signal));
  const images = session.latest ?? null;
  const loadError = session.error ? errorMessage(session.error) : null;
  const [uploadError, setUploadError] = useState<string | null>(null);
  const uploader = useImageUpload(sessionId, {
    uploaded: (uploaded) => {
      session.mutate((list = []) => [uploaded, ...list.filter((i) => i.imageUrl !== uploaded.imageUrl)]);
      onChange(uploaded.imageUrl);
      onModeChange("pick");
    },
    failed: setUploadError,
  });
  const choices: SessionImage[] = images ? [...(extraImage && !images.some((i) => i.imageUrl === extraImage) ? [{ imageUrl: extraImage, width: 0, height: 0 }] : []), ...images] : [];

  return (
    <div>
      <SegmentedControl<ImageMode>
        legend={t("legend")}
        name="image-mode"
        value={mode}
        onChange={onModeChange}
        options={[
          { value: "none", label: t("none") },
          { value: "pick", label: t("mine") },
          { value: "upload", label: t("upload") },
        ]}
        hint={mode === "none" ? t("textHint") : t("imageHint")}
      />

      {mode === "pick" ? (
        <div className="mt-2">
          {loadError ? (
            <p className="text-sm text-rose-300">{t("loadError", { error: loadError })}</p>
          ) : !images ? (
            <Spinner label={t("loading")} />
          ) : choices.length === 0 ? (
            <p className="rounded-xl border border-dashed border-slate-700 p-3 text-xs text-slate-400">
              {t("noImages")}{" "}
              <button type="button" className="text-violet-300 underline" onClick={() => onModeChange("upload")}>
                {t("uploadOne")}
              </button>
            </p>
          ) : (
            <ImagePicker
              look="thumbs"
              listLabel={t("listLabel")}
              images={choices}
              value={value}
              onPick={onChange}
              toggle
              label={(image) => (image.width ? t("useImage", { width: image.width, height: image.height }) : t("useChosen"))}
            />
          )}
        </div>
      ) : null}

      {mode === "upload" ? <UploadDropzone className="mt-2" onFile={(file) => void uploader.upload(file)} uploading={uploader.uploading} /> : null}

      {uploadError ? (
        <p className="mt-1.5 text-sm text-rose-300" role="alert">
          {uploadError}
        </p>
      ) : null}
      <FieldError id="b-roll-image" error={error} />
    </div>
  );
}
