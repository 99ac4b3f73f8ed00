import { contentGeneration } from "@/_shared/core/content-generation.service";
import { readBodyCapped } from "@/_shared/lib/body";
import { getEnv } from "@/_shared/lib/env";
import { route } from "@/_shared/lib/route";

// POST /api/webhooks/fal - Fal.ai completion webhook (read with the MAX_WEBHOOK_BODY_BYTES cap, 413
// past it; then the signature is verified on the raw body, 401 otherwise)
export const POST = route({ auth: "none" }, async ({ req }) =>
  contentGeneration.receiveFalWebhook({ rawBody: await readBodyCapped(req, getEnv().MAX_WEBHOOK_BODY_BYTES, "webhook body"), headers: req.headers }),
);
