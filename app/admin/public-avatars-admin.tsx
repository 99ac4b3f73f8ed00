"use client";
// Admin: every public avatar in any status (GET /api/avatars/public?status=processing,ready,failed),
// with create, edit, retry and delete. Avatars still processing are re-read every 2 s until they end.
import { useTranslations } from "next-intl";
import { useEffect, useMemo, useState } from "react";
import { ApiClientError, api, errorMessage } from "../_lib/api-client";
import { useApi, useResource, type Answer } from "../_lib/use-resource";
import { appendPage, fetchPublicAvatars } from "../library/fetch-public-avatars";
import { buttonClass, EmptyState, ErrorBox, LoadMoreButton, Spinner } from "../_components/ui";
import type { AvatarResponse } from "@/_shared/schemas/avatar";
import type { PublicAvatarListResponse } from "@/_shared/schemas/public-avatar";
import type { TagListResponse } from "@/_shared/schemas/tag";
import { orderCategories } from "../library/library-query";
import { AdminAvatarRow } from "./admin-avatar-row";
import { PublicAvatarCreate } from "./public-avatar-create";
import { Field, inputClass, SearchField } from "../_components/form";

const PAGE_SIZE = 20;
const ALL = "processing,ready,failed";

/** The listing, with avatars as the admin's edits answer them (create, PUT, retry). */
type List = Omit<PublicAvatarListResponse, "avatars"> & { avatars: AvatarResponse[] };

const replaced = (list: List, avatar: AvatarResponse): List => ({ ...list, avatars: list.avatars.map((a) => (a.id === avatar.id ? avatar : a)) });
const removed = (list: List, id: string): List => ({ ...list, total: list.total - 1, avatars: list.avatars.filter((a) => a.id !== id) });

/** One GET per avatar still being made (a handful at a time at most): what became of each. */
async function followProcessing(list: List, signal: AbortSignal): Promise<Answer<List>> {
  const changes: Array<(list: List) => List> = [];
  for (const { id } of list.avatars.filter((a) => a.status === "processing")) {
    try {
      const avatar = await api<AvatarResponse>(`/api/avatars/public/${encodeURIComponent(id)}`, { signal });
      changes.push((l) => replaced(l, avatar));
    } catch (e) {
      signal.throwIfAborted();
      if (e instanceof ApiClientError && e.status === 404) changes.push((l) => removed(l, id));
    }
  }
  return (latest) => latest && changes.reduce((l, change) => change(l), latest);
}

export function PublicAvatarsAdmin() {
  const t = useTranslations("admin.avatars");
  const [status, setStatus] = useState(ALL);
  const [q, setQ] = useState("");
  const [query, setQuery] = useState("");
  const [creating, setCreating] = useState(false);
  const [more, setMore] = useState(false);
  const [moreError, setMoreError] = useState<{ key: string; message: string } | null>(null);

  useEffect(() => {
    const timer = setTimeout(() => setQuery(q.trim()), 300);
    return () => clearTimeout(timer);
  }, [q]);

  const tags = useApi<TagListResponse>("/api/tags");
  // Without the tags the list still works; only the tag pickers are empty.
  const categories = useMemo(() => (tags.data ? orderCategories(tags.data.categories) : tags.error ? [] : null), [tags.data, tags.error]);

  // The first page of the query, then, while some are processing, those followed until they end.
  const key = new URLSearchParams({ status, sort: "newest", ...(query ? { q: query } : {}) }).toString();
  const avatars = useResource(key, (signal, current: List | undefined) => (current ? followProcessing(current, signal) : fetchPublicAvatars(key, 1, PAGE_SIZE, signal)), {
    pollMs: 2000,
    pollWhile: (data) => Boolean(data?.avatars.some((a) => a.status === "processing")),
  });
  const list = avatars.latest ?? null;
  const processing = list?.avatars.filter((a) => a.status === "processing") ?? [];
  const error = (moreError?.key === key ? moreError.message : null) ?? (avatars.error ? errorMessage(avatars.error) : null);
  const loading = avatars.stale && !error;

  async function loadMore() {
    const forKey = avatars.dataKey;
    if (!list || forKey === null) return;
    setMore(true);
    try {
      const next = await fetchPublicAvatars(forKey, list.page + 1, PAGE_SIZE);
      avatars.mutate((current, key) => (current && key === forKey ? appendPage<AvatarResponse, List>(current, next) : current));
    } catch (e) {
      setMoreError({ key: forKey, message: errorMessage(e) });
    } finally {
      setMore(false);
    }
  }

  const reload = () => {
    setMoreError(null);
    avatars.mutate(() => undefined);
    void avatars.refetch();
  };

  return (
    <div className="space-y-5">
      {creating && categories ? (
        <PublicAvatarCreate
          categories={categories}
          onClose={() => setCreating(false)}
          onCreated={(avatar) => avatars.mutate((l) => l && { ...l, total: l.total + 1, avatars: [avatar, ...l.avatars] })}
        />
      ) : (
        <button type="button" className={buttonClass.primary} onClick={() => setCreating(true)} disabled={!categories}>
          + {t("new")}
        </button>
      )}

      <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_200px]">
        <SearchField id="admin-avatar-search" label={t("search")} value={q} onChange={setQ} />
        <Field id="admin-avatar-status" label={t("status")}>
          <select id="admin-avatar-status" value={status} onChange={(e) => setStatus(e.target.value)} className={inputClass}>
            <option value={ALL}>{t("allStatuses")}</option>
            <option value="processing">{t("statuses.processing")}</option>
            <option value="ready">{t("statuses.ready")}</option>
            <option value="failed">{t("statuses.failed")}</option>
          </select>
        </Field>
      </div>

      {error ? (
        <ErrorBox message={t("loadError", { error })} onRetry={reload} />
      ) : !list || !categories ? (
        <Spinner label={t("loading")} />
      ) : list.avatars.length === 0 ? (
        <EmptyState title={query || status !== ALL ? t("noMatch") : t("emptyTitle")}>{t("emptyBody")}</EmptyState>
      ) : (
        <>
          <p className="text-sm text-slate-400" aria-live="polite">
            {t("total", { count: list.total })}
            {processing.length ? ` · ${t("processing", { count: processing.length })}` : ""}
            {loading ? ` · ${t("updating")}` : ""}
          </p>
          <ul className={`grid gap-3 md:grid-cols-2 ${loading ? "opacity-60" : ""}`}>
            {list.avatars.map((avatar) => (
              <AdminAvatarRow key={avatar.id} avatar={avatar} categories={categories} onChange={(avatar) => avatars.mutate((l) => l && replaced(l, avatar))} onRemoved={(id) => avatars.mutate((l) => l && removed(l, id))} />
            ))}
          </ul>
          {list.hasMore ? (
            <div className="text-center">
              <LoadMoreButton loading={more} onClick={() => void loadMore()} label={t("loadMore")} />
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}
