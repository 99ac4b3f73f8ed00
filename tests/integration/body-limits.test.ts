// Request body limits: JSON routes, the Fal webhook and uploads read at most their cap and answer
// 413 as soon as it is passed, with or without Content-Length; JSON bodies must be sent as JSON.
// Bodies are streams that count what was pulled from them, so "refused" means "refused unread".
import http from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import { reloadEnv } from "@/_shared/lib/env";
import { MAX_IMAGE_BYTES } from "@/_shared/lib/images";
import * as upload from "@/app/api/images/upload/route";
import * as projects from "@/app/api/projects/route";
import * as webhook from "@/app/api/webhooks/fal/route";
import { newUser, type Handler, type TestUser } from "../helpers";

const MIB = 1024 * 1024;
const CHUNK = 64 * 1024;
// The defaults of MAX_JSON_BODY_BYTES and MAX_WEBHOOK_BODY_BYTES; the upload cap is the image cap plus multipart overhead.
const JSON_LIMIT = MIB;
const WEBHOOK_LIMIT = MIB;
const UPLOAD_LIMIT = MAX_IMAGE_BYTES + 64 * 1024;
// What the stream machinery may pull ahead of the reader: a couple of chunks.
const SLACK = 2 * CHUNK;

/** A body of `size` bytes (`content` first, then `fill`), served in 64 KiB chunks, counting what was pulled. */
function countingBody(size: number, content: Uint8Array = new Uint8Array(0), fill = 0x20) {
  const counter = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled >= size) return controller.close();
      const chunk = new Uint8Array(Math.min(CHUNK, size - counter.pulled)).fill(fill);
      const from = counter.pulled;
      if (from < content.length) chunk.set(content.subarray(from, from + chunk.length));
      counter.pulled += chunk.length;
      controller.enqueue(chunk);
    },
  });
  return { stream, counter };
}

async function send(handler: Handler, path: string, opts: { user?: TestUser; headers?: Record<string, string>; body: ReadableStream<Uint8Array> }) {
  const headers = new Headers(opts.headers);
  if (opts.user) headers.set("cookie", `next-auth.session-token=${opts.user.token}`);
  const init = { method: "POST", headers, body: opts.body, duplex: "half" } as ConstructorParameters<typeof NextRequest>[1];
  const res = await handler(new NextRequest(new URL(path, "http://localhost:3000"), init), { params: Promise.resolve({}) });
  return { status: res.status, json: (await res.json()) as { error?: { code: string; message: string } } & Record<string, unknown> };
}

/** A JSON project body padded with spaces to exactly `size` bytes. */
function projectJson(size: number, name = "Padded"): Uint8Array {
  const json = `{"name":${JSON.stringify(name)}}`;
  return new TextEncoder().encode(json + " ".repeat(size - json.length));
}

const targets = [
  { name: "a JSON route (POST /api/projects)", handler: projects.POST, path: "/api/projects", limit: JSON_LIMIT, user: true, type: "application/json" },
  { name: "the Fal webhook (anonymous)", handler: webhook.POST, path: "/api/webhooks/fal", limit: WEBHOOK_LIMIT, user: false, type: "application/json" },
  { name: "the upload route", handler: upload.POST, path: "/api/images/upload", limit: UPLOAD_LIMIT, user: true, type: "multipart/form-data; boundary=x" },
];

describe.each(targets)("$name", ({ handler, path, limit, user: signedIn, type }) => {
  const oversized = 64 * limit;

  it("refuses a declared Content-Length over the limit with 413 before reading the body", async () => {
    const user = signedIn ? await newUser() : undefined;
    const { stream, counter } = countingBody(oversized);
    const res = await send(handler, path, { user, body: stream, headers: { "content-type": type, "content-length": String(oversized) } });
    expect(res.status).toBe(413);
    expect(res.json.error).toMatchObject({ code: "payload_too_large", message: expect.any(String) });
    expect(counter.pulled).toBeLessThanOrEqual(SLACK);
  });

  it("stops reading a body without Content-Length as soon as it passes the limit (413)", async () => {
    const user = signedIn ? await newUser() : undefined;
    const { stream, counter } = countingBody(oversized);
    const res = await send(handler, path, { user, body: stream, headers: { "content-type": type } });
    expect(res.status).toBe(413);
    expect(res.json.error?.code).toBe("payload_too_large");
    expect(counter.pulled).toBeGreaterThan(limit);
    expect(counter.pulled).toBeLessThanOrEqual(limit + SLACK);
  });

  it("refuses a streamed body one byte over the limit (413)", async () => {
    const user = signedIn ? await newUser() : undefined;
    const res = await send(handler, path, { user, body: countingBody(limit + 1).stream, headers: { "content-type": type } });
    expect(res.status).toBe(413);
  });
});

