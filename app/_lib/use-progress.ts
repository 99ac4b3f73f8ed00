"use client";
// What components read of the tab's event stream (progress-store.ts): a resource's job progress,
// the renditions pushed, today's spend, whether the stream is up, and the jobs that end.
import { useEffect, useRef, useSyncExternalStore } from "react";
import type { RenditionResponse } from "@/_shared/schemas/rendition";
import { progressStore, resourceKey, type ResourceType, type Settlement, type TrackedJob } from "./progress-store";

const useStoreState = () => useSyncExternalStore(progressStore.subscribe, progressStore.getState, () => null);

/** The latest job update of an avatar or b-roll (null until the stream has one); marks it as on screen. */
export function useJobProgress(type: ResourceType, id: string | null): TrackedJob | null {
  const state = useStoreState();
  const key = id ? resourceKey(type, id) : null;
  useEffect(() => (key ? progressStore.watch(key) : undefined), [key]);
  return key ? (state?.jobs.get(key) ?? null) : null;
}

const NO_RENDITIONS: ReadonlyMap<string, RenditionResponse> = new Map();

/** The renditions the stream has pushed, by id (each as it last was). */
export function useRenditionUpdates(): ReadonlyMap<string, RenditionResponse> {
  return useStoreState()?.renditions ?? NO_RENDITIONS;
}

const NO_DELETIONS: ReadonlySet<string> = new Set();

/** Ids of the renditions deleted since the tab opened its stream (in this tab or any other). */
export function useDeletedRenditions(): ReadonlySet<string> {
  return useStoreState()?.deletedRenditions ?? NO_DELETIONS;
}

/** Today's spend and the daily cap (null until the stream has said). */
export function useSpend() {
  return useStoreState()?.spend ?? null;
}

/**
 * True while the event stream is connected: polling for progress can stop (lists keep polling only
 * while it is down, as a fallback).
 */
export function useProgressStreamUp(): boolean {
  return useStoreState()?.connected ?? false;
}

/** Calls `onSettled` when a job this tab saw running ends (ready or failed): refetch a list, say so. */
export function useJobSettled(onSettled: (settlement: Settlement) => void) {
  const latest = useRef(onSettled);
  useEffect(() => {
    latest.current = onSettled;
  });
  useEffect(() => progressStore.onSettled((settlement) => latest.current(settlement)), []);
}
