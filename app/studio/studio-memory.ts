// What the studio remembers of a session beyond its images (which the API lists): which picture was
// picked, its edit history and the current version. Kept in localStorage per session id, so a reload
// (the session id is in the URL) comes back to the same place. Losing it loses nothing that matters:
// the images are still listed by GET /api/images/temp/:sessionId.

export interface Version {
  imageUrl: string;
  /** The plain-language edit that made this version; null for the picked original. */
  note: string | null;
  /** The image of the version it was made from (null for the original). */
  from: string | null;
}

export interface StudioMemory {
  /** Edit history per picked original (its first version is the original itself). */
  histories: Record<string, Version[]>;
  picked: string | null;
  index: number;
  prompt: string;
  /** Format chosen per created avatar id, to size its player before the clip exists. */
  formats: Record<string, string>;
}

export const EMPTY_MEMORY: StudioMemory = { histories: {}, picked: null, index: 0, prompt: "", formats: {} };

const key = (sessionId: string) => `better-ads:studio:${sessionId}`;

export function loadMemory(sessionId: string): StudioMemory {
  try {
    const raw = window.localStorage.getItem(key(sessionId));
    if (!raw) return EMPTY_MEMORY;
    const parsed = JSON.parse(raw) as Partial<StudioMemory>;
    return { ...EMPTY_MEMORY, ...parsed };
  } catch {
    return EMPTY_MEMORY;
  }
}

export function saveMemory(sessionId: string, memory: StudioMemory) {
  try {
    window.localStorage.setItem(key(sessionId), JSON.stringify(memory));
  } catch {
    // Private mode or a full quota: the studio still works, it just forgets on reload.
  }
}

/** Every image that is an edit of another (they are versions, not candidates to pick from). */
export function editedImages(memory: StudioMemory): Set<string> {
  return new Set(Object.values(memory.histories).flatMap((versions) => versions.slice(1).map((v) => v.imageUrl)));
}

/** Drops versions whose image is gone from the session (deleted, or swept after its TTL). */
export function pruneMemory(memory: StudioMemory, existing: Set<string>): StudioMemory {
  const histories: StudioMemory["histories"] = {};
  for (const [original, versions] of Object.entries(memory.histories)) {
    if (!existing.has(original)) continue;
    histories[original] = versions.filter((v) => existing.has(v.imageUrl));
  }
  const picked = memory.picked && histories[memory.picked] ? memory.picked : null;
  const index = picked ? Math.min(memory.index, histories[picked].length - 1) : 0;
  return { ...memory, histories, picked, index };
}
