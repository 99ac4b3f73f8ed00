import { exportProject } from "@/_shared/core/exports/project-export";
import { route } from "@/_shared/lib/route";
import { idParams } from "@/_shared/schemas/common";
import { projectExportQuery } from "@/_shared/schemas/rendition";

// GET /api/projects/[id]/export?include=renditions,posters - the project's ready clips as one ZIP, streamed as it is built
export const GET = route({ auth: "user", params: idParams, query: projectExportQuery }, ({ user, params, query }) =>
  exportProject({ user, projectId: params.id, include: query.include }),
);
