// Renditions end to end through the routes and the rendition worker (real ffmpeg, Postgres, S3):
// each ad format's exact size, silent, H.264 yuv420p, moov before mdat; trims within a frame; crop
// around a focus and pad; posters as JPEG and WebP; deduplication; access as the clip's (another
// user's clip is 404, a public avatar's renditions are shared); bad focus/trim naming the field;
// a failed job leaves no object; renditions go with their clip on every delete path.
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { fileStorage } from "@/_shared/core/file-storage.service";
import { createId } from "@/_shared/lib/ids";
import { prisma } from "@/_shared/lib/prisma";
import { storageKeys, type ClipLocation } from "@/_shared/lib/storage-keys";
import { ffmpegPath, ffprobePath, withTempDir } from "@/_shared/lib/video-files";
import { failAbandonedRenditions } from "@/_shared/core/renditions/make-rendition";
import { RENDITION_FORMATS, type RenditionFormat } from "@/_shared/schemas/rendition";
import * as collection from "@/app/api/renditions/route";
import * as item from "@/app/api/renditions/[id]/route";
import * as bRollItem from "@/app/api/b-rolls/[id]/route";
import * as privateAvatarItem from "@/app/api/avatars/private/[id]/route";
import * as publicAvatarItem from "@/app/api/avatars/public/[id]/route";
import * as projectItem from "@/app/api/projects/[id]/route";
import { call, newProject, newUser, post, type TestUser } from "../helpers";
import { probeStoredVideo, readStoredFile } from "../media";
import { keyOfUrl, makeClip, renditionKeys, settledRendition as settledAs, storeReadyClip, type ClipKind } from "../renditions";
import { withPipeline } from "../pipeline";
import { readyBRoll } from "../resources";

const run = promisify(execFile);
const FRAME = 1 / 25;
const CLIP_SECONDS = 3;

withPipeline();
let user: TestUser;
let other: TestUser;
let admin: TestUser;
let projectId: string;
let clipFile: Buffer;

const readyClipOf = (kind: ClipKind, owner: TestUser = user, project = projectId) => storeReadyClip(kind, { owner, project, file: clipFile, seconds: CLIP_SECONDS });
const create = (body: Record<string, unknown>, as: TestUser = user) => post(collection.POST, as, body);
const get = (id: string, as: TestUser = user) => call(item.GET, { user: as, params: { id } });
const settledRendition = (id: string, as: TestUser = user) => settledAs(id, as);

/** The stored video's streams as ffprobe lists them. */
async function streamInfo(key: string) {
  return withTempDir(async (dir) => {
    const file = path.join(dir, "v.mp4");
    await writeFile(file, await readStoredFile(key));
    const { stdout } = await run(ffprobePath(), ["-v", "error", "-print_format", "json", "-show_streams", file]);
    return JSON.parse(stdout).streams as Array<{ codec_type: string; codec_name: string; pix_fmt?: string }>;
  });
}

/** True when the MP4's index (moov) comes before its media data (mdat): it plays while downloading. */
async function isFaststart(key: string) {
  const bytes = await readStoredFile(key);
  const moov = bytes.indexOf("moov");
  return moov > 0 && moov < bytes.indexOf("mdat");
}

beforeAll(async () => {
  [user, other, admin] = await Promise.all([newUser(), newUser(), newUser({ role: "admin" })]);
  projectId = await newProject(user, "Renditions");
  clipFile = await makeClip(CLIP_SECONDS);
}, 60_000);

