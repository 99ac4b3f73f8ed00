"use client";
// The public avatar library: tag chips per category with counts (OR within a category, AND across, as
// the API does), a debounced name search, sort (newest, oldest, name, most used), the signed-in
// user's favourites, and "Load more". The selection lives in the URL. Desktops show the filters
// beside a dense grid; phones open them in a bottom sheet ("Filters (3)").
import { useTranslations } from "next-intl";
import { useSearchParams } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { errorMessage } from "../_lib/api-client";
import { useFormat } from "../_lib/use-format";
import { useApi, useResource } from "../_lib/use-resource";
import type { TagCountsResponse } from "@/_shared/schemas/library";
import type { PublicAvatarListItem } from "@/_shared/schemas/public-avatar";
import type { TagListResponse } from "@/_shared/schemas/tag";
import { appendPage, fetchPublicAvatars } from "./fetch-public-avatars";
import { buttonClass, EmptyState, ErrorBox, LoadMoreButton, Spinner } from "../_components/ui";
import { AddToProjectButton } from "./add-to-project";
import { AvatarCard, cardActionClass, UseInBRollLink } from "./avatar-card";
import { ProvenanceButton } from "../_components/provenance-panel";
import { CardSkeletons, DENSE_GRID } from "./card-skeletons";
import { FavoriteButton } from "./favorite-button";
import { FormatsButton } from "./formats-button";
import { LibraryFilters } from "./library-filters";
import { activeFilterCount, hasFilters, knownFiltersOnly, libraryParams, orderCategories, parseLibraryState, type LibraryState } from "./library-query";
import { ModalDialog } from "./modal-dialog";

const PAGE_SIZE = 30;

function navigate(next: LibraryState, mode: "push" | "replace") {
  const query = libraryParams(next).toString();
  const url = `/library${query ? `?${query}` : ""}`;
  if (mode === "push") window.history.pushState(null, "", url);
  else window.history.replaceState(null, "", url);
}

