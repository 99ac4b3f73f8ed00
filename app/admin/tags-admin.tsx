"use client";
// Admin: the tag library per category. Create (POST /api/tags), rename inline (PATCH /api/tags/:id),
// delete after a confirmation (DELETE /api/tags/:id, which also removes the tag from every avatar).
// Each tag shows how many public avatars carry it (GET /api/tags?counts=true), and so does its
// delete confirmation.
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { ApiClientError, api, errorMessage } from "../_lib/api-client";
import { useApi } from "../_lib/use-resource";
import { buttonClass, cardClass, ConfirmDelete, EmptyState, ErrorBox, Spinner } from "../_components/ui";
import { createTagBody, renameTagBody, type CategoryResponse, type TagListResponse, type TagResponse, type TagSummary } from "@/_shared/schemas/tag";
import { orderCategories } from "../library/library-query";
import { useFormat } from "../_lib/use-format";
import { controlProps, Field, FieldError, inputClass, issuesToFieldErrors, Options } from "../_components/form";
import { withoutError } from "../_lib/use-api-form";

export function TagsAdmin() {
  const t = useTranslations("admin.tags");
  const format = useFormat();
  const tags = useApi<TagListResponse>("/api/tags?counts=true");
  const categories = useMemo(() => (tags.data ? orderCategories(tags.data.categories) : null), [tags.data]);
  const error = tags.error ? errorMessage(tags.error) : null;
  const refresh = tags.refetch;

  if (error && !categories) return <ErrorBox message={t("loadError", { error })} onRetry={() => void refresh()} />;
  if (!categories) return <Spinner label={t("loading")} />;
  return (
    <div className="space-y-6">
      <CreateTagForm categories={categories} onCreated={() => void refresh()} />
      {categories.length === 0 ? <EmptyState title={t("noCategoriesTitle")}>{t("noCategoriesBody")}</EmptyState> : null}
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2 xl:grid-cols-3">
        {categories.map((category) => (
          <section key={category.slug} className={`${cardClass} min-w-0 p-4`} aria-labelledby={`cat-${category.slug}`} data-testid="tag-category">
            <h3 id={`cat-${category.slug}`} className="flex flex-wrap items-baseline justify-between gap-x-3 text-base font-semibold text-white">
              {format.category(category)}
              <span className="min-w-0 break-all text-xs font-normal text-slate-500">
                {t("tagCount", { count: category.tags.length })} · ?{category.slug}=
              </span>
            </h3>
            {category.tags.length ? (
              <ul className="mt-3 divide-y divide-slate-800">
                {category.tags.map((tag) => (
                  <TagRow key={tag.id} tag={tag} onChanged={() => void refresh()} />
                ))}
              </ul>
            ) : (
              <p className="mt-3 text-sm text-slate-500">{t("noTags")}</p>
            )}
          </section>
        ))}
      </div>
    </div>
  );
}

function CreateTagForm({ categories, onCreated }: { categories: CategoryResponse[]; onCreated: () => void }) {
  const t = useTranslations("admin.tags");
  const format = useFormat();
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
      setDone(t("added", { name: tag.name, slug: tag.slug }));
      onCreated();
    } catch (error) {
      if (error instanceof ApiClientError && error.status === 409) setErrors({ name: t("duplicate") });
      else if (error instanceof ApiClientError && error.status === 400 && error.details.length) setErrors(error.fieldErrors());
      else setErrors({ form: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className={`${cardClass} grid gap-3 p-4 sm:grid-cols-[minmax(0,1fr)_200px_auto] sm:items-start`} aria-label={t("createLabel")}>
      <Field id="tag-name" label={t("newTag")} error={errors.name} hint={t("slugHint")}>
        <input {...controlProps("tag-name", errors.name, "hint")} value={name}
          onChange={(e) => {
            setName(e.target.value);
            setErrors((found) => withoutError(found, "name"));
          }}
          className={inputClass}
          placeholder={t("namePlaceholder")}
          maxLength={60}
          autoComplete="off"
        />
      </Field>
      <Field id="tag-category" label={t("category")} error={errors.categorySlug}>
        <select {...controlProps("tag-category", errors.categorySlug)} value={categorySlug}
          onChange={(e) => {
            setCategorySlug(e.target.value);
            setErrors((found) => withoutError(found, "categorySlug"));
          }}
          className={inputClass}
        >
          <Options choices={categories.map((c) => ({ value: c.slug, label: format.category(c) }))} />
        </select>
      </Field>
      <button type="submit" className={`${buttonClass.primary} sm:mt-6`} disabled={busy}>
        {busy ? t("adding") : t("add")}
      </button>
      <div className="sm:col-span-3" aria-live="polite">
        <ErrorBox message={errors.form} />
        {done ? <p className="text-sm text-emerald-300">{done}</p> : null}
      </div>
    </form>
  );
}

function TagRow({ tag, onChanged }: { tag: TagSummary; onChanged: () => void }) {
  const t = useTranslations("admin.tags");
  const format = useFormat();
  const label = format.tag(tag);
  const count = tag.avatarCount ?? null;
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
      setError(e instanceof ApiClientError && e.status === 409 ? t("nameTaken") : errorMessage(e));
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
            {t("newName", { name: label })}
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
            {t("save")}
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
            {t("cancel")}
          </button>
        </form>
      ) : mode === "confirm" ? (
        <ConfirmDelete label={t("deleteConfirmLabel", { name: label })} busy={busy} onConfirm={() => void remove()} onCancel={() => setMode("view")}>
          <p className="min-w-0 flex-1 text-sm text-rose-200" data-testid="tag-delete-confirm">
            {count === null ? t("deleteConfirm", { name: label }) : t("deleteConfirmCount", { name: label, count })}
          </p>
        </ConfirmDelete>
      ) : (
        <div className="flex items-center gap-2">
          <span className="min-w-0 flex-1 truncate text-sm text-slate-100">
            {label} <span className="font-mono text-xs text-slate-500">{tag.slug}</span>
          </span>
          {count !== null ? (
            <span className="shrink-0 rounded-full bg-slate-800 px-2 py-0.5 text-xs tabular-nums text-slate-300" data-testid="tag-usage" title={t("usageTitle", { count })}>
              {t("usage", { count })}
            </span>
          ) : null}
          <button type="button" className="rounded-lg px-2 py-1 text-xs text-slate-300 hover:bg-slate-800 hover:text-white" onClick={() => {
              setName(tag.name);
              setError(null);
              setMode("rename");
            }}
            aria-label={t("renameLabel", { name: label })}>
            {t("rename")}
          </button>
          <button type="button" className="rounded-lg px-2 py-1 text-xs text-rose-300 hover:bg-rose-500/10" onClick={() => setMode("confirm")} aria-label={t("deleteLabel", { name: label })}>
            {t("delete")}
          </button>
        </div>
      )}
      <FieldError id={inputId} error={error} />
    </li>
  );
}
