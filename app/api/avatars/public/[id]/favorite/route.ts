import { addFavorite, removeFavorite } from "@/_shared/core/library/favorites";
import { route } from "@/_shared/lib/route";
import { idParams } from "@/_shared/schemas/common";

// PUT /api/avatars/public/[id]/favorite - star a library avatar for the caller (idempotent)
export const PUT = route({ auth: "user", params: idParams }, ({ user, params }) => addFavorite({ user, id: params.id }));

// DELETE /api/avatars/public/[id]/favorite - remove the caller's star (idempotent)
export const DELETE = route({ auth: "user", params: idParams }, ({ user, params }) => removeFavorite({ user, id: params.id }));
