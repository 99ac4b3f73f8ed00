import type { IncomingMessage, ServerResponse } from "node:http";

export type JsonObject = Record<string, unknown>;

/** Raised by handlers to answer with a JSON error instead of a 500. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: JsonObject,
  ) {
    super(`HTTP ${status}`);
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = Buffer.from(JSON.stringify(body));
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": String(payload.length),
    ...headers,
  });
  res.end(payload);
}

export async function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > limitBytes) {
      throw new HttpError(413, { detail: `Request body larger than ${limitBytes} bytes` });
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Parses a JSON object body; FastAPI (which Fal runs) answers 422 to a malformed body. */
export async function readJsonObject(req: IncomingMessage, limitBytes: number): Promise<JsonObject> {
  const raw = await readBody(req, limitBytes);
  if (raw.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString("utf8"));
  } catch {
    throw new HttpError(422, {
      detail: [{ loc: ["body"], msg: "JSON decode error", type: "json_invalid" }],
    });
  }
  if (!isJsonObject(parsed)) {
    throw new HttpError(422, {
      detail: [{ loc: ["body"], msg: "Input should be a valid dictionary", type: "dict_type" }],
    });
  }
  return parsed;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
