// Temporary images: FLUX generation and edits through the simulator, uploads checked by content,
// session listing and cleanup, and every refusal.
import { NextRequest } from "next/server";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { fileStorage } from "@/_shared/core/file-storage.service";
import { prisma } from "@/_shared/lib/prisma";
import { storageKeys } from "@/_shared/lib/storage-keys";
import * as generate from "@/app/api/images/generate/route";
import * as modify from "@/app/api/images/modify/route";
import * as temp from "@/app/api/images/temp/[sessionId]/route";
import * as upload from "@/app/api/images/upload/route";
import { call, newUser, type TestUser } from "../helpers";
import { readStoredFile } from "../media";
import { receivedFor, sim, withPipeline } from "../pipeline";

withPipeline();

const keyOf = (url: string) => url.replace("/api/media/", "");

async function uploadFile(user: TestUser | null, parts: { file?: Blob; filename?: string; sessionId?: string }, headers: Record<string, string> = {}) {
  const form = new FormData();
  if (parts.file) form.set("file", parts.file, parts.filename ?? "photo.jpg");
  if (parts.sessionId !== undefined) form.set("sessionId", parts.sessionId);
  const req = new NextRequest("http://localhost:3000/api/images/upload", {
    method: "POST",
    body: form,
    headers: { ...(user ? { cookie: `next-auth.session-token=${user.token}` } : {}), ...headers },
  });
  const res = await upload.POST(req, { params: Promise.resolve({}) });
  return { status: res.status, json: await res.json() };
}

describe("POST /api/images/generate", () => {
  it("generates one portrait image into the session and logs the job", async () => {
    const user = await newUser();
    const res = await call(generate.POST, { method: "POST", user, body: { prompt: "a smiling nurse in scrubs, studio light", sessionId: "studio-1" } });
    expect(res.status).toBe(200);
    expect(res.json.images).toBeUndefined();
    expect(res.json.imageUrl).toMatch(new RegExp(`^/api/media/images/temp-generated/${user.id}/studio-1/[a-z0-9]+\\.jpg$`));
    const meta = await sharp(await readStoredFile(keyOf(res.json.imageUrl))).metadata();
    expect(meta).toMatchObject({ format: "jpeg", width: 768, height: 1024 });
    const job = await prisma.generationJob.findUniqueOrThrow({ where: { id: res.json.jobId } });
    expect(job).toMatchObject({ kind: "text_to_image", status: "completed", attempts: 1, userId: user.id, model: "fal-ai/flux/dev" });
    const received = await receivedFor(job.id);
    expect(received.input).toMatchObject({ prompt: "a smiling nurse in scrubs, studio light", image_size: "portrait_4_3", num_images: 1 });
  });

  it("generates four images side by side, and accepts the caller's own userId", async () => {
    const user = await newUser();
    const res = await call(generate.POST, { method: "POST", user, body: { prompt: "a chef", sessionId: "s4", numImages: 4, aspectRatio: "1:1", seed: 42, userId: user.id } });
    expect(res.status).toBe(200);
    expect(res.json.images).toHaveLength(4);
    expect(res.json.images[0]).toEqual({ imageUrl: res.json.imageUrl, width: 1024, height: 1024 });
    expect(new Set(res.json.images.map((i: { imageUrl: string }) => i.imageUrl)).size).toBe(4);
    const listed = await call(temp.GET, { user, params: { sessionId: "s4" } });
    expect(listed.json.images).toHaveLength(4);
    expect(listed.json.images[0]).toMatchObject({ width: 1024, height: 1024, createdAt: expect.any(String) });
  });

  it("refuses another user's id (403), a content refusal (422) and a failing service (502), logging each", async () => {
    const user = await newUser();
    const other = await newUser();
    expect((await call(generate.POST, { method: "POST", user, body: { prompt: "x", sessionId: "s", userId: other.id } })).status).toBe(403);

    await sim.set({ refuseNext: 1 });
    const refused = await call(generate.POST, { method: "POST", user, body: { prompt: "something refused", sessionId: "s" } });
    expect(refused.status).toBe(422);
    expect(refused.json.error.message).toContain("refused");
    await sim.set({ failNextSubmits: 1 });
    const down = await call(generate.POST, { method: "POST", user, body: { prompt: "while Fal is down", sessionId: "s" } });
    expect(down.status).toBe(502);
    expect(down.json.error.code).toBe("upstream_error");
    const jobs = await prisma.generationJob.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } });
    expect(jobs.map((j) => [j.status, j.errorCode])).toEqual([["failed", "content_refused"], ["failed", "upstream_unavailable"]]);
    expect((await call(temp.GET, { user, params: { sessionId: "s" } })).json.images).toEqual([]);
  });

  it.each([
    ["an empty prompt", { prompt: "  ", sessionId: "s" }],
    ["a prompt over 2000 characters", { prompt: "x".repeat(2001), sessionId: "s" }],
    ["a bad sessionId", { prompt: "x", sessionId: "../etc" }],
    ["a missing sessionId", { prompt: "x" }],
    ["five images", { prompt: "x", sessionId: "s", numImages: 5 }],
    ["an unknown aspect ratio", { prompt: "x", sessionId: "s", aspectRatio: "2:1" }],
    ["an unknown field", { prompt: "x", sessionId: "s", model: "other" }],
  ])("answers 400 for %s", async (_name, body) => {
    const user = await newUser();
    const res = await call(generate.POST, { method: "POST", user, body });
    expect(res.status).toBe(400);
    expect(res.json.error.details.length).toBeGreaterThan(0);
  });

  it("answers 401 without a session", async () => {
    expect((await call(generate.POST, { method: "POST", body: { prompt: "x", sessionId: "s" } })).status).toBe(401);
  });
});

