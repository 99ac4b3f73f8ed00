"use client";
// Compare variations: pick up to 4 of the session's pictures and up to 3 motions (typed, or filled by
// a preset chip), see what the whole grid costs (POST /api/avatars/private/variations/estimate), then
// start every clip in one request (POST /api/avatars/private/variations, 202). Validated with the
// API's own schema before anything is sent.
import { useTranslations } from "next-intl";
import { useState } from "react";
import { api } from "../_lib/api-client";
import { usePaidPost } from "../_lib/idempotency";
import { useApiForm } from "../_lib/use-api-form";
import { useFormat } from "../_lib/use-format";
import { useResource } from "../_lib/use-resource";
import { buttonClass, cardClass, ErrorBox } from "../_components/ui";
import { SpendNote } from "../_components/spend-note";
import { controlProps, Field, inputClass, issuesToFieldErrors, PriceTag } from "../_components/form";
import {
  createVariationsBody,
  MAX_GRID_MOTIONS,
  MAX_GRID_PICTURES,
  type EstimateVariationsBody,
  type VariationGridWithCost,
  type VariationsEstimateResponse,
} from "@/_shared/schemas/avatar-variations";
import type { StudioSession } from "./studio-session";
import { FORMATS } from "./create-avatar-form";
import { PresetChips, SeedLock, useMotionPresets } from "./motion-controls";
import { ProjectFields, useProjectChoice } from "./project-choice";
import { cameFromUpload, ConsentCheckbox, consentField, useConsentCheck } from "../_components/consent-checkbox";
import { FallbackOption } from "./fallback-option";

type Picture = StudioSession["images"][number];
interface Motion {
  prompt: string;
  presetId?: string;
}

/** The price of the grid as it stands, asked again 150 ms after it last changed; null while unknown. */
function useGridEstimate(request: EstimateVariationsBody | null): VariationsEstimateResponse | null {
  const estimate = useResource(request ? JSON.stringify(request) : null, (signal) => api<VariationsEstimateResponse>("/api/avatars/private/variations/estimate", { body: request, signal }), { delayMs: 150 });
  return estimate.data && !estimate.error ? estimate.data : null;
}

