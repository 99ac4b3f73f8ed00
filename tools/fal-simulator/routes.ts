import type { IncomingMessage, ServerResponse } from "node:http";
import { applyControlsPatch, controlsPatchSchema } from "./controls";
import { HttpError, readJsonObject, sendJson } from "./http-util";
import { checkExpectedKey } from "./key-check";
import type { MediaStore } from "./media-store";
import { falErrorHeaders } from "./model-errors";
import { REQUEST_PATH, handleRequestPath, handleSubmit, handleSyncRun, requireFalKey, type QueueContext } from "./queue-routes";
import type { Keyring } from "./keyring";

const MAX_SMALL_JSON_BYTES = 64 * 1024;

export interface RouterContext extends QueueContext {
  store: MediaStore;
  keyring: Keyring;
  reset(): void;
  log(line: string): void;
}

export function createRequestHandler(ctx: RouterContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    res.on("finish", () => ctx.log(`${req.method} ${req.url} -> ${res.statusCode}`));
    route(ctx, req, res).catch((error: unknown) => sendError(ctx, res, error));
  };
}

async function route(ctx: RouterContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", ctx.baseUrl);
  const path = url.pathname;
  const method = req.method ?? "GET";
  if (path === "/.well-known/jwks.json" && method === "GET") return sendJson(res, 200, ctx.keyring.jwks());
  if (path.startsWith("/_sim/")) return routeSimControl(ctx, req, res, path);
  checkExpectedKey(ctx.controls, req, path);
  if (path.startsWith("/cdn/") && (method === "GET" || method === "HEAD")) {
    return ctx.store.serve(req, res, decodePath(path.slice("/cdn/".length)));
  }
  if (path.startsWith("/cdn-upload/") && method === "PUT") {
    return ctx.store.acceptUpload(req, res, path.slice("/cdn-upload/".length));
  }
  if (path === "/rest/storage/upload/initiate" && method === "POST") {
    requireFalKey(req);
    return sendJson(res, 200, ctx.store.initiateUpload(await readJsonObject(req, MAX_SMALL_JSON_BYTES)));
  }
  if (path.startsWith("/run/") && method === "POST") return handleSyncRun(ctx, req, res, trimSlashes(path.slice("/run/".length)), url);
  const requestMatch = REQUEST_PATH.exec(path);
  if (requestMatch) return handleRequestPath(ctx, req, res, requestMatch, url);
  if (method === "POST") return handleSubmit(ctx, req, res, trimSlashes(path), url);
  throw new HttpError(404, { detail: "Not Found" });
}

async function routeSimControl(ctx: RouterContext, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const method = req.method ?? "GET";
  if (path === "/_sim/controls" && method === "GET") return sendJson(res, 200, ctx.controls);
  if (path === "/_sim/controls" && method === "POST") {
    const parsed = controlsPatchSchema.safeParse(await readJsonObject(req, MAX_SMALL_JSON_BYTES));
    if (!parsed.success) {
      throw new HttpError(400, { detail: parsed.error.issues.map((issue) => ({ loc: issue.path.map(String), msg: issue.message })) });
    }
    applyControlsPatch(ctx.controls, parsed.data);
    ctx.jobs.admitWaiting();
    return sendJson(res, 200, ctx.controls);
  }
  if (path === "/_sim/requests" && method === "GET") return sendJson(res, 200, ctx.requests);
  if (path === "/_sim/keys" && method === "GET") return sendJson(res, 200, ctx.keyring.stats());
  if (path === "/_sim/rotate-key" && method === "POST") return sendJson(res, 200, ctx.keyring.rotate());
  if (path === "/_sim/reset" && method === "POST") {
    ctx.reset();
    return sendJson(res, 200, { status: "RESET" });
  }
  throw new HttpError(404, { detail: "Not Found" });
}

function sendError(ctx: RouterContext, res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof HttpError) return sendJson(res, error.status, error.body, falErrorHeaders(error.body));
  ctx.log(`unhandled error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  const body = { detail: "Internal server error", error_type: "internal_server_error" };
  sendJson(res, 500, body, falErrorHeaders(body));
}

function decodePath(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new HttpError(400, { detail: "Malformed URL path" });
  }
}

function trimSlashes(value: string): string {
  return value.replace(/^\/+|\/+$/g, "");
}
