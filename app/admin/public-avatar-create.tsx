"use client";
// Admin: a new public avatar. The picture is generated (POST /api/images/generate into the
// "admin-library" session) or uploaded (POST /api/images/upload), then named, tagged and sent to
// POST /api/avatars/public (202, processing); the list follows it until it is ready.
import { useTranslations } from "next-intl";
import { useState } from "react";
import { errorMessage } from "../_lib/api-client";
import { buttonClass, cardClass, ErrorBox, Skeleton } from "../_components/ui";
import { ImagePicker, UploadButton, useImageUpload } from "../_components/image-picker";
import { generateImageBody, type GeneratedImagesResponse, type SessionImage } from "@/_shared/schemas/image";
import { DEFAULT_AVATAR_MOTION } from "@/_shared/schemas/private-avatar";
import { createPublicAvatarBody, type PublicAvatarWithCost } from "@/_shared/schemas/public-avatar";
import type { CategoryResponse } from "@/_shared/schemas/tag";
import { FORMATS } from "../studio/create-avatar-form";
import { PICTURE_COUNTS, type ClipFormat } from "../studio/prices";
import { useFormat } from "../_lib/use-format";
import { usePaidPost } from "../_lib/idempotency";
import { useApiForm } from "../_lib/use-api-form";
import { useEstimate } from "../_lib/use-estimate";
import { fetchSessionImages } from "../_lib/session-images";
import { useResource } from "../_lib/use-resource";
import { TagPicker } from "./tag-picker";
import { ConsentCheckbox, consentField, useConsentCheck } from "../_components/consent-checkbox";
import { controlProps, Field, inputClass, issuesToFieldErrors, Options, PriceTag } from "../_components/form";
import { SpendNote } from "../_components/spend-note";

const ADMIN_SESSION = "admin-library";