describe("video renditions", () => {
  it.each(Object.keys(RENDITION_FORMATS) as RenditionFormat[])("%s: 202 processing, then ready at exactly the format's size, H.264 yuv420p, silent, moov first", async (format) => {
    const clip = await readyClipOf("b-roll");
    const res = await create({ clipType: "b-roll", clipId: clip.id, format, fit: "crop", focus: { x: 0.2, y: 0.8 } });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ kind: "video", clipType: "b-roll", clipId: clip.id, status: "processing", format, fit: "crop", focus: { x: 0.2, y: 0.8 }, trim: null, videoUrl: null, shared: false });
    const ready = await settledRendition(res.json.id);
    expect(ready).toMatchObject({ status: "ready", progress: 100, errorMessage: null, ...RENDITION_FORMATS[format] });
    const key = keyOfUrl(ready.videoUrl);
    expect(key).toBe(storageKeys.clipRendition(clip.location, { renditionId: res.json.id, ext: "mp4" }));
    const probed = await probeStoredVideo(key);
    expect(probed).toMatchObject({ ...RENDITION_FORMATS[format], hasAudio: false, videoCodec: "h264" });
    expect(Math.abs(probed.durationSeconds - CLIP_SECONDS)).toBeLessThanOrEqual(FRAME);
    const streams = await streamInfo(key);
    expect(streams.map((s) => s.codec_type)).toEqual(["video"]);
    expect(streams[0].pix_fmt).toBe("yuv420p");
    expect(await isFaststart(key)).toBe(true);
  }, 180_000);

  it("pad: the whole frame over a blurred copy, at the format's size; a trim lasts what was asked within one frame", async () => {
    const clip = await readyClipOf("private-avatar");
    const res = await create({ clipType: "avatar", clipId: clip.id, format: "9:16", fit: "pad", trim: { start: 0.5, end: 1.7 } });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ fit: "pad", focus: null, trim: { start: 0.5, end: 1.7 } });
    const ready = await settledRendition(res.json.id);
    expect(ready.status).toBe("ready");
    const probed = await probeStoredVideo(keyOfUrl(ready.videoUrl));
    expect(probed).toMatchObject({ width: 1080, height: 1920, hasAudio: false });
    expect(Math.abs(probed.durationSeconds - 1.2)).toBeLessThanOrEqual(FRAME);
    expect(ready.durationSeconds).toBeCloseTo(probed.durationSeconds, 2);
    // The frame's top band is the blurred background, the middle is the clip: the pad is not black bars.
    const frame = await withTempDir(async (dir) => {
      const file = path.join(dir, "v.mp4");
      await writeFile(file, await readStoredFile(keyOfUrl(ready.videoUrl)));
      const png = path.join(dir, "f.png");
      await run(ffmpegPath(), ["-v", "error", "-i", file, "-frames:v", "1", png]);
      // The band above the fitted clip (1080x608 in the middle of 1080x1920).
      return sharp(png).extract({ left: 0, top: 0, width: 1080, height: 600 }).stats();
    });
    const mean = frame.channels.slice(0, 3).reduce((sum, channel) => sum + channel.mean, 0) / 3;
    expect(mean).toBeGreaterThan(20);
  }, 180_000);
});

describe("posters", () => {
  it("the thumbnail's frame by default, as JPEG and WebP at the clip's size; another time on request", async () => {
    const clip = await readyClipOf("b-roll");
    const res = await create({ kind: "poster", clipType: "b-roll", clipId: clip.id });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ kind: "poster", time: 1, format: null, fit: null });
    const ready = await settledRendition(res.json.id);
    expect(ready).toMatchObject({ status: "ready", width: 640, height: 360, videoUrl: null });
    const jpeg = await sharp(await readStoredFile(keyOfUrl(ready.posterUrls.jpeg))).metadata();
    const webp = await sharp(await readStoredFile(keyOfUrl(ready.posterUrls.webp))).metadata();
    expect([jpeg.format, jpeg.width, jpeg.height]).toEqual(["jpeg", 640, 360]);
    expect([webp.format, webp.width, webp.height]).toEqual(["webp", 640, 360]);

    const later = await create({ kind: "poster", clipType: "b-roll", clipId: clip.id, time: 2.5 });
    expect(later.status).toBe(202);
    expect(later.json.id).not.toBe(res.json.id);
    expect((await settledRendition(later.json.id)).status).toBe("ready");
  }, 120_000);
});

