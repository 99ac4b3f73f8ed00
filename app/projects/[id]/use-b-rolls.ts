"use client";
// A project's b-rolls as the page shows them: the first page, "load more", local updates after an
// action, and polling while any of them is processing. The list comes from the server on every
// load, so a reload picks running jobs up where they are.
import { useCallback, useRef, useState } from "react";
import type { BRollListResponse, BRollResponse } from "@/_shared/schemas/b-roll";
import { api, ApiClientError } from "../../_lib/api-client";
import { useResource, type Answer } from "../../_lib/use-resource";
import { useJobSettled, useProgressStreamUp } from "../../_lib/use-progress";

const PAGE_SIZE = 24;
const POLL_MS = 2000;

export interface ListState {
  items: BRollResponse[];
  total: number;
  page: number;
  hasMore: boolean;
}

/** The list with a b-roll put in (new ones first) or updated in place. */
function upserted(list: ListState | undefined, bRoll: BRollResponse): ListState {
  if (!list) return { items: [bRoll], total: 1, page: 1, hasMore: false };
  return list.items.some((b) => b.id === bRoll.id)
    ? { ...list, items: list.items.map((b) => (b.id === bRoll.id ? bRoll : b)) }
    : { ...list, items: [bRoll, ...list.items], total: list.total + 1 };
}

function without(list: ListState | undefined, id: string): ListState | undefined {
  return list && { ...list, items: list.items.filter((b) => b.id !== id), total: Math.max(0, list.total - 1) };
}

async function firstPage(base: string, signal: AbortSignal): Promise<ListState> {
  const res = await api<BRollListResponse>(`${base}?limit=${PAGE_SIZE}`, { signal });
  return { items: res.bRolls, total: res.total, page: 1, hasMore: res.hasMore };
}

/**
 * A poll: which b-rolls are still processing (that also brings in ones started elsewhere), then each
 * one that finished since the last poll. Missed requests are asked again on the next poll.
 */
async function pollProcessing(base: string, list: ListState, signal: AbortSignal): Promise<Answer<ListState>> {
  const res = await api<BRollListResponse>(`${base}?status=processing&limit=50`, { signal });
  const still = new Set(res.bRolls.map((b) => b.id));
  const finished = list.items.filter((b) => b.status === "processing" && !still.has(b.id));
  const changes: Array<(l: ListState | undefined) => ListState | undefined> = [...res.bRolls].reverse().map((b) => (l) => upserted(l, b));
  await Promise.all(
    finished.map((b) =>
      api<BRollResponse>(`/api/b-rolls/${b.id}`, { signal }).then(
        (fresh) => changes.push((l) => upserted(l, fresh)),
        (e: unknown) => {
          if (e instanceof ApiClientError && e.status === 404) changes.push((l) => without(l, b.id));
        },
      ),
    ),
  );
  return (latest) => changes.reduce((l, change) => change(l), latest);
}

export function useBRolls(projectId: string) {
  const base = `/api/projects/${encodeURIComponent(projectId)}/b-rolls`;
  // Deleted here: a poll or a page that still lists one must not bring it back.
  const deleted = useRef(new Set<string>());
  const [loadingMore, setLoadingMore] = useState(false);
  // Polled only while the tab's event stream is down; with it, a job's end re-reads the processing ones.
  const streamUp = useProgressStreamUp();
  const resource = useResource(base, (signal, current: ListState | undefined) => (current ? pollProcessing(base, current, signal) : firstPage(base, signal)), {
    pollMs: POLL_MS,
    pollWhile: (list) => !streamUp && Boolean(list?.items.some((b) => b.status === "processing")),
  });
  const { mutate } = resource;
  useJobSettled((settlement) => {
    if (settlement.job.resource?.type === "b-roll") void resource.refetch();
  });

  const upsert = useCallback((bRoll: BRollResponse) => {
    if (!deleted.current.has(bRoll.id)) mutate((list) => upserted(list, bRoll));
  }, [mutate]);

  const remove = useCallback((id: string) => {
    deleted.current.add(id);
    mutate((list) => without(list, id));
  }, [mutate]);

  const list = resource.data;
  const loadMore = useCallback(async () => {
    if (!list) return;
    setLoadingMore(true);
    try {
      const res = await api<BRollListResponse>(`${base}?limit=${PAGE_SIZE}&page=${list.page + 1}`);
      mutate((prev) => {
        if (!prev) return prev;
        const known = new Set(prev.items.map((b) => b.id));
        // New b-rolls shift the pages: skip the ones already shown.
        const fresh = res.bRolls.filter((b) => !known.has(b.id) && !deleted.current.has(b.id));
        return { items: [...prev.items, ...fresh], total: res.total, page: res.page, hasMore: res.hasMore };
      });
    } catch {
      // The button stays: another click asks again.
    } finally {
      setLoadingMore(false);
    }
  }, [base, list, mutate]);

  return {
    list: list ?? null,
    error: resource.error,
    load: resource.refetch,
    loadMore,
    loadingMore,
    upsert,
    remove,
    processingCount: list?.items.filter((b) => b.status === "processing").length ?? 0,
  };
}
