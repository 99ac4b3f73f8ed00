// Failure modes of Fal's queue that cost money when mishandled: a billed result whose webhook could
// not carry it (payload_error), status/result reads that fail for a moment, server errors that end a
// request (not billed), and webhooks whose gateway request id is not the queue's request id.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { HttpError, type JsonObject } from "./http-util";

export type GatewayIdMode = "same" | "distinct" | "signed";

export interface FaultControls {
  /** The next N successful requests deliver an OK webhook with `payload: null` and `payload_error` (the result stays fetchable). */
  payloadErrorNext: number;
  /** The next N status or result reads answer 500 and 503 in turn (the request itself is unaffected). */
  failNextPolls: number;
  /** The same for result reads only (once `failNextPolls` is spent): status reads answer the truth. */
  failNextResults: number;
  /** The next N requests end with a server error (500 `internal_server_error`): result 500, ERROR webhook. */
  internalErrorNext: number;
  /**
   * `same`: `gateway_request_id` = `request_id`. `distinct`: the body's `gateway_request_id` differs (as
   * after a retry inside Fal). `signed`: it differs and is the webhook's X-Fal-Webhook-Request-Id (signed).
   */
  gatewayRequestId: GatewayIdMode;
}

export const DEFAULT_FAULT_CONTROLS: Readonly<FaultControls> = {
  payloadErrorNext: 0,
  failNextPolls: 0,
  failNextResults: 0,
  internalErrorNext: 0,
  gatewayRequestId: "same",
};

const count = z.number().int().min(0);

/** The fields of POST /_sim/controls that set these faults. */
export const faultControlsShape = {
  payloadErrorNext: count,
  failNextPolls: count,
  failNextResults: count,
  internalErrorNext: count,
  gatewayRequestId: z.enum(["same", "distinct", "signed"]),
};

type JobResult = { ok: true; output: JsonObject } | { ok: false; httpStatus: number; body: JsonObject };

/** Throws the 5xx a status or result read answers, when `failNextPolls` (or `failNextResults`) asks for one. */
export function failPollIfAsked(controls: FaultControls, read: "status" | "result"): void {
  const counter = controls.failNextPolls > 0 ? "failNextPolls" : read === "result" && controls.failNextResults > 0 ? "failNextResults" : null;
  if (!counter) return;
  controls[counter] -= 1;
  // 500 and 503 in turn, the last one a 500: the status the client's default retry list leaves out.
  if (controls[counter] % 2 === 0) throw new HttpError(500, { detail: "Internal server error", error_type: "internal_server_error" });
  throw new HttpError(503, { detail: "Service temporarily unavailable", error_type: "runner_scheduling_failure" });
}

/** The webhook Fal sends when a request ends, and the request id its headers carry and sign. */
export function buildWebhook(requestId: string, result: JobResult, controls: FaultControls): { body: JsonObject; headerRequestId: string } {
  const gatewayId = controls.gatewayRequestId === "same" ? requestId : randomUUID();
  const ids = { request_id: requestId, gateway_request_id: gatewayId };
  const headerRequestId = controls.gatewayRequestId === "signed" ? gatewayId : requestId;
  if (!result.ok) return { body: { ...ids, status: "ERROR", error: `Invalid status code: ${result.httpStatus}`, payload: result.body }, headerRequestId };
  if (controls.payloadErrorNext > 0) {
    controls.payloadErrorNext -= 1;
    const payloadError = "Failed to serialize the payload: Object of type bytes is not JSON serializable";
    return { body: { ...ids, status: "OK", payload: null, payload_error: payloadError }, headerRequestId };
  }
  return { body: { ...ids, status: "OK", payload: result.output }, headerRequestId };
}