export function PublicLibrary({ signedIn, isAdmin = false, animatePrice }: { signedIn: boolean; isAdmin?: boolean; animatePrice: number }) {
  const t = useTranslations("library");
  const format = useFormat();
  const searchParams = useSearchParams();
  const parsed = useMemo(() => parseLibraryState(new URLSearchParams(searchParams.toString())), [searchParams]);
  // Favourites are a signed-in user's: a shared link with favorites=true shows the whole library to others.
  const state = useMemo(() => (signedIn ? parsed : { ...parsed, favorites: false }), [parsed, signedIn]);
  const tags = useApi<TagListResponse>("/api/tags");
  const categories = useMemo(() => (tags.data ? orderCategories(tags.data.categories) : null), [tags.data]);
  const tagsError = tags.error ? errorMessage(tags.error) : null;
  // The list's key is its query: filters on tags that no longer exist are dropped once the tags are known.
  const key = libraryParams(categories ? knownFiltersOnly(state, categories) : state).toString();
  const list = useResource(key, (signal) => fetchPublicAvatars(key, 1, PAGE_SIZE, signal));
  const counts = useApi<TagCountsResponse>(categories ? `/api/avatars/public/tag-counts${key ? `?${key}` : ""}` : null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  const [sheetOpen, setSheetOpen] = useState(false);

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

  /** A star changed: the page's copy follows; in the favourites view an unstarred avatar leaves it. */
  function starred(id: string, favorite: boolean) {
    list.mutate((current) => {
      if (!current) return current;
      if (state.favorites && !favorite) return { ...current, total: Math.max(0, current.total - 1), avatars: current.avatars.filter((a) => a.id !== id) };
      return { ...current, avatars: current.avatars.map((a) => (a.id === id ? { ...a, favorite } : a)) };
    });
    if (state.favorites) void counts.refetch();
  }

  const clear = () => {
    setText("");
    navigate({ q: "", sort: state.sort, favorites: false, filters: {} }, "push");
  };
  const error = list.error ? errorMessage(list.error) : null;
  const loading = !error && list.loading;
  // The previous answer stays on screen (dimmed) while the next query loads.
  const loaded = list.latest ?? null;
  const shown = list.data ?? null;
  const filterCount = activeFilterCount(state);

  const filters = (idPrefix: string) => (
    <LibraryFilters
      idPrefix={idPrefix}
      state={state}
      categories={categories}
      counts={counts.data?.counts ?? null}
      tagsError={tagsError}
      signedIn={signedIn}
      text={text}
      onText={setText}
      onChange={(next) => navigate(next, "push")}
      onClear={clear}
    />
  );

  const card = (avatar: PublicAvatarListItem) => (
    <AvatarCard
      dense
      avatar={avatar}
      corner={signedIn ? <FavoriteButton avatarId={avatar.id} name={avatar.name} initial={avatar.favorite ?? false} onChange={(on) => starred(avatar.id, on)} /> : undefined}
      actions={
        <>
          {signedIn ? <AddToProjectButton avatarId={avatar.id} name={avatar.name} /> : null}
          <UseInBRollLink imageUrl={avatar.imageUrl} name={avatar.name} price={animatePrice} />
          {signedIn ? <FormatsButton avatar={avatar} canDeleteShared={isAdmin} /> : null}
          <ProvenanceButton of={{ type: "public-avatar", id: avatar.id, name: avatar.name }} className={cardActionClass.secondary} />
        </>
      }
    />
  );

  return (
    <div className="grid gap-6 lg:grid-cols-[220px_minmax(0,1fr)]">
      <aside aria-label={t("filters.title")} className="hidden lg:block">
        {filters("library")}
      </aside>
      <section aria-label={t("avatars")} className="min-w-0">
        <div className="mb-3 flex min-h-9 flex-wrap items-center justify-between gap-3">
          <p className="text-sm text-slate-400" aria-live="polite" data-testid="library-total">
            {shown ? t("total", { count: shown.total }) : loading ? t("searching") : ""}
          </p>
          <div className="flex items-center gap-3">
            {loading && loaded ? <Spinner label={t("updating")} /> : null}
            <button type="button" className={`${buttonClass.secondary} lg:hidden`} data-testid="open-filters" onClick={() => setSheetOpen(true)}>
              {filterCount ? t("filters.openWithCount", { count: filterCount }) : t("filters.open")}
            </button>
          </div>
        </div>
        {error ? (
          <div className="space-y-3">
            <ErrorBox message={t("loadError", { error })} onRetry={() => void list.refetch()} />
            {hasFilters(state) ? (
              <button type="button" className={buttonClass.secondary} onClick={clear}>
                {t("filters.clear", { count: 0 })}
              </button>
            ) : null}
          </div>
        ) : !loaded ? (
          <CardSkeletons count={10} className={DENSE_GRID} />
        ) : loaded.avatars.length === 0 ? (
          state.favorites && !state.q && Object.keys(state.filters).length === 0 ? (
            <EmptyState title={t("empty.favoritesTitle")}>
              <p>{t("empty.favoritesBody")}</p>
              <button type="button" className={`${buttonClass.secondary} mt-4`} onClick={clear}>
                {t("empty.showAll")}
              </button>
            </EmptyState>
          ) : hasFilters(state) || loading ? (
            <EmptyState title={t("empty.filteredTitle")}>
              <p>{t("empty.filteredBody")}</p>
              <button type="button" className={`${buttonClass.secondary} mt-4`} onClick={clear}>
                {t("filters.clear", { count: 0 })}
              </button>
            </EmptyState>
          ) : (
            <EmptyState title={t("empty.libraryTitle")}>{t("empty.libraryBody")}</EmptyState>
          )
        ) : (
          <>
            <ul className={`${DENSE_GRID} transition-opacity ${loading ? "opacity-60" : ""}`} aria-busy={loading}>
              {loaded.avatars.map((avatar) => (
                <li key={avatar.id} className="min-w-0">
                  {card(avatar)}
                </li>
              ))}
            </ul>
            <div className="mt-6 flex flex-col items-center gap-2">
              <p className="text-xs text-slate-500">{t("showing", { shown: format.number(loaded.avatars.length), total: format.number(loaded.total) })}</p>
              {loaded.hasMore ? <LoadMoreButton loading={loadingMore} disabled={loading} onClick={() => void loadMore()} label={t("loadMore")} /> : null}
              <ErrorBox message={moreError} onRetry={() => void loadMore()} />
            </div>
          </>
        )}
      </section>
      <ModalDialog open={sheetOpen} onClose={() => setSheetOpen(false)} title={t("filters.title")} sheet testId="filter-sheet">
        {sheetOpen ? (
          <>
            {filters("sheet")}
            <button type="button" className={`${buttonClass.primary} mt-5 w-full`} onClick={() => setSheetOpen(false)} data-testid="sheet-done">
              {shown ? t("filters.showResults", { count: shown.total }) : t("filters.done")}
            </button>
          </>
        ) : null}
      </ModalDialog>
    </div>
  );
}
