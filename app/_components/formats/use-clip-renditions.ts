"use client";
// A clip's renditions and posters, newest first: read once when the panel opens, then kept current
// by the tab's event stream (a `rendition` event per change: progress, ready, failed; and
// `rendition-deleted` when one is deleted, here or in another tab). While the
// stream is down, the list is read again every FALLBACK_POLL_MS as long as one is being made, as
// the app's other lists do; when the stream comes back, it is read once (what was missed meanwhile).
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { RenditionResponse } from "@/_shared/schemas/rendition";
import { useDeletedRenditions, useProgressStreamUp, useRenditionUpdates } from "../../_lib/use-progress";
import { useApi } from "../../_lib/use-resource";

const FALLBACK_POLL_MS = 2000;

const newer = (a: RenditionResponse, b: RenditionResponse) => Date.parse(String(a.updatedAt)) >= Date.parse(String(b.updatedAt));

export function useClipRenditions(clipId: string) {
  const streamUp = useProgressStreamUp();
  const pushed = useRenditionUpdates();
  const deletedElsewhere = useDeletedRenditions();
  const list = useApi<{ renditions: RenditionResponse[] }>(`/api/renditions?clipId=${encodeURIComponent(clipId)}`, {
    pollMs: FALLBACK_POLL_MS,
    pollWhile: (data) => !streamUp && Boolean(data?.renditions.some((r) => r.status === "processing")),
  });
  const { refetch, mutate } = list;
  // Deleted here: a pushed copy must not bring it back.
  const [gone, setGone] = useState<ReadonlySet<string>>(new Set());
  const wasUp = useRef(streamUp);
  useEffect(() => {
    if (streamUp && !wasUp.current) void refetch();
    wasUp.current = streamUp;
  }, [streamUp, refetch]);

  const read = list.data?.renditions;
  const renditions = useMemo(() => {
    if (!read) return null;
    const known = new Set(read.map((r) => r.id));
    // Made elsewhere (another tab, another user of a public avatar) since the list was read.
    const added = [...pushed.values()].filter((r) => r.clipId === clipId && !known.has(r.id) && !gone.has(r.id) && !deletedElsewhere.has(r.id));
    const current = read.filter((r) => !deletedElsewhere.has(r.id)).map((r) => {
      const update = pushed.get(r.id);
      return update && newer(update, r) ? update : r;
    });
    return [...added.sort((a, b) => Date.parse(String(b.createdAt)) - Date.parse(String(a.createdAt))), ...current];
  }, [read, pushed, clipId, gone, deletedElsewhere]);

  /** A rendition just made (or found made) here: first in the list. */
  const added = useCallback((made: RenditionResponse) => mutate((data) => ({ renditions: [made, ...(data?.renditions ?? []).filter((r) => r.id !== made.id)] })), [mutate]);
  /** A rendition deleted here. */
  const removed = useCallback(
    (id: string) => {
      setGone((current) => new Set(current).add(id));
      mutate((data) => data && { renditions: data.renditions.filter((r) => r.id !== id) });
    },
    [mutate],
  );
  return { renditions, error: list.error, refetch, added, removed };
}
