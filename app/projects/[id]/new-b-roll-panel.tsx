"use client";
// "New b-roll": prompt, optional start image, format options and the estimated price, validated with
// the API's own schema (createBRollBody) before POST /api/b-rolls; the new card shows at once.
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { createBRollBody, type BRollResponse, type CreateBRollResponse } from "@/_shared/schemas/b-roll";
import { buttonClass } from "../../_components/ui";
import { ApiClientError, errorMessage } from "../../_lib/api-client";
import { useFormat } from "../../_lib/use-format";
import { usePaidPost } from "../../_lib/idempotency";
import { StartImage, type ImageMode } from "./start-image";
import { VIDEO_DEFAULTS, type VideoResolution } from "@/_shared/schemas/generation-options";
import { B_ROLL_ASPECTS, nearestOffered, priceKey, type BRollAspect, type ClipOffer } from "./price";
import { AspectIcon, SegmentedControl } from "./segmented-control";
import { controlProps, Field, FieldError, inputClass, issuesToFieldErrors, Options } from "../../_components/form";
import { SpendNote } from "../../_components/spend-note";
import { withoutError } from "../../_lib/use-api-form";
import { TakesAndSeed, takesAndSeedFields, type TakesAndSeedState } from "../takes-and-seed";
import { avatarIdOfPicture } from "../use-image";

const PROMPT_MAX = 2000;
const FIELD_ORDER = ["prompt", "name", "imageUrl", "aspectRatio", "duration", "resolution", "seed"];

/** A default name from the prompt's first words. */
function nameFromPrompt(prompt: string): string {
  const words = prompt.trim().split(/\s+/).slice(0, 6).join(" ");
  return words.length > 60 ? `${words.slice(0, 59)}…` : words;
}

