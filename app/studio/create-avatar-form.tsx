"use client";
// Step 3 of the studio: name the avatar, choose its project, motion and format, and start the clip
// (POST /api/avatars/private, 202). Validated with the API's own schemas before anything is sent. The
// motion is the session's (kept by the server as it is typed).
import { useTranslations } from "next-intl";
import { useState } from "react";
import { buttonClass, cardClass, ErrorBox } from "../_components/ui";
import { createPrivateAvatarBody, DEFAULT_AVATAR_MOTION, type PrivateAvatarWithCost } from "@/_shared/schemas/private-avatar";
import { usePaidPost } from "../_lib/idempotency";
import { useApiForm } from "../_lib/use-api-form";
import { useFormat } from "../_lib/use-format";
import { SpendNote } from "../_components/spend-note";
import type { ClipFormat, StudioPrices } from "./prices";
import { controlProps, Field, inputClass, issuesToFieldErrors, PriceTag } from "../_components/form";
import { PresetChips, SeedLock, useMotionPresets } from "./motion-controls";
import { ProjectFields, useProjectChoice } from "./project-choice";
import { ConsentCheckbox, consentField, useConsentCheck } from "../_components/consent-checkbox";
import { FallbackOption } from "./fallback-option";

export const FORMATS = [
  { value: "9:16", label: "9:16", hint: "portrait", box: "h-6 w-[14px]" },
  { value: "1:1", label: "1:1", hint: "square", box: "h-5 w-5" },
  { value: "16:9", label: "16:9", hint: "landscape", box: "h-[14px] w-6" },
] as const satisfies ReadonlyArray<{ value: ClipFormat; label: string; hint: string; box: string }>;

