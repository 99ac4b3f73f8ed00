"use client";
// "If refused, try <model>": whether a clip whose face the video model refuses goes on to the
// fallback model, with what that may add. Shown only when the server has a fallback model.
import { useTranslations } from "next-intl";

export function FallbackOption({ id, model, extra, checked, onChange }: { id: string; model: string; extra: string; checked: boolean; onChange: (checked: boolean) => void }) {
  const t = useTranslations("studio.create");
  return (
    <div>
      <label className="flex min-h-6 cursor-pointer items-center gap-2 text-sm text-slate-200">
        <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} className="h-4 w-4 accent-violet-500" aria-describedby={`${id}-hint`} data-testid={id} />
        {t("fallback", { model })}
      </label>
      <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
        {t("fallbackHint", { model, price: extra })}
      </p>
    </div>
  );
}
