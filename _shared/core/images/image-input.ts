import "server-only";
// Images referenced in request bodies: only our own media URLs are accepted (no SSRF), only image
// keys, only ones the caller may read, and only objects that exist.
import { ApiError } from "@/_shared/lib/errors";
import { getEnv } from "@/_shared/lib/env";
import type { SessionUser } from "@/_shared/lib/session";
import { keyFromMediaUrl, keyOwner, type ImageExtension } from "@/_shared/lib/storage-keys";
import { fileStorage } from "../file-storage.service";

export interface ImageInput {
  key: string;
  ext: ImageExtension;
  contentType: string;
  /** The temporary session the image belongs to, when it is a temporary image. */
  tempSession?: { userId: string; sessionId: string };
  isPublic: boolean;
  /** The Fal request that generated or edited the picture, when it was made by a model here. */
  falRequestId?: string;
}

/** Object metadata naming the Fal request that made an image (set when a generated image is stored). */
export const FAL_REQUEST_ID_META = "fal-request-id";

const TEMP = /^images\/temp-generated\/([^/]+)\/([^/]+)\//;

/**
 * Resolves `imageUrl` to one of our stored images the user may use. `allowPublic` also admits public
 * avatar images (e.g. "use this library avatar in a b-roll"). Errors name the field.
 */
export async function resolveImageInput(
  { user, imageUrl, allowPublic = false, field = "imageUrl" }: { user: SessionUser; imageUrl: string; allowPublic?: boolean; field?: string },
): Promise<ImageInput> {
  const invalid = (message: string) => new ApiError("bad_request", message, [{ path: field, message }]);
  const key = keyFromMediaUrl(imageUrl, getEnv().APP_URL);
  if (!key) throw invalid(`${field} must be one of your images on this service (a /api/media/... URL returned by the API)`);
  const ext = key.slice(key.lastIndexOf(".") + 1);
  if (ext !== "jpg" && ext !== "png" && ext !== "webp") throw invalid(`${field} must point to an image, not a video`);
  const owner = keyOwner(key);
  const isPublic = owner?.access === "public";
  const mayUse = isPublic ? allowPublic || user.role === "admin" : owner?.access === "user" && (owner.userId === user.id || user.role === "admin");
  const stored = mayUse ? await fileStorage.statFile(key) : null;
  // Someone else's image and a missing one get the same answer: existence must not leak.
  if (!stored) throw invalid(`${field} does not point to an image you can use`);
  const temp = key.match(TEMP);
  return {
    key,
    ext,
    contentType: stored.contentType,
    isPublic,
    ...(stored.metadata[FAL_REQUEST_ID_META] ? { falRequestId: stored.metadata[FAL_REQUEST_ID_META] } : {}),
    ...(temp ? { tempSession: { userId: temp[1], sessionId: temp[2] } } : {}),
  };
}
