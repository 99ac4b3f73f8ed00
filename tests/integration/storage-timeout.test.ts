// Storage that stops answering (a stopped MinIO, a hung proxy): every storage call gives up after
// S3_TIMEOUT_SECONDS of silence, requests answer 503 naming storage instead of hanging, streams that
// stall mid-body fail (bodies that keep moving are never cut off), background work fails fast so
// the queue retries it, and once storage answers again the same code works.
import { randomUUID } from "node:crypto";
import { createServer as createHttpServer } from "node:http";
import { createServer, type Server, type Socket } from "node:net";
import { NextRequest } from "next/server";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { fileStorage } from "@/_shared/core/file-storage.service";
import { sweepTempImages } from "@/_shared/core/images/sweep-temp-images";
import { ApiError } from "@/_shared/lib/errors";
import { storageKeys } from "@/_shared/lib/storage-keys";
import * as media from "@/app/api/media/[...key]/route";
import * as temp from "@/app/api/images/temp/[sessionId]/route";
import * as upload from "@/app/api/images/upload/route";
import { restoreEnv, setEnv } from "../env";
import { call, newUser } from "../helpers";
import { readAll } from "../media";

const uid = () => randomUUID().replaceAll("-", "");
const TIMEOUT_SECONDS = 1;
/** The timeout plus room for a slow machine: well below the test's own time limit. */
const ANSWER_WITHIN_MS = TIMEOUT_SECONDS * 1000 + 2500;

/** Listens on 127.0.0.1; every accepted connection is kept open and `onConnection` decides what it hears. */
async function listen(server: Server): Promise<{ endpoint: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = Date.now();
  const result = await work();
  return { result, ms: Date.now() - started };
}

const storageUnavailable = { error: { code: "service_unavailable", message: expect.stringMatching(/storage/i) } };

describe("storage that accepts connections and never answers", () => {
  let silent: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    silent = await listen(createServer(() => undefined));
    setEnv({ S3_ENDPOINT: silent.endpoint, S3_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS) });
  });
  afterAll(async () => {
    restoreEnv();
    await silent.close();
  });

  it("GET /api/media answers 503 naming storage within the timeout", async () => {
    const key = storageKeys.publicAvatarImage({ avatarId: uid(), ext: "webp" });
    const { result: res, ms } = await timed(() => call(media.GET, { path: `/api/media/${key}`, params: { key: key.split("/") } }));
    expect(res.status).toBe(503);
    expect(res.json).toEqual(storageUnavailable);
    expect(ms).toBeLessThan(ANSWER_WITHIN_MS);
  });

  it("an image upload answers 503 within the timeout", async () => {
    const user = await newUser();
    const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: "#3a6" } }).jpeg().toBuffer();
    const form = new FormData();
    form.set("file", new Blob([new Uint8Array(jpeg)], { type: "image/jpeg" }), "photo.jpg");
    form.set("sessionId", "hung");
    const req = new NextRequest("http://localhost:3000/api/images/upload", { method: "POST", body: form, headers: { cookie: `next-auth.session-token=${user.token}` } });
    const { result: res, ms } = await timed(() => upload.POST(req, { params: Promise.resolve({}) }));
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual(storageUnavailable);
    expect(ms).toBeLessThan(ANSWER_WITHIN_MS);
  });

  it("deleting a temporary session answers 503 within the timeout", async () => {
    const user = await newUser();
    const { result: res, ms } = await timed(() => call(temp.DELETE, { method: "DELETE", user, params: { sessionId: "hung" } }));
    expect(res.status).toBe(503);
    expect(res.json).toEqual(storageUnavailable);
    expect(ms).toBeLessThan(ANSWER_WITHIN_MS);
  });

  it("fileStorage calls reject with the storage 503 error", async () => {
    const started = Date.now();
    const error = await fileStorage.statFile("avatars/public/none.webp").catch((caught: unknown) => caught);
    expect(Date.now() - started).toBeLessThan(ANSWER_WITHIN_MS);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: "service_unavailable", status: 503 });
    await expect(fileStorage.isReachable()).rejects.toMatchObject({ code: "service_unavailable" });
  });

  it("background work fails within the timeout (the queue retries it) instead of hanging", async () => {
    const started = Date.now();
    await expect(sweepTempImages()).rejects.toMatchObject({ code: "service_unavailable" });
    expect(Date.now() - started).toBeLessThan(ANSWER_WITHIN_MS);
  });
});

describe("storage that is slow or stalls in the middle of an object", () => {
  let stalling: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    // `slow.mp4` keeps moving (a chunk every third of the timeout, six in all: twice the timeout in
    // total); anything else sends the start of a 1 MB body, then goes quiet.
    const server = createHttpServer((req, res) => {
      if (req.url?.includes("slow.mp4")) {
        res.writeHead(200, { "content-type": "video/mp4", "content-length": String(6 * 1024) });
        let sent = 0;
        const timer = setInterval(() => {
          res.write(Buffer.alloc(1024, sent));
          if (++sent < 6) return;
          clearInterval(timer);
          res.end();
        }, (TIMEOUT_SECONDS * 1000) / 3);
        return;
      }
      res.writeHead(200, { "content-type": "video/mp4", "content-length": String(1024 * 1024) });
      res.write(Buffer.alloc(1024));
    });
    stalling = await listen(server);
    setEnv({ S3_ENDPOINT: stalling.endpoint, S3_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS) });
  });
  afterAll(async () => {
    restoreEnv();
    await stalling.close();
  });

  it("a stream read fails after the timeout of inactivity instead of hanging", async () => {
    const started = Date.now();
    const stream = await fileStorage.getFileStream("avatars/public/stalled.mp4");
    await expect(readAll(stream)).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(ANSWER_WITHIN_MS);
  });

  it("a body that keeps moving is read whole, however long it takes in total", async () => {
    const started = Date.now();
    const body = await readAll(await fileStorage.getFileStream("avatars/public/slow.mp4"));
    expect(body.length).toBe(6 * 1024);
    expect(Date.now() - started).toBeGreaterThan(TIMEOUT_SECONDS * 1000 * 1.5);
  });
});

describe("storage answering again", () => {
  afterEach(() => restoreEnv());

  it("works with the real endpoint once the hung one is gone", async () => {
    setEnv({ S3_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS) });
    const key = storageKeys.publicAvatarImage({ avatarId: uid(), ext: "webp" });
    await fileStorage.uploadFile(Buffer.from("back"), key, "image/webp");
    expect(await fileStorage.statFile(key)).toMatchObject({ size: 4 });
    await fileStorage.deleteFile(key);
    await expect(sweepTempImages()).resolves.toBeGreaterThanOrEqual(0);
  });
});
