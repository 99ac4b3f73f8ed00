import "server-only";
// FileStorageService, the storage domain's entry point: every read and write of the `better-ads`
// bucket, and who may read which object. Streams are never read whole into memory; a stream of
// unknown length is spooled to a temporary file first, because S3 servers without multipart upload
// (s3rver) need the size up front. Keys are built by _shared/lib/storage-keys.ts.
// Storage that is down or silent (s3.ts times out every request after S3_TIMEOUT_SECONDS of silence)
// surfaces as one 503 ApiError naming storage; background jobs treat it as transient and retry.
import { createReadStream, createWriteStream } from "node:fs";
import http from "node:http";
import https from "node:https";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { getEnv } from "@/_shared/lib/env";
import { bucketName, s3Client, s3Presigner } from "@/_shared/lib/s3";
import { ApiError, hasUnreachableCode, notFound } from "@/_shared/lib/errors";
import type { SessionUser } from "@/_shared/lib/session";
import { keyOwner, mediaUrl } from "@/_shared/lib/storage-keys";

export interface StoredObject {
  size: number;
  contentType: string;
  lastModified: Date;
  /** User metadata stored with the object (x-amz-meta-*), keys lower-cased. */
  metadata: Record<string, string>;
}

function isNotFound(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === "NotFound" || code === "NoSuchKey" || code === "NoSuchBucket";
}

/** Runs one storage call; a timeout (StorageTimeoutError's ETIMEDOUT) or a connection failure becomes the storage 503. */
async function guarded<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!hasUnreachableCode(error)) throw error;
    const answer = new ApiError("service_unavailable", "Storage is not answering; try again in a moment");
    answer.cause = error;
    throw answer;
  }
}

/** Lifetime of the URL of a streamed upload: it is used at once. */
const PRESIGNED_PUT_SECONDS = 15 * 60;

/** A PUT of `body` to a presigned URL; silence for `timeoutSeconds` fails it as unreachable storage does. */
async function putStream(url: URL, body: Readable, headers: Record<string, string>, timeoutSeconds: number): Promise<void> {
  const req = (url.protocol === "https:" ? https : http).request(url, { method: "PUT", headers });
  req.setTimeout(timeoutSeconds * 1000, () => req.destroy(Object.assign(new Error(`Storage did not answer for ${timeoutSeconds} s`), { code: "ETIMEDOUT" })));
  const answered = new Promise<http.IncomingMessage>((resolve, reject) => req.once("response", resolve).once("error", reject));
  // The answer may come before the body is sent (a refusal): it is read either way.
  const [res] = await Promise.all([answered, pipeline(body, req)]);
  let text = "";
  for await (const chunk of res) text += String(chunk);
  if (res.statusCode !== 200) throw new Error(`storage answered ${res.statusCode} to an upload: ${text.slice(0, 300)}`);
}