export function CreateAvatarForm({
  imageUrl,
  needsConsent,
  consented,
  onConsentChange,
  prices,
  fallback,
  motion,
  onMotionChange,
  lastSeed,
  onCreated,
}: {
  imageUrl: string | null;
  /** The picture came from an upload (or is an edit of one): the likeness consent must be ticked. */
  needsConsent: boolean;
  /**
   * Whether the consent is ticked for this picture. The studio holds it (by picture), so it survives
   * this form being shown again after a refresh of the session, and a new picture needs a new tick.
   */
  consented: boolean;
  onConsentChange: (consented: boolean) => void;
  motion: string;
  onMotionChange: (motion: string) => void;
  /** Estimated USD of one clip, by format. */
  prices: Record<string, number>;
  /** The model that makes the clip when the video model refuses the face, and its extra price by duration (null: none). */
  fallback: StudioPrices["fallback"];
  /** The seed of the last clip made here: locked, the next one uses it with the changed motion. */
  lastSeed: number | null;
  onCreated: (avatar: PrivateAvatarWithCost, format: string) => void;
}) {
  const t = useTranslations("studio.create");
  const formatter = useFormat();
  const project = useProjectChoice();
  const presets = useMotionPresets();
  const [name, setName] = useState("");
  const [format, setFormat] = useState<string>("9:16");
  // A preset's duration, when the chip picked needs one (the clip is 5 s otherwise).
  const [preset, setPreset] = useState<{ id: string; duration: number | null } | null>(null);
  const [seedLocked, setSeedLocked] = useState(false);
  const [tryFallback, setTryFallback] = useState(true);
  const consentCheck = useConsentCheck();
  const form = useApiForm();
  const { errors, setErrors, failure, busy } = form;
  const paidPost = usePaidPost();

  const price = prices[format];

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    form.setFailure(null);
    const body = {
      name,
      imageUrl: imageUrl ?? "",
      projectId: project.creating ? "new" : project.projectId,
      ...(motion.trim() ? { prompt: motion } : {}),
      aspectRatio: format,
      ...(preset?.duration ? { duration: preset.duration } : {}),
      ...(seedLocked && lastSeed !== null ? { seed: lastSeed } : {}),
      ...(fallback ? { fallback: tryFallback } : {}),
      ...consentField(needsConsent, consented),
    };
    const found: Record<string, string> = consentCheck(needsConsent, consented);
    const parsed = createPrivateAvatarBody.safeParse(body);
    if (!parsed.success) Object.assign(found, issuesToFieldErrors(parsed.error.issues));
    if (!imageUrl) found.imageUrl = t("pickFirst");
    const projectProblem = project.newProjectProblem();
    if (projectProblem) found.newProject = projectProblem;
    setErrors(found);
    if (!parsed.success || Object.keys(found).length) return;

    await form.send(async () => {
      const targetId = await project.resolve(setErrors);
      const avatar = await paidPost<PrivateAvatarWithCost>("/api/avatars/private", { ...parsed.data, projectId: targetId });
      onCreated(avatar, format);
    });
  }

  return (
    <section className={`${cardClass} p-4 sm:p-5`} aria-labelledby="step-create">
      <h2 id="step-create" className="text-lg font-semibold text-white">
        <span className="mr-2 text-violet-400">3</span>
        {t("title")}
      </h2>
      <form onSubmit={submit} noValidate className="mt-3 space-y-4">
        <Field id="avatar-name" label={t("name")} error={errors.name}>
          <input {...controlProps("avatar-name", errors.name)} value={name} onChange={(e) => setName(e.target.value)} className={inputClass} placeholder={t("namePlaceholder")} autoComplete="off" maxLength={120} />
        </Field>

        <ProjectFields idPrefix="avatar" choice={project} errors={errors} />

        <Field id="avatar-motion" label={t("motion")} error={errors.prompt} hint={t("motionHint")}>
          <textarea
            {...controlProps("avatar-motion", errors.prompt, "hint")}
            rows={3}
            value={motion}
            onChange={(e) => {
              setPreset(null);
              onMotionChange(e.target.value);
            }}
            className={`${inputClass} resize-y`}
            placeholder={DEFAULT_AVATAR_MOTION}
          />
        </Field>
        <div className="-mt-2 space-y-2">
          <PresetChips
            presets={presets}
            selected={preset?.id}
            label={t("presets")}
            onPick={(picked) => {
              setPreset({ id: picked.id, duration: picked.duration });
              onMotionChange(picked.prompt);
            }}
          />
          <SeedLock seed={lastSeed} locked={seedLocked} onToggle={setSeedLocked} testId="avatar-seed-lock" />
        </div>

        <fieldset>
          <legend className="mb-1 text-sm font-medium text-slate-300">{t("format")}</legend>
          <div className="grid grid-cols-3 gap-2">
            {FORMATS.map((f) => (
              <label
                key={f.value}
                className={`flex cursor-pointer flex-col items-center gap-1 rounded-xl border px-2 py-2 text-center has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-violet-300 ${format === f.value ? "border-violet-400 bg-violet-500/10 text-white" : "border-slate-700 text-slate-300 hover:border-slate-500"}`}
              >
                <input type="radio" name="avatar-format" value={f.value} checked={format === f.value} onChange={() => setFormat(f.value)} className="sr-only" />
                <span className="flex h-7 items-center" aria-hidden>
                  <span className={`block rounded-sm border-2 border-current ${f.box}`} />
                </span>
                <span className="text-sm font-semibold">{f.label}</span>
                <span className="text-[11px] text-slate-500">{t(`formatHint.${f.hint}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>

        {fallback ? (
          <FallbackOption id="avatar-fallback" model={fallback.name} extra={formatter.usd(fallback.cost[String(preset?.duration ?? 5)] ?? 0)} checked={tryFallback} onChange={setTryFallback} />
        ) : null}

        {needsConsent ? <ConsentCheckbox id="avatar-consent" checked={consented} onChange={onConsentChange} error={errors["consent.attested"]} /> : null}
        {errors.imageUrl ? <p className="text-sm text-rose-300">{errors.imageUrl}</p> : null}
        <ErrorBox message={failure} />
        <button type="submit" className={`${buttonClass.primary} w-full`} disabled={busy || project.projects === null} aria-describedby={price !== undefined ? "studio-clip-price studio-clip-spend" : undefined}>
          {busy ? t("starting") : t("submit")}
          {price !== undefined ? <PriceTag id="studio-clip-price" label={formatter.usd(price)} /> : null}
        </button>
        <p id="studio-clip-spend" className="text-center">
          <SpendNote />
        </p>
        <p className="text-center text-xs text-slate-500">{t("footnote")}</p>
      </form>
    </section>
  );
}
