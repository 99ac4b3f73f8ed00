import { contentGeneration } from "@/_shared/core/content-generation.service";
import { route } from "@/_shared/lib/route";
import { readImageUpload } from "@/_shared/lib/upload";
import { uploadFields } from "@/_shared/schemas/image";

// POST /api/images/upload - one JPEG/PNG/WebP (multipart `file` + `sessionId`) into a temporary session (201)
export const POST = route({ auth: "user", status: 201 }, async ({ user, req }) => {
  const upload = await readImageUpload(req, uploadFields);
  return contentGeneration.uploadImage({ user, sessionId: upload.fields.sessionId, bytes: upload.bytes });
});
