import { handleFalWebhook } from "@/_shared/core/generation/webhook-intake";
import { route } from "@/_shared/lib/route";

// POST /api/webhooks/fal - Fal.ai completion webhook (signature verified on the raw body; 401 otherwise)
export const POST = route({ auth: "none" }, async ({ req }) =>
  handleFalWebhook({ rawBody: Buffer.from(await req.arrayBuffer()), headers: req.headers }),
);
