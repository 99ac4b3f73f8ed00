"use client";
// Admin: the motion presets the studio offers as chips. Add (POST /api/motion-presets), change
// (PATCH /api/motion-presets/:id) and delete after a confirmation (DELETE). Each preset notes the
// model options it needs: a still camera (camera_fixed) and a duration.
import { useTranslations } from "next-intl";
import { useState } from "react";
import { ApiClientError, api, errorMessage } from "../_lib/api-client";
import { useApi } from "../_lib/use-resource";
import { buttonClass, cardClass, ConfirmDelete, ErrorBox, Spinner } from "../_components/ui";
import { controlProps, Field, inputClass, issuesToFieldErrors } from "../_components/form";
import { createMotionPresetBody, type MotionPresetListResponse, type MotionPresetResponse } from "@/_shared/schemas/motion-preset";

export function MotionPresetsAdmin() {
  const t = useTranslations("admin.presets");
  const list = useApi<MotionPresetListResponse>("/api/motion-presets");
  const refresh = () => void list.refetch();
  if (list.error && !list.data) return <ErrorBox message={t("loadError", { error: errorMessage(list.error) })} onRetry={refresh} />;
  if (!list.data) return <Spinner label={t("loading")} />;
  return (
    <div className="space-y-6">
      <section className={`${cardClass} p-4`} aria-labelledby="preset-new">
        <h3 id="preset-new" className="mb-3 text-base font-semibold text-white">
          {t("newPreset")}
        </h3>
        <PresetForm idPrefix="preset-new" onSaved={refresh} />
      </section>
      <ul className="space-y-3">
        {list.data.presets.map((preset) => (
          <li key={preset.id} className={`${cardClass} p-4`} data-testid="preset-row">
            <PresetForm idPrefix={`preset-${preset.id}`} preset={preset} onSaved={refresh} />
          </li>
        ))}
      </ul>
    </div>
  );
}

const CAMERA = { free: null, fixed: true, moving: false } as const;
const cameraOf = (value: boolean | null) => (value === true ? "fixed" : value === false ? "moving" : "free");

function PresetForm({ idPrefix, preset, onSaved }: { idPrefix: string; preset?: MotionPresetResponse; onSaved: () => void }) {
  const t = useTranslations("admin.presets");
  const [label, setLabel] = useState(preset?.label ?? "");
  const [prompt, setPrompt] = useState(preset?.prompt ?? "");
  const [camera, setCamera] = useState<keyof typeof CAMERA>(cameraOf(preset?.cameraFixed ?? null));
  const [duration, setDuration] = useState(preset?.duration ? String(preset.duration) : "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [saved, setSaved] = useState(false);

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setSaved(false);
    const body = { label, prompt, cameraFixed: CAMERA[camera], duration: duration.trim() ? Number(duration) : null };
    const parsed = createMotionPresetBody.safeParse(body);
    if (!parsed.success) return setErrors(issuesToFieldErrors(parsed.error.issues));
    setErrors({});
    setBusy(true);
    try {
      if (preset) await api(`/api/motion-presets/${encodeURIComponent(preset.id)}`, { method: "PATCH", body: parsed.data });
      else await api("/api/motion-presets", { body: parsed.data });
      if (!preset) {
        setLabel("");
        setPrompt("");
        setDuration("");
        setCamera("free");
      }
      setSaved(true);
      onSaved();
    } catch (error) {
      if (error instanceof ApiClientError && error.status === 409) setErrors({ label: t("labelTaken") });
      else if (error instanceof ApiClientError && error.status === 400 && error.details.length) setErrors(error.fieldErrors());
      else setErrors({ form: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    if (!preset) return;
    setBusy(true);
    try {
      await api(`/api/motion-presets/${encodeURIComponent(preset.id)}`, { method: "DELETE" });
      onSaved();
    } catch (error) {
      setErrors({ form: errorMessage(error) });
      setBusy(false);
    }
  }

  return (
    <form onSubmit={save} noValidate className="grid gap-3 md:grid-cols-[minmax(0,200px)_minmax(0,1fr)_160px_110px] md:items-start">
      <Field id={`${idPrefix}-label`} label={t("label")} error={errors.label}>
        <input {...controlProps(`${idPrefix}-label`, errors.label)} value={label} onChange={(e) => setLabel(e.target.value)} className={inputClass} maxLength={60} autoComplete="off" />
      </Field>
      <Field id={`${idPrefix}-prompt`} label={t("prompt")} error={errors.prompt}>
        <textarea {...controlProps(`${idPrefix}-prompt`, errors.prompt)} value={prompt} onChange={(e) => setPrompt(e.target.value)} rows={2} className={`${inputClass} resize-y`} />
      </Field>
      <Field id={`${idPrefix}-camera`} label={t("camera")} error={errors.cameraFixed}>
        <select {...controlProps(`${idPrefix}-camera`, errors.cameraFixed)} value={camera} onChange={(e) => setCamera(e.target.value as keyof typeof CAMERA)} className={inputClass}>
          <option value="free">{t("cameraFree")}</option>
          <option value="fixed">{t("cameraFixed")}</option>
          <option value="moving">{t("cameraMoving")}</option>
        </select>
      </Field>
      <Field id={`${idPrefix}-duration`} label={t("duration")} error={errors.duration}>
        <input {...controlProps(`${idPrefix}-duration`, errors.duration)} value={duration} onChange={(e) => setDuration(e.target.value)} inputMode="numeric" placeholder={t("durationAny")} className={inputClass} />
      </Field>
      <div className="flex flex-wrap items-center gap-2 md:col-span-4">
        <button type="submit" className={`${buttonClass.primary} px-3 py-1.5`} disabled={busy}>
          {preset ? t("save") : t("add")}
        </button>
        {preset && !confirming ? (
          <button type="button" className={`${buttonClass.secondary} px-3 py-1.5`} onClick={() => setConfirming(true)} disabled={busy}>
            {t("delete")}
          </button>
        ) : null}
        {saved ? <span className="text-sm text-emerald-300">{t("saved")}</span> : null}
      </div>
      {preset && confirming ? (
        <ConfirmDelete label={t("deleteLabel", { label: preset.label })} busy={busy} onConfirm={() => void remove()} onCancel={() => setConfirming(false)} className="md:col-span-4">
          <p className="min-w-0 flex-1 text-sm text-rose-200">{t("deleteConfirm", { label: preset.label })}</p>
        </ConfirmDelete>
      ) : null}
      <ErrorBox message={errors.form} className="md:col-span-4" />
    </form>
  );
}
