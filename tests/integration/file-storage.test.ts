import { createHash, randomBytes, randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileStorage } from "@/_shared/core/file-storage.service";
import { storageKeys } from "@/_shared/lib/storage-keys";
import { readAll } from "../media";

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");
const uid = () => randomUUID().replaceAll("-", "");

/** A fresh b-roll key under a fresh user and project, so tests never share objects. */
function bRollKey(userId = uid(), projectId = uid()) {
  return storageKeys.bRollVideo({ userId, projectId, bRollId: uid() });
}

describe("FileStorageService", () => {
  let workDir: string;
  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), "file-storage-test-"));
  });
  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it("uploads a buffer and returns its media URL; statFile reports size and content type", async () => {
    const key = storageKeys.avatarImage({ userId: uid(), avatarId: uid(), ext: "png" });
    const data = randomBytes(12_345);
    expect(await fileStorage.uploadFile(data, key, "image/png")).toBe(`/api/media/${key}`);
    const stat = await fileStorage.statFile(key);
    expect(stat).toMatchObject({ size: 12_345, contentType: "image/png" });
    expect(stat!.lastModified).toBeInstanceOf(Date);
    expect(sha256(await readAll(await fileStorage.getFileStream(key)))).toBe(sha256(data));
  });

  it("uploads a stream of unknown size (several chunks, ~3 MB) byte for byte", async () => {
    const chunks = Array.from({ length: 12 }, (_, i) => randomBytes(256 * 1024 + i * 7));
    const data = Buffer.concat(chunks);
    const key = bRollKey();
    expect(await fileStorage.uploadFile(Readable.from(chunks), key, "video/mp4")).toBe(`/api/media/${key}`);
    expect(await fileStorage.statFile(key)).toMatchObject({ size: data.length, contentType: "video/mp4" });
    expect(sha256(await readAll(await fileStorage.getFileStream(key)))).toBe(sha256(data));
  });

  it("uploads a file's read stream of unknown size", async () => {
    const data = randomBytes(1024 * 1024 + 3);
    const file = path.join(workDir, `${uid()}.bin`);
    await writeFile(file, data);
    const key = bRollKey();
    await fileStorage.uploadFile(createReadStream(file), key, "video/mp4");
    expect((await fileStorage.statFile(key))?.size).toBe(data.length);
    expect(sha256(await readAll(await fileStorage.getFileStream(key)))).toBe(sha256(data));
  });

  it("uploads a stream with an explicit size", async () => {
    const data = randomBytes(500_001);
    const key = bRollKey();
    await fileStorage.uploadFile(Readable.from([data.subarray(0, 100_000), data.subarray(100_000)]), key, "video/mp4", data.length);
    expect(await fileStorage.statFile(key)).toMatchObject({ size: data.length, contentType: "video/mp4" });
    expect(sha256(await readAll(await fileStorage.getFileStream(key)))).toBe(sha256(data));
  });

  it("presigned URLs serve the bytes over HTTP, including byte ranges", async () => {
    const data = randomBytes(64 * 1024);
    const key = bRollKey();
    await fileStorage.uploadFile(data, key, "video/mp4");
    const url = await fileStorage.getPresignedUrl(key);
    expect(url).toMatch(/^https?:\/\//);
    expect(url).toContain("X-Amz-Signature=");
    expect(url).toContain("X-Amz-Expires=300");

    const whole = await fetch(url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-type")).toBe("video/mp4");
    expect(sha256(Buffer.from(await whole.arrayBuffer()))).toBe(sha256(data));

    const range = await fetch(url, { headers: { Range: "bytes=0-9" } });
    expect(range.status).toBe(206);
    const part = Buffer.from(await range.arrayBuffer());
    expect(part).toHaveLength(10);
    expect(part.equals(data.subarray(0, 10))).toBe(true);
  });

  it("presigned URLs carry the requested lifetime", async () => {
    const key = bRollKey();
    await fileStorage.uploadFile(randomBytes(16), key, "video/mp4");
    const url = new URL(await fileStorage.getPresignedUrl(key, 60));
    expect(url.searchParams.get("X-Amz-Expires")).toBe("60");
    expect(url.pathname).toBe(`/${process.env.S3_BUCKET}/${key}`);
  });

  it("moveFile puts the bytes at the destination and removes the source", async () => {
    const data = randomBytes(4096);
    const [from, to] = [bRollKey(), bRollKey()];
    await fileStorage.uploadFile(data, from, "video/mp4");
    await fileStorage.moveFile(from, to);
    expect(await fileStorage.statFile(from)).toBeNull();
    expect(await fileStorage.statFile(to)).toMatchObject({ size: data.length, contentType: "video/mp4" });
    expect(sha256(await readAll(await fileStorage.getFileStream(to)))).toBe(sha256(data));
  });

  it("copyFile leaves both objects with the same bytes", async () => {
    const data = randomBytes(4096);
    const [from, to] = [storageKeys.tempImage({ userId: uid(), sessionId: uid(), imageId: uid(), ext: "jpg" }), storageKeys.avatarImage({ userId: uid(), avatarId: uid(), ext: "jpg" })];
    await fileStorage.uploadFile(data, from, "image/jpeg");
    await fileStorage.copyFile(from, to);
    for (const key of [from, to]) {
      expect(await fileStorage.statFile(key), key).toMatchObject({ size: data.length, contentType: "image/jpeg" });
      expect(sha256(await readAll(await fileStorage.getFileStream(key)))).toBe(sha256(data));
    }
  });

  it("deleteDirectory removes everything under the prefix, nested included, and nothing else", async () => {
    const base = `videos/b-rolls/${uid()}`;
    const inside = [`${base}/p1/a.mp4`, `${base}/p1/b.jpg`, `${base}/p1/nested/c.mp4`, `${base}/p1/nested/deeper/d.mp4`];
    const outside = [`${base}/p10/a.mp4`, `${base}/p1.mp4`, `${base}/p2/a.mp4`, `${base}/other/p1/a.mp4`];
    for (const key of [...inside, ...outside]) await fileStorage.uploadFile(Buffer.from(key), key, "application/octet-stream");

    expect(await fileStorage.deleteDirectory(`${base}/p1/`)).toBe(inside.length);
    for (const key of inside) expect(await fileStorage.statFile(key), key).toBeNull();
    for (const key of outside) expect(await fileStorage.statFile(key), key).not.toBeNull();
    expect((await fileStorage.listKeys(`${base}/`)).sort()).toEqual([...outside].sort());
    expect(await fileStorage.deleteDirectory(`${base}/p1/`)).toBe(0);
  });

  it("deleteDirectory refuses a prefix that does not end in '/'", async () => {
    const base = `videos/b-rolls/${uid()}`;
    const key = `${base}/p1/a.mp4`;
    await fileStorage.uploadFile(Buffer.from("x"), key, "video/mp4");
    await expect(fileStorage.deleteDirectory(`${base}/p1`)).rejects.toThrow(/ending in "\/"/);
    await expect(fileStorage.deleteDirectory("")).rejects.toThrow(/ending in "\/"/);
    expect(await fileStorage.statFile(key)).not.toBeNull();
  });

  it("deleteFile on a missing key does not throw; statFile on a missing key is null", async () => {
    const key = bRollKey();
    await expect(fileStorage.deleteFile(key)).resolves.toBeUndefined();
    expect(await fileStorage.statFile(key)).toBeNull();
    await fileStorage.uploadFile(Buffer.from("here"), key, "video/mp4");
    await fileStorage.deleteFile(key);
    expect(await fileStorage.statFile(key)).toBeNull();
  });

  it("the storage is reachable and the bucket exists", async () => {
    expect(await fileStorage.isReachable()).toBe(true);
    await expect(fileStorage.ensureBucket()).resolves.toBeUndefined();
  });
});
