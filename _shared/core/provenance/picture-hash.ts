import "server-only";
// The SHA-256 of a resource's input picture, computed once when the picture is copied next to the
// resource (never on a read), and stored on the resource's row.
import { createHash } from "node:crypto";
import type { Tx } from "@/_shared/lib/prisma";
import { fileStorage } from "@/_shared/core/file-storage.service";

/** Copies `from` to `to` and answers the SHA-256 (hex) of the copy, streamed (never whole in memory). */
export async function copyImageHashed(from: string, to: string): Promise<string> {
  await fileStorage.copyFile(from, to);
  const hash = createHash("sha256");
  for await (const chunk of await fileStorage.getFileStream(to)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Stores the hash of a resource's picture copy on its row (in the transaction that writes the row). */
export async function recordImageHash(tx: Tx, resource: { avatarId: string } | { bRollId: string }, imageSha256: string): Promise<void> {
  if ("avatarId" in resource) await tx.avatar.update({ where: { id: resource.avatarId }, data: { imageSha256 } });
  else await tx.bRoll.update({ where: { id: resource.bRollId }, data: { imageSha256 } });
}
