import { z } from "zod";
import { getMediaRedirectUrl } from "@/_shared/core/media.service";
import { route } from "@/_shared/lib/route";

const mediaParams = z.object({ key: z.array(z.string()).min(1).transform((parts) => parts.join("/")) });
// `?download=<file name>`: the presigned URL then asks the browser to save the file (the `download`
// attribute of a link is ignored across origins, and storage is another origin).
const mediaQuery = z.strictObject({ download: z.string().regex(/^[\w.-]{1,100}$/, "download must be a plain file name").optional() });

// GET /api/media/[...key] - authorise the caller for the object, then redirect to a presigned URL
export const GET = route({ auth: "public", params: mediaParams, query: mediaQuery }, async ({ user, params, query }) => {
  const location = await getMediaRedirectUrl({ user, key: params.key, downloadAs: query.download });
  return new Response(null, { status: 302, headers: { Location: location, "Cache-Control": "private, no-store" } });
});
