"use client";
// The tab's one connection to GET /api/events: an EventSource opened when the first component
// subscribes, holding the latest update of each job (by its avatar or b-roll), of each rendition
// (by its id) and today's spend.
// Components read it through the hooks of use-progress.ts; none of them polls. While the stream is
// down (EventSource reconnects by itself, every 3 s) the same endpoint is read as JSON every
// FALLBACK_POLL_MS, so progress and spend keep moving; the stream's next snapshot takes over.
import type { EventSnapshot, JobUpdate, SpendUpdate } from "@/_shared/schemas/events";
import type { RenditionResponse } from "@/_shared/schemas/rendition";

const FALLBACK_POLL_MS = 5000;
/** How long the stream may be down before the fallback reads start. */
const FALLBACK_AFTER_MS = 4000;

export type ResourceType = NonNullable<JobUpdate["resource"]>["type"];
export const resourceKey = (type: ResourceType, id: string) => `${type}:${id}`;

/** A job update with the tab's clock at arrival: progress moves on between updates from it. */
export interface TrackedJob extends JobUpdate {
  receivedAt: number;
}

/** A job this tab saw running that has now ended. */
export interface Settlement {
  job: TrackedJob;
  outcome: "ready" | "failed";
}

interface State {
  jobs: Map<string, TrackedJob>;
  /** Renditions pushed since the tab opened the stream (what a panel lists is read when it opens). */
  renditions: Map<string, RenditionResponse>;
  /** Renditions deleted since the tab opened the stream (here or elsewhere). */
  deletedRenditions: ReadonlySet<string>;
  spend: SpendUpdate | null;
  connected: boolean;
}

let state: State = { jobs: new Map(), renditions: new Map(), deletedRenditions: new Set(), spend: null, connected: false };
const listeners = new Set<() => void>();
const settlementListeners = new Set<(settlement: Settlement) => void>();
/** Jobs seen unfinished in this tab: only their ending is news (a snapshot of old jobs is not). */
const seenRunning = new Set<string>();
/** Components showing a resource's progress now: its ending needs no toast there. */
const watched = new Map<string, number>();
let source: EventSource | null = null;
let fallbackTimer: ReturnType<typeof setTimeout> | null = null;
let downSince: number | null = null;

function emit(next: Partial<State>) {
  state = { ...state, ...next };
  for (const listener of listeners) listener();
}

function applyJob(update: JobUpdate, jobs: Map<string, TrackedJob>) {
  if (!update.resource) return;
  const key = resourceKey(update.resource.type, update.resource.id);
  const previous = jobs.get(key);
  // A retry makes a new job for the same resource: the newest job wins.
  if (previous && previous.jobId !== update.jobId && Date.parse(previous.createdAt) > Date.parse(update.createdAt)) return;
  const job: TrackedJob = { ...update, receivedAt: Date.now() };
  jobs.set(key, job);
  const ended = update.stage === "ready" || update.stage === "failed";
  if (!ended) seenRunning.add(update.jobId);
  else if (seenRunning.delete(update.jobId)) for (const listener of settlementListeners) listener({ job, outcome: update.stage as "ready" | "failed" });
}

function applySnapshot(snapshot: EventSnapshot) {
  const jobs = new Map(state.jobs);
  const running = new Set(snapshot.jobs.map((job) => job.jobId));
  // A job this tab followed that the snapshot no longer lists has ended while the stream was down:
  // ask for it once, so its card and toast do not wait for a reload.
  for (const [key, job] of jobs) {
    if (job.stage !== "ready" && job.stage !== "failed" && !running.has(job.jobId)) jobs.delete(key);
  }
  for (const job of snapshot.jobs) applyJob(job, jobs);
  emit({ jobs, spend: snapshot.spend });
}

function onJob(update: JobUpdate) {
  const jobs = new Map(state.jobs);
  applyJob(update, jobs);
  emit({ jobs });
}

async function readOnce() {
  try {
    const res = await fetch("/api/events", { headers: { accept: "application/json" }, cache: "no-store" });
    if (res.ok) applySnapshot((await res.json()) as EventSnapshot);
  } catch {
    // Offline: the next read tries again.
  }
}

function scheduleFallback() {
  if (fallbackTimer) return;
  fallbackTimer = setTimeout(async function tick() {
    fallbackTimer = null;
    if (state.connected || !source) return;
    if (downSince !== null && Date.now() - downSince >= FALLBACK_AFTER_MS) await readOnce();
    if (!state.connected && source) fallbackTimer = setTimeout(tick, FALLBACK_POLL_MS);
  }, FALLBACK_AFTER_MS);
}

function parse<T>(event: MessageEvent): T | null {
  try {
    return JSON.parse(event.data as string) as T;
  } catch {
    return null;
  }
}

function start() {
  if (source || typeof EventSource === "undefined") return;
  source = new EventSource("/api/events");
  source.addEventListener("snapshot", (event) => {
    const snapshot = parse<EventSnapshot>(event as MessageEvent);
    if (snapshot) applySnapshot(snapshot);
  });
  source.addEventListener("job", (event) => {
    const update = parse<JobUpdate>(event as MessageEvent);
    if (update) onJob(update);
  });
  source.addEventListener("rendition", (event) => {
    const rendition = parse<RenditionResponse>(event as MessageEvent);
    if (rendition) emit({ renditions: new Map(state.renditions).set(rendition.id, rendition) });
  });
  source.addEventListener("rendition-deleted", (event) => {
    const gone = parse<{ id: string }>(event as MessageEvent);
    if (gone) emit({ deletedRenditions: new Set(state.deletedRenditions).add(gone.id) });
  });
  source.addEventListener("spend", (event) => {
    const spend = parse<SpendUpdate>(event as MessageEvent);
    if (spend) emit({ spend });
  });
  source.onopen = () => {
    downSince = null;
    emit({ connected: true });
  };
  source.onerror = () => {
    downSince ??= Date.now();
    if (state.connected) emit({ connected: false });
    // A 401 (signed out) closes the EventSource for good: stop.
    if (source?.readyState === EventSource.CLOSED) return stop();
    scheduleFallback();
  };
}

function stop() {
  source?.close();
  source = null;
  if (fallbackTimer) clearTimeout(fallbackTimer);
  fallbackTimer = null;
  downSince = null;
  if (state.connected) emit({ connected: false });
}

export const progressStore = {
  subscribe(listener: () => void) {
    listeners.add(listener);
    start();
    return () => {
      listeners.delete(listener);
    };
  },
  getState: () => state,
  /** Called with each job this tab saw running once it ends (toasts, lists that refetch). */
  onSettled(listener: (settlement: Settlement) => void) {
    settlementListeners.add(listener);
    start();
    return () => {
      settlementListeners.delete(listener);
    };
  },
  /** Marks a resource as on screen while the returned function is not called. */
  watch(key: string) {
    watched.set(key, (watched.get(key) ?? 0) + 1);
    return () => {
      const left = (watched.get(key) ?? 1) - 1;
      if (left > 0) watched.set(key, left);
      else watched.delete(key);
    };
  },
  isWatched: (key: string) => (watched.get(key) ?? 0) > 0,
};
