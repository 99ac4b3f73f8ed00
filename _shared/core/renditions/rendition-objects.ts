import "server-only";
// The clip delete paths call this once the clip's row is gone (its rendition rows went with it, by
// cascade): every rendition and poster object stored next to the clip is removed, including one a
// rendition job still running may have just stored (that job also removes its own output when it
// finds its row gone).
import { logger } from "@/_shared/lib/logger";
import { storageKeys, type ClipLocation } from "@/_shared/lib/storage-keys";
import { fileStorage } from "../file-storage.service";

export async function deleteClipRenditionObjects(clip: ClipLocation): Promise<void> {
  const prefix = storageKeys.clipRenditionPrefix(clip);
  try {
    for (const key of await fileStorage.listKeys(prefix)) await fileStorage.deleteFile(key);
  } catch (error) {
    logger.error("clip deleted but some of its renditions' objects were not", { prefix, error });
  }
}
