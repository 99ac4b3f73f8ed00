import type { KeyObject } from "node:crypto";
import type { FalSimulatorControls } from "./controls";
import { realMs } from "./controls-realism";
import { sleep, type JsonObject } from "./http-util";
import { signFalWebhook } from "./signing";

/** Fal identifies the account owning the key; the simulator has one fixed account. */
const SIM_USER_ID = "sim-user-00000000";

const ATTEMPT_TIMEOUT_MS = 10_000;

export interface WebhookEvent {
  url: string;
  requestId: string;
  body: JsonObject;
  /** Unix seconds of the submit, used to sign the stale copy sent when `outOfOrder` is on. */
  submittedAt: number;
  /** Aborted when the request is forgotten (reset): pending retries stop. */
  signal?: AbortSignal;
}

export interface WebhookSender {
  deliver(event: WebhookEvent, controls: FalSimulatorControls): Promise<void>;
}

/** `signingKey` is read at each delivery: the simulator can rotate its key mid-run. */
export function createWebhookSender(signingKey: () => KeyObject, signal: AbortSignal, log: (line: string) => void): WebhookSender {
  async function post(event: WebhookEvent, raw: string, timestamp: number): Promise<number> {
    const signature = signFalWebhook(signingKey(), { requestId: event.requestId, userId: SIM_USER_ID, timestamp, body: Buffer.from(raw, "utf8") });
    const response = await fetch(event.url, {
      method: "POST",
      body: raw,
      signal: AbortSignal.any([signal, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS), ...(event.signal ? [event.signal] : [])]),
      headers: {
        "Content-Type": "application/json",
        "X-Fal-Webhook-Request-Id": event.requestId,
        "X-Fal-Webhook-User-Id": SIM_USER_ID,
        "X-Fal-Webhook-Timestamp": String(timestamp),
        "X-Fal-Webhook-Signature": signature,
      },
    });
    await response.body?.cancel();
    return response.status;
  }

  /**
   * Like Fal, retries non-2xx answers and network errors, re-signing with a fresh timestamp each time:
   * by default 10 retries over about 2 hours on Fal's clock (7 s doubling), divided by timeFactor.
   */
  async function send(event: WebhookEvent, raw: string, controls: FalSimulatorControls, fixedTimestamp?: number): Promise<void> {
    const stop = event.signal ? AbortSignal.any([signal, event.signal]) : signal;
    for (let attempt = 0; attempt <= controls.webhookRetries && !stop.aborted; attempt++) {
      if (attempt > 0) await sleep(realMs(controls, controls.webhookRetryDelayMs * 2 ** (attempt - 1)), stop);
      if (stop.aborted) return;
      try {
        const status = await post(event, raw, fixedTimestamp ?? Math.floor(Date.now() / 1000));
        log(`webhook ${event.requestId} -> ${event.url}: ${status}`);
        if (status >= 200 && status < 300) return;
      } catch (error) {
        log(`webhook ${event.requestId} -> ${event.url}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  return {
    async deliver(event, controls) {
      if (controls.dropWebhooks) return;
      await sleep(controls.webhookDelayMs, signal);
      const raw = JSON.stringify(event.body);
      await send(event, raw, controls);
      if (controls.duplicateWebhooks) await send(event, raw, controls);
      if (controls.outOfOrder) await send(event, raw, controls, event.submittedAt);
    },
  };
}