describe("deduplication", () => {
  it("the same request answers the same rendition and stores one object (the default focus is the centre)", async () => {
    const clip = await readyClipOf("b-roll");
    const first = await create({ clipType: "b-roll", clipId: clip.id, format: "1:1", fit: "crop" });
    const again = await create({ clipType: "b-roll", clipId: clip.id, format: "1:1", fit: "crop", focus: { x: 0.5, y: 0.5 } });
    expect(again.status).toBe(202);
    expect(again.json.id).toBe(first.json.id);
    await settledRendition(first.json.id);
    const afterReady = await create({ clipType: "b-roll", clipId: clip.id, format: "1:1", kind: "video" });
    expect(afterReady.json).toMatchObject({ id: first.json.id, status: "ready" });
    expect(await renditionKeys(clip.location)).toEqual([storageKeys.clipRendition(clip.location, { renditionId: first.json.id, ext: "mp4" })]);
    expect(await prisma.rendition.count({ where: { bRollId: clip.id } })).toBe(1);
    // Another focus is another rendition.
    const moved = await create({ clipType: "b-roll", clipId: clip.id, format: "1:1", fit: "crop", focus: { x: 0, y: 0.5 } });
    expect(moved.json.id).not.toBe(first.json.id);
    const movedReady = await settledRendition(moved.json.id);
    expect((await readStoredFile(keyOfUrl(movedReady.videoUrl))).equals(await readStoredFile(storageKeys.clipRendition(clip.location, { renditionId: first.json.id, ext: "mp4" })))).toBe(false);

    const listed = await call(collection.GET, { user, path: `/api/renditions?clipId=${clip.id}` });
    expect(listed.status).toBe(200);
    expect(listed.json.renditions.map((r: { id: string }) => r.id).sort()).toEqual([first.json.id, moved.json.id].sort());
  }, 180_000);

  it("a public avatar's renditions are shared: two users get the same row; only admins delete it", async () => {
    const clip = await readyClipOf("public-avatar", admin, projectId);
    const mine = await create({ kind: "poster", clipType: "avatar", clipId: clip.id, time: 0.5 });
    const theirs = await create({ kind: "poster", clipType: "avatar", clipId: clip.id, time: 0.5 }, other);
    expect(mine.status).toBe(202);
    expect(theirs.json).toMatchObject({ id: mine.json.id, shared: true });
    const ready = await settledRendition(mine.json.id, other);
    expect(ready.status).toBe("ready");
    expect(keyOfUrl(ready.posterUrls.jpeg)).toBe(storageKeys.clipRendition(clip.location, { renditionId: mine.json.id, ext: "jpg" }));
    expect((await call(item.DELETE, { method: "DELETE", user: other, params: { id: mine.json.id } })).status).toBe(403);
    expect((await call(item.DELETE, { method: "DELETE", user: admin, params: { id: mine.json.id } })).status).toBe(204);
    expect(await renditionKeys(clip.location)).toEqual([]);
    expect((await get(mine.json.id)).status).toBe(404);
  }, 120_000);
});

