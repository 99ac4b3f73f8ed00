// GET /api/projects/:id/export: a project of 20 ready clips (b-rolls, private avatars, library
// avatars) streamed as one ZIP, read back entry by entry (a small reader of the ZIP format below):
// readable unique names, clips stored uncompressed and byte for byte, ready renditions and posters
// when asked, manifest.csv and manifest.json with each file's metadata; what is not ready, not the
// project's or gone from the bucket is left out; another user's project is a 404.
import { inflateRawSync } from "node:zlib";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { fileStorage } from "@/_shared/core/file-storage.service";
import { createId } from "@/_shared/lib/ids";
import { prisma } from "@/_shared/lib/prisma";
import { storageKeys } from "@/_shared/lib/storage-keys";
import * as exportRoute from "@/app/api/projects/[id]/export/route";
import { call, newProject, newUser, type TestUser } from "../helpers";
import { readStoredFile } from "../media";
import { publicAvatar, readyAvatar, readyBRoll } from "../resources";

let user: TestUser;
let other: TestUser;
let projectId: string;
const clipKeys = new Map<string, string>();
let jobBRollId: string;
let renditionBRoll: { bRollId: string; videoKey: string };

// ----- a ZIP reader: the central directory, then each entry's data (stored or deflated) -----

interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  data: Buffer;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function readZip(zip: Buffer): ZipEntry[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(eocd).toBeGreaterThan(0);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    expect(zip.readUInt32LE(local)).toBe(0x04034b50);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + compressed);
    const data = method === 0 ? Buffer.from(raw) : inflateRawSync(raw);
    expect(crc32(data), name).toBe(crc);
    entries.push({ name, method, crc, data });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The export as `as` asks for it, read as it streams (chunk by chunk) to its end. */
async function download(id: string, as: TestUser, query = "") {
  const req = new NextRequest(new URL(`/api/projects/${id}/export${query}`, "http://localhost:3000"), { headers: { cookie: `next-auth.session-token=${as.token}` } });
  const res = await exportRoute.GET(req, { params: Promise.resolve({ id }) });
  const chunks: Buffer[] = [];
  let reads = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    chunks.push(Buffer.from(chunk));
    reads++;
  }
  return { res, body: Buffer.concat(chunks), reads };
}

// ----- the project -----

beforeAll(async () => {
  [user, other] = await Promise.all([newUser(), newUser()]);
  projectId = await newProject(user, "Summer launch");
  // 14 b-rolls (all named alike but one), 4 private avatars, 2 library avatars: 20 clips.
  for (let i = 0; i < 14; i++) {
    const made = await readyBRoll(user, projectId);
    clipKeys.set(made.bRollId, made.videoKey);
    if (i === 0) renditionBRoll = made;
  }
  jobBRollId = [...clipKeys.keys()][1];
  await prisma.bRoll.update({ where: { id: jobBRollId }, data: { name: 'Promo: 50% off / "summer"' } });
  await prisma.generationJob.create({
    data: {
      kind: "text_to_video", model: "fal-ai/bytedance/seedance/v1/pro/text-to-video", status: "completed", estimatedCostUsd: 0.12, userId: user.id, projectId, bRollId: jobBRollId,
      input: { request: { prompt: "=cocktails on a beach, sunset", options: { resolution: "480p", duration: 2, seed: 4242 } }, falInput: {} },
    },
  });
  for (let i = 0; i < 4; i++) {
    const made = await readyAvatar(user, projectId);
    clipKeys.set(made.avatarId, made.videoKey);
  }
  for (let i = 0; i < 2; i++) {
    const { avatarId } = await publicAvatar({ name: `Library ${i}` });
    const key = storageKeys.publicAvatarVideo({ avatarId });
    await fileStorage.uploadFile(Buffer.from(`library clip ${i}`), key, "video/mp4");
    await prisma.projectLibraryAvatar.create({ data: { projectId, avatarId } });
    clipKeys.set(avatarId, key);
  }
  // Not in the export: a b-roll still processing, and one of another project.
  await prisma.bRoll.create({ data: { name: "Pending", prompt: "p", type: "text_to_video", userId: user.id, projectId } });
  await readyBRoll(user, await newProject(user, "Elsewhere"));

  // A ready rendition and poster of the first b-roll, and a failed rendition (left out).
  const location = { type: "b-roll" as const, userId: user.id, projectId, bRollId: renditionBRoll.bRollId };
  const renditionId = createId();
  const posterId = createId();
  const keys = {
    video: storageKeys.clipRendition(location, { renditionId, ext: "mp4" }),
    jpg: storageKeys.clipRendition(location, { renditionId: posterId, ext: "jpg" }),
    webp: storageKeys.clipRendition(location, { renditionId: posterId, ext: "webp" }),
  };
  for (const [name, key] of Object.entries(keys)) await fileStorage.uploadFile(Buffer.from(`rendition ${name}`), key, "application/octet-stream");
  await prisma.rendition.createMany({
    data: [
      { id: renditionId, kind: "video", dedupKey: createId(), status: "ready", progress: 100, format: "9:16", fit: "crop", focusX: 0.5, focusY: 0.5, trimStart: 0.5, trimEnd: 1.5, objectKey: keys.video, width: 1080, height: 1920, durationSeconds: 1, userId: user.id, bRollId: renditionBRoll.bRollId },
      { id: posterId, kind: "poster", dedupKey: createId(), status: "ready", progress: 100, time: 1, objectKey: keys.jpg, webpKey: keys.webp, width: 480, height: 854, userId: user.id, bRollId: renditionBRoll.bRollId },
      { kind: "video", dedupKey: createId(), status: "failed", format: "1:1", fit: "pad", userId: user.id, bRollId: renditionBRoll.bRollId },
    ],
  });
}, 120_000);