describe("POST /api/images/modify", () => {
  it("edits one of the caller's images with FLUX Kontext into the session", async () => {
    const user = await newUser();
    const first = await call(generate.POST, { method: "POST", user, body: { prompt: "a barista", sessionId: "edit" } });
    const res = await call(modify.POST, { method: "POST", user, body: { imageUrl: first.json.imageUrl, modifications: "give her a red apron", sessionId: "edit" } });
    expect(res.status).toBe(200);
    expect(res.json.imageUrl).not.toBe(first.json.imageUrl);
    const job = await prisma.generationJob.findUniqueOrThrow({ where: { id: res.json.jobId } });
    expect(job).toMatchObject({ kind: "image_edit", status: "completed", model: "fal-ai/flux-pro/kontext" });
    const received = await receivedFor(job.id);
    expect(received.input).toMatchObject({ prompt: "give her a red apron", image_url: expect.stringMatching(/^http/) });
    expect((await call(temp.GET, { user, params: { sessionId: "edit" } })).json.images).toHaveLength(2);
  });

  it("refuses another user's image, a foreign URL and a video (400)", async () => {
    const owner = await newUser();
    const stranger = await newUser();
    const image = await call(generate.POST, { method: "POST", user: owner, body: { prompt: "a pilot", sessionId: "x" } });
    for (const imageUrl of [image.json.imageUrl, "https://example.com/a.jpg", "/api/media/videos/avatars/public/abc.mp4", `http://localhost:3000${image.json.imageUrl}?x=1`]) {
      const res = await call(modify.POST, { method: "POST", user: stranger, body: { imageUrl, modifications: "hat", sessionId: "x" } });
      expect(res.status, imageUrl).toBe(400);
      expect(res.json.error.details[0].path).toBe("imageUrl");
    }
  });
});