/** Serves `handler` over real HTTP the way Next's Node adapter does: the IncomingMessage is the Request body. */
async function serve(handler: Handler): Promise<{ port: number; close: () => void }> {
  const server = http.createServer((req, res) => {
    const headers = new Headers(Object.entries(req.headers).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
    const init = { method: req.method, headers, body: req, duplex: "half" } as unknown as ConstructorParameters<typeof NextRequest>[1];
    void handler(new NextRequest(new URL(req.url ?? "/", "http://localhost:3000"), init), { params: Promise.resolve({}) }).then(async (response) => {
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, close: () => server.close() };
}

/** POSTs an endless body (chunked, or with a 600 MB Content-Length) until the reply comes; how much was written by then. */
function postEndless(port: number, path: string, declared: boolean): Promise<{ status: number; body: string; written: number }> {
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const req = http.request({ port, host: "127.0.0.1", path, method: "POST", headers: { "content-type": "application/json", ...(declared ? { "content-length": String(600 * MIB) } : {}) } }, (res) => {
      answered = true;
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body, written });
      });
    });
    req.on("error", (error) => (answered ? undefined : reject(error)));
    const chunk = Buffer.alloc(CHUNK, 0x20);
    const pump = () => {
      while (!answered && written < 256 * MIB) {
        written += CHUNK;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
    };
    pump();
  });
}

describe("over real HTTP", () => {
  it.each([
    ["chunked", false],
    ["with a 600 MB Content-Length", true],
  ])("an anonymous webhook body past the cap (%s) gets its 413 reply, and the client stops sending", async (_name, declared) => {
    const server = await serve(webhook.POST);
    try {
      const res = await postEndless(server.port, "/api/webhooks/fal", declared);
      expect(res.status).toBe(413);
      expect(JSON.parse(res.body)).toMatchObject({ error: { code: "payload_too_large" } });
      expect(res.written).toBeLessThan(64 * MIB);
    } finally {
      server.close();
    }
  });
});

describe("bodies within the limits", () => {
  it("a JSON body of exactly the limit is read and handled (201)", async () => {
    const user = await newUser();
    const body = countingBody(JSON_LIMIT, projectJson(JSON_LIMIT, "At the limit"));
    const res = await send(projects.POST, "/api/projects", { user, body: body.stream, headers: { "content-type": "application/json" } });
    expect(res.status).toBe(201);
    expect(res.json.name).toBe("At the limit");
  });

  it("a webhook under the limit is read, then refused on its signature (401)", async () => {
    const body = new TextEncoder().encode(JSON.stringify({ request_id: "r-1", status: "OK" }));
    const res = await send(webhook.POST, "/api/webhooks/fal", { body: countingBody(WEBHOOK_LIMIT - 1, body).stream, headers: { "content-type": "application/json" } });
    expect(res.status).toBe(401);
  });

  it("an upload streamed without Content-Length is stored (201)", async () => {
    const user = await newUser();
    const png = await sharp({ create: { width: 16, height: 16, channels: 3, background: "#abc" } }).png().toBuffer();
    const form = new FormData();
    form.set("file", new Blob([new Uint8Array(png)]), "a.png");
    form.set("sessionId", "limits");
    const encoded = new Request("http://localhost/", { method: "POST", body: form });
    const bytes = new Uint8Array(await encoded.arrayBuffer());
    const res = await send(upload.POST, "/api/images/upload", { user, body: countingBody(bytes.length, bytes).stream, headers: { "content-type": encoded.headers.get("content-type")! } });
    expect(res.status).toBe(201);
    expect(res.json.imageUrl).toMatch(/\.png$/);
  });
});

describe("MAX_JSON_BODY_BYTES", () => {
  afterEach(() => {
    delete process.env.MAX_JSON_BODY_BYTES;
    reloadEnv();
  });

  it("sets the JSON cap", async () => {
    process.env.MAX_JSON_BODY_BYTES = "100";
    reloadEnv();
    const user = await newUser();
    const at = await send(projects.POST, "/api/projects", { user, body: countingBody(100, projectJson(100)).stream, headers: { "content-type": "application/json" } });
    expect(at.status).toBe(201);
    const over = await send(projects.POST, "/api/projects", { user, body: countingBody(101, projectJson(101)).stream, headers: { "content-type": "application/json" } });
    expect(over.status).toBe(413);
    expect(over.json.error?.message).toBe("The request body is larger than 100 bytes");
  });
});

describe("JSON content types", () => {
  const cases: Array<[string, number]> = [
    ["application/json", 201],
    ["application/json; charset=utf-8", 201],
    ["Application/JSON;charset=UTF-8", 201],
    ["application/vnd.api+json", 201],
    ["application/jsonx", 415],
    ["application/json-patch", 415],
    ["text/json", 415],
    ["text/plain", 415],
    ["application/x-www-form-urlencoded", 415],
  ];
  for (const [type, status] of cases) {
    it(`${type} -> ${status}`, async () => {
      const user = await newUser();
      const body = projectJson(40, "Typed");
      const res = await send(projects.POST, "/api/projects", { user, body: countingBody(body.length, body).stream, headers: { "content-type": type } });
      expect(res.status).toBe(status);
      if (status === 415) expect(res.json.error?.code).toBe("unsupported_media_type");
    });
  }

  it("a body without a Content-Type -> 415", async () => {
    const user = await newUser();
    const body = projectJson(40, "Untyped");
    const res = await send(projects.POST, "/api/projects", { user, body: countingBody(body.length, body).stream });
    expect(res.status).toBe(415);
  });
});
