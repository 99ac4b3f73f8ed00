import "server-only";
// Session pictures are temporary: the ones an avatar was made from go when its clip is ready, and
// every other one goes once it is older than TEMP_IMAGE_TTL_HOURS (run hourly by the workers). The
// sessions' records go with them: the rows of swept or vanished pictures, then the sessions left with
// no picture and no change within the TTL.
import { getEnv } from "@/_shared/lib/env";
import { logger } from "@/_shared/lib/logger";
import { storageKeys } from "@/_shared/lib/storage-keys";
import { fileStorage } from "@/_shared/core/file-storage.service";
import { sweepSessionRecords } from "./session-records";

/** Deletes the temporary pictures older than the TTL at `now`, and their records; returns how many pictures. */
export async function sweepTempImages(now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - getEnv().TEMP_IMAGE_TTL_HOURS * 3600 * 1000);
  const listedAt = new Date();
  const objects = await fileStorage.listObjects(storageKeys.tempRoot);
  const expired = objects.filter((item) => item.lastModified < cutoff).map((item) => item.key);
  // Rows before objects: a row never points to an object that is gone, and an object whose delete
  // fails below is listed (and deleted) again by the next sweep.
  const rows = await sweepSessionRecords({ expiredKeys: expired, listedKeys: new Set(objects.map((item) => item.key)), listedAt, cutoff });
  for (const key of expired) await fileStorage.deleteFile(key);
  if (expired.length || rows) logger.info("swept temporary images", { removed: expired.length, rows });
  return expired.length;
}
