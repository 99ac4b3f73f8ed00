import { createProject, listProjects } from "@/_shared/core/projects/projects";
import { route } from "@/_shared/lib/route";
import { createProjectBody } from "@/_shared/schemas/project";

// GET /api/projects - the caller's projects, newest first
export const GET = route({ auth: "user" }, ({ user }) => listProjects({ user }));

// POST /api/projects - create a project (201)
export const POST = route({ auth: "user", body: createProjectBody, status: 201 }, ({ user, body }) =>
  createProject({ user, name: body.name }),
);
