// Request bodies, read with a cap: a declared Content-Length over the cap is refused before a byte
// is read, and a body without one (chunked) is read chunk by chunk and cancelled as soon as it
// passes the cap, so no request makes the server buffer more than its route's limit.
import { byteSizeText } from "./byte-size";
import { ApiError } from "./errors";

function tooLarge(limit: number, what: string): ApiError {
  return new ApiError("payload_too_large", `The ${what} is larger than ${byteSizeText(limit)}`);
}

/** The whole body (empty when there is none), at most `limit` bytes; 413 past that. */
export async function readBodyCapped(req: Request, limit: number, what = "request body"): Promise<Buffer> {
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) {
    await req.body?.cancel().catch(() => undefined);
    throw tooLarge(limit, what);
  }
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit, what);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

/** application/json or application/<anything>+json, parameters (charset) allowed. */
export function isJsonContentType(header: string | null): boolean {
  const essence = (header ?? "").split(";")[0].trim().toLowerCase();
  return /^application\/([\w.!#$&^-]+\+)?json$/.test(essence);
}
