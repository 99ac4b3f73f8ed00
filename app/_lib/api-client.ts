"use client";
// The browser's client for our REST API: the same endpoints other frontends call, with the error
// envelope turned into an exception that carries the code, message and field details. Messages
// are shown as sentences: API messages may start with a field name ("imageUrl does not ...").
import { sentence } from "./format";

export class ApiClientError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Array<{ path?: string; message: string }> = [],
  ) {
    super(sentence(message));
  }

  /** Field errors by path, for forms. */
  fieldErrors(): Record<string, string> {
    return Object.fromEntries(this.details.filter((d) => d.path).map((d) => [d.path as string, sentence(d.message)]));
  }
}

export interface ApiInit {
  method?: string;
  body?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
  /** Aborts the request; the promise then rejects with the signal's reason (not an ApiClientError). */
  signal?: AbortSignal;
  /** The request outlives the page (a save the user may navigate away from at once; small bodies only). */
  keepalive?: boolean;
}

export async function api<T>(path: string, init: ApiInit = {}): Promise<T> {
  const headers: Record<string, string> = { ...init.headers };
  let body: BodyInit | undefined;
  if (init.form) body = init.form;
  else if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers["content-type"] = "application/json";
  }
  let res: Response;
  try {
    res = await fetch(path, { method: init.method ?? (body ? "POST" : "GET"), headers, body, credentials: "same-origin", signal: init.signal, keepalive: init.keepalive });
  } catch (error) {
    if (init.signal?.aborted) throw init.signal.reason ?? error;
    throw new ApiClientError(0, "network_error", "Could not reach the server. Check your connection and try again.");
  }
  if (res.status === 204) return undefined as T;
  const json = await res.json().catch(() => null);
  init.signal?.throwIfAborted();
  if (!res.ok) {
    const error = (json as { error?: { code?: string; message?: string; details?: Array<{ path?: string; message: string }> } } | null)?.error;
    throw new ApiClientError(res.status, error?.code ?? "error", error?.message ?? `Request failed (HTTP ${res.status})`, error?.details);
  }
  return json as T;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : "Something went wrong";
}
