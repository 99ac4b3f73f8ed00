import { getTagCounts } from "@/_shared/core/library/tag-counts";
import { route } from "@/_shared/lib/route";
import { publicAvatarListQuery } from "@/_shared/schemas/public-avatar";

// GET /api/avatars/public/tag-counts - avatars per tag for the library's filters (the listing's query; each category's own filter left out of its tags' counts)
export const GET = route({ auth: "public", query: publicAvatarListQuery }, ({ user, query }) => getTagCounts({ user, query }));
