"use client";
// Admin: every public avatar in any status (GET /api/avatars/public?status=processing,ready,failed),
// with create, edit, retry and delete. Avatars still processing are re-read every 2 s until they end.
import { useCallback, useEffect, useState } from "react";
import { ApiClientError, api } from "../_lib/api-client";
import { usePolling } from "../_lib/use-polling";
import type { AvatarResponse } from "@/_shared/schemas/avatar";
import type { PublicAvatarListResponse } from "@/_shared/schemas/public-avatar";
import type { CategoryResponse, TagListResponse } from "@/_shared/schemas/tag";
import { fetchPublicAvatars, type PublicAvatarsOutcome } from "../library/fetch-public-avatars";
import { buttonClass, EmptyState, ErrorBox, inputClass, Spinner } from "../_components/ui";
import { orderCategories } from "../library/library-query";
import { AdminAvatarRow } from "./admin-avatar-row";
import { PublicAvatarCreate } from "./public-avatar-create";

const PAGE_SIZE = 20;
const ALL = "processing,ready,failed";

export function PublicAvatarsAdmin() {
  const [categories, setCategories] = useState<CategoryResponse[] | null>(null);
  const [status, setStatus] = useState(ALL);
  const [q, setQ] = useState("");
  const [query, setQuery] = useState("");
  const [list, setList] = useState<(PublicAvatarListResponse & { key: string }) | null>(null);
  const [error, setError] = useState<{ key: string; message: string } | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [creating, setCreating] = useState(false);
  const [more, setMore] = useState(false);

  const key = new URLSearchParams({ status, sort: "newest", ...(query ? { q: query } : {}) }).toString();

  useEffect(() => {
    const timer = setTimeout(() => setQuery(q.trim()), 300);
    return () => clearTimeout(timer);
  }, [q]);

  useEffect(() => {
    let live = true;
    api<TagListResponse>("/api/tags")
      .then((reply) => live && setCategories(orderCategories(reply.categories)))
      .catch(() => live && setCategories([]));
    return () => {
      live = false;
    };
  }, []);

  const apply = useCallback((outcome: PublicAvatarsOutcome) => {
    if ("error" in outcome) return setError({ key: outcome.key, message: outcome.error });
    setError(null);
    setList({ ...outcome.reply, key: outcome.key });
  }, []);
  useEffect(() => {
    let live = true;
    void fetchPublicAvatars(key, 1, PAGE_SIZE).then((outcome) => live && apply(outcome));
    return () => {
      live = false;
    };
  }, [key, attempt, apply]);

  const replace = (avatar: AvatarResponse) => setList((l) => l && { ...l, avatars: l.avatars.map((a) => (a.id === avatar.id ? avatar : a)) });
  const remove = (id: string) => setList((l) => l && { ...l, total: l.total - 1, avatars: l.avatars.filter((a) => a.id !== id) });

  // Follow the avatars being made, one GET each (a handful at a time at most).
  const processing = list?.avatars.filter((a) => a.status === "processing").map((a) => a.id) ?? [];
  const follow = async () => {
    for (const id of processing) {
      try {
        replace(await api<AvatarResponse>(`/api/avatars/public/${encodeURIComponent(id)}`));
      } catch (e) {
        if (e instanceof ApiClientError && e.status === 404) remove(id);
      }
    }
  };
  usePolling(follow, 2000, processing.length > 0);

  async function loadMore() {
    if (!list) return;
    setMore(true);
    const outcome = await fetchPublicAvatars(list.key, list.page + 1, PAGE_SIZE);
    setMore(false);
    if ("error" in outcome) return setError({ key: outcome.key, message: outcome.error });
    setList((l) => (l && l.key === outcome.key ? { ...outcome.reply, key: l.key, avatars: [...l.avatars, ...outcome.reply.avatars.filter((a) => !l.avatars.some((b) => b.id === a.id))] } : l));
  }

  const loading = list?.key !== key && error?.key !== key;
  return (
    <div className="space-y-5">
      {creating && categories ? (
        <PublicAvatarCreate
          categories={categories}
          onClose={() => setCreating(false)}
          onCreated={(avatar) => setList((l) => (l ? { ...l, total: l.total + 1, avatars: [avatar, ...l.avatars] } : l))}
        />
      ) : (
        <button type="button" className={buttonClass.primary} onClick={() => setCreating(true)} disabled={!categories}>
          + New public avatar
        </button>
      )}

      <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_200px]">
        <div>
          <label htmlFor="admin-avatar-search" className="mb-1 block text-sm font-medium text-slate-300">
            Search by name
          </label>
          <input id="admin-avatar-search" type="search" value={q} onChange={(e) => setQ(e.target.value)} className={inputClass} autoComplete="off" />
        </div>
        <div>
          <label htmlFor="admin-avatar-status" className="mb-1 block text-sm font-medium text-slate-300">
            Status
          </label>
          <select id="admin-avatar-status" value={status} onChange={(e) => setStatus(e.target.value)} className={inputClass}>
            <option value={ALL}>All statuses</option>
            <option value="processing">Processing</option>
            <option value="ready">Ready</option>
            <option value="failed">Failed</option>
          </select>
        </div>
      </div>

      {error?.key === key ? (
        <ErrorBox message={`Could not load the public avatars: ${error.message}`} onRetry={() => setAttempt((n) => n + 1)} />
      ) : !list || !categories ? (
        <Spinner label="Loading public avatars" />
      ) : list.avatars.length === 0 ? (
        <EmptyState title={query || status !== ALL ? "No public avatars match" : "No public avatars yet"}>Create the first one with “New public avatar”.</EmptyState>
      ) : (
        <>
          <p className="text-sm text-slate-400" aria-live="polite">
            {list.total} {list.total === 1 ? "avatar" : "avatars"}
            {processing.length ? ` · ${processing.length} processing` : ""}
            {loading ? " · updating…" : ""}
          </p>
          <ul className={`grid gap-3 md:grid-cols-2 ${loading ? "opacity-60" : ""}`}>
            {list.avatars.map((avatar) => (
              <AdminAvatarRow key={avatar.id} avatar={avatar} categories={categories} onChange={replace} onRemoved={remove} />
            ))}
          </ul>
          {list.hasMore ? (
            <div className="text-center">
              <button type="button" className={buttonClass.secondary} onClick={() => void loadMore()} disabled={more}>
                {more ? "Loading…" : "Load more"}
              </button>
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}