describe("project export", () => {
  it("streams the 20 ready clips, stored as they are, with readable unique names and both manifests", async () => {
    const { res, body, reads } = await download(projectId, user);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="summer-launch.zip"');
    expect(reads).toBeGreaterThan(1);
    const entries = readZip(body);
    const names = entries.map((entry) => entry.name);
    expect(names).toHaveLength(22);
    expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(22);
    expect(names.slice(-2)).toEqual(["manifest.csv", "manifest.json"]);
    expect(names).toContain("b-rolls/Ready espresso.mp4");
    expect(names).toContain("b-rolls/Ready espresso (13).mp4");
    expect(names).toContain("b-rolls/Promo 50% off summer.mp4");
    expect(names).toContain("avatars/Ready Anna (4).mp4");
    expect(names).toContain("avatars/Library 1.mp4");
    expect(names.filter((name) => name.startsWith("b-rolls/"))).toHaveLength(14);
    expect(names.filter((name) => name.startsWith("avatars/"))).toHaveLength(6);
    for (const entry of entries.filter((e) => e.name.endsWith(".mp4"))) expect(entry.method, entry.name).toBe(0);

    const manifest = JSON.parse(entries.find((e) => e.name === "manifest.json")!.data.toString("utf8"));
    expect(manifest.files).toHaveLength(20);
    expect(manifest.files.map((row: { file: string }) => row.file)).toEqual(names.slice(0, 20));
    // Each clip's bytes are its stored object's.
    const byFile = new Map(entries.map((entry) => [entry.name, entry.data]));
    for (const [, key] of clipKeys) {
      const stored = await readStoredFile(key);
      expect([...byFile.values()].some((data) => data.equals(stored)), key).toBe(true);
    }
    const promo = manifest.files.find((row: { file: string }) => row.file === "b-rolls/Promo 50% off summer.mp4");
    expect(promo).toEqual({
      file: "b-rolls/Promo 50% off summer.mp4", name: 'Promo: 50% off / "summer"', type: "b-roll", clip: null, prompt: "=cocktails on a beach, sunset",
      model: "fal-ai/bytedance/seedance/v1/pro/text-to-video", seed: 4242, durationSeconds: 2.04, resolution: "480x854", format: "9:16", estimatedCostUsd: 0.12, createdAt: expect.any(String),
    });
    expect(manifest.files.filter((row: { type: string }) => row.type === "library-avatar").map((row: { estimatedCostUsd: unknown }) => row.estimatedCostUsd)).toEqual([null, null]);

    const csv = entries.find((e) => e.name === "manifest.csv")!.data.toString("utf8").trimEnd().split("\r\n");
    expect(csv[0]).toBe("file,name,type,clip,prompt,model,seed,durationSeconds,resolution,format,estimatedCostUsd,createdAt");
    expect(csv).toHaveLength(21);
    // Quoted where it holds commas or quotes; a formula-looking cell stays text.
    expect(csv).toContainEqual(expect.stringContaining(`b-rolls/Promo 50% off summer.mp4,"Promo: 50% off / ""summer""",b-roll,,"'=cocktails on a beach, sunset",fal-ai/bytedance/seedance/v1/pro/text-to-video,4242,2.04,480x854,9:16,0.12,`));
  });

  it("include=renditions,posters adds the ready renditions and the posters (JPEG and WebP), named after their clip", async () => {
    const { res, body } = await download(projectId, user, "?include=renditions,posters");
    expect(res.status).toBe(200);
    const entries = readZip(body);
    const names = entries.map((entry) => entry.name);
    expect(names).toHaveLength(25);
    expect(names).toEqual(expect.arrayContaining(["renditions/Ready espresso 9x16 crop 0.5s-1.5s.mp4", "posters/Ready espresso 1s.jpg", "posters/Ready espresso 1s.webp"]));
    expect(entries.find((e) => e.name === "posters/Ready espresso 1s.webp")!.data.toString()).toBe("rendition webp");
    const manifest = JSON.parse(entries.find((e) => e.name === "manifest.json")!.data.toString("utf8"));
    expect(manifest.files.find((row: { file: string }) => row.file.startsWith("renditions/"))).toMatchObject({
      type: "rendition", clip: "b-rolls/Ready espresso.mp4", format: "9:16", resolution: "1080x1920", durationSeconds: 1, estimatedCostUsd: 0,
    });
    const onlyPosters = readZip((await download(projectId, user, "?include=posters")).body).map((e) => e.name);
    expect(onlyPosters).toHaveLength(24);
    expect(onlyPosters.some((name) => name.startsWith("renditions/"))).toBe(false);
  });

  it("a clip whose object is gone is left out of the archive and its manifests", async () => {
    const gone = await readyBRoll(user, projectId);
    await fileStorage.deleteFile(gone.videoKey);
    const entries = readZip((await download(projectId, user)).body);
    expect(entries).toHaveLength(22);
    await prisma.bRoll.delete({ where: { id: gone.bRollId } });
  });

  it("another user's project is a 404; a bad include is a 400 naming it", async () => {
    const res = await call(exportRoute.GET, { user: other, params: { id: projectId } });
    expect(res.status).toBe(404);
    const bad = await call(exportRoute.GET, { user, params: { id: projectId }, path: `/api/projects/${projectId}/export?include=everything` });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0]).toMatchObject({ path: "include", message: expect.stringContaining("everything") });
    const anonymous = await call(exportRoute.GET, { params: { id: projectId } });
    expect(anonymous.status).toBe(401);
  });
});