export function PublicAvatarCreate({ categories, onCreated, onClose }: { categories: CategoryResponse[]; onCreated: (avatar: PublicAvatarWithCost) => void; onClose: () => void }) {
  const t = useTranslations("admin.create");
  const fmt = useFormat();
  const [picked, setPicked] = useState<string | null>(null);
  const [prompt, setPrompt] = useState("");
  const [count, setCount] = useState(2);
  const [name, setName] = useState("");
  const [tagIds, setTagIds] = useState<string[]>([]);
  const [motion, setMotion] = useState("");
  const [format, setFormat] = useState<ClipFormat>("9:16");
  const [promptError, setPromptError] = useState<string | undefined>();
  const [generating, setGenerating] = useState(false);
  // Pictures uploaded here need the likeness consent (the server asks for it for older uploads too).
  const [uploadedUrls, setUploadedUrls] = useState<ReadonlySet<string>>(new Set());
  const [consented, setConsented] = useState(false);
  const consentCheck = useConsentCheck();
  // The create form's state; the pictures' generation has its own busy flag and prompt error.
  const form = useApiForm();
  const { errors, failure, setFailure, clearError } = form;
  const paidPost = usePaidPost();
  const generatePrice = useEstimate({ kind: "text-to-image", options: { numImages: count } });
  const clipPrice = useEstimate({ kind: "image-to-video", options: { aspectRatio: format } });

  const session = useResource(`/api/images/temp/${ADMIN_SESSION}`, (signal) => fetchSessionImages(ADMIN_SESSION, signal));
  // A session that cannot be listed starts empty: new pictures still appear.
  const images = session.data ?? (session.error ? [] : null);

  // A field's error goes as soon as the field changes: the user is fixing it.
  const pick = (imageUrl: string | null) => {
    setPicked(imageUrl);
    clearError("imageUrl");
  };
  const add = (added: SessionImage[]) => {
    session.mutate((list = []) => [...added, ...list]);
    pick(added[0]?.imageUrl ?? null);
  };
  const uploader = useImageUpload(ADMIN_SESSION, {
    uploaded: (image) => {
      setUploadedUrls((urls) => new Set([...urls, image.imageUrl]));
      add([image]);
    },
    failed: setFailure,
  });
  const needsConsent = (picked !== null && uploadedUrls.has(picked)) || Boolean(errors["consent.attested"]);
  const busy = form.busy ? "create" : generating ? "generate" : uploader.uploading ? "upload" : null;

  async function generate() {
    const parsed = generateImageBody.safeParse({ prompt, sessionId: ADMIN_SESSION, numImages: count });
    if (!parsed.success) return setPromptError(issuesToFieldErrors(parsed.error.issues).prompt);
    setPromptError(undefined);
    setFailure(null);
    setGenerating(true);
    try {
      const reply = await paidPost<GeneratedImagesResponse>("/api/images/generate", parsed.data);
      add(reply.images ?? [{ imageUrl: reply.imageUrl, width: 0, height: 0 }]);
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setGenerating(false);
    }
  }

  async function create(event: React.FormEvent) {
    event.preventDefault();
    setFailure(null);
    const body = { name, imageUrl: picked ?? "", tagIds, ...(motion.trim() ? { prompt: motion } : {}), aspectRatio: format, ...consentField(needsConsent, consented) };
    const parsed = createPublicAvatarBody.safeParse(body);
    const found = { ...(parsed.success ? {} : issuesToFieldErrors(parsed.error.issues)), ...consentCheck(needsConsent, consented) };
    if (!picked) found.imageUrl = t("pickPicture");
    if (!tagIds.length) found.tagIds = t("pickTag");
    form.setErrors(found);
    if (!parsed.success || Object.keys(found).length) return;
    await form.send(async () => {
      const avatar = await paidPost<PublicAvatarWithCost>("/api/avatars/public", parsed.data);
      onCreated(avatar);
      setName("");
      setTagIds([]);
      setMotion("");
      setPicked(null);
      setConsented(false);
    });
  }

  return (
    <section className={`${cardClass} p-4 sm:p-5`} aria-labelledby="new-public-avatar">
      <div className="flex items-center justify-between gap-3">
        <h3 id="new-public-avatar" className="text-lg font-semibold text-white">
          {t("title")}
        </h3>
        <button type="button" onClick={onClose} className="rounded text-sm text-slate-400 hover:text-white focus-visible:outline focus-visible:outline-2 focus-visible:outline-violet-300">
          {t("close")}
        </button>
      </div>

      <div className="mt-4 grid gap-3 md:grid-cols-[minmax(0,1fr)_auto] md:items-end">
        <Field id="admin-prompt" label={t("describe")} error={promptError}>
          <input
            {...controlProps("admin-prompt", promptError)}
            value={prompt}
            onChange={(e) => {
              setPrompt(e.target.value);
              setPromptError(undefined);
            }}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                void generate();
              }
            }}
            className={inputClass}
            placeholder={t("describePlaceholder")}
            autoComplete="off"
          />
        </Field>
        <div className="flex flex-wrap items-end gap-2">
          <label className="text-sm text-slate-300">
            <span className="sr-only">{t("pictureCount")}</span>
            <select value={count} onChange={(e) => setCount(Number(e.target.value))} className={`${inputClass} w-auto`} aria-label={t("pictureCount")}>
              <Options choices={PICTURE_COUNTS.map((n) => ({ value: n, label: t("pictures", { count: n }) }))} />
            </select>
          </label>
          <button
            type="button"
            className={buttonClass.primary}
            onClick={() => void generate()}
            disabled={busy !== null}
            aria-describedby={generatePrice !== null ? "admin-generate-price" : undefined}
          >
            {busy === "generate" ? t("generating") : t("generate")}
            {generatePrice !== null ? <PriceTag id="admin-generate-price" label={fmt.usd(generatePrice)} /> : null}
          </button>
          <UploadButton onFile={(file) => void uploader.upload(file)} disabled={busy !== null}>
            {busy === "upload" ? t("uploading") : t("upload")}
          </UploadButton>
        </div>
      </div>

      <div className="mt-4">
        <p className="mb-2 text-sm text-slate-400">
          {t("picture")} {errors.imageUrl ? <span className="text-rose-300">· {errors.imageUrl}</span> : picked ? `· ${t("picked")}` : `· ${t("pickOne")}`}
        </p>
        {images === null ? (
          <div className="flex gap-2">
            <Skeleton className="aspect-[3/4] w-24" />
            <Skeleton className="aspect-[3/4] w-24" />
          </div>
        ) : images.length || busy === "generate" ? (
          <ImagePicker
            look="strip"
            testId="admin-image"
            images={images}
            value={picked}
            onPick={pick}
            label={(_, __, selected) => (selected ? t("pickedPicture") : t("pickThis"))}
            pending={busy === "generate" ? count : 0}
          />
        ) : (
          <p className="rounded-xl border border-dashed border-slate-700 p-4 text-center text-sm text-slate-500">{t("start")}</p>
        )}
      </div>

      <form onSubmit={create} noValidate className="mt-4 grid gap-4 lg:grid-cols-2">
        <div className="space-y-4">
          <Field id="admin-name" label={t("name")} error={errors.name}>
            <input {...controlProps("admin-name", errors.name)} value={name} onChange={(e) => {
                setName(e.target.value);
                clearError("name");
              }}
              className={inputClass}
              maxLength={120}
              autoComplete="off"
              placeholder={t("namePlaceholder")}
            />
          </Field>
          <Field id="admin-motion" label={t("motion")} error={errors.prompt}>
            <textarea {...controlProps("admin-motion", errors.prompt)} rows={2} value={motion} onChange={(e) => {
                setMotion(e.target.value);
                clearError("prompt");
              }}
              className={`${inputClass} resize-y`} placeholder={DEFAULT_AVATAR_MOTION} />
          </Field>
          <fieldset>
            <legend className="mb-1 text-sm font-medium text-slate-300">{t("format")}</legend>
            <div className="flex gap-2">
              {FORMATS.map((f) => (
                <label key={f.value} className={`cursor-pointer rounded-xl border px-3 py-1.5 text-sm has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-violet-300 ${format === f.value ? "border-violet-400 bg-violet-500/10 text-white" : "border-slate-700 text-slate-300"}`}>
                  <input type="radio" name="admin-format" value={f.value} checked={format === f.value} onChange={() => setFormat(f.value)} className="sr-only" />
                  {f.label}
                </label>
              ))}
            </div>
          </fieldset>
        </div>
        <div className="space-y-4">
          <TagPicker
            idPrefix="admin-create"
            categories={categories}
            value={tagIds}
            onChange={(ids) => {
              setTagIds(ids);
              clearError("tagIds");
            }}
            error={errors.tagIds}
          />
          {needsConsent ? <ConsentCheckbox id="admin-consent" checked={consented} onChange={setConsented} error={errors["consent.attested"]} /> : null}
          <ErrorBox message={failure} />
          <SpendNote className="block" />
          <button type="submit" className={`${buttonClass.primary} w-full`} disabled={busy !== null} aria-describedby={clipPrice !== null ? "admin-clip-price" : undefined}>
            {busy === "create" ? t("creating") : t("create")}
            {clipPrice !== null ? <PriceTag id="admin-clip-price" label={fmt.usd(clipPrice)} /> : null}
          </button>
        </div>
      </form>
    </section>
  );
}
