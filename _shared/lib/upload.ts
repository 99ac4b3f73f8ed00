// Reads a multipart upload of one image: refuses what is not multipart (415), too large (413,
// checked on Content-Length before reading and on the file itself) or missing fields (400).
import { z } from "zod";
import { ApiError } from "./errors";
import { MAX_IMAGE_BYTES } from "./images";

const MULTIPART_OVERHEAD = 64 * 1024;

export async function readImageUpload<S extends z.ZodType>(req: Request, fields: S): Promise<{ fields: z.output<S>; bytes: Buffer; filename: string }> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.startsWith("multipart/form-data")) {
    throw new ApiError("unsupported_media_type", "Send the image as multipart/form-data with a `file` field");
  }
  const length = Number(req.headers.get("content-length") ?? 0);
  if (length > MAX_IMAGE_BYTES + MULTIPART_OVERHEAD) throw new ApiError("payload_too_large", `The image is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB`);
  let form: FormData;
  try {
    form = await req.formData();
  } catch {
    throw new ApiError("bad_request", "The multipart body could not be read");
  }
  const file = form.get("file");
  if (!(file instanceof Blob)) throw new ApiError("bad_request", "The `file` field with the image is missing", [{ path: "file", message: "required" }]);
  if (file.size > MAX_IMAGE_BYTES) throw new ApiError("payload_too_large", `The image is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB`);
  const values = Object.fromEntries([...form.entries()].filter(([name, value]) => name !== "file" && typeof value === "string"));
  return { fields: fields.parse(values), bytes: Buffer.from(await file.arrayBuffer()), filename: file instanceof File ? file.name : "upload" };
}
