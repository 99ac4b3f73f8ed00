import { deleteProject, getProject, renameProject } from "@/_shared/core/projects/projects";
import { route } from "@/_shared/lib/route";
import { idParams } from "@/_shared/schemas/common";
import { deleteProjectQuery, renameProjectBody } from "@/_shared/schemas/project";

// GET /api/projects/[id] - one of the caller's projects
export const GET = route({ auth: "user", params: idParams }, ({ user, params }) => getProject({ user, id: params.id }));

// PATCH /api/projects/[id] - rename
export const PATCH = route({ auth: "user", params: idParams, body: renameProjectBody }, ({ user, params, body }) =>
  renameProject({ user, id: params.id, name: body.name }),
);

// DELETE /api/projects/[id] - delete with its b-rolls and their objects; its avatars are kept unless ?deleteAvatars=true (204)
export const DELETE = route({ auth: "user", params: idParams, query: deleteProjectQuery, status: 204 }, ({ user, params, query }) =>
  deleteProject({ user, id: params.id, deleteAvatars: query.deleteAvatars }),
);
