import { linkLibraryAvatar, unlinkLibraryAvatar } from "@/_shared/core/library/project-library-avatars";
import { route } from "@/_shared/lib/route";
import { projectLibraryAvatarParams } from "@/_shared/schemas/library";

// PUT /api/projects/[id]/library-avatars/[avatarId] - add a library avatar to the project: a link to its clip, free, idempotent
export const PUT = route({ auth: "user", params: projectLibraryAvatarParams }, ({ user, params }) =>
  linkLibraryAvatar({ user, projectId: params.id, avatarId: params.avatarId }),
);

// DELETE /api/projects/[id]/library-avatars/[avatarId] - remove it from the project (204, also when it was not there)
export const DELETE = route({ auth: "user", params: projectLibraryAvatarParams, status: 204 }, ({ user, params }) =>
  unlinkLibraryAvatar({ user, projectId: params.id, avatarId: params.avatarId }),
);
