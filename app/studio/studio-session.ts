"use client";
// The studio's session as the server keeps it (GET/PATCH /api/images/sessions/:sessionId): loading it,
// polling while pictures are on their way, reading it as the studio shows it (originals to pick from,
// the picked one's versions) and saving the pick and the prompts as they change.
import { useCallback, useEffect, useRef, useState } from "react";
import type { ImageSessionResponse, UpdateImageSessionBody } from "@/_shared/schemas/image";
import { ApiClientError, api, errorMessage } from "../_lib/api-client";
import { useResource, type Resource } from "../_lib/use-resource";

export type StudioSession = ImageSessionResponse;
type Picture = StudioSession["images"][number];

export interface Version {
  imageUrl: string;
  /** The plain-language edit that made this version; null for the picked original. */
  note: string | null;
  /** The image of the version it was made from (null for the original). */
  from: string | null;
}

const sessionPath = (sessionId: string) => `/api/images/sessions/${encodeURIComponent(sessionId)}`;
/** How often the studio asks again while pictures are on their way. */
const PENDING_POLL_MS = 1500;
/** Typing is saved this long after the last key stroke (and at once when the page goes). */
const SAVE_DELAY_MS = 400;

const empty = (sessionId: string): StudioSession => ({ sessionId, prompt: "", motionPrompt: "", pickedImageUrl: null, images: [], pending: [], updatedAt: new Date(0).toISOString() });

/** The session, asked again while a request of it is still making pictures (here or in another tab). */
export function useStudioSession(sessionId: string): Resource<StudioSession> {
  return useResource(
    sessionPath(sessionId),
    async (signal) => {
      try {
        return await api<StudioSession>(sessionPath(sessionId), { signal });
      } catch (error) {
        // Not (or no longer) one of the caller's sessions: it starts empty.
        if (error instanceof ApiClientError && error.status === 404) return empty(sessionId);
        throw error;
      }
    },
    { pollMs: PENDING_POLL_MS, pollWhile: (data) => (data?.pending.length ?? 0) > 0 },
  );
}

/** The picture an edit chain starts from (its original in this session). */
function rootOf(url: string, byUrl: Map<string, Picture>): string {
  let picture = byUrl.get(url);
  for (let steps = 0; picture?.parentImageUrl && byUrl.has(picture.parentImageUrl) && steps < byUrl.size; steps++) picture = byUrl.get(picture.parentImageUrl);
  return picture?.imageUrl ?? url;
}

export interface StudioView {
  /** Pictures to pick from (originals, not edits), newest first. */
  candidates: Picture[];
  /** The picked original, its versions (oldest first) and the index of the current one. */
  picked: string | null;
  versions: Version[] | null;
  index: number;
  /** Pictures of generate requests still running; whether an edit of the picked picture is. */
  pendingPictures: number;
  editing: boolean;
}

export function studioView(session: StudioSession | undefined): StudioView {
  const images = session?.images ?? [];
  const byUrl = new Map(images.map((image) => [image.imageUrl, image]));
  const candidates = images.filter((image) => !image.parentImageUrl || !byUrl.has(image.parentImageUrl)).reverse();
  const current = session?.pickedImageUrl && byUrl.has(session.pickedImageUrl) ? session.pickedImageUrl : null;
  const picked = current ? rootOf(current, byUrl) : null;
  const versions = picked
    ? images
        .filter((image) => rootOf(image.imageUrl, byUrl) === picked)
        .map((image) => (image.imageUrl === picked ? { imageUrl: image.imageUrl, note: null, from: null } : { imageUrl: image.imageUrl, note: image.prompt, from: image.parentImageUrl }))
    : null;
  const pending = session?.pending ?? [];
  return {
    candidates,
    picked,
    versions,
    index: versions && current ? Math.max(0, versions.findIndex((v) => v.imageUrl === current)) : 0,
    pendingPictures: pending.filter((p) => p.kind === "text-to-image").reduce((sum, p) => sum + p.count, 0),
    editing: pending.some((p) => p.kind === "image-edit" && versions?.some((v) => v.imageUrl === p.parentImageUrl)),
  };
}

/** The newest version made from an original (what picking that original shows). */
export function latestVersionOf(session: StudioSession | undefined, original: string): string {
  const byUrl = new Map((session?.images ?? []).map((image) => [image.imageUrl, image]));
  return (session?.images ?? []).filter((image) => rootOf(image.imageUrl, byUrl) === original).at(-1)?.imageUrl ?? original;
}

/**
 * Saves changes to the session: `save` sends the pick at once and typing after a pause; what is not
 * sent yet goes when the studio closes or the page is left (keepalive outlives the page). `onSaved`
 * gets the session as saved by the latest PATCH.
 */
export function useSessionSaver(sessionId: string, onSaved: (session: StudioSession) => void) {
  const path = sessionPath(sessionId);
  const queued = useRef<UpdateImageSessionBody>({});
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef(0);
  const onSavedRef = useRef(onSaved);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    onSavedRef.current = onSaved;
  });

  const take = useCallback(() => {
    clearTimeout(timer.current);
    const body = queued.current;
    queued.current = {};
    return Object.keys(body).length ? body : null;
  }, []);

  const flush = useCallback(async () => {
    const body = take();
    if (!body) return;
    const mine = ++latest.current;
    try {
      // keepalive: a pick followed at once by a reload or a link still reaches the server.
      const saved = await api<StudioSession>(path, { method: "PATCH", body, keepalive: true });
      if (mine !== latest.current) return;
      setError(null);
      onSavedRef.current(saved);
    } catch (failure) {
      if (mine === latest.current) setError(errorMessage(failure));
    }
  }, [path, take]);

  const save = useCallback(
    (changes: UpdateImageSessionBody, { now = false } = {}) => {
      Object.assign(queued.current, changes);
      clearTimeout(timer.current);
      if (now) void flush();
      else timer.current = setTimeout(() => void flush(), SAVE_DELAY_MS);
    },
    [flush],
  );

  useEffect(() => {
    const leave = () => {
      const body = take();
      if (body) void fetch(path, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify(body), credentials: "same-origin", keepalive: true }).catch(() => undefined);
    };
    window.addEventListener("pagehide", leave);
    return () => {
      window.removeEventListener("pagehide", leave);
      leave();
    };
  }, [path, take]);

  return { save, error };
}
