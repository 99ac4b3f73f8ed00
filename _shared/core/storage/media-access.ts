import "server-only";
// Who may read which object: public prefixes are for anyone, `{userId}` prefixes for that user and
// admins, anything else does not exist. Readers get a short-lived presigned URL, never the bucket.
import { notFound } from "@/_shared/lib/errors";
import type { SessionUser } from "@/_shared/lib/session";
import { keyOwner } from "@/_shared/lib/storage-keys";
import { fileStorage } from "../file-storage.service";

export async function getMediaRedirectUrl({ user, key, downloadAs }: { user: SessionUser | null; key: string; downloadAs?: string }): Promise<string> {
  const owner = keyOwner(key);
  const allowed = owner && (owner.access === "public" || user?.role === "admin" || user?.id === owner.userId);
  if (!allowed || !(await fileStorage.statFile(key))) throw notFound("Media");
  return fileStorage.getPresignedUrl(key, undefined, downloadAs ? { "response-content-disposition": `attachment; filename="${downloadAs}"` } : undefined);
}
