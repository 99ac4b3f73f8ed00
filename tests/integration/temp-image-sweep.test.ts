// Session pictures older than TEMP_IMAGE_TTL_HOURS are swept; younger ones and every other object stay.
import { describe, expect, it } from "vitest";
import { fileStorage } from "@/_shared/core/file-storage.service";
import { sweepTempImages } from "@/_shared/core/images/sweep-temp-images";
import { getEnv } from "@/_shared/lib/env";
import { storageKeys } from "@/_shared/lib/storage-keys";
import { storeJpeg } from "../media";

const HOUR = 3600 * 1000;

describe("sweepTempImages", () => {
  it("deletes session pictures past the TTL and nothing else", async () => {
    const temp = storageKeys.tempImage({ userId: "sweep-user", sessionId: "s1", imageId: "old", ext: "jpg" });
    const kept = storageKeys.avatarImage({ userId: "sweep-user", avatarId: "a1", ext: "jpg" });
    await storeJpeg(temp);
    await storeJpeg(kept);
    const ttl = getEnv().TEMP_IMAGE_TTL_HOURS * HOUR;

    // Just inside the TTL: this picture stays (other files' older pictures may go: the bucket is shared).
    await sweepTempImages(new Date(Date.now() + ttl - 60_000));
    expect(await fileStorage.statFile(temp)).not.toBeNull();

    // Past it: the session picture goes, the avatar's own copy stays.
    expect(await sweepTempImages(new Date(Date.now() + ttl + 60_000))).toBeGreaterThanOrEqual(1);
    expect(await fileStorage.statFile(temp)).toBeNull();
    expect(await fileStorage.statFile(kept)).not.toBeNull();
    await fileStorage.deleteFile(kept);
  });
});
