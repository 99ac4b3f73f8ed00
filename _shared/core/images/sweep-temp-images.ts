import "server-only";
// Session pictures are temporary: the ones an avatar was made from go when its clip is ready, and
// every other one goes once it is older than TEMP_IMAGE_TTL_HOURS (run hourly by the workers).
import { getEnv } from "@/_shared/lib/env";
import { logger } from "@/_shared/lib/logger";
import { storageKeys } from "@/_shared/lib/storage-keys";
import { fileStorage } from "@/_shared/core/file-storage.service";

/** Deletes the temporary pictures older than the TTL at `now`; returns how many. */
export async function sweepTempImages(now = new Date()): Promise<number> {
  const cutoff = now.getTime() - getEnv().TEMP_IMAGE_TTL_HOURS * 3600 * 1000;
  let removed = 0;
  for (const item of await fileStorage.listObjects(storageKeys.tempRoot)) {
    if (item.lastModified.getTime() < cutoff) {
      await fileStorage.deleteFile(item.key);
      removed++;
    }
  }
  if (removed) logger.info("swept temporary images", { removed });
  return removed;
}
