// Alert messages for a Slack-compatible incoming webhook (`{ text, blocks }`; Mattermost, Rocket.Chat
// and Discord's /slack endpoint take the same body). Delivery is detached from the caller: alerts are
// raised on request paths and in workers, and a slow, failing or unreachable endpoint must cost them
// nothing. Every delivery error is logged, never thrown.
import { logger } from "./logger";

export interface AlertMessage {
  text: string;
  blocks?: Array<Record<string, unknown>>;
}

const TIMEOUT_MS = 5_000;
// Slack cuts section texts at 3000 characters; alerts are short, this only bounds the worst case.
const MAX_TEXT = 2_000;

const globalForAlerts = globalThis as typeof globalThis & { alertDeliveries?: Set<Promise<void>> };
const deliveries = (globalForAlerts.alertDeliveries ??= new Set());

/** Plain text made safe for Slack mrkdwn: `&`, `<` and `>` are the only characters it interprets as markup. */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** The Slack body of one alert: the text (also the notification preview) and a context line. */
export function formatAlertMessage(text: string, context: string): AlertMessage {
  const body = text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
  return {
    text: body,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: body } },
      { type: "context", elements: [{ type: "mrkdwn", text: context.slice(0, 300) }] },
    ],
  };
}

/** POSTs one message; throws on a network error, a timeout or a non-2xx answer. */
async function postAlertMessage(url: string, message: AlertMessage): Promise<void> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(message),
    signal: AbortSignal.timeout(TIMEOUT_MS),
    redirect: "error",
  });
  await res.body?.cancel().catch(() => undefined);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
}

/** Why a delivery failed, without the URL (an incoming-webhook path is a secret). */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === "TimeoutError") return `no answer within ${TIMEOUT_MS / 1000} s`;
  const cause = error.cause as { code?: string } | undefined;
  return cause?.code ? `${error.message} (${cause.code})` : error.message;
}

/**
 * Sends in the background and returns at once; `fields` (the alert key...) go into the error log of
 * a failed delivery.
 */
export function sendAlertMessage(url: string, message: AlertMessage, fields: Record<string, unknown>): void {
  let host = "";
  try {
    host = new URL(url).host;
  } catch {
    // env validation guarantees a URL; the failure is logged below anyway
  }
  const delivery: Promise<void> = postAlertMessage(url, message)
    .catch((error: unknown) => logger.error("alert webhook delivery failed", { ...fields, host, reason: describeFailure(error) }))
    .finally(() => deliveries.delete(delivery));
  deliveries.add(delivery);
}

/** Waits for the deliveries under way (graceful shutdown, tests). Never rejects. */
export async function settleAlertDeliveries(): Promise<void> {
  while (deliveries.size) await Promise.allSettled([...deliveries]);
}
