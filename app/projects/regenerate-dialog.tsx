"use client";
// "Edit prompt and regenerate": a new clip from the same source (an avatar's picture, a b-roll's
// image or prompt alone) with an edited prompt, in the original's format; the original is kept. The
// price on the button comes from POST /api/estimates for exactly the options sent.
import { useTranslations } from "next-intl";
import { useState } from "react";
import { regenerateBRollBody } from "@/_shared/schemas/b-roll";
import type { ClipRequest } from "@/_shared/schemas/common";
import { VIDEO_DEFAULTS, type VideoKind } from "@/_shared/schemas/generation-options";
import { DEFAULT_AVATAR_MOTION, regeneratePrivateAvatarBody } from "@/_shared/schemas/private-avatar";
import { buttonClass, ErrorBox } from "../_components/ui";
import { controlProps, Field, inputClass, issuesToFieldErrors, PriceTag } from "../_components/form";
import { ApiClientError, errorMessage } from "../_lib/api-client";
import { useEstimate } from "../_lib/use-estimate";
import { withoutError } from "../_lib/use-api-form";
import { useFormat } from "../_lib/use-format";
import { usePaidPost } from "../_lib/idempotency";
import { Dialog, DialogActions } from "./dialog";
import { SpendNote } from "../_components/spend-note";
import { TakesAndSeed, takesAndSeedFields, type TakesAndSeedState } from "./takes-and-seed";

export interface Regenerable {
  id: string;
  name: string;
  request: ClipRequest;
  /** A b-roll's seed: the seed lock starts from it. */
  seed?: number | null;
}

const ROUTES = {
  avatar: { path: "/api/avatars/private", schema: regeneratePrivateAvatarBody },
  "b-roll": { path: "/api/b-rolls", schema: regenerateBRollBody },
};

export function RegenerateDialog<T>({
  noun,
  kind,
  item,
  lockSeed = false,
  onClose,
  onCreated,
}: {
  noun: "avatar" | "b-roll";
  kind: VideoKind;
  item: Regenerable;
  /** "More like this": the item's seed locked, so the new takes stay close to it. */
  lockSeed?: boolean;
  onClose: () => void;
  onCreated: (created: T) => void;
}) {
  const t = useTranslations("assets.regenerate");
  const format = useFormat();
  const paidPost = usePaidPost();
  const [prompt, setPrompt] = useState(item.request.prompt ?? (noun === "avatar" ? DEFAULT_AVATAR_MOTION : ""));
  const [name, setName] = useState(t("editedName", { name: item.name }).slice(0, 120));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // B-rolls: takes and the seed lock (the item's own seed to start from).
  const [takesAndSeed, setTakesAndSeed] = useState<TakesAndSeedState>({ takes: 1, seedLocked: lockSeed && item.seed != null, seed: item.seed != null ? String(item.seed) : "" });
  const withTakes = noun === "b-roll";
  const takes = withTakes ? takesAndSeed.takes : 1;
  const { request } = item;
  const options = {
    aspectRatio: request.aspectRatio ?? VIDEO_DEFAULTS.aspectRatio,
    resolution: request.resolution ?? VIDEO_DEFAULTS.resolution,
    duration: request.duration ?? VIDEO_DEFAULTS.duration,
  };
  const price = useEstimate(kind === "text-to-video" && options.aspectRatio !== "auto" ? { kind, options: { ...options, aspectRatio: options.aspectRatio }, takes } : { kind: "image-to-video", options, takes });
  const { path, schema } = ROUTES[noun];

  const submit = async () => {
    const extra = withTakes ? takesAndSeedFields(takesAndSeed) : { fields: {} };
    if ("seedMissing" in extra) return setErrors({ seed: t("seedMissing") });
    const parsed = schema.safeParse({ prompt, name, ...options, ...extra.fields });
    if (!parsed.success) return setErrors(issuesToFieldErrors(parsed.error.issues));
    setErrors({});
    setFormError(null);
    setPending(true);
    try {
      onCreated(await paidPost<T>(`${path}/${item.id}/regenerate`, parsed.data));
      onClose();
    } catch (e) {
      if (e instanceof ApiClientError) setErrors(e.fieldErrors());
      setFormError(errorMessage(e));
      setPending(false);
    }
  };

  return (
    <Dialog title={lockSeed ? t("moreTitle", { name: item.name }) : t("title", { name: item.name })} description={t(noun === "avatar" ? "avatarHint" : "bRollHint")} onClose={onClose} busy={pending} testId="regenerate-dialog">
      <form
        noValidate
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Field id="regenerate-prompt" label={t(noun === "avatar" ? "motionLabel" : "promptLabel")} error={errors.prompt}>
          <textarea
            {...controlProps("regenerate-prompt", errors.prompt)}
            data-autofocus
            rows={4}
            value={prompt}
            onChange={(e) => {
              setPrompt(e.target.value);
              setErrors((prev) => withoutError(prev, "prompt"));
            }}
            className={`${inputClass} resize-y`}
          />
        </Field>
        <Field id="regenerate-name" label={t("nameLabel")} error={errors.name}>
          <input
            {...controlProps("regenerate-name", errors.name)}
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              setErrors((prev) => withoutError(prev, "name"));
            }}
            className={inputClass}
          />
        </Field>
        {withTakes ? (
          <TakesAndSeed
            idPrefix="regenerate"
            value={takesAndSeed}
            onChange={(next) => {
              setTakesAndSeed(next);
              setErrors((prev) => withoutError(withoutError(prev, "seed"), "takes"));
            }}
            errors={errors}
          />
        ) : null}
        <p className="text-xs text-slate-400" data-testid="regenerate-format">
          {t("format", { aspectRatio: options.aspectRatio, resolution: options.resolution, duration: options.duration })}
        </p>
        <SpendNote className="block" />
        <ErrorBox message={formError} />
        <DialogActions onCancel={onClose} busy={pending}>
          <button type="submit" className={buttonClass.primary} disabled={pending} aria-describedby={price !== null && !pending ? "regenerate-price" : undefined}>
            {pending ? t("starting") : t("submit")}
            {price !== null && !pending ? <PriceTag id="regenerate-price" label={format.usd(price)} /> : null}
          </button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
