// The route wrapper: each route.ts method is one call. It authenticates (public, user or admin),
// parses params/query/body with zod, runs the handler and turns every thrown error into the one
// error envelope (docs/architecture.md). Handlers return data (sent as JSON) or a Response.
import { randomUUID } from "node:crypto";
import type { NextRequest } from "next/server";
import { z, type ZodType } from "zod";
import { isJsonContentType, readBodyCapped } from "./body";
import { getEnv } from "./env";
import { ApiError, errorBody, toApiError } from "./errors";
import { readIdempotency, type IdempotencyRequest } from "./idempotency-key";
import { logger } from "./logger";
import { getMetrics, routeLabel } from "./prometheus";
import { getSessionUser, type SessionUser } from "./session";
import { refuseUnstorableText } from "./storable-text";

// none: no session lookup at all (machine endpoints with their own credentials, e.g. metrics).
type AuthMode = "none" | "public" | "user" | "admin";
type Infer<S> = S extends ZodType ? z.output<S> : undefined;
type UserFor<A extends AuthMode> = A extends "none" ? null : A extends "public" ? SessionUser | null : SessionUser;

export interface RouteContext<A extends AuthMode, P, Q, B> {
  req: NextRequest;
  user: UserFor<A>;
  params: Infer<P>;
  query: Infer<Q>;
  body: Infer<B>;
  /** The Idempotency-Key of an `idempotent` route (undefined when the request sent none). */
  idempotency: IdempotencyRequest | undefined;
}

export interface RouteConfig<A extends AuthMode, P, Q, B> {
  auth: A;
  params?: P;
  query?: Q;
  body?: B;
  /** The route spends money: an Idempotency-Key header makes a replay answer the first request. */
  idempotent?: boolean;
  /** Status of a successful reply (default 200; 204 sends no body). */
  status?: number;
}

type NextRouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

/**
 * URLSearchParams as an object: a repeated key becomes an array. It has no prototype, so every
 * name is an own key the schema sees (`__proto__` included) and none reads an inherited value.
 */
function searchParamsToObject(search: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  for (const key of new Set(search.keys())) {
    const values = search.getAll(key);
    out[key] = values.length > 1 ? values : values[0];
  }
  return out;
}

/** The JSON body (undefined when empty), read with the MAX_JSON_BODY_BYTES cap (413) and only as JSON (415). */
async function readJson(req: NextRequest): Promise<unknown> {
  const text = (await readBodyCapped(req, getEnv().MAX_JSON_BODY_BYTES)).toString("utf8");
  if (!text.trim()) return undefined;
  if (!isJsonContentType(req.headers.get("content-type"))) {
    throw new ApiError("unsupported_media_type", "Send the request body as JSON (Content-Type: application/json)");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError("bad_request", "The request body is not valid JSON");
  }
}

async function authenticate(req: NextRequest, mode: AuthMode): Promise<SessionUser | null> {
  if (mode === "none") return null;
  const user = await getSessionUser(req.headers);
  if (mode === "public") return user;
  if (!user) throw new ApiError("unauthorized", "Sign in to use this endpoint");
  if (mode === "admin" && user.role !== "admin") throw new ApiError("forbidden", "This endpoint is for admins only");
  return user;
}

function errorResponse(error: ApiError): Response {
  return Response.json(errorBody(error), { status: error.status, headers: error.headers });
}

export function route<A extends AuthMode, P extends ZodType | undefined = undefined, Q extends ZodType | undefined = undefined, B extends ZodType | undefined = undefined>(
  config: RouteConfig<A, P, Q, B>,
  handler: (ctx: RouteContext<A, P, Q, B>) => Promise<unknown>,
) {
  return async (req: NextRequest, context?: NextRouteContext): Promise<Response> => {
    // Every API request gets an id (the caller's X-Request-Id when sane), echoed in the reply and logs.
    const incoming = req.headers.get("x-request-id");
    const requestId = incoming && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    const started = performance.now();
    const response = await handle(req, context, requestId);
    response.headers.set("x-request-id", requestId);
    const seconds = (performance.now() - started) / 1000;
    const labels = { method: req.method, route: routeLabel(req.nextUrl.pathname), status: String(response.status) };
    const metrics = getMetrics();
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, seconds);
    logger.info("request", { requestId, method: req.method, path: req.nextUrl.pathname, route: labels.route, status: response.status, ms: Math.round(seconds * 1000) });
    return response;
  };

  async function handle(req: NextRequest, context: NextRouteContext | undefined, requestId: string): Promise<Response> {
    try {
      const user = await authenticate(req, config.auth);
      // Text Postgres cannot store is refused here, once for every route, before any schema runs.
      const params = config.params ? config.params.parse(refuseUnstorableText((await context?.params) ?? {})) : undefined;
      const query = config.query ? config.query.parse(refuseUnstorableText(searchParamsToObject(req.nextUrl.searchParams))) : undefined;
      const body = config.body ? config.body.parse(refuseUnstorableText(await readJson(req))) : undefined;
      const idempotency = config.idempotent ? readIdempotency(req.headers, { params, body }) : undefined;
      const result = await handler({ req, user, params, query, body, idempotency } as RouteContext<A, P, Q, B>);
      if (result instanceof Response) return result;
      const status = config.status ?? 200;
      return status === 204 ? new Response(null, { status }) : Response.json(result, { status });
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.status >= 500) {
        logger.error("request failed", { requestId, method: req.method, path: req.nextUrl.pathname, code: apiError.code, error });
      }
      return errorResponse(apiError);
    }
  }
}
