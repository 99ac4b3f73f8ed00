"use client";
// Step 1 of the studio: describe a person and get 1-4 FLUX pictures side by side, or upload a photo;
// then pick one. Pictures of the session stay listed (the API keeps them until the avatar is made), with
// placeholders for those still on their way (a request made before the user left and came back).
import { useTranslations } from "next-intl";
import { useState } from "react";
import { ApiClientError, errorMessage } from "../_lib/api-client";
import { buttonClass, cardClass, ErrorBox, Spinner } from "../_components/ui";
import { ImagePicker, UploadButton, useImageUpload } from "../_components/image-picker";
import { generateImageBody, type GeneratedImagesResponse } from "@/_shared/schemas/image";
import type { StudioSession } from "./studio-session";
import { SeedLock } from "./motion-controls";
import { usePaidPost } from "../_lib/idempotency";
import { useApiForm } from "../_lib/use-api-form";
import { useFormat } from "../_lib/use-format";
import { SpendNote } from "../_components/spend-note";
import { PICTURE_ASPECT, PICTURE_COUNTS } from "./prices";
import { controlProps, Field, inputClass, PriceTag } from "../_components/form";

export function PictureStep({
  sessionId,
  candidates,
  picked,
  loading,
  pendingPictures,
  prices,
  prompt,
  onPromptChange,
  onAdded,
  onPick,
}: {
  sessionId: string;
  candidates: StudioSession["images"];
  picked: string | null;
  loading: boolean;
  /** Pictures of this session's requests still running, as the server last said. */
  pendingPictures: number;
  /** Estimated USD of one request, by number of pictures. */
  prices: Record<string, number>;
  prompt: string;
  onPromptChange: (prompt: string) => void;
  /** New pictures are in the session (an upload is picked there: the user chose that photo explicitly). */
  onAdded: () => Promise<void>;
  onPick: (imageUrl: string) => void;
}) {
  const t = useTranslations("studio.describe");
  const format = useFormat();
  const [count, setCount] = useState(2);
  // Locked, a generate sends the seed of the picked picture (else the newest), so only the changed description differs.
  const [seedLocked, setSeedLocked] = useState(false);
  const seedSource = candidates.find((c) => c.imageUrl === picked && c.seed !== null) ?? candidates.find((c) => c.seed !== null);
  const seed = seedSource?.seed ?? null;
  const seedOf = new Map(candidates.map((c) => [c.imageUrl, c.seed]));
  const form = useApiForm();
  const { errors, failure } = form;
  const paidPost = usePaidPost();
  // An upload is a photo the user chose explicitly: it is picked at once.
  const uploader = useImageUpload(sessionId, { uploaded: () => void onAdded(), failed: form.setFailure });
  const busy = form.busy ? "generate" : uploader.uploading ? "upload" : null;

  async function generate(event: React.FormEvent) {
    event.preventDefault();
    await form.submit(
      generateImageBody.safeParse({ prompt, sessionId, numImages: count, aspectRatio: PICTURE_ASPECT, ...(seedLocked && seed !== null ? { seed } : {}) }),
      async (body) => {
        await paidPost<GeneratedImagesResponse>("/api/images/generate", body);
        await onAdded();
      },
      // A server-side failure is often a passing one of the generation service.
      (error) => (error instanceof ApiClientError && error.status >= 500 ? t("tryAgainSoon", { error: errorMessage(error) }) : errorMessage(error)),
    );
  }

  // This browser's request is among the server's running ones once it has been asked again.
  const pending = busy === "generate" ? Math.max(count, pendingPictures) : busy === "upload" ? 1 + pendingPictures : pendingPictures;
  const price = prices[String(count)];
  return (
    <section className={`${cardClass} p-4 sm:p-5`} aria-labelledby="step-describe">
      <h2 id="step-describe" className="text-lg font-semibold text-white">
        <span className="mr-2 text-violet-400">1</span>
        {t("title")}
      </h2>
      <form onSubmit={generate} className="mt-3 grid gap-3 md:grid-cols-[minmax(0,1fr)_auto] md:items-end" noValidate>
        <div className="min-w-0">
          <Field id="studio-prompt" label={t("promptLabel")} error={errors.prompt} hint={t("promptHint")}>
            <textarea
              {...controlProps("studio-prompt", errors.prompt, "hint")}
              rows={2}
              value={prompt}
              onChange={(e) => onPromptChange(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) e.currentTarget.form?.requestSubmit();
              }}
              placeholder={t("example")}
              className={`${inputClass} resize-y`}
            />
          </Field>
          <div className="mt-1.5">
            <SeedLock seed={seed} locked={seedLocked} onToggle={setSeedLocked} testId="picture-seed-lock" />
          </div>
        </div>
        <div className="flex flex-wrap items-end gap-3 md:mb-12">
          <fieldset>
            <legend className="mb-1 text-sm font-medium text-slate-300">{t("pictures")}</legend>
            <div className="flex overflow-hidden rounded-xl border border-slate-700">
              {PICTURE_COUNTS.map((n) => (
                <label key={n} className={`cursor-pointer px-3 py-2 text-sm has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-violet-300 ${count === n ? "bg-violet-600 text-white" : "text-slate-300 hover:bg-slate-800"}`}>
                  <input type="radio" name="studio-count" value={n} checked={count === n} onChange={() => setCount(n)} className="sr-only" />
                  {n}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="flex flex-col items-start gap-1">
            <button type="submit" className={buttonClass.primary} disabled={busy !== null} aria-describedby={price !== undefined ? "studio-generate-price studio-generate-spend" : undefined}>
              {busy === "generate" ? t("generating") : t("generate")}
              {price !== undefined ? <PriceTag id="studio-generate-price" label={format.usd(price)} /> : null}
            </button>
            <span id="studio-generate-spend">
              <SpendNote />
            </span>
          </div>
        </div>
      </form>
      <div className="mt-3 flex flex-wrap items-center gap-3 text-sm text-slate-400">
        <span>{t("or")}</span>
        <UploadButton onFile={(file) => void uploader.upload(file)} disabled={busy !== null}>
          {busy === "upload" ? t("uploading") : t("upload")}
        </UploadButton>
        <span className="text-xs text-slate-500">{t("uploadHint")}</span>
      </div>
      <ErrorBox message={failure} className="mt-3" />

      <div className="mt-4" aria-live="polite">
        {loading ? (
          <Spinner label={t("loadingPictures")} />
        ) : candidates.length || pending ? (
          <>
            <p className="mb-2 text-sm text-slate-400">{picked ? t("picked") : t("pickOne")}</p>
            <ImagePicker
              look="cards"
              testId="studio-image"
              images={candidates}
              value={picked}
              onPick={(imageUrl) => imageUrl && onPick(imageUrl)}
              label={(_, i, selected) => t(selected ? "picturePicked" : "picture", { number: candidates.length - i })}
              caption={(image) => {
                const pictureSeed = seedOf.get(image.imageUrl);
                return pictureSeed === null || pictureSeed === undefined ? null : t("seed", { seed: pictureSeed });
              }}
              pending={pending}
              pendingLabel={busy === "upload" ? t("pendingUploading") : t("pendingGenerating")}
            />
          </>
        ) : (
          <p className="rounded-xl border border-dashed border-slate-700 p-6 text-center text-sm text-slate-400">{t("empty")}</p>
        )}
      </div>
    </section>
  );
}
