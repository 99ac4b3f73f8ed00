import { z } from "zod";

/** GET /api/media/[...key]: the storage key, from the catch-all path segments. */
export const mediaParams = z.object({ key: z.array(z.string()).min(1).transform((parts) => parts.join("/")) });

// `?download=<file name>`: the presigned URL then asks the browser to save the file (the `download`
// attribute of a link is ignored across origins, and storage is another origin).
export const mediaQuery = z.strictObject({
  download: z.string().regex(/^[\w.-]{1,100}$/, "download must be a plain file name").optional().describe("a plain file name: the URL then makes the browser save the file"),
});
