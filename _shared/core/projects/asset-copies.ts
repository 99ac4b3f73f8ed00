import "server-only";
// Duplicating an avatar or a b-roll into a project: the copy gets its own objects (server-side copies
// under its own id, in its own folder), so deleting either one never touches the other's media.
// Objects are copied first and the row written after; if a copy or the write fails, the copies
// already made are removed again, so a failure leaves neither a half-written row nor orphan objects.
import { ApiError } from "@/_shared/lib/errors";
import { logger } from "@/_shared/lib/logger";
import { IMAGE_EXTENSIONS, type ImageExtension } from "@/_shared/lib/storage-keys";
import { fileStorage } from "../file-storage.service";

export interface ObjectCopy {
  from: string | null;
  to: string;
  /** Copied when it exists (a b-roll's source picture); a missing required object is a 409. */
  optional?: boolean;
}

async function removeAll(keys: string[]) {
  for (const key of keys) {
    await fileStorage.deleteFile(key).catch((error: unknown) => logger.error("could not remove a copied object", { key, error }));
  }
}

/** Copies the objects, then runs `write` with the keys actually copied; undoes the copies if anything fails. */
export async function withObjectCopies<T>(what: string, copies: ObjectCopy[], write: (copied: Set<string>) => Promise<T>): Promise<T> {
  const present = await Promise.all(copies.map(async (copy) => ({ ...copy, exists: copy.from !== null && (await fileStorage.statFile(copy.from)) !== null })));
  if (present.some((copy) => !copy.optional && !copy.exists)) throw new ApiError("conflict", `The ${what}'s media is gone; it cannot be duplicated`);
  const copied: string[] = [];
  try {
    for (const copy of present) {
      if (!copy.exists || copy.from === null) continue;
      await fileStorage.copyFile(copy.from, copy.to);
      copied.push(copy.to);
    }
    return await write(new Set(copied));
  } catch (error) {
    await removeAll(copied);
    throw error;
  }
}

/** The image extension of a storage key ("…/abc.webp" -> "webp"; "jpg" for anything else). */
export function imageExtensionOf(key: string | null): ImageExtension {
  const ext = key?.slice(key.lastIndexOf(".") + 1);
  return IMAGE_EXTENSIONS.find((known) => known === ext) ?? "jpg";
}
