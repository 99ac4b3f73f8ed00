// Session pictures older than TEMP_IMAGE_TTL_HOURS are swept; younger ones and every other object stay.
// The sessions' records go with them: no row for a picture that is gone, no empty session left behind.
import { describe, expect, it } from "vitest";
import { fileStorage } from "@/_shared/core/file-storage.service";
import { sweepTempImages } from "@/_shared/core/images/sweep-temp-images";
import { getEnv } from "@/_shared/lib/env";
import { prisma } from "@/_shared/lib/prisma";
import { storageKeys } from "@/_shared/lib/storage-keys";
import { newUser } from "../helpers";
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

  it("removes the rows of swept pictures and of pictures whose object went, then the sessions left empty", async () => {
    const user = await newUser();
    const key = (sessionId: string, imageId: string) => storageKeys.tempImage({ userId: user.id, sessionId, imageId, ext: "jpg" });
    // A session with a stored picture and one whose object is already gone (deleted once an avatar
    // made from the session was ready), an edit of the first; and a session with only a description.
    await storeJpeg(key("sweep-a", "kept"));
    await prisma.imageSession.create({
      data: {
        userId: user.id,
        sessionId: "sweep-a",
        images: {
          create: [
            { id: "kept", key: key("sweep-a", "kept"), source: "generated", width: 512, height: 768 },
            { id: "vanished", key: key("sweep-a", "vanished"), source: "edited", parentId: "kept", width: 512, height: 768 },
          ],
        },
      },
    });
    await prisma.imageSession.update({ where: { userId_sessionId: { userId: user.id, sessionId: "sweep-a" } }, data: { picked: { connect: { id: "vanished" } } } });
    await prisma.imageSession.create({ data: { userId: user.id, sessionId: "sweep-b", prompt: "a chef" } });
    const ttl = getEnv().TEMP_IMAGE_TTL_HOURS * HOUR;
    const rows = () => prisma.tempImage.findMany({ where: { session: { userId: user.id } }, select: { id: true } });
    const sessions = () => prisma.imageSession.findMany({ where: { userId: user.id }, orderBy: { sessionId: "asc" }, select: { sessionId: true, pickedImageId: true } });

    // Within the TTL: only the row without its object goes (and the pick that pointed to it).
    await sweepTempImages(new Date(Date.now() + ttl - 60_000));
    expect(await rows()).toEqual([{ id: "kept" }]);
    expect(await sessions()).toEqual([{ sessionId: "sweep-a", pickedImageId: null }, { sessionId: "sweep-b", pickedImageId: null }]);

    // Past it: the picture, its row, and both sessions (nothing left, no change within the TTL).
    await sweepTempImages(new Date(Date.now() + ttl + 60_000));
    expect(await fileStorage.statFile(key("sweep-a", "kept"))).toBeNull();
    expect(await rows()).toEqual([]);
    expect(await sessions()).toEqual([]);
  });
});
