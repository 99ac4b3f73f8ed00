"use client";
// The library's filter panel: name search, sort, the favourites filter (signed-in users), and one
// row of toggle chips per tag category, each chip with how many avatars it would show given the
// other filters (GET /api/avatars/public/tag-counts).
import { useTranslations } from "next-intl";
import type { CategoryResponse } from "@/_shared/schemas/tag";
import { LIBRARY_SORTS } from "@/_shared/schemas/public-avatar";
import { useFormat } from "../_lib/use-format";
import { activeFilterCount, hasFilters, toggleTag, type LibrarySort, type LibraryState } from "./library-query";
import { Field, inputClass, SearchField } from "../_components/form";

const chipClass = (on: boolean) =>
  `inline-flex min-h-8 items-center gap-1 rounded-full border px-3 py-1 text-sm transition-colors focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-violet-300 ${on ? "border-violet-400 bg-violet-600 text-white" : "border-slate-700 text-slate-300 hover:border-slate-500 hover:text-white"}`;

export function LibraryFilters({
  idPrefix = "library",
  state,
  categories,
  counts,
  tagsError,
  signedIn,
  text,
  onText,
  onChange,
  onClear,
}: {
  /** Ids differ between the desktop panel and the phone's sheet. */
  idPrefix?: string;
  state: LibraryState;
  categories: CategoryResponse[] | null;
  /** Avatars per tag slug, when known. */
  counts: Record<string, number> | null;
  tagsError: string | null;
  signedIn: boolean;
  text: string;
  onText: (text: string) => void;
  onChange: (next: LibraryState) => void;
  onClear: () => void;
}) {
  const t = useTranslations("library.filters");
  const format = useFormat();
  const selectedCount = activeFilterCount(state);
  return (
    <div className="min-w-0 space-y-5">
      <div className="grid grid-cols-1 gap-3">
        <SearchField id={`${idPrefix}-search`} label={t("search")} value={text} onChange={onText} placeholder={t("searchPlaceholder")} maxLength={100} />
        <Field id={`${idPrefix}-sort`} label={t("sort")}>
          <select id={`${idPrefix}-sort`} value={state.sort} onChange={(e) => onChange({ ...state, sort: e.target.value as LibrarySort })} className={inputClass}>
            {LIBRARY_SORTS.map((sort) => (
              <option key={sort} value={sort}>
                {t(`sorts.${sort === "most-used" ? "mostUsed" : sort}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>

      {signedIn ? (
        <button
          type="button"
          data-testid="favorites-filter"
          aria-pressed={Boolean(state.favorites)}
          onClick={() => onChange({ ...state, favorites: !state.favorites })}
          className={chipClass(Boolean(state.favorites))}
        >
          <span aria-hidden>{state.favorites ? "★" : "☆"}</span>
          {t("favorites")}
        </button>
      ) : null}

      {tagsError ? <p className="text-sm text-rose-300">{t("tagsError", { error: tagsError })}</p> : null}
      {categories === null && !tagsError ? (
        <div className="space-y-4" aria-hidden>
          {[4, 3, 5].map((n, i) => (
            <div key={i}>
              <div className="mb-2 h-3 w-16 animate-pulse rounded bg-slate-800" />
              <div className="flex flex-wrap gap-2">
                {Array.from({ length: n }, (_, j) => (
                  <span key={j} className="h-7 w-16 animate-pulse rounded-full bg-slate-800" />
                ))}
              </div>
            </div>
          ))}
        </div>
      ) : null}
      {categories?.map((category) => (
        <fieldset key={category.slug} className="min-w-0">
          <legend className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-400">{format.category(category)}</legend>
          {category.tags.length ? (
            <div className="flex flex-wrap gap-2">
              {category.tags.map((tag) => {
                const on = state.filters[category.slug]?.includes(tag.slug) ?? false;
                const count = counts ? (counts[tag.slug] ?? 0) : null;
                const label = format.tag(tag);
                return (
                  <button
                    key={tag.id}
                    type="button"
                    data-testid="filter-chip"
                    data-tag={tag.slug}
                    aria-pressed={on}
                    aria-label={count === null ? label : t("chipLabel", { tag: label, count })}
                    onClick={() => onChange(toggleTag(state, category.slug, tag.slug))}
                    className={`${chipClass(on)} ${count === 0 && !on ? "border-dashed" : ""}`}
                  >
                    {on ? <span aria-hidden>✓</span> : null}
                    {label}
                    {count !== null ? (
                      <span data-testid="chip-count" aria-hidden className={`text-xs tabular-nums ${on ? "text-violet-100" : "text-slate-500"}`}>
                        {format.number(count)}
                      </span>
                    ) : null}
                  </button>
                );
              })}
            </div>
          ) : (
            <p className="text-xs text-slate-500">{t("noTags")}</p>
          )}
        </fieldset>
      ))}
      {hasFilters(state) ? (
        <button type="button" onClick={onClear} className="rounded text-sm text-violet-300 underline-offset-2 hover:underline focus-visible:outline focus-visible:outline-2 focus-visible:outline-violet-300">
          {t("clear", { count: selectedCount })}
        </button>
      ) : null}
    </div>
  );
}
