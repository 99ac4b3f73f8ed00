// Clips to make renditions of: a real H.264 clip (with a sound track: renditions must be silent
// whatever the source) stored as a ready b-roll, private avatar or public avatar, and renditions
// read back once their job has ended.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { expect } from "vitest";
import { fileStorage } from "@/_shared/core/file-storage.service";
import { createId } from "@/_shared/lib/ids";
import { prisma } from "@/_shared/lib/prisma";
import { mediaUrl, storageKeys, type ClipLocation } from "@/_shared/lib/storage-keys";
import { ffmpegPath, withTempDir } from "@/_shared/lib/video-files";
import * as item from "@/app/api/renditions/[id]/route";
import { call, type TestUser } from "./helpers";
import { waitFor } from "./wait";

const run = promisify(execFile);

/** A 640x360 25 fps H.264 clip of `seconds` with a sine on AAC (each frame differs: testsrc2). */
export async function makeClip(seconds: number): Promise<Buffer> {
  return withTempDir(async (dir) => {
    const file = path.join(dir, "clip.mp4");
    await run(ffmpegPath(), [
      "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
      "-t", String(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", file,
    ]);
    return readFile(file);
  });
}

export type ClipKind = "b-roll" | "private-avatar" | "public-avatar";

/** `file` stored as a ready clip of `kind` (a b-roll or private avatar of `owner` in `project`). */
export async function storeReadyClip(kind: ClipKind, { owner, project, file, seconds }: { owner: TestUser; project: string; file: Buffer; seconds: number }) {
  const id = createId();
  const meta = { status: "ready" as const, durationSeconds: seconds, width: 640, height: 360, aspectRatio: "16:9" };
  if (kind === "b-roll") {
    const key = storageKeys.bRollVideo({ userId: owner.id, projectId: project, bRollId: id });
    await fileStorage.uploadFile(file, key, "video/mp4");
    await prisma.bRoll.create({ data: { id, name: "Espresso", prompt: "espresso", type: "text_to_video", videoUrl: mediaUrl(key), userId: owner.id, projectId: project, ...meta } });
    return { id, clipType: "b-roll" as const, key, location: { type: "b-roll", userId: owner.id, projectId: project, bRollId: id } as ClipLocation };
  }
  const key = kind === "private-avatar" ? storageKeys.privateAvatarVideo({ userId: owner.id, avatarId: id }) : storageKeys.publicAvatarVideo({ avatarId: id });
  await fileStorage.uploadFile(file, key, "video/mp4");
  const imageUrl = mediaUrl(storageKeys.publicAvatarImage({ avatarId: id, ext: "jpg" }));
  const owned = kind === "private-avatar" ? { userId: owner.id, projectId: project, visibility: "private" as const } : { visibility: "public" as const };
  await prisma.avatar.create({ data: { id, name: "Anna", imageUrl, videoUrl: mediaUrl(key), ...owned, ...meta } });
  const location: ClipLocation = kind === "private-avatar" ? { type: "private-avatar", userId: owner.id, avatarId: id } : { type: "public-avatar", avatarId: id };
  return { id, clipType: "avatar" as const, key, location };
}

/** The rendition once its job has ended, as GET answers it to `as`. */
export async function settledRendition(id: string, as: TestUser) {
  await waitFor(async () => (await prisma.rendition.findFirst({ where: { id, status: { in: ["ready", "failed"] } } })) !== null, { timeoutMs: 120_000, what: `rendition ${id}` });
  const res = await call(item.GET, { user: as, params: { id } });
  expect(res.status).toBe(200);
  return res.json;
}

export const keyOfUrl = (url: string) => url.replace(/^\/api\/media\//, "");
export const renditionKeys = (location: ClipLocation) => fileStorage.listKeys(storageKeys.clipRenditionPrefix(location));