async function withSpooledFile<T>(stream: Readable, consume: (file: string, size: number) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), "better-ads-upload-"));
  const file = path.join(dir, "body");
  try {
    await pipeline(stream, createWriteStream(file));
    const { size } = await stat(file);
    return await consume(file, size);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

class FileStorageService {
  /** Stores a buffer or a stream at `key` (with optional user metadata); returns its stable media URL. */
  async uploadFile(body: Buffer | Readable, key: string, contentType: string, size?: number, metadata: Record<string, string> = {}): Promise<string> {
    const meta = { "Content-Type": contentType, ...Object.fromEntries(Object.entries(metadata).map(([k, v]) => [`X-Amz-Meta-${k}`, v])) };
    if (Buffer.isBuffer(body)) {
      await guarded(() => s3Client().putObject(bucketName(), key, body, body.length, meta));
    } else if (size !== undefined) {
      await guarded(() => s3Client().putObject(bucketName(), key, body, size, meta));
    } else {
      await withSpooledFile(body, (file, length) =>
        guarded(() => s3Client().putObject(bucketName(), key, createReadStream(file), length, meta)),
      );
    }
    return mediaUrl(key);
  }

  /**
   * Stores exactly `size` bytes of `body` at `key` in one streamed PUT. The client's putObject would
   * hash or buffer the body (whole up to S3_PART_SIZE, in parts of it above, starting with a listing
   * of uploads s3rver lacks); a presigned PUT carries an unsigned payload, so the bytes flow through
   * as they are read, whatever the size (up to S3's 5 GB for one PUT).
   */
  async uploadSizedStream(body: Readable, key: string, contentType: string, size: number): Promise<void> {
    const url = new URL(await s3Client().presignedPutObject(bucketName(), key, PRESIGNED_PUT_SECONDS));
    await guarded(() => putStream(url, body, { "content-type": contentType, "content-length": String(size) }, getEnv().S3_TIMEOUT_SECONDS));
  }

  async deleteFile(key: string): Promise<void> {
    await guarded(() => s3Client().removeObject(bucketName(), key));
  }

  /** A short-lived URL a browser (or Fal) can GET the object from. */
  async getPresignedUrl(key: string, expiresInSeconds = getEnv().MEDIA_URL_TTL_SECONDS, responseHeaders?: Record<string, string>): Promise<string> {
    return s3Presigner().presignedGetObject(bucketName(), key, expiresInSeconds, responseHeaders);
  }

  /**
   * GET /api/media/<key>: public keys are for anyone, `{userId}` keys for that user and admins,
   * anything else does not exist (404 alike). Readers get a short-lived presigned URL, never the bucket.
   */
  async getMediaRedirectUrl({ user, key, downloadAs }: { user: SessionUser | null; key: string; downloadAs?: string }): Promise<string> {
    const owner = keyOwner(key);
    const allowed = owner && (owner.access === "public" || user?.role === "admin" || user?.id === owner.userId);
    if (!allowed || !(await this.statFile(key))) throw notFound("Media");
    return this.getPresignedUrl(key, undefined, downloadAs ? { "response-content-disposition": `attachment; filename="${downloadAs}"` } : undefined);
  }

  /** Deletes every object under a prefix (a "directory"); returns how many were removed. */
  async deleteDirectory(prefix: string): Promise<number> {
    if (!prefix.endsWith("/")) throw new Error(`deleteDirectory needs a prefix ending in "/": ${prefix}`);
    const keys = await this.listKeys(prefix);
    // One by one: a directory holds a handful of objects, and s3rver's multi-object delete answers
    // a spurious 500 when it removes several files of one folder at once.
    for (const key of keys) await this.deleteFile(key);
    return keys.length;
  }

  async moveFile(fromKey: string, toKey: string): Promise<void> {
    await this.copyFile(fromKey, toKey);
    await this.deleteFile(fromKey);
  }

  async copyFile(fromKey: string, toKey: string): Promise<void> {
    await guarded(() => s3Client().copyObject(bucketName(), toKey, `/${bucketName()}/${fromKey}`));
  }

  /** Size and type of an object, or null when it does not exist. */
  async statFile(key: string): Promise<StoredObject | null> {
    try {
      const info = await guarded(() => s3Client().statObject(bucketName(), key));
      const metaData = (info.metaData ?? {}) as Record<string, unknown>;
      const metadata: Record<string, string> = {};
      for (const [k, v] of Object.entries(metaData)) if (k.toLowerCase() !== "content-type") metadata[k.toLowerCase()] = String(v);
      return {
        size: info.size,
        contentType: String(metaData["content-type"] ?? "application/octet-stream"),
        lastModified: info.lastModified,
        metadata,
      };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  /** The object's bytes; a body that stops flowing for S3_TIMEOUT_SECONDS errors the stream. */
  async getFileStream(key: string): Promise<Readable> {
    return guarded(() => s3Client().getObject(bucketName(), key));
  }

  async listKeys(prefix: string): Promise<string[]> {
    return (await this.listObjects(prefix)).map((item) => item.key);
  }

  async listObjects(prefix: string): Promise<Array<{ key: string; size: number; lastModified: Date }>> {
    return guarded(async () => {
      const items: Array<{ key: string; size: number; lastModified: Date }> = [];
      for await (const item of s3Client().listObjectsV2(bucketName(), prefix, true)) {
        if (item.name) items.push({ key: item.name, size: item.size, lastModified: item.lastModified });
      }
      return items;
    });
  }

  async ensureBucket(): Promise<void> {
    if (!(await this.isReachable())) await guarded(() => s3Client().makeBucket(bucketName(), getEnv().S3_REGION));
  }

  async isReachable(): Promise<boolean> {
    return guarded(() => s3Client().bucketExists(bucketName()));
  }
}

export const fileStorage = new FileStorageService();
