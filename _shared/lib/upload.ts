// Reads a multipart upload of one image: refuses what is not multipart (415), too large (413: the
// body is read with a cap of the image limit plus multipart overhead, refused on a declared
// Content-Length before reading and as soon as a streamed body passes it; then on the file itself)
// or missing fields (400).
import { z } from "zod";
import { readBodyCapped } from "./body";
import { ApiError } from "./errors";
import { MAX_IMAGE_BYTES } from "./images";

const MULTIPART_OVERHEAD = 64 * 1024;

export async function readImageUpload<S extends z.ZodType>(req: Request, fields: S): Promise<{ fields: z.output<S>; bytes: Buffer; filename: string }> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.startsWith("multipart/form-data")) {
    throw new ApiError("unsupported_media_type", "Send the image as multipart/form-data with a `file` field");
  }
  const body = await readBodyCapped(req, MAX_IMAGE_BYTES + MULTIPART_OVERHEAD, "image");
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), { headers: { "content-type": type } }).formData();
  } catch {
    throw new ApiError("bad_request", "The multipart body could not be read");
  }
  const file = form.get("file");
  if (!(file instanceof Blob)) throw new ApiError("bad_request", "The `file` field with the image is missing", [{ path: "file", message: "required" }]);
  if (file.size > MAX_IMAGE_BYTES) throw new ApiError("payload_too_large", `The image is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB`);
  const values = Object.fromEntries([...form.entries()].filter(([name, value]) => name !== "file" && typeof value === "string"));
  return { fields: fields.parse(values), bytes: Buffer.from(await file.arrayBuffer()), filename: file instanceof File ? file.name : "upload" };
}
