"use client";
// The library's filter panel: name search, sort, and one row of toggle chips per tag category.
import type { CategoryResponse } from "@/_shared/schemas/tag";
import { categoryLabel, hasFilters, toggleTag, type LibrarySort, type LibraryState } from "./library-query";
import { Field, inputClass, Options, SearchField } from "../_components/form";

const SORTS: Array<{ value: LibrarySort; label: string }> = [
  { value: "newest", label: "Newest first" },
  { value: "oldest", label: "Oldest first" },
  { value: "name", label: "Name (A-Z)" },
];

export function LibraryFilters({
  state,
  categories,
  tagsError,
  text,
  onText,
  onChange,
  onClear,
}: {
  state: LibraryState;
  categories: CategoryResponse[] | null;
  tagsError: string | null;
  text: string;
  onText: (text: string) => void;
  onChange: (next: LibraryState) => void;
  onClear: () => void;
}) {
  const selectedCount = Object.values(state.filters).reduce((n, slugs) => n + slugs.length, 0);
  return (
    <aside aria-label="Filters" className="min-w-0 space-y-5">
      <div className="grid grid-cols-[minmax(0,1fr)_auto] gap-3 lg:grid-cols-1">
        <SearchField id="library-search" label="Search by name" value={text} onChange={onText} placeholder="e.g. Clara" maxLength={100} />
        <Field id="library-sort" label="Sort">
          <select id="library-sort" value={state.sort} onChange={(e) => onChange({ ...state, sort: e.target.value as LibrarySort })} className={inputClass}>
            <Options choices={SORTS} />
          </select>
        </Field>
      </div>

      {tagsError ? <p className="text-sm text-rose-300">Could not load the tag filters: {tagsError}</p> : null}
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
          <legend className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-400">{categoryLabel(category)}</legend>
          {category.tags.length ? (
            <div className="flex flex-wrap gap-2">
              {category.tags.map((tag) => {
                const on = state.filters[category.slug]?.includes(tag.slug) ?? false;
                return (
                  <button
                    key={tag.id}
                    type="button"
                    data-testid="filter-chip"
                    data-tag={tag.slug}
                    aria-pressed={on}
                    onClick={() => onChange(toggleTag(state, category.slug, tag.slug))}
                    className={`inline-flex min-h-8 items-center gap-1 rounded-full border px-3 py-1 text-sm transition-colors focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-violet-300 ${on ? "border-violet-400 bg-violet-600 text-white" : "border-slate-700 text-slate-300 hover:border-slate-500 hover:text-white"}`}
                  >
                    {on ? <span aria-hidden>✓</span> : null}
                    {tag.name}
                  </button>
                );
              })}
            </div>
          ) : (
            <p className="text-xs text-slate-500">No tags yet.</p>
          )}
        </fieldset>
      ))}
      {hasFilters(state) ? (
        <button type="button" onClick={onClear} className="text-sm text-violet-300 underline-offset-2 hover:underline">
          Clear filters{selectedCount ? ` (${selectedCount})` : ""}
        </button>
      ) : null}
    </aside>
  );
}
