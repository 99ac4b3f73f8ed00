"use client";
// The one way components read the API: a resource named by a key (usually the GET path) with its
// loading and error state, polling while a predicate holds (something is processing), cancellation
// and refetch, and local changes after a mutation.
//
// Hand-written rather than SWR or TanStack Query. What the pages need is small and specific: abort
// the request a page no longer needs (SWR never aborts a fetch: it only ignores late answers),
// poll with a stop condition, keep the last answer on screen while another key loads or a refresh
// fails, and apply the reply of a create/rename/retry at once without the next poll undoing it.
// TanStack Query does all of that, but costs ~13 kB gzipped and a provider in the root layout for
// a shared cache that would serve nothing here: every resource has one owner on its page (lists
// and the cards inside them are fed by the list), so cross-component dedupe and invalidation have
// nothing to dedupe. The dedupe that matters is per resource: one request at a time, polls never
// stack on a slow request, and the newest question wins (a new key, a refetch or a local change
// aborts the request in flight). If pages start sharing server state, TanStack Query is the move.
import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "./api-client";

/** What a loader resolves to: the new data, or a change applied to the latest data when it arrives. */
export type Answer<T> = T | ((latest: T | undefined) => T | undefined);
/** Loads the resource; `current` is the data of this key so far (undefined on a first load). */
export type Loader<T> = (signal: AbortSignal, current: T | undefined) => Promise<Answer<T>>;

export interface ResourceOptions<T> {
  /** Asks again this long after each answer, while `pollWhile` holds (always, without it). */
  pollMs?: number;
  pollWhile?: (data: T | undefined, error: Error | null) => boolean;
  /** Waits this long before asking (a key that changes again meanwhile asks only once). */
  delayMs?: number;
  /** Called with every successful answer (after it is applied). */
  onData?: (data: T) => void;
}

export interface Resource<T> {
  /** The answer for the current key (undefined until there is one). */
  data: T | undefined;
  /** The latest answer whatever its key, to keep a list on screen while the next one loads. */
  latest: T | undefined;
  /** The key `latest` answers; `stale` when it is not the current key. */
  dataKey: string | null;
  stale: boolean;
  /** The last failure for the current key, cleared by the next success. */
  error: Error | null;
  /** A request for the current key is in flight (first load, poll or refetch). */
  loading: boolean;
  /** Asks again now (aborting a request in flight). */
  refetch: () => Promise<void>;
  /**
   * Changes the data of the current key locally (a mutation's reply, a further page); a refresh in
   * flight is dropped, it predates the change. `key` lets a late change check it is still wanted.
   */
  mutate: (change: (current: T | undefined, key: string) => T | undefined) => void;
}

interface State<T> {
  data: T | undefined;
  dataKey: string | null;
  error: Error | null;
  errorKey: string | null;
  /** The key the last finished request answered, with data or an error. */
  settledKey: string | null;
  pendingKey: string | null;
  /** Bumped by every answer and local change: the poll timer starts again from it. */
  version: number;
}

const INITIAL: State<never> = { data: undefined, dataKey: null, error: null, errorKey: null, settledKey: null, pendingKey: null, version: 0 };

export function useResource<T>(key: string | null, load: Loader<T>, options: ResourceOptions<T> = {}): Resource<T> {
  const { pollMs, pollWhile, delayMs = 0 } = options;
  const [state, setState] = useState<State<T>>(INITIAL);
  const loadRef = useRef(load);
  const onDataRef = useRef(options.onData);
  const keyRef = useRef(key);
  // The data as of the last answer or change, for the loader and the changes that arrive before React renders.
  const latestRef = useRef<{ key: string | null; data: T | undefined }>({ key: null, data: undefined });
  const requestRef = useRef<{ controller: AbortController; refresh: boolean } | null>(null);
  useEffect(() => {
    loadRef.current = load;
    onDataRef.current = options.onData;
    keyRef.current = key;
  });

  const run = useCallback(async (forKey: string) => {
    requestRef.current?.controller.abort();
    const current = latestRef.current.key === forKey ? latestRef.current.data : undefined;
    const request = { controller: new AbortController(), refresh: current !== undefined };
    requestRef.current = request;
    const { signal } = request.controller;
    setState((s) => ({ ...s, pendingKey: forKey }));
    try {
      const answer = await loadRef.current(signal, current);
      if (signal.aborted) return;
      const base = latestRef.current.key === forKey ? latestRef.current.data : undefined;
      const data = typeof answer === "function" ? (answer as (latest: T | undefined) => T | undefined)(base) : answer;
      latestRef.current = { key: forKey, data };
      setState((s) => ({ ...s, data, dataKey: forKey, error: null, errorKey: null, settledKey: forKey, pendingKey: null, version: s.version + 1 }));
      if (data !== undefined) onDataRef.current?.(data);
    } catch (error) {
      if (signal.aborted) return;
      const failure = error instanceof Error ? error : new Error(String(error));
      setState((s) => ({ ...s, error: failure, errorKey: forKey, settledKey: forKey, pendingKey: null, version: s.version + 1 }));
    } finally {
      if (requestRef.current === request) requestRef.current = null;
    }
  }, []);

  // A new key: ask for it (after the delay), dropping whatever the previous key was waiting for.
  useEffect(() => {
    if (key === null) return;
    const timer = setTimeout(() => void run(key), delayMs);
    return () => {
      clearTimeout(timer);
      requestRef.current?.controller.abort();
      requestRef.current = null;
    };
  }, [key, delayMs, run]);

  const data = key !== null && state.dataKey === key ? state.data : undefined;
  const error = key !== null && state.errorKey === key ? state.error : null;
  const loading = key !== null && (state.settledKey !== key || state.pendingKey === key);
  const polling = key !== null && pollMs !== undefined && !loading && (pollWhile?.(data, error) ?? true);
  const { version } = state;

  // One timer per answer: a slow request delays the next poll instead of piling up behind it.
  useEffect(() => {
    if (!polling || key === null) return;
    const timer = setTimeout(() => void run(key), pollMs);
    return () => clearTimeout(timer);
  }, [polling, pollMs, key, version, run]);

  const refetch = useCallback(() => (keyRef.current === null ? Promise.resolve() : run(keyRef.current)), [run]);

  const mutate = useCallback((change: (current: T | undefined, key: string) => T | undefined) => {
    const forKey = keyRef.current;
    if (forKey === null) return;
    const base = latestRef.current.key === forKey ? latestRef.current.data : undefined;
    const next = change(base, forKey);
    if (next === base) return;
    // A first load goes on (its answer is the whole list); a refresh sent before this change would undo it.
    const dropped = requestRef.current?.refresh === true;
    if (dropped) {
      requestRef.current?.controller.abort();
      requestRef.current = null;
    }
    latestRef.current = { key: forKey, data: next };
    setState((s) => ({ ...s, data: next, dataKey: forKey, pendingKey: dropped ? null : s.pendingKey, version: s.version + 1 }));
  }, []);

  return { data, latest: state.data, dataKey: state.dataKey, stale: state.dataKey !== key, error, loading, refetch, mutate };
}

/** A GET of our API as a resource: `path` is the key (null: nothing to load yet). */
export function useApi<T>(path: string | null, options?: ResourceOptions<T>): Resource<T> {
  return useResource<T>(path, (signal) => api<T>(path ?? "", { signal }), options);
}
