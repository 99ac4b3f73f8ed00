import { contentGeneration } from "@/_shared/core/content-generation.service";
import { route } from "@/_shared/lib/route";

// POST /api/webhooks/fal - Fal.ai completion webhook (signature verified on the raw body; 401 otherwise)
export const POST = route({ auth: "none" }, async ({ req }) =>
  contentGeneration.receiveFalWebhook({ rawBody: Buffer.from(await req.arrayBuffer()), headers: req.headers }),
);
