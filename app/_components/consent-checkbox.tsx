"use client";
// The likeness consent of an avatar made from an uploaded picture (or an edit of one): a checkbox the
// creator ticks before the clip can start, sent as `consent: { attested: true }`. The server refuses
// an uploaded picture without it (400 on `consent.attested`); generated pictures need none.
import { useTranslations } from "next-intl";
import { FieldError } from "./form";

/** Whether `imageUrl`, or a picture it was edited from, was uploaded (session pictures name their parent). */
export function cameFromUpload(pictures: ReadonlyArray<{ imageUrl: string; source: string; parentImageUrl: string | null }>, imageUrl: string | null): boolean {
  const byUrl = new Map(pictures.map((picture) => [picture.imageUrl, picture]));
  const seen = new Set<string>();
  for (let url = imageUrl; url && !seen.has(url); url = byUrl.get(url)?.parentImageUrl ?? null) {
    seen.add(url);
    if (byUrl.get(url)?.source === "uploaded") return true;
  }
  return false;
}

/** The request field, when the picture needs it and the box is ticked. */
export const consentField = (needed: boolean, attested: boolean) => (needed && attested ? { consent: { attested: true as const } } : {});

/** The error shown when the box is needed and not ticked, under the field name the API uses. */
export function useConsentCheck() {
  const t = useTranslations("provenance.consent");
  return (needed: boolean, attested: boolean): Record<string, string> => (needed && !attested ? { "consent.attested": t("required") } : {});
}

export function ConsentCheckbox({ id, checked, onChange, error }: { id: string; checked: boolean; onChange: (checked: boolean) => void; error?: string }) {
  const t = useTranslations("provenance.consent");
  return (
    <div className="rounded-xl border border-amber-500/40 bg-amber-500/5 p-3" data-testid="consent">
      <label htmlFor={id} className="flex cursor-pointer items-start gap-3 text-sm leading-6 text-slate-200">
        <input
          id={id}
          type="checkbox"
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : `${id}-hint`}
          className="h-6 w-6 shrink-0 accent-violet-500"
        />
        <span>{t("text")}</span>
      </label>
      {error ? <FieldError id={id} error={error} className="pl-9" /> : <p id={`${id}-hint`} className="mt-1 pl-9 text-xs text-slate-400">{t("hint")}</p>}
    </div>
  );
}
