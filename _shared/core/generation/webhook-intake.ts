import "server-only";
// POST /api/webhooks/fal: verified before it is read, recorded idempotently, finished by a worker.
// Unknown request ids are acknowledged and ignored (they may belong to another environment), and a
// job that already has its outcome, or is finished, never changes again; except a success reported
// after the deadline failed the job, which is kept (late-outcome.ts).
import { z } from "zod";
import { ApiError } from "@/_shared/lib/errors";
import { JwksUnavailableError } from "@/_shared/lib/fal-jwks";
import { verifyFalWebhook, webhookHeaders } from "@/_shared/lib/fal-webhook-signature";
import { logger } from "@/_shared/lib/logger";
import { prisma } from "@/_shared/lib/prisma";
import { recordOutcome, type JobOutcome } from "./jobs";
import { recordLateOutcome } from "./late-outcome";

const webhookBody = z.object({
  request_id: z.string().min(1),
  gateway_request_id: z.string().min(1).nullish(),
  status: z.enum(["OK", "ERROR"]),
  payload: z.unknown().optional(),
  error: z.string().nullish(),
  payload_error: z.unknown().optional(),
});

export type WebhookResult = { received: true; outcome: "recorded" | "recorded_late" | "duplicate" | "unknown_request" };

export async function handleFalWebhook({ rawBody, headers }: { rawBody: Buffer; headers: Headers }): Promise<WebhookResult> {
  const signed = webhookHeaders(headers);
  const verdict = await verifyFalWebhook(signed, rawBody).catch((error: unknown) => {
    if (!(error instanceof JwksUnavailableError)) throw error;
    logger.error("webhook not verified: Fal's signing keys are unavailable", { error: error.message, requestId: signed.requestId });
    throw new ApiError("service_unavailable", "Fal's signing keys could not be fetched; retry later");
  });
  if (!verdict.ok) {
    logger.warn("webhook refused", { reason: verdict.reason, requestId: signed.requestId });
    throw new ApiError("unauthorized", `Invalid webhook signature: ${verdict.reason}`);
  }
  let parsed: z.infer<typeof webhookBody>;
  try {
    parsed = webhookBody.parse(JSON.parse(rawBody.toString("utf8")));
  } catch {
    throw new ApiError("bad_request", "The webhook body is not a Fal webhook");
  }
  // The signed header id may be the queue's request_id or the gateway_request_id (they differ when
  // Fal retried the request inside its gateway; which one the header carries is unconfirmed): the
  // signature covers the header id and the body, so either binds this body to this signature.
  const ids = [parsed.request_id, parsed.gateway_request_id].filter((id): id is string => Boolean(id));
  if (!signed.requestId || !ids.includes(signed.requestId)) throw new ApiError("unauthorized", "Invalid webhook signature: request id mismatch");

  // We stored the queue's request_id at submit; the gateway id is looked up too, in case that is the one we hold.
  const job = await prisma.generationJob.findFirst({ where: { falRequestId: { in: ids } }, select: { id: true } });
  if (!job) return { received: true, outcome: "unknown_request" };
  const outcome: JobOutcome = {
    source: "webhook",
    ok: parsed.status === "OK",
    payload: parsed.payload,
    ...(parsed.error ? { error: parsed.error } : {}),
    ...(parsed.payload_error != null ? { payloadError: typeof parsed.payload_error === "string" ? parsed.payload_error : JSON.stringify(parsed.payload_error) } : {}),
  };
  if (await recordOutcome(job.id, outcome)) return { received: true, outcome: "recorded" };
  // A success after the deadline failed the job (a running request is not stopped by a cancel).
  if (await recordLateOutcome(job.id, outcome)) return { received: true, outcome: "recorded_late" };
  return { received: true, outcome: "duplicate" };
}
