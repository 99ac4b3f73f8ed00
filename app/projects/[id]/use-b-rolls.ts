"use client";
// A project's b-rolls as the page shows them: the first page, "load more", local updates after an
// action, and polling while any of them is processing. The list comes from the server on every
// load, so a reload picks running jobs up where they are.
import { useCallback, useEffect, useRef, useState } from "react";
import type { BRollListResponse, BRollResponse } from "@/_shared/schemas/b-roll";
import { api, ApiClientError, errorMessage } from "../../_lib/api-client";
import { usePolling } from "../../_lib/use-polling";

const PAGE_SIZE = 24;
const POLL_MS = 2000;

interface ListState {
  items: BRollResponse[];
  total: number;
  page: number;
  hasMore: boolean;
}

export function useBRolls(projectId: string) {
  const [list, setList] = useState<ListState | null>(null);
  const [error, setError] = useState<ApiClientError | Error | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const deleted = useRef(new Set<string>());
  const polling = useRef(false);
  const base = `/api/projects/${encodeURIComponent(projectId)}/b-rolls`;

  const load = useCallback(
    () =>
      api<BRollListResponse>(`${base}?limit=${PAGE_SIZE}`).then(
        (res) => {
          setList({ items: res.bRolls, total: res.total, page: 1, hasMore: res.hasMore });
          setError(null);
        },
        (e: unknown) => setError(e instanceof Error ? e : new Error(errorMessage(e))),
      ),
    [base],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const loadMore = useCallback(async () => {
    if (!list) return;
    setLoadingMore(true);
    try {
      const res = await api<BRollListResponse>(`${base}?limit=${PAGE_SIZE}&page=${list.page + 1}`);
      setList((prev) => {
        if (!prev) return prev;
        const known = new Set(prev.items.map((b) => b.id));
        // New b-rolls shift the pages: skip the ones already shown.
        const fresh = res.bRolls.filter((b) => !known.has(b.id) && !deleted.current.has(b.id));
        return { items: [...prev.items, ...fresh], total: res.total, page: res.page, hasMore: res.hasMore };
      });
    } catch (e) {
      setError(e instanceof Error ? e : new Error(errorMessage(e)));
    } finally {
      setLoadingMore(false);
    }
  }, [base, list]);

  /** Puts a b-roll in the list (new ones first) or updates it in place. */
  const upsert = useCallback((bRoll: BRollResponse) => {
    if (deleted.current.has(bRoll.id)) return;
    setList((prev) => {
      if (!prev) return { items: [bRoll], total: 1, page: 1, hasMore: false };
      const exists = prev.items.some((b) => b.id === bRoll.id);
      return exists
        ? { ...prev, items: prev.items.map((b) => (b.id === bRoll.id ? bRoll : b)) }
        : { ...prev, items: [bRoll, ...prev.items], total: prev.total + 1 };
    });
  }, []);

  const remove = useCallback((id: string) => {
    deleted.current.add(id);
    setList((prev) => (prev ? { ...prev, items: prev.items.filter((b) => b.id !== id), total: Math.max(0, prev.total - 1) } : prev));
  }, []);

  const processing = list?.items.filter((b) => b.status === "processing") ?? [];

  // While something is processing: ask which b-rolls still are (that also brings in ones started
  // elsewhere), then fetch each one that has finished since the last tick.
  usePolling(
    async () => {
      if (polling.current) return;
      polling.current = true;
      try {
        const res = await api<BRollListResponse>(`${base}?status=processing&limit=50`);
        const still = new Set(res.bRolls.map((b) => b.id));
        for (const bRoll of [...res.bRolls].reverse()) upsert(bRoll);
        const finished = processing.filter((b) => !still.has(b.id));
        await Promise.all(
          finished.map((b) =>
            api<BRollResponse>(`/api/b-rolls/${b.id}`).then(upsert, (e: unknown) => {
              if (e instanceof ApiClientError && e.status === 404) remove(b.id);
            }),
          ),
        );
      } catch {
        // A missed tick is retried on the next one.
      } finally {
        polling.current = false;
      }
    },
    POLL_MS,
    processing.length > 0,
  );

  return { list, error, load, loadMore, loadingMore, upsert, remove, processingCount: processing.length };
}