export function NewBRollPanel({
  projectId,
  offer,
  initialImageUrl = null,
  onCreated,
}: {
  projectId: string;
  /** Durations and resolutions the configured models accept, and their prices (from the server). */
  offer: ClipOffer;
  /** An image chosen elsewhere ("Use in a b-roll"): the panel opens with it selected. */
  initialImageUrl?: string | null;
  /** The b-roll, or every take of the group, just started. */
  onCreated: (bRolls: BRollResponse[]) => void;
}) {
  const t = useTranslations("projects.panel");
  const format = useFormat();
  const [name, setName] = useState("");
  const [prompt, setPrompt] = useState("");
  const [imageMode, setImageMode] = useState<ImageMode>(initialImageUrl ? "pick" : "none");
  const [imageUrl, setImageUrl] = useState<string | null>(initialImageUrl);
  const [aspectRatio, setAspectRatio] = useState<BRollAspect>(VIDEO_DEFAULTS.aspectRatio);
  const [chosenDuration, setDuration] = useState<number>(VIDEO_DEFAULTS.duration);
  const [chosenResolution, setResolution] = useState<VideoResolution>(VIDEO_DEFAULTS.resolution);
  const [takesAndSeed, setTakesAndSeed] = useState<TakesAndSeedState>({ takes: 1, seedLocked: false, seed: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [started, setStarted] = useState<string | null>(null);
  const [open, setOpen] = useState(Boolean(initialImageUrl));
  const paidPost = usePaidPost();
  const form = useRef<HTMLFormElement>(null);
  const section = useRef<HTMLElement>(null);
  // Phones: the panel sits above the grid; once it is scrolled away, a sticky button brings it back.
  const [panelInView, setPanelInView] = useState(true);
  useEffect(() => {
    const node = section.current;
    if (!node || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver(([entry]) => setPanelInView(entry.isIntersecting));
    observer.observe(node);
    return () => observer.disconnect();
  }, []);
  const bringBack = () => {
    setOpen(true);
    section.current?.scrollIntoView({ behavior: "smooth", block: "start" });
    requestAnimationFrame(() => form.current?.querySelector<HTMLElement>('[data-field="prompt"]')?.focus({ preventScroll: true }));
  };

  const withImage = imageMode !== "none" && imageUrl !== null;
  // The two kinds may use models that accept different durations: a choice the other one does not
  // offer moves to the nearest one it does.
  const choices = offer.choices[withImage ? "image-to-video" : "text-to-video"];
  const duration = nearestOffered(chosenDuration, choices.durations);
  const resolution = nearestOffered(chosenResolution, choices.resolutions);
  const onePrice = offer.prices[priceKey(withImage, aspectRatio, resolution, duration)];
  // Every take is a clip of its own: the price (and the daily cap) count them all.
  const price = onePrice === undefined ? undefined : Math.round(onePrice * takesAndSeed.takes * 10_000) / 10_000;

  /** A field's error goes as soon as the field changes: the user is fixing it. */
  const changed = (field: string) => setErrors((prev) => withoutError(prev, field));

  const showErrors = (fieldErrors: Record<string, string>) => {
    setErrors(fieldErrors);
    const first = FIELD_ORDER.find((field) => fieldErrors[field]);
    if (first) form.current?.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
  };

  const submit = async () => {
    setFormError(null);
    setStarted(null);
    if (imageMode !== "none" && !imageUrl) return showErrors({ imageUrl: t("pickImage") });
    const extra = takesAndSeedFields(takesAndSeed);
    if ("seedMissing" in extra) return showErrors({ seed: t("seedMissing") });
    // An avatar's picture ("Use in a b-roll") is sent as the avatar: the server resolves its picture.
    const avatarId = withImage ? avatarIdOfPicture(imageUrl) : null;
    const body = {
      name: name.trim() ? name : nameFromPrompt(prompt),
      prompt,
      projectId,
      aspectRatio,
      resolution,
      duration,
      ...(avatarId ? { avatarId } : withImage ? { imageUrl } : {}),
      ...extra.fields,
    };
    const parsed = createBRollBody.safeParse(body);
    if (!parsed.success) {
      const fieldErrors = issuesToFieldErrors(parsed.error.issues);
      // A blank name comes from the prompt: the prompt's own error says what to fix.
      if (!name.trim()) delete fieldErrors.name;
      return showErrors(fieldErrors);
    }
    setErrors({});
    setPending(true);
    try {
      const reply = await paidPost<CreateBRollResponse>("/api/b-rolls", parsed.data);
      const takes = "takes" in reply ? reply.takes : [reply];
      onCreated(takes);
      const created = takes[0];
      const total = takes.reduce((sum, take) => sum + (take.estimatedCostUsd ?? 0), 0);
      if (takes.length > 1) setStarted(t("startedTakes", { name: created.name, count: takes.length, price: format.usd(total) }));
      else setStarted(created.estimatedCostUsd != null ? t("startedWithPrice", { name: created.name, price: format.usd(created.estimatedCostUsd) }) : t("started", { name: created.name }));
      // Only what was submitted is cleared: a prompt or name typed while the request ran is the next b-roll's.
      setName((current) => (current === name ? "" : current));
      setPrompt((current) => (current === prompt ? "" : current));
    } catch (e) {
      const fieldErrors = e instanceof ApiClientError ? e.fieldErrors() : {};
      if (Object.keys(fieldErrors).length) showErrors(fieldErrors);
      setFormError(errorMessage(e));
    } finally {
      setPending(false);
    }
  };

  return (
    <section ref={section} aria-labelledby="new-b-roll-heading" className="scroll-mt-20 rounded-2xl border border-slate-800 bg-slate-900/80 p-4 lg:sticky lg:top-20">
      {panelInView ? null : (
        <button type="button" onClick={bringBack} className={`${buttonClass.primary} fixed inset-x-4 bottom-4 z-40 shadow-2xl shadow-black/60 lg:hidden`} data-testid="new-b-roll-sticky">
          <span aria-hidden>+</span> {t("heading")}
        </button>
      )}
      <div className="flex items-center justify-between gap-2">
        <h2 id="new-b-roll-heading" className="text-lg font-semibold text-white">
          {t("heading")}
        </h2>
        <button type="button" className={`${buttonClass.secondary} px-3 py-1.5 lg:hidden`} aria-expanded={open} aria-controls="new-b-roll-form" onClick={() => setOpen((o) => !o)}>
          {open ? t("hide") : t("show")}
        </button>
      </div>
      <form
        id="new-b-roll-form"
        ref={form}
        noValidate
        className={`${open ? "block" : "hidden"} mt-3 space-y-4 lg:block`}
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Field
          id="b-roll-prompt"
          label={t("prompt")}
          error={errors.prompt}
          aside={
            <span id="b-roll-prompt-count" className={`shrink-0 text-xs tabular-nums ${prompt.length > PROMPT_MAX ? "text-rose-300" : "text-slate-500"}`}>
              {prompt.length}/{PROMPT_MAX}
            </span>
          }
        >
          <textarea
            {...controlProps("b-roll-prompt", errors.prompt, undefined, "b-roll-prompt-count")}
            data-field="prompt"
            rows={4}
            value={prompt}
            onChange={(e) => {
              setPrompt(e.target.value);
              changed("prompt");
            }}
            placeholder={t("promptPlaceholder")}
            className={`${inputClass} resize-y`}
          />
        </Field>

        <Field
          id="b-roll-name"
          label={
            <>
              {t.rich("name", { optional: (chunks) => <span className="font-normal text-slate-500">{chunks}</span> })}
            </>
          }
          error={errors.name}
        >
          <input
            {...controlProps("b-roll-name", errors.name)}
            data-field="name"
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              changed("name");
            }}
            placeholder={prompt.trim() ? nameFromPrompt(prompt) : t("namePlaceholder")}
            className={inputClass}
          />
        </Field>

        <div data-field="imageUrl" tabIndex={-1} className="outline-none">
          <StartImage
            projectId={projectId}
            mode={imageMode}
            onModeChange={(mode) => {
              setImageMode(mode);
              changed("imageUrl");
            }}
            value={imageUrl}
            extraImage={initialImageUrl}
            onChange={(url) => {
              setImageUrl(url);
              changed("imageUrl");
            }}
            error={errors.imageUrl}
          />
        </div>

        <SegmentedControl<BRollAspect>
          legend={t("aspectRatio")}
          name="aspect-ratio"
          value={aspectRatio}
          onChange={setAspectRatio}
          options={B_ROLL_ASPECTS.map((ratio) => ({
            value: ratio,
            label: (
              <>
                <AspectIcon ratio={ratio} />
                {ratio}
              </>
            ),
          }))}
        />
        <FieldError id="b-roll-aspectRatio" error={errors.aspectRatio} />

        <div className="grid grid-cols-2 gap-3">
          <Field id="b-roll-duration" label={t("duration")} error={errors.duration}>
            <select {...controlProps("b-roll-duration", errors.duration)} data-field="duration" value={duration} onChange={(e) => setDuration(Number(e.target.value))} className={inputClass}>
              <Options choices={choices.durations.map((seconds) => ({ value: seconds, label: t("seconds", { seconds }) }))} />
            </select>
          </Field>
          <Field id="b-roll-resolution" label={t("resolution")} error={errors.resolution}>
            <select {...controlProps("b-roll-resolution", errors.resolution)} data-field="resolution" value={resolution} onChange={(e) => setResolution(e.target.value as VideoResolution)} className={inputClass}>
              <Options choices={choices.resolutions} />
            </select>
          </Field>
        </div>

        <TakesAndSeed
          idPrefix="b-roll"
          value={takesAndSeed}
          onChange={(next) => {
            setTakesAndSeed(next);
            changed("seed");
            changed("takes");
          }}
          errors={errors}
        />

        <div className="rounded-xl border border-slate-800 bg-slate-950/60 px-3 py-2.5">
          <p className="text-sm text-slate-200" data-testid="estimated-price" aria-live="polite">
            {t.rich("price", { price: price !== undefined ? format.usd(price) : "—", strong: (chunks) => <strong className="text-white">{chunks}</strong> })}
          </p>
          <p className="mt-0.5 text-xs text-slate-500">
            {takesAndSeed.takes > 1 && onePrice !== undefined ? `${t("priceTakes", { count: takesAndSeed.takes, price: format.usd(onePrice) })} ` : null}
            {t("priceBasis", { kind: withImage ? "image" : "text", aspectRatio, resolution, duration })}
          </p>
          <SpendNote className="mt-1 block" />
        </div>

        {formError ? (
          <p role="alert" className="rounded-lg bg-rose-500/10 p-3 text-sm text-rose-200">
            {formError}
          </p>
        ) : null}
        {started ? (
          <p role="status" className="rounded-lg bg-emerald-500/10 p-3 text-sm text-emerald-200">
            {started}
          </p>
        ) : null}

        <button type="submit" className={`${buttonClass.primary} w-full`} disabled={pending}>
          {pending ? t("starting") : takesAndSeed.takes > 1 ? t("submitTakes", { count: takesAndSeed.takes }) : t("submit")}
        </button>
      </form>
    </section>
  );
}
