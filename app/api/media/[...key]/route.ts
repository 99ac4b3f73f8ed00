import { fileStorage } from "@/_shared/core/file-storage.service";
import { route } from "@/_shared/lib/route";
import { mediaParams, mediaQuery } from "@/_shared/schemas/media";

// GET /api/media/[...key] - authorise the caller for the object, then redirect to a presigned URL
export const GET = route({ auth: "public", params: mediaParams, query: mediaQuery }, async ({ user, params, query }) => {
  const location = await fileStorage.getMediaRedirectUrl({ user, key: params.key, downloadAs: query.download });
  return new Response(null, { status: 302, headers: { Location: location, "Cache-Control": "private, no-store" } });
});
