import { avatarService } from "@/_shared/core/avatar.service";
import { route } from "@/_shared/lib/route";
import { idParams } from "@/_shared/schemas/common";
import { updateMotionPresetBody } from "@/_shared/schemas/motion-preset";

// PATCH /api/motion-presets/:id - change a preset (admin)
export const PATCH = route({ auth: "admin", params: idParams, body: updateMotionPresetBody }, ({ params, body }) => avatarService.updateMotionPreset({ id: params.id, body }));

// DELETE /api/motion-presets/:id - remove a preset (admin)
export const DELETE = route({ auth: "admin", params: idParams, status: 204 }, ({ params }) => avatarService.deleteMotionPreset({ id: params.id }));
