// Tag choice for a public avatar: one row of toggle chips per category (any number per category).
"use client";
import { useTranslations } from "next-intl";
import type { CategoryResponse } from "@/_shared/schemas/tag";
import { useFormat } from "../_lib/use-format";
import { FieldError } from "../_components/form";

export function TagPicker({ idPrefix, categories, value, onChange, error }: { idPrefix: string; categories: CategoryResponse[]; value: string[]; onChange: (tagIds: string[]) => void; error?: string }) {
  const t = useTranslations("admin.tagPicker");
  const format = useFormat();
  const toggle = (id: string) => onChange(value.includes(id) ? value.filter((v) => v !== id) : [...value, id]);
  return (
    <fieldset aria-describedby={error ? `${idPrefix}-tags-error` : undefined} className="min-w-0">
      <legend className="mb-1 text-sm font-medium text-slate-300">{t("legend")}</legend>
      <div className="space-y-2">
        {categories.map((category) => (
          <div key={category.slug} className="flex flex-wrap items-center gap-1.5" role="group" aria-label={format.category(category)}>
            <span className="w-20 shrink-0 text-xs uppercase tracking-wide text-slate-500">{format.category(category)}</span>
            {category.tags.length ? (
              category.tags.map((tag) => {
                const on = value.includes(tag.id);
                return (
                  <button
                    key={tag.id}
                    type="button"
                    aria-pressed={on}
                    onClick={() => toggle(tag.id)}
                    className={`rounded-full border px-2.5 py-1 text-xs focus-visible:outline focus-visible:outline-2 focus-visible:outline-violet-300 ${on ? "border-violet-400 bg-violet-600 text-white" : "border-slate-700 text-slate-300 hover:border-slate-500"}`}
                  >
                    {format.tag(tag)}
                  </button>
                );
              })
            ) : (
              <span className="text-xs text-slate-600">{t("none")}</span>
            )}
          </div>
        ))}
      </div>
      <FieldError id={`${idPrefix}-tags`} error={error} />
    </fieldset>
  );
}
