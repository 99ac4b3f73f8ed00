// The one @fal-ai/client of the app. Fal's hosts are fixed in the client, so when FAL_BASE_URL is set
// (the local simulator in dev and tests) a request middleware rewrites them: configuration, not a
// test branch. Each client call is one HTTP attempt: our job queue owns retries, and a retried submit
// in the client could start (and bill) a second generation. `retry: { maxRetries: 0 }` alone does not
// achieve that (the client merges `{ ...config.retry, ...options.retry }` and its queue methods pass
// their own policy: 3 retries for submit); the fetch wrapper below does.
import { createFalClient, type FalClient } from "@fal-ai/client";
import { ApiError } from "./errors";
import { getEnv } from "./env";

const HOST_MAP: Array<[prefix: string, path: string]> = [
  ["https://queue.fal.run/", ""],
  ["https://fal.run/", "run/"],
  ["https://rest.alpha.fal.ai/", "rest/"],
  ["https://rest.fal.ai/", "rest/"],
];

/** Rewrites a Fal URL to the configured base (the simulator); other URLs are left alone. */
function rewriteFalUrl(url: string, baseUrl: string | undefined): string {
  if (!baseUrl) return url;
  const base = baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`;
  for (const [prefix, path] of HOST_MAP) if (url.startsWith(prefix)) return `${base}${path}${url.slice(prefix.length)}`;
  return url;
}

/** A retryable HTTP answer (429, 5xx) from Fal, surfaced to our queue instead of the client's retry loop. */
export class FalHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`Fal answered HTTP ${status}`);
    this.name = "FalHttpError";
  }
}

/** A network failure reaching Fal (connection refused, reset, DNS). */
class FalTransportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FalTransportError";
  }
}

const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);

/**
 * The client's queue calls carry their own retry policy (3 retries on 429/5xx and network errors),
 * which would submit, and bill, a generation twice. This fetch turns those answers into errors the
 * client does not retry, so our job queue decides, with its own backoff and attempt count.
 */
async function noRetryFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(input, init);
  } catch (error) {
    throw new FalTransportError(error instanceof Error ? `${error.message} ${String((error as { cause?: unknown }).cause ?? "")}`.trim() : String(error));
  }
  if (RETRYABLE_STATUSES.has(res.status)) throw new FalHttpError(res.status, await res.json().catch(() => null));
  return res;
}

let cached: { key: string; client: FalClient } | undefined;

export function getFalClient(): FalClient {
  const env = getEnv();
  if (!env.FAL_KEY) {
    throw new ApiError("service_unavailable", "Generation is not configured: set FAL_KEY (or run `npm run dev`, which starts the local simulator)");
  }
  if (cached?.key !== env.FAL_KEY) {
    const baseUrl = env.FAL_BASE_URL;
    cached = {
      key: env.FAL_KEY,
      client: createFalClient({
        credentials: env.FAL_KEY,
        suppressLocalCredentialsWarning: true,
        // Only reaches calls that bring no retry policy of their own (the storage upload's initiate).
        retry: { maxRetries: 0 },
        fetch: noRetryFetch,
        requestMiddleware: async (request) => ({ ...request, url: rewriteFalUrl(request.url, baseUrl) }),
      }),
    };
  }
  return cached.client;
}

/** GET one of the status/result URLs Fal returned at submit, with our key. */
export async function fetchFal(url: string, init: { method?: string; timeoutMs?: number } = {}): Promise<Response> {
  const env = getEnv();
  return fetch(rewriteFalUrl(url, env.FAL_BASE_URL), {
    method: init.method ?? "GET",
    headers: { Authorization: `Key ${env.FAL_KEY ?? ""}`, Accept: "application/json" },
    signal: AbortSignal.timeout(init.timeoutMs ?? 30_000),
  });
}
