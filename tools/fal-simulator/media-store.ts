import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, stat, writeFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { HttpError, readBody, sendJson, type JsonObject } from "./http-util";

/** The client switches to multipart above 90 MB, which the simulator does not serve. */
const MAX_UPLOAD_BYTES = 95 * 1024 * 1024;

interface StoredFile {
  filePath: string;
  contentType: string;
  /** Epoch ms after which the CDN answers 404, as for a file it never had. */
  expiresAt?: number;
}

export interface MediaStore {
  /** Absolute path where a producer (ffmpeg) may write the file for `key`. */
  prepare(key: string): Promise<string>;
  /** Makes a file written at `prepare(key)` servable; returns its public CDN URL. */
  publish(key: string, contentType: string): string;
  save(key: string, bytes: Buffer, contentType: string): Promise<string>;
  initiateUpload(body: JsonObject): { upload_url: string; file_url: string };
  acceptUpload(req: IncomingMessage, res: ServerResponse, token: string): Promise<void>;
  serve(req: IncomingMessage, res: ServerResponse, key: string): Promise<void>;
  /** Every file under `prefix` (a request's outputs) expires at `at` (epoch ms). */
  expireAt(prefix: string, at: number): void;
}

/** `uploadLifetimeMs`: how long an uploaded file stays downloadable (default: forever). */
export function createMediaStore(dataDir: string, baseUrl: string, uploadLifetimeMs: () => number = () => Infinity): MediaStore {
  const files = new Map<string, StoredFile>();
  const pendingUploads = new Map<string, { key: string; contentType: string }>();

  async function prepare(key: string): Promise<string> {
    const filePath = path.join(dataDir, ...key.split("/"));
    await mkdir(path.dirname(filePath), { recursive: true });
    return filePath;
  }

  function publish(key: string, contentType: string): string {
    files.set(key, { filePath: path.join(dataDir, ...key.split("/")), contentType });
    return `${baseUrl}/cdn/${key}`;
  }

  async function save(key: string, bytes: Buffer, contentType: string): Promise<string> {
    await writeFile(await prepare(key), bytes);
    return publish(key, contentType);
  }

  return {
    prepare,
    publish,
    save,
    initiateUpload(body) {
      const contentType = typeof body.content_type === "string" ? body.content_type : "application/octet-stream";
      const fileName = sanitizeFileName(typeof body.file_name === "string" ? body.file_name : "upload.bin");
      const token = randomUUID();
      const key = `uploads/${token}/${fileName}`;
      pendingUploads.set(token, { key, contentType });
      return { upload_url: `${baseUrl}/cdn-upload/${token}`, file_url: `${baseUrl}/cdn/${key}` };
    },
    async acceptUpload(req, res, token) {
      const pending = pendingUploads.get(token);
      if (!pending) throw new HttpError(404, { detail: "Unknown or already used upload URL" });
      const bytes = await readBody(req, MAX_UPLOAD_BYTES);
      pendingUploads.delete(token);
      const headerType = req.headers["content-type"];
      const contentType = pending.contentType === "application/octet-stream" && headerType ? headerType : pending.contentType;
      await save(pending.key, bytes, contentType);
      const stored = files.get(pending.key);
      if (stored) stored.expiresAt = Date.now() + uploadLifetimeMs();
      sendJson(res, 200, {});
    },
    expireAt(prefix, at) {
      for (const [key, file] of files) if (key.startsWith(prefix)) file.expiresAt = at;
    },
    async serve(req, res, key) {
      const file = files.get(key);
      if (!file || (file.expiresAt !== undefined && Date.now() >= file.expiresAt)) throw new HttpError(404, { detail: "File not found" });
      const { size } = await stat(file.filePath);
      const range = parseRange(req.headers.range, size);
      const headers: Record<string, string> = {
        "Content-Type": file.contentType,
        "Accept-Ranges": "bytes",
        "Cache-Control": "public, max-age=3600",
      };
      if (range === "unsatisfiable") {
        res.writeHead(416, { ...headers, "Content-Range": `bytes */${size}` });
        res.end();
        return;
      }
      const { start, end } = range ?? { start: 0, end: size - 1 };
      if (range) headers["Content-Range"] = `bytes ${start}-${end}/${size}`;
      headers["Content-Length"] = String(size === 0 ? 0 : end - start + 1);
      res.writeHead(range ? 206 : 200, headers);
      if (req.method === "HEAD" || size === 0) {
        res.end();
        return;
      }
      await new Promise<void>((resolve) => {
        createReadStream(file.filePath, { start, end })
          .on("error", () => {
            res.destroy();
            resolve();
          })
          .on("end", resolve)
          .pipe(res);
      });
    },
  };
}

function sanitizeFileName(name: string): string {
  const base = path.basename(name).replace(/[^A-Za-z0-9._-]/g, "_");
  return base.length > 0 && base !== "." && base !== ".." ? base.slice(-120) : "upload.bin";
}

/** Single byte range only: that is what video players and download resumers send. */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | "unsatisfiable" | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === "" && match[2] === "")) return null;
  let start: number;
  let end: number;
  if (match[1] === "") {
    const suffix = Number(match[2]);
    if (suffix === 0) return "unsatisfiable";
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start >= size || start > end) return "unsatisfiable";
  return { start, end };
}
