import { z } from "zod";
import { getMediaRedirectUrl } from "@/_shared/core/media.service";
import { route } from "@/_shared/lib/route";

const mediaParams = z.object({ key: z.array(z.string()).min(1).transform((parts) => parts.join("/")) });

// GET /api/media/[...key] - authorise the caller for the object, then redirect to a presigned URL
export const GET = route({ auth: "public", params: mediaParams }, async ({ user, params }) => {
  const location = await getMediaRedirectUrl({ user, key: params.key });
  return new Response(null, { status: 302, headers: { Location: location, "Cache-Control": "private, no-store" } });
});