export function VariationsForm({
  sessionId,
  pictures,
  motion,
  lastSeed,
  onCreated,
}: {
  sessionId: string;
  /** The session's pictures to choose from (originals and edits), newest first. */
  pictures: Picture[];
  /** The session's motion prompt: the first motion until the user types one. */
  motion: string;
  lastSeed: number | null;
  onCreated: (grid: VariationGridWithCost, format: string) => void;
}) {
  const t = useTranslations("studio.grid");
  const tc = useTranslations("studio.create");
  const money = useFormat();
  const presets = useMotionPresets();
  const project = useProjectChoice();
  const [chosen, setChosen] = useState<string[]>([]);
  const [motions, setMotions] = useState<Motion[]>([{ prompt: motion }, { prompt: "" }]);
  const [name, setName] = useState("");
  const [format, setFormat] = useState<string>("9:16");
  const [seedLocked, setSeedLocked] = useState(false);
  const [consented, setConsented] = useState(false);
  const [tryFallback, setTryFallback] = useState(true);
  const consentCheck = useConsentCheck();
  const needsConsent = chosen.some((imageUrl) => cameFromUpload(pictures, imageUrl));
  const form = useApiForm();
  const { errors, setErrors, failure, busy } = form;
  const paidPost = usePaidPost();

  const clips = chosen.length * motions.length;
  const estimate = useGridEstimate(
    chosen.length
      ? { pictures: chosen.length, motions: motions.map((m) => (m.presetId ? { presetId: m.presetId } : {})), aspectRatio: format as EstimateVariationsBody["aspectRatio"] }
      : null,
  );

  const toggle = (imageUrl: string) =>
    setChosen((current) => (current.includes(imageUrl) ? current.filter((url) => url !== imageUrl) : current.length < MAX_GRID_PICTURES ? [...current, imageUrl] : current));
  const setMotion = (index: number, next: Motion) => setMotions((current) => current.map((m, i) => (i === index ? next : m)));

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const body = {
      sessionId,
      imageUrls: chosen,
      motions: motions.map((m) => ({ prompt: m.prompt, ...(m.presetId ? { presetId: m.presetId } : {}) })),
      name,
      projectId: project.creating ? "new" : project.projectId,
      aspectRatio: format,
      ...(seedLocked && lastSeed !== null ? { seed: lastSeed } : {}),
      ...consentField(needsConsent, consented),
      // Only where the server has a fallback (the estimate names it): asking for one elsewhere is refused.
      ...(estimate?.fallbackModelName ? { fallback: tryFallback } : {}),
    };
    const parsed = createVariationsBody.safeParse(body);
    const found: Record<string, string> = { ...(parsed.success ? {} : issuesToFieldErrors(parsed.error.issues)), ...consentCheck(needsConsent, consented) };
    if (!chosen.length) found.imageUrls = t("pickPictures");
    const projectProblem = project.newProjectProblem();
    if (projectProblem) found.newProject = projectProblem;
    setErrors(found);
    if (!parsed.success || Object.keys(found).length) return;
    await form.send(async () => {
      const projectId = await project.resolve(setErrors);
      onCreated(await paidPost<VariationGridWithCost>("/api/avatars/private/variations", { ...parsed.data, projectId }), format);
    });
  }

  return (
    <section className={`${cardClass} p-4 sm:p-5`} aria-labelledby="step-grid">
      <h2 id="step-grid" className="text-lg font-semibold text-white">
        {t("title")}
      </h2>
      <p className="mt-1 text-sm text-slate-400">{t("subtitle")}</p>
      <form onSubmit={submit} noValidate className="mt-4 space-y-5">
        <fieldset>
          <legend className="mb-2 text-sm font-medium text-slate-300">{t("pictures", { count: chosen.length, max: MAX_GRID_PICTURES })}</legend>
          <ul className="grid grid-cols-4 gap-2 sm:grid-cols-6 lg:grid-cols-8">
            {pictures.map((picture, i) => {
              const on = chosen.includes(picture.imageUrl);
              const full = !on && chosen.length >= MAX_GRID_PICTURES;
              return (
                <li key={picture.imageUrl}>
                  <button
                    type="button"
                    data-testid="grid-picture"
                    aria-pressed={on}
                    disabled={full}
                    aria-label={t("pictureLabel", { number: pictures.length - i })}
                    onClick={() => toggle(picture.imageUrl)}
                    className={`relative block aspect-[3/4] w-full overflow-hidden rounded-lg border-2 focus-visible:outline focus-visible:outline-2 focus-visible:outline-violet-300 disabled:opacity-40 ${on ? "border-violet-400" : "border-transparent hover:border-slate-500"}`}
                  >
                    {/* eslint-disable-next-line @next/next/no-img-element -- media comes through our redirecting /api/media route */}
                    <img src={picture.imageUrl} alt="" loading="lazy" className="h-full w-full bg-slate-800 object-cover" />
                    {on ? (
                      <span className="absolute right-1 top-1 flex h-5 w-5 items-center justify-center rounded-full bg-violet-500 text-[11px] font-bold text-white" aria-hidden>
                        {chosen.indexOf(picture.imageUrl) + 1}
                      </span>
                    ) : null}
                  </button>
                </li>
              );
            })}
          </ul>
          {errors.imageUrls ? <p className="mt-1 text-sm text-rose-300">{errors.imageUrls}</p> : null}
        </fieldset>

        <fieldset className="space-y-3">
          <legend className="mb-2 text-sm font-medium text-slate-300">{t("motions", { count: motions.length, max: MAX_GRID_MOTIONS })}</legend>
          {motions.map((m, i) => {
            const error = errors[`motions.${i}.prompt`];
            return (
              <div key={i} className="rounded-xl border border-slate-800 p-3">
                <div className="flex items-start gap-2">
                  <Field id={`grid-motion-${i}`} label={t("motionLabel", { number: i + 1 })} error={error} className="min-w-0 flex-1">
                    <textarea
                      {...controlProps(`grid-motion-${i}`, error)}
                      rows={2}
                      value={m.prompt}
                      onChange={(e) => setMotion(i, { prompt: e.target.value })}
                      className={`${inputClass} resize-y`}
                      placeholder={t("motionPlaceholder")}
                    />
                  </Field>
                  {motions.length > 1 ? (
                    <button type="button" className={`${buttonClass.secondary} mt-6 shrink-0 px-2.5`} onClick={() => setMotions((current) => current.filter((_, j) => j !== i))} aria-label={t("removeMotion", { number: i + 1 })}>
                      ✕
                    </button>
                  ) : null}
                </div>
                <div className="mt-2">
                  <PresetChips presets={presets} selected={m.presetId} label={t("presetsFor", { number: i + 1 })} onPick={(preset) => setMotion(i, { prompt: preset.prompt, presetId: preset.id })} />
                </div>
              </div>
            );
          })}
          {motions.length < MAX_GRID_MOTIONS ? (
            <button type="button" className={buttonClass.secondary} onClick={() => setMotions((current) => [...current, { prompt: "" }])}>
              {t("addMotion")}
            </button>
          ) : null}
        </fieldset>

        <div className="grid gap-4 md:grid-cols-2">
          <Field id="grid-name" label={t("name")} error={errors.name} hint={t("nameHint")}>
            <input {...controlProps("grid-name", errors.name, "hint")} value={name} onChange={(e) => setName(e.target.value)} className={inputClass} placeholder={t("namePlaceholder")} autoComplete="off" maxLength={120} />
          </Field>
          <div className="space-y-4">
            <ProjectFields idPrefix="grid" choice={project} errors={errors} labels={{ project: t("project"), newProjectName: t("newProjectName"), firstProject: t("firstProject") }} />
          </div>
        </div>

        <div className="flex flex-wrap items-center gap-3">
          <label htmlFor="grid-format" className="sr-only">
            {t("format")}
          </label>
          <div className="w-full sm:w-64">
            <select id="grid-format" value={format} onChange={(e) => setFormat(e.target.value)} className={inputClass}>
              {FORMATS.map((f) => (
                <option key={f.value} value={f.value}>
                  {`${f.label} · ${tc(`formatHint.${f.hint}`)}`}
                </option>
              ))}
            </select>
          </div>
          <SeedLock seed={lastSeed} locked={seedLocked} onToggle={setSeedLocked} testId="grid-seed-lock" />
        </div>

        {estimate?.fallbackModelName && estimate.fallbackCostUsd !== undefined ? (
          <FallbackOption id="grid-fallback" model={estimate.fallbackModelName} extra={money.usd(estimate.fallbackCostUsd)} checked={tryFallback} onChange={setTryFallback} />
        ) : null}
        {needsConsent ? <ConsentCheckbox id="grid-consent" checked={consented} onChange={setConsented} error={errors["consent.attested"]} /> : null}
        <ErrorBox message={failure} />
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" className={buttonClass.primary} disabled={busy || project.projects === null || clips === 0} aria-describedby="grid-price">
            {busy ? t("starting") : t("submit", { count: clips })}
            {estimate ? <PriceTag id="grid-price-tag" label={money.usd(estimate.estimatedCostUsd)} /> : null}
          </button>
          <p id="grid-price" className="text-sm text-slate-400" data-testid="grid-price">
            {estimate ? t("price", { count: estimate.clips, price: money.usd(estimate.estimatedCostUsd) }) : clips ? t("pricing") : t("pickPictures")}{" "}
            <SpendNote />
          </p>
        </div>
      </form>
    </section>
  );
}
