import type { ForcedOutcome } from "./controls";
import type { JsonObject } from "./http-util";
import { errorDocUrl, type ErrorDetail } from "./inputs";
import { buildForcedDetail, type ModelKind } from "./models";

export interface ForcedFailure {
  ok: false;
  httpStatus: number;
  body: JsonObject;
  retryable: boolean;
}

/**
 * A forced failure as Fal's runners answer it: refusals and validation errors are 422 and not
 * retryable; `server_error` is the toolkit's 504 `generation_timeout`, retryable as the controls say;
 * `internal_error` is a 500 `internal_server_error` of Fal's infrastructure (not billed).
 */
export function forcedFailure(outcome: Exclude<ForcedOutcome, null>, kind: ModelKind, retryable: boolean): ForcedFailure {
  if (outcome === "internal_error") return { ok: false, httpStatus: 500, body: { detail: "Internal server error", error_type: "internal_server_error" }, retryable: false };
  if (outcome !== "server_error") return { ok: false, httpStatus: 422, body: { detail: buildForcedDetail(outcome, kind) }, retryable: false };
  const detail: ErrorDetail[] = [{ loc: ["body"], msg: "Generation timeout", type: "generation_timeout", url: errorDocUrl("generation_timeout") }];
  return { ok: false, httpStatus: 504, body: { detail }, retryable };
}

/** The headers Fal puts on an error: X-Fal-Error-Type on request errors, X-Fal-Retryable on model errors. */
export function falErrorHeaders(body: unknown, retryable = false): Record<string, string> {
  if (typeof body !== "object" || body === null) return {};
  const { error_type: errorType, detail } = body as JsonObject;
  if (typeof errorType === "string") return { "X-Fal-Error-Type": errorType };
  if (Array.isArray(detail)) return { "X-Fal-Retryable": String(retryable) };
  return {};
}
