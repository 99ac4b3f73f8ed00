"use client";
// Admin: the tag library per category. Create (POST /api/tags), rename inline (PATCH /api/tags/:id),
// delete after a confirmation (DELETE /api/tags/:id, which also removes the tag from every avatar).
import { useMemo, useState } from "react";
import { ApiClientError, api, errorMessage } from "../_lib/api-client";
import { useApi } from "../_lib/use-resource";
import { buttonClass, cardClass, ConfirmDelete, EmptyState, ErrorBox, Spinner } from "../_components/ui";
import { createTagBody, renameTagBody, type CategoryResponse, type TagListResponse, type TagResponse, type TagSummary } from "@/_shared/schemas/tag";
import { categoryLabel, orderCategories } from "../library/library-query";
import { controlProps, Field, FieldError, inputClass, issuesToFieldErrors, Options } from "../_components/form";
import { withoutError } from "../_lib/use-api-form";

export function TagsAdmin() {
  const tags = useApi<TagListResponse>("/api/tags");
  const categories = useMemo(() => (tags.data ? orderCategories(tags.data.categories) : null), [tags.data]);
  const error = tags.error ? errorMessage(tags.error) : null;
  const refresh = tags.refetch;

  if (error && !categories) return <ErrorBox message={`Could not load the tags: ${error}`} onRetry={() => void refresh()} />;
  if (!categories) return <Spinner label="Loading tags" />;
  return (
    <div className="space-y-6">
      <CreateTagForm categories={categories} onCreated={() => void refresh()} />
      {categories.length === 0 ? <EmptyState title="No tag categories">The seed creates sexe, age and industrie; run the migrations and the seed.</EmptyState> : null}
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
        {categories.map((category) => (
          <section key={category.slug} className={`${cardClass} p-4`} aria-labelledby={`cat-${category.slug}`} data-testid="tag-category">
            <h3 id={`cat-${category.slug}`} className="flex items-baseline justify-between text-base font-semibold text-white">
              {categoryLabel(category)}
              <span className="text-xs font-normal text-slate-500">
                {category.tags.length} {category.tags.length === 1 ? "tag" : "tags"} · ?{category.slug}=
              </span>
            </h3>
            {category.tags.length ? (
              <ul className="mt-3 divide-y divide-slate-800">
                {category.tags.map((tag) => (
                  <TagRow key={tag.id} tag={tag} onChanged={() => void refresh()} />
                ))}
              </ul>
            ) : (
              <p className="mt-3 text-sm text-slate-500">No tags yet. Add one above.</p>
            )}
          </section>
        ))}
      </div>
    </div>
  );
}

