"use client";
// Every click that spends money (image generate and edit, avatar and b-roll create and retry, in the
// studio, the projects and the admin) is sent through usePaidPost, with an Idempotency-Key: the
// server answers a repeated key with the first answer and starts nothing (README "API").
//
// One key per intent: the same request sent again (a double click, or the user trying again after
// a lost connection) keeps its key, so it cannot be paid twice; once the server has given a definite
// answer, success or refusal, the next click is a new intent with a new key. A changed request
// (another prompt, another option) is a new intent too: the server refuses a key reused for another
// body. "Definite" matters: after no answer at all, or a 500/503/504, the first request may have
// started; and a 409 right after such a failure may mean it is still running, so the key is kept for
// one more try (a second 409 ends the intent: the server says the key cannot be used any more).
import { useCallback, useRef } from "react";
import { api, ApiClientError } from "./api-client";

/** A random id for an idempotency key (crypto.randomUUID needs a secure context). */
function randomId(): string {
  return typeof crypto !== "undefined" && typeof crypto.randomUUID === "function" && (typeof window === "undefined" || window.isSecureContext)
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
}

/** Statuses after which the request may or may not have been carried out (0: no answer reached us). */
const OUTCOME_UNKNOWN = new Set([0, 500, 503, 504]);

interface Intent {
  key: string;
  body: string;
  /** The last attempt ended without a definite answer. */
  unsure: boolean;
}

/** What to do with an intent's key after an attempt failed with `status`. */
function keepsKey(status: number, lastWasUnsure: boolean): { keep: boolean; unsure: boolean } {
  if (OUTCOME_UNKNOWN.has(status)) return { keep: true, unsure: true };
  if (status === 409 && lastWasUnsure) return { keep: true, unsure: false };
  return { keep: false, unsure: false };
}

/**
 * POST to a spending endpoint with the key of the current intent for that path. Intents are kept
 * per path (a retry URL names its resource) for the life of the component that holds the hook.
 */
export function usePaidPost() {
  const intents = useRef(new Map<string, Intent>());
  return useCallback(async <T>(path: string, body?: unknown): Promise<T> => {
    const fingerprint = JSON.stringify(body ?? null);
    let intent = intents.current.get(path);
    if (!intent || intent.body !== fingerprint) {
      intent = { key: randomId(), body: fingerprint, unsure: false };
      intents.current.set(path, intent);
    }
    const attempt = intent;
    const end = () => {
      if (intents.current.get(path) === attempt) intents.current.delete(path);
    };
    try {
      const reply = await api<T>(path, { method: "POST", body, headers: { "Idempotency-Key": attempt.key } });
      end();
      return reply;
    } catch (error) {
      const next = keepsKey(error instanceof ApiClientError ? error.status : 0, attempt.unsure);
      attempt.unsure = next.unsure;
      if (!next.keep) end();
      throw error;
    }
  }, []);
}
