import { listProjectLibraryAvatars } from "@/_shared/core/library/project-library-avatars";
import { route } from "@/_shared/lib/route";
import { idParams } from "@/_shared/schemas/common";

// GET /api/projects/[id]/library-avatars - the public library avatars added to one of the caller's projects
export const GET = route({ auth: "user", params: idParams }, ({ user, params }) => listProjectLibraryAvatars({ user, projectId: params.id }));