function CreateTagForm({ categories, onCreated }: { categories: CategoryResponse[]; onCreated: () => void }) {
  const [name, setName] = useState("");
  const [categorySlug, setCategorySlug] = useState(categories[0]?.slug ?? "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setDone(null);
    const parsed = createTagBody.safeParse({ name, categorySlug });
    if (!parsed.success) return setErrors(issuesToFieldErrors(parsed.error.issues));
    setErrors({});
    setBusy(true);
    try {
      const tag = await api<TagResponse>("/api/tags", { body: parsed.data });
      setName("");
      setDone(`Added “${tag.name}” (${tag.slug}).`);
      onCreated();
    } catch (error) {
      if (error instanceof ApiClientError && error.status === 409) setErrors({ name: "A tag with this name (or slug) already exists." });
      else if (error instanceof ApiClientError && error.status === 400 && error.details.length) setErrors(error.fieldErrors());
      else setErrors({ form: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className={`${cardClass} grid gap-3 p-4 sm:grid-cols-[minmax(0,1fr)_200px_auto] sm:items-start`} aria-label="Create a tag">
      <Field id="tag-name" label="New tag" error={errors.name} hint="Its filter value (slug) is made from the name: “Médical” → medical.">
        <input {...controlProps("tag-name", errors.name, "hint")} value={name}
          onChange={(e) => {
            setName(e.target.value);
            setErrors((found) => withoutError(found, "name"));
          }}
          className={inputClass}
          placeholder="e.g. Assurance"
          maxLength={60}
          autoComplete="off"
        />
      </Field>
      <Field id="tag-category" label="Category" error={errors.categorySlug}>
        <select {...controlProps("tag-category", errors.categorySlug)} value={categorySlug}
          onChange={(e) => {
            setCategorySlug(e.target.value);
            setErrors((found) => withoutError(found, "categorySlug"));
          }}
          className={inputClass}
        >
          <Options choices={categories.map((c) => ({ value: c.slug, label: categoryLabel(c) }))} />
        </select>
      </Field>
      <button type="submit" className={`${buttonClass.primary} sm:mt-6`} disabled={busy}>
        {busy ? "Adding…" : "Add tag"}
      </button>
      <div className="sm:col-span-3" aria-live="polite">
        <ErrorBox message={errors.form} />
        {done ? <p className="text-sm text-emerald-300">{done}</p> : null}
      </div>
    </form>
  );
}

function TagRow({ tag, onChanged }: { tag: TagSummary; onChanged: () => void }) {
  const [mode, setMode] = useState<"view" | "rename" | "confirm">("view");
  const [name, setName] = useState(tag.name);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function rename(event: React.FormEvent) {
    event.preventDefault();
    const parsed = renameTagBody.safeParse({ name });
    if (!parsed.success) return setError(issuesToFieldErrors(parsed.error.issues).name ?? parsed.error.issues[0].message);
    if (parsed.data.name === tag.name) return setMode("view");
    setBusy(true);
    try {
      await api(`/api/tags/${encodeURIComponent(tag.id)}`, { method: "PATCH", body: parsed.data });
      setMode("view");
      setError(null);
      onChanged();
    } catch (e) {
      setError(e instanceof ApiClientError && e.status === 409 ? "Another tag already has this name." : errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    setBusy(true);
    try {
      await api(`/api/tags/${encodeURIComponent(tag.id)}`, { method: "DELETE" });
      onChanged();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }

  const inputId = `rename-${tag.id}`;
  return (
    <li className="py-2" data-testid="tag-row" data-tag={tag.slug}>
      {mode === "rename" ? (
        <form onSubmit={rename} noValidate className="flex flex-wrap items-center gap-2" onKeyDown={(e) => e.key === "Escape" && setMode("view")}>
          <label htmlFor={inputId} className="sr-only">
            New name for {tag.name}
          </label>
          <input {...controlProps(inputId, error ?? undefined)} value={name}
            onChange={(e) => {
              setName(e.target.value);
              setError(null); // the user is fixing it
            }}
            className={`${inputClass} min-w-0 flex-1`}
            maxLength={60}
            autoFocus
          />
          <button type="submit" className={`${buttonClass.primary} px-3 py-1.5`} disabled={busy}>
            Save
          </button>
          <button
            type="button"
            className={`${buttonClass.secondary} px-3 py-1.5`}
            onClick={() => {
              setMode("view");
              setName(tag.name);
              setError(null);
            }}
          >
            Cancel
          </button>
        </form>
      ) : mode === "confirm" ? (
        <ConfirmDelete label={`Delete ${tag.name}?`} busy={busy} onConfirm={() => void remove()} onCancel={() => setMode("view")}>
          <p className="min-w-0 flex-1 text-sm text-rose-200">Delete “{tag.name}”? It is removed from every avatar.</p>
        </ConfirmDelete>
      ) : (
        <div className="flex items-center gap-2">
          <span className="min-w-0 flex-1 truncate text-sm text-slate-100">
            {tag.name} <span className="font-mono text-xs text-slate-500">{tag.slug}</span>
          </span>
          <button type="button" className="rounded-lg px-2 py-1 text-xs text-slate-300 hover:bg-slate-800 hover:text-white" onClick={() => {
              setName(tag.name);
              setError(null);
              setMode("rename");
            }}
            aria-label={`Rename ${tag.name}`}>
            Rename
          </button>
          <button type="button" className="rounded-lg px-2 py-1 text-xs text-rose-300 hover:bg-rose-500/10" onClick={() => setMode("confirm")} aria-label={`Delete ${tag.name}`}>
            Delete
          </button>
        </div>
      )}
      <FieldError id={inputId} error={error} />
    </li>
  );
}