describe("POST /api/images/upload", () => {
  it("stores a valid image re-encoded, with its metadata stripped", async () => {
    const user = await newUser();
    const jpeg = await sharp({ create: { width: 640, height: 480, channels: 3, background: "#3a6" } })
      .jpeg()
      .withExif({ IFD0: { Copyright: "secret camera owner" } })
      .toBuffer();
    expect((await sharp(jpeg).metadata()).exif).toBeDefined();
    const res = await uploadFile(user, { file: new Blob([jpeg], { type: "image/jpeg" }), sessionId: "up" });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ width: 640, height: 480 });
    const stored = await sharp(await readStoredFile(keyOf(res.json.imageUrl))).metadata();
    expect(stored.format).toBe("jpeg");
    expect(stored.exif).toBeUndefined();
  });

  it("keeps PNG and WebP as they are", async () => {
    const user = await newUser();
    const png = await sharp({ create: { width: 32, height: 32, channels: 4, background: "#fff0" } }).png().toBuffer();
    const webp = await sharp({ create: { width: 32, height: 32, channels: 3, background: "#abc" } }).webp().toBuffer();
    expect((await uploadFile(user, { file: new Blob([png]), filename: "a.png", sessionId: "up" })).json.imageUrl).toMatch(/\.png$/);
    expect((await uploadFile(user, { file: new Blob([webp]), filename: "a.webp", sessionId: "up" })).json.imageUrl).toMatch(/\.webp$/);
  });

  it("refuses what is not a JPEG, PNG or WebP (415), what is too large (413) and missing fields (400)", async () => {
    const user = await newUser();
    const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#000" } }).gif().toBuffer();
    const huge = await sharp({ create: { width: 8000, height: 6000, channels: 3, background: "#000" } }).png().toBuffer();
    expect(huge.length).toBeLessThan(10 * 1024 * 1024);
    const cases: Array<[string, Parameters<typeof uploadFile>[1], number]> = [
      ["a GIF", { file: new Blob([gif]), filename: "a.gif", sessionId: "up" }, 415],
      ["text named .jpg", { file: new Blob(["not an image at all"]), filename: "photo.jpg", sessionId: "up" }, 415],
      ["11 MB", { file: new Blob([Buffer.alloc(11 * 1024 * 1024, 1)]), filename: "big.jpg", sessionId: "up" }, 413],
      ["48 megapixels", { file: new Blob([huge]), filename: "huge.png", sessionId: "up" }, 413],
      ["no file", { sessionId: "up" }, 400],
      ["no sessionId", { file: new Blob([gif]) }, 400],
      ["a bad sessionId", { file: new Blob([gif]), sessionId: "a/b" }, 400],
    ];
    for (const [name, parts, status] of cases) {
      const res = await uploadFile(user, parts);
      expect(res.status, name).toBe(status);
      expect(res.json.error.message, name).toBeTruthy();
    }
    const json = await call(upload.POST, { method: "POST", user, body: { sessionId: "up" } });
    expect(json.status).toBe(415);
    expect((await uploadFile(null, { file: new Blob([gif]), sessionId: "up" })).status).toBe(401);
    expect(await fileStorage.listKeys(storageKeys.tempSessionPrefix({ userId: user.id, sessionId: "up" }))).toEqual([]);
  });
});

describe("temporary sessions", () => {
  it("lists only the caller's session and deletes it", async () => {
    const user = await newUser();
    const stranger = await newUser();
    await call(generate.POST, { method: "POST", user, body: { prompt: "a mechanic", sessionId: "mine" } });
    expect((await call(temp.GET, { user: stranger, params: { sessionId: "mine" } })).json).toEqual({ images: [] });
    expect((await call(temp.GET, { user, params: { sessionId: "unknown" } })).json).toEqual({ images: [] });
    expect((await call(temp.GET, { user, params: { sessionId: "bad/id" } })).status).toBe(400);
    expect((await call(temp.DELETE, { method: "DELETE", user: stranger, params: { sessionId: "mine" } })).status).toBe(204);
    expect((await call(temp.GET, { user, params: { sessionId: "mine" } })).json.images).toHaveLength(1);
    expect((await call(temp.DELETE, { method: "DELETE", user, params: { sessionId: "mine" } })).status).toBe(204);
    expect((await call(temp.GET, { user, params: { sessionId: "mine" } })).json.images).toEqual([]);
    expect((await call(temp.GET, { params: { sessionId: "mine" } })).status).toBe(401);
  });
});
