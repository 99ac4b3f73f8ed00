// Every object key of the bucket (docs/architecture.md, "Storage") is built here from typed, validated parts; no key is
// ever taken from user input as-is. The media route parses keys back to decide who may read them.

const ID = /^[A-Za-z0-9_-]{1,64}$/;
export const IMAGE_EXTENSIONS = ["jpg", "png", "webp"] as const;
export type ImageExtension = (typeof IMAGE_EXTENSIONS)[number];

const MEDIA_PREFIX = "/api/media/";

function id(value: string, what: string): string {
  if (!ID.test(value)) throw new Error(`Invalid ${what} for a storage key: ${JSON.stringify(value)}`);
  return value;
}

function imageExt(ext: string): ImageExtension {
  if (!(IMAGE_EXTENSIONS as readonly string[]).includes(ext)) throw new Error(`Invalid image extension: ${ext}`);
  return ext as ImageExtension;
}

export const storageKeys = {
  /** Every user's temporary session pictures. */
  tempRoot: "images/temp-generated/",
  tempSessionPrefix: (p: { userId: string; sessionId: string }) =>
    `images/temp-generated/${id(p.userId, "userId")}/${id(p.sessionId, "sessionId")}/`,
  tempUserPrefix: (p: { userId: string }) => `images/temp-generated/${id(p.userId, "userId")}/`,
  tempImage: (p: { userId: string; sessionId: string; imageId: string; ext: ImageExtension }) =>
    `${storageKeys.tempSessionPrefix(p)}${id(p.imageId, "imageId")}.${imageExt(p.ext)}`,
  avatarImage: (p: { userId: string; avatarId: string; ext: ImageExtension }) =>
    `images/avatars/${id(p.userId, "userId")}/${id(p.avatarId, "avatarId")}.${imageExt(p.ext)}`,
  publicAvatarImage: (p: { avatarId: string; ext: ImageExtension }) =>
    `images/public-avatars/${id(p.avatarId, "avatarId")}.${imageExt(p.ext)}`,
  privateAvatarVideo: (p: { userId: string; avatarId: string }) =>
    `videos/avatars/private/${id(p.userId, "userId")}/${id(p.avatarId, "avatarId")}.mp4`,
  publicAvatarVideo: (p: { avatarId: string }) => `videos/avatars/public/${id(p.avatarId, "avatarId")}.mp4`,
  bRollProjectPrefix: (p: { userId: string; projectId: string }) =>
    `videos/b-rolls/${id(p.userId, "userId")}/${id(p.projectId, "projectId")}/`,
  bRollVideo: (p: { userId: string; projectId: string; bRollId: string }) =>
    `${storageKeys.bRollProjectPrefix(p)}${id(p.bRollId, "bRollId")}.mp4`,
  bRollThumbnail: (p: { userId: string; projectId: string; bRollId: string; ext: "jpg" | "webp" }) =>
    `${storageKeys.bRollProjectPrefix(p)}${id(p.bRollId, "bRollId")}.${p.ext}`,
  /** A copy of the image an image-to-video b-roll was made from: it outlives temporary sessions. */
  bRollSourceImage: (p: { userId: string; projectId: string; bRollId: string; ext: ImageExtension }) =>
    `${storageKeys.bRollProjectPrefix(p)}${id(p.bRollId, "bRollId")}-source.${imageExt(p.ext)}`,
  /**
   * Renditions and posters live next to their clip, named `{clipId}-r-{renditionId}.{mp4|jpg|webp}`:
   * readable by whoever may read the clip, and every one of a clip's found with this prefix.
   */
  clipRenditionPrefix: (clip: ClipLocation) => {
    if (clip.type === "b-roll") return `${storageKeys.bRollProjectPrefix(clip)}${id(clip.bRollId, "bRollId")}-r-`;
    if (clip.type === "private-avatar") return `videos/avatars/private/${id(clip.userId, "userId")}/${id(clip.avatarId, "avatarId")}-r-`;
    return `videos/avatars/public/${id(clip.avatarId, "avatarId")}-r-`;
  },
  clipRendition: (clip: ClipLocation, p: { renditionId: string; ext: "mp4" | "jpg" | "webp" }) => {
    if (!["mp4", "jpg", "webp"].includes(p.ext)) throw new Error(`Invalid rendition extension: ${p.ext}`);
    return `${storageKeys.clipRenditionPrefix(clip)}${id(p.renditionId, "renditionId")}.${p.ext}`;
  },
};

/** Where a clip's objects live: what its renditions' keys are built from. */
export type ClipLocation =
  | { type: "b-roll"; userId: string; projectId: string; bRollId: string }
  | { type: "private-avatar"; userId: string; avatarId: string }
  | { type: "public-avatar"; avatarId: string };

export type KeyOwner = { access: "public" } | { access: "user"; userId: string };

const SEGMENT = "[A-Za-z0-9_-]{1,64}";
const FILE = `${SEGMENT}\\.(?:jpg|png|webp|mp4)`;
const KEY_PATTERNS: Array<{ pattern: RegExp; owner: (m: RegExpMatchArray) => KeyOwner }> = [
  { pattern: new RegExp(`^images/public-avatars/${FILE}$`), owner: () => ({ access: "public" }) },
  { pattern: new RegExp(`^videos/avatars/public/${FILE}$`), owner: () => ({ access: "public" }) },
  { pattern: new RegExp(`^images/temp-generated/(${SEGMENT})/${SEGMENT}/${FILE}$`), owner: (m) => ({ access: "user", userId: m[1] }) },
  { pattern: new RegExp(`^images/avatars/(${SEGMENT})/${FILE}$`), owner: (m) => ({ access: "user", userId: m[1] }) },
  { pattern: new RegExp(`^videos/avatars/private/(${SEGMENT})/${FILE}$`), owner: (m) => ({ access: "user", userId: m[1] }) },
  { pattern: new RegExp(`^videos/b-rolls/(${SEGMENT})/${SEGMENT}/${FILE}$`), owner: (m) => ({ access: "user", userId: m[1] }) },
];

/** Who may read a key: anyone, one user (and admins), or nobody (null: not a key we serve). */
export function keyOwner(key: string): KeyOwner | null {
  for (const { pattern, owner } of KEY_PATTERNS) {
    const match = key.match(pattern);
    if (match) return owner(match);
  }
  return null;
}

/** The stable app URL stored in the database for an object: never a presigned URL (they expire). */
export function mediaUrl(key: string): string {
  return `${MEDIA_PREFIX}${key}`;
}

/**
 * The key behind one of our media URLs (relative, or absolute on our own origin), or null for
 * anything else — which is how foreign URLs are refused as inputs (no SSRF).
 */
export function keyFromMediaUrl(url: string, appOrigin: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url, appOrigin);
  } catch {
    return null;
  }
  if (parsed.origin !== new URL(appOrigin).origin || parsed.search || parsed.hash) return null;
  // URL parsing resolves "..", "%2e%2e" and the like: accept only URLs that were already canonical,
  // so a path can never be steered to another key.
  if (url !== parsed.pathname && url !== `${parsed.origin}${parsed.pathname}`) return null;
  if (!parsed.pathname.startsWith(MEDIA_PREFIX)) return null;
  const key = parsed.pathname.slice(MEDIA_PREFIX.length);
  return keyOwner(key) ? key : null;
}

/** The key behind a media URL we stored ourselves, or null if it is not one. */
export function keyOfStoredMediaUrl(url: string): string | null {
  if (!url.startsWith(MEDIA_PREFIX)) return null;
  const key = url.slice(MEDIA_PREFIX.length);
  return keyOwner(key) ? key : null;
}
