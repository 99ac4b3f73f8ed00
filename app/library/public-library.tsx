"use client";
// The public avatar library: tag chips per category (OR within a category, AND across, as the API
// does), a debounced name search, sort, and "Load more". The selection lives in the URL.
import { useSearchParams } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { errorMessage } from "../_lib/api-client";
import { useApi, useResource } from "../_lib/use-resource";
import type { TagListResponse } from "@/_shared/schemas/tag";
import { appendPage, fetchPublicAvatars } from "./fetch-public-avatars";
import { buttonClass, EmptyState, ErrorBox, LoadMoreButton, Spinner } from "../_components/ui";
import { AvatarCard, UseInBRollLink } from "./avatar-card";
import { CardSkeletons } from "./card-skeletons";
import { LibraryFilters } from "./library-filters";
import { hasFilters, knownFiltersOnly, libraryParams, orderCategories, parseLibraryState, type LibraryState } from "./library-query";

const PAGE_SIZE = 24;

function navigate(next: LibraryState, mode: "push" | "replace") {
  const query = libraryParams(next).toString();
  const url = `/library${query ? `?${query}` : ""}`;
  if (mode === "push") window.history.pushState(null, "", url);
  else window.history.replaceState(null, "", url);
}

export function PublicLibrary() {
  const searchParams = useSearchParams();
  const state = useMemo(() => parseLibraryState(new URLSearchParams(searchParams.toString())), [searchParams]);
  const tags = useApi<TagListResponse>("/api/tags");
  const categories = useMemo(() => (tags.data ? orderCategories(tags.data.categories) : null), [tags.data]);
  const tagsError = tags.error ? errorMessage(tags.error) : null;
  // The list's key is its query: filters on tags that no longer exist are dropped once the tags are known.
  const key = libraryParams(categories ? knownFiltersOnly(state, categories) : state).toString();
  const list = useResource(key, (signal) => fetchPublicAvatars(key, 1, PAGE_SIZE, signal));
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);

  // The search box: typed text, sent to the URL (and the API) 300 ms after the last key.
  const [text, setText] = useState(state.q);
  const [syncedQ, setSyncedQ] = useState(state.q);
  if (syncedQ !== state.q) {
    // The URL's q changed from outside the box (cleared filters, back button): show it.
    setSyncedQ(state.q);
    if (text.trim() !== state.q) setText(state.q);
  }
  const stateRef = useRef(state);
  useEffect(() => {
    stateRef.current = state;
  }, [state]);
  useEffect(() => {
    if (text.trim() === stateRef.current.q) return;
    const timer = setTimeout(() => navigate({ ...stateRef.current, q: text.trim() }, "replace"), 300);
    return () => clearTimeout(timer);
  }, [text]);

  async function loadMore() {
    const forKey = list.dataKey;
    if (!list.latest || forKey === null) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const next = await fetchPublicAvatars(forKey, list.latest.page + 1, PAGE_SIZE);
      list.mutate((current, key) => (current && key === forKey ? appendPage(current, next) : current));
    } catch (error) {
      setMoreError(errorMessage(error));
    } finally {
      setLoadingMore(false);
    }
  }

  const clear = () => {
    setText("");
    navigate({ q: "", sort: state.sort, filters: {} }, "push");
  };
  const error = list.error ? errorMessage(list.error) : null;
  const loading = !error && list.loading;
  // The previous answer stays on screen (dimmed) while the next query loads.
  const loaded = list.latest ?? null;
  const shown = list.data ?? null;

  return (
    <div className="grid gap-6 lg:grid-cols-[240px_minmax(0,1fr)]">
      <LibraryFilters
        state={state}
        categories={categories}
        tagsError={tagsError}
        text={text}
        onText={setText}
        onChange={(next) => navigate(next, "push")}
        onClear={clear}
      />
      <section aria-label="Avatars" className="min-w-0">
        <div className="mb-3 flex min-h-9 flex-wrap items-center justify-between gap-3">
          <p className="text-sm text-slate-400" aria-live="polite" data-testid="library-total">
            {shown ? `${shown.total} ${shown.total === 1 ? "avatar" : "avatars"}` : loading ? "Searching…" : ""}
          </p>
          {loading && loaded ? <Spinner label="Updating" /> : null}
        </div>
        {error ? (
          <div className="space-y-3">
            <ErrorBox message={`Could not load the library: ${error}`} onRetry={() => void list.refetch()} />
            {hasFilters(state) ? (
              <button type="button" className={buttonClass.secondary} onClick={clear}>
                Clear filters
              </button>
            ) : null}
          </div>
        ) : !loaded ? (
          <CardSkeletons count={8} />
        ) : loaded.avatars.length === 0 ? (
          hasFilters(state) || loading ? (
            <EmptyState title="No avatars match these filters">
              <p>Try fewer tags or another name.</p>
              <button type="button" className={`${buttonClass.secondary} mt-4`} onClick={clear}>
                Clear filters
              </button>
            </EmptyState>
          ) : (
            <EmptyState title="The library is empty for now">Admins add avatars here; in the meantime, make your own in the avatar studio.</EmptyState>
          )
        ) : (
          <>
            <ul className={`grid grid-cols-1 gap-4 transition-opacity sm:grid-cols-2 xl:grid-cols-3 ${loading ? "opacity-60" : ""}`} aria-busy={loading}>
              {loaded.avatars.map((avatar) => (
                <li key={avatar.id} className="min-w-0">
                  <AvatarCard avatar={avatar} actions={<UseInBRollLink imageUrl={avatar.imageUrl} name={avatar.name} />} />
                </li>
              ))}
            </ul>
            <div className="mt-6 flex flex-col items-center gap-2">
              <p className="text-xs text-slate-500">
                Showing {loaded.avatars.length} of {loaded.total}
              </p>
              {loaded.hasMore ? (
                <LoadMoreButton loading={loadingMore} disabled={loading} onClick={() => void loadMore()} />
              ) : null}
              <ErrorBox message={moreError} onRetry={() => void loadMore()} />
            </div>
          </>
        )}
      </section>
    </div>
  );
}
