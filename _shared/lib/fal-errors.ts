// Classifies what Fal answered into permanent failures (bad input, content refused: fail the job at
// once, with a message a marketer can act on) and transient ones (timeouts, 5xx, 429, network:
// retried with backoff).
import { ApiError as FalApiError } from "@fal-ai/client";
import type { GenerationKind } from "@/_shared/schemas/generation-options";
import { FalHttpError } from "./fal-client";

export interface FalFailure {
  permanent: boolean;
  /** Short machine code: content_refused, invalid_input, upstream_unavailable, rate_limited, ... */
  code: string;
  /** What the user sees. */
  message: string;
  /** What the log keeps (never shown to users). */
  detail: string;
}

interface DetailItem {
  loc?: unknown[];
  msg?: string;
  type?: string;
  ctx?: Record<string, unknown>;
}

function detailItems(body: unknown): DetailItem[] {
  const detail = (body as { detail?: unknown } | null)?.detail;
  return Array.isArray(detail) ? (detail as DetailItem[]) : [];
}

const IMAGE_REFUSED = "The image model refused this request (content policy). Rephrase the description and try again.";
const REFUSED: Record<GenerationKind, string> = {
  "image-to-video": "The video model refused this image (it may show a real person's face). Try another image.",
  "text-to-video": "The video model refused this prompt (content policy). Rephrase it and try again.",
  "text-to-image": IMAGE_REFUSED,
  "image-edit": IMAGE_REFUSED,
};

const NOUN: Record<GenerationKind, string> = { "text-to-image": "image", "image-edit": "image", "image-to-video": "video", "text-to-video": "video" };

/** A failure from the HTTP status and JSON body Fal answered (result fetch, or a webhook's payload). */
export function classifyFalResponse(status: number, body: unknown, kind: GenerationKind): FalFailure {
  const items = detailItems(body);
  const detail = JSON.stringify(body ?? null).slice(0, 2000);
  if (items.some((item) => item.type === "content_policy_violation" || JSON.stringify(item).includes("partner_validation_failed"))) {
    return { permanent: true, code: "content_refused", message: REFUSED[kind], detail };
  }
  if (status === 422 || status === 400) {
    const first = items[0];
    const field = first?.loc?.filter((part) => part !== "body").join(".");
    const reason = first?.msg ? `${field ? `${field}: ` : ""}${first.msg}` : "the model rejected the input";
    return { permanent: true, code: "invalid_input", message: `The ${NOUN[kind]} model could not use this input (${reason}).`, detail };
  }
  if (status === 429) return { permanent: false, code: "rate_limited", message: "The generation service is busy; retrying.", detail };
  if (status === 401 || status === 403) {
    return { permanent: true, code: "upstream_auth", message: "The generation service refused our credentials. An admin has to check FAL_KEY.", detail };
  }
  if (status === 404) return { permanent: true, code: "upstream_not_found", message: "The generation model or request was not found.", detail };
  return { permanent: false, code: "upstream_unavailable", message: "The generation service had a temporary problem; retrying.", detail };
}

/** A failure from anything thrown while talking to Fal (client errors, network errors, timeouts). */
export function classifyFalError(error: unknown, kind: GenerationKind): FalFailure {
  if (error instanceof FalApiError || error instanceof FalHttpError) return classifyFalResponse(error.status, error.body, kind);
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { permanent: false, code: "network_error", message: "Could not reach the generation service; retrying.", detail: text.slice(0, 2000) };
}

/** Fal's webhook ERROR carries "Invalid status code: 422" and the detail list as payload. */
export function classifyWebhookError(error: string | undefined, payload: unknown, kind: GenerationKind): FalFailure {
  const status = Number(error?.match(/(\d{3})/)?.[1] ?? 500);
  return classifyFalResponse(status, payload, kind);
}

/** What Fal's error headers say: X-Fal-Retryable on model errors, X-Fal-Error-Type (or the body's error_type) on request errors. */
export interface FalErrorHints {
  retryable?: boolean;
  errorType?: string;
}

export function falErrorHints(headers: Headers, body: unknown): FalErrorHints {
  const retryable = headers.get("x-fal-retryable")?.trim().toLowerCase();
  const bodyType = (body as { error_type?: unknown } | null)?.error_type;
  const errorType = headers.get("x-fal-error-type") ?? (typeof bodyType === "string" ? bodyType : undefined);
  return { ...(retryable === "true" || retryable === "false" ? { retryable: retryable === "true" } : {}), ...(errorType ? { errorType } : {}) };
}

/**
 * The result of a request Fal reported COMPLETED. A 404 or 410 there means it is gone (Fal keeps
 * results about an hour, minutes when large): permanent, the generation ran and was billed.
 * A 5xx that carries X-Fal-Retryable is the model's own answer for this request (Fal's toolkit sets
 * the header on every model error): asking again returns the same, so the job ends now, and the
 * header says whether sending the request again may work (then "try again") or would fail the
 * same way (then "change the request"). A 5xx without it may be the queue's own hiccup: polled
 * again. X-Fal-Error-Type (or the body's error_type) goes to the log.
 */
export function classifyResultResponse(status: number, body: unknown, kind: GenerationKind, hints: FalErrorHints = {}): FalFailure {
  if (status === 404 || status === 410) return resultExpired(kind, `result HTTP ${status}: ${JSON.stringify(body ?? null).slice(0, 500)}`);
  const failure = classifyFalResponse(status, body, kind);
  const detail = hints.errorType ? `${hints.errorType}: ${failure.detail}`.slice(0, 2000) : failure.detail;
  if (failure.permanent || hints.retryable === undefined) return { ...failure, detail };
  if (hints.retryable) {
    return { permanent: true, code: "upstream_temporary", message: `The ${NOUN[kind]} model failed on this request for a temporary reason. Try again.`, detail };
  }
  return {
    permanent: true,
    code: "upstream_failed",
    message: `The ${NOUN[kind]} model could not complete this request, and sending it again would fail the same way. Change the description or settings and try again.`,
    detail,
  };
}

/** The output (result or CDN file) expired at Fal before we copied it. */
export function resultExpired(kind: GenerationKind, detail: string): FalFailure {
  return {
    permanent: true,
    code: "result_expired",
    message: `The finished ${NOUN[kind]} was no longer available from the generation service when we came to copy it (it keeps results only for a while). Try again.`,
    detail,
  };
}