describe("access and bad input", () => {
  it("another user's clip or rendition is a 404, as a missing one", async () => {
    const clip = await readyClipOf("b-roll");
    const res = await create({ kind: "poster", clipType: "b-roll", clipId: clip.id, time: 0 });
    expect((await create({ kind: "poster", clipType: "b-roll", clipId: clip.id, time: 0 }, other)).status).toBe(404);
    expect((await get(res.json.id, other)).status).toBe(404);
    expect((await call(collection.GET, { user: other, path: `/api/renditions?clipId=${clip.id}` })).status).toBe(404);
    expect((await call(item.DELETE, { method: "DELETE", user: other, params: { id: res.json.id } })).status).toBe(404);
    expect((await get("missing-rendition")).status).toBe(404);
    await settledRendition(res.json.id);
  }, 60_000);

  it("a clip that is not ready is a 409; a bad focus, trim or time is a 400 naming the field", async () => {
    const clip = await readyClipOf("b-roll");
    await prisma.bRoll.update({ where: { id: clip.id }, data: { status: "processing" } });
    const notReady = await create({ clipType: "b-roll", clipId: clip.id, format: "1:1" });
    expect(notReady.status).toBe(409);
    expect(notReady.json.error.message).toMatch(/ready/);
    await prisma.bRoll.update({ where: { id: clip.id }, data: { status: "ready" } });

    const cases: Array<[Record<string, unknown>, string]> = [
      [{ format: "1:1", focus: { x: 1.5, y: 0.5 } }, "focus.x"],
      [{ format: "1:1", focus: { x: 0.5, y: -0.1 } }, "focus.y"],
      [{ format: "1:1", trim: { start: 1, end: 1.5 } }, "trim.end"],
      [{ format: "1:1", trim: { start: 0, end: 9 } }, "trim.end"],
      [{ format: "1:1", trim: { start: -1, end: 2 } }, "trim.start"],
      [{ format: "1:1", fit: "pad", focus: { x: 0.5, y: 0.5 } }, "focus"],
      [{ format: "3:2" }, "format"],
      [{ kind: "poster", time: 30 }, "time"],
    ];
    for (const [body, field] of cases) {
      const res = await create({ clipType: "b-roll", clipId: clip.id, ...body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.details.map((d: { path: string }) => d.path), JSON.stringify(body)).toContain(field);
      expect(JSON.stringify(res.json.error), JSON.stringify(body)).toContain(field);
    }
    expect(await prisma.rendition.count({ where: { bRollId: clip.id } })).toBe(0);
  });

  it("a clip ffmpeg cannot read: the rendition fails with a reason and leaves no object", async () => {
    const { bRollId } = await readyBRoll(user, projectId);
    const res = await create({ clipType: "b-roll", clipId: bRollId, format: "4:5", fit: "pad" });
    const failed = await settledRendition(res.json.id);
    expect(failed).toMatchObject({ status: "failed", videoUrl: null, errorMessage: expect.stringMatching(/could not be converted/) });
    expect(await renditionKeys({ type: "b-roll", userId: user.id, projectId, bRollId })).toEqual([]);
  }, 60_000);
});

describe("deletion", () => {
  /** A ready poster and a ready video rendition of the clip; returns their ids. */
  async function twoRenditions(clip: { id: string; clipType: "b-roll" | "avatar"; location: ClipLocation }) {
    // A public avatar's are asked for by any user (here: another one).
    const as = clip.location.type === "public-avatar" ? other : user;
    const poster = await create({ kind: "poster", clipType: clip.clipType, clipId: clip.id }, as);
    const video = await create({ clipType: clip.clipType, clipId: clip.id, format: "1:1", trim: { start: 0, end: 1 } }, as);
    await settledRendition(poster.json.id, as);
    await settledRendition(video.json.id, as);
    expect(await renditionKeys(clip.location)).toHaveLength(3);
    return [poster.json.id as string, video.json.id as string];
  }

  it("DELETE /api/renditions/:id removes the row and its objects", async () => {
    const clip = await readyClipOf("b-roll");
    const [poster, video] = await twoRenditions(clip);
    expect((await call(item.DELETE, { method: "DELETE", user, params: { id: poster } })).status).toBe(204);
    expect(await renditionKeys(clip.location)).toEqual([storageKeys.clipRendition(clip.location, { renditionId: video, ext: "mp4" })]);
    expect(await prisma.rendition.findUnique({ where: { id: poster } })).toBeNull();
  }, 120_000);

  it("deleting a b-roll, a private avatar or a public avatar deletes its renditions' rows and objects", async () => {
    const bRoll = await readyClipOf("b-roll");
    const avatar = await readyClipOf("private-avatar");
    const library = await readyClipOf("public-avatar", admin);
    const ids = [...(await twoRenditions(bRoll)), ...(await twoRenditions(avatar)), ...(await twoRenditions(library))];
    expect((await call(bRollItem.DELETE, { method: "DELETE", user, params: { id: bRoll.id } })).status).toBe(204);
    expect((await call(privateAvatarItem.DELETE, { method: "DELETE", user, params: { id: avatar.id } })).status).toBe(204);
    expect((await call(publicAvatarItem.DELETE, { method: "DELETE", user: admin, params: { id: library.id } })).status).toBe(204);
    for (const clip of [bRoll, avatar, library]) expect(await renditionKeys(clip.location)).toEqual([]);
    expect(await prisma.rendition.count({ where: { id: { in: ids } } })).toBe(0);
  }, 240_000);

  it("deleting a project deletes its b-rolls' renditions, and its avatars' with deleteAvatars=true", async () => {
    const doomed = await newProject(user, `Doomed ${createId()}`);
    const bRoll = await readyClipOf("b-roll", user, doomed);
    const avatar = await readyClipOf("private-avatar", user, doomed);
    await twoRenditions(bRoll);
    await twoRenditions(avatar);
    const res = await call(projectItem.DELETE, { method: "DELETE", user, params: { id: doomed }, path: `/api/projects/${doomed}?deleteAvatars=true` });
    expect(res.status).toBe(204);
    expect(await renditionKeys(bRoll.location)).toEqual([]);
    expect(await renditionKeys(avatar.location)).toEqual([]);
    expect(await prisma.rendition.count({ where: { OR: [{ bRollId: bRoll.id }, { avatarId: avatar.id }] } })).toBe(0);
  }, 240_000);
});

describe("renditions the queue lost", () => {
  it("the reconciler's sweep fails a processing rendition whose queue job is gone, removing what it stored; a recent one, or one whose job waits, is left alone", async () => {
    const clip = await readyClipOf("b-roll");
    const long = new Date(Date.now() - 10 * 60_000);
    const row = (id: string, updatedAt: Date) => ({ id, kind: "video", dedupKey: `lost-${id}`, format: "1:1", fit: "crop", userId: user.id, bRollId: clip.id, updatedAt });
    const [lost, recent, waiting] = [createId(), createId(), createId()];
    await prisma.rendition.create({ data: row(lost, long) });
    await prisma.rendition.create({ data: row(recent, new Date()) });
    await prisma.rendition.create({ data: row(waiting, long) });
    // What a dead worker left behind, and a job still waiting in the queue for the third one.
    const leftover = storageKeys.clipRendition(clip.location, { renditionId: lost, ext: "mp4" });
    await fileStorage.uploadFile(clipFile, leftover, "video/mp4");
    await prisma.$executeRaw`INSERT INTO pgboss.job ("name", "data") VALUES ('rendition-make', ${JSON.stringify({ jobId: waiting })}::jsonb)`;
    // The row's own update time is what the sweep reads: Prisma's @updatedAt must not have reset it.
    await prisma.$executeRaw`UPDATE "Rendition" SET "updatedAt" = ${long} WHERE "id" IN (${lost}, ${waiting})`;

    expect(await failAbandonedRenditions()).toBeGreaterThanOrEqual(1);
    const statuses = Object.fromEntries((await prisma.rendition.findMany({ where: { id: { in: [lost, recent, waiting] } }, select: { id: true, status: true } })).map((r) => [r.id, r.status]));
    expect(statuses).toEqual({ [lost]: "failed", [recent]: "processing", [waiting]: "processing" });
    expect((await get(lost)).json).toMatchObject({ status: "failed", errorMessage: "The conversion was interrupted; ask for it again" });
    expect(await fileStorage.statFile(leftover)).toBeNull();
    await prisma.$executeRaw`DELETE FROM pgboss.job WHERE "name" = 'rendition-make' AND "data"->>'jobId' = ${waiting}`;
    await prisma.rendition.deleteMany({ where: { id: { in: [recent, waiting] } } });
  });
});
