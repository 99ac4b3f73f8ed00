import { avatarService } from "@/_shared/core/avatar.service";
import { route } from "@/_shared/lib/route";
import { createMotionPresetBody } from "@/_shared/schemas/motion-preset";

// GET /api/motion-presets - the motion presets the studio offers (everyone signed in)
export const GET = route({ auth: "user" }, () => avatarService.listMotionPresets());

// POST /api/motion-presets - add a preset (admin)
export const POST = route({ auth: "admin", body: createMotionPresetBody, status: 201 }, ({ body }) => avatarService.createMotionPreset(body));
