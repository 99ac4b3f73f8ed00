import "server-only";
// Consent for real people: an avatar made from a picture that came from an upload (or from an edit
// of an upload) needs its creator's attestation that they may use this person's likeness. Every
// avatar creation path asks `likenessConsentOrThrow` the same question; a generated picture needs
// none. The attestation is stored on the avatar (who, when, the text's version) next to the SHA-256
// of the avatar's copy of the picture.
import { ApiError } from "@/_shared/lib/errors";
import { prisma } from "@/_shared/lib/prisma";
import type { SessionUser } from "@/_shared/lib/session";
import { mediaUrl } from "@/_shared/lib/storage-keys";
import { CONSENT_TEXT_VERSION } from "@/_shared/schemas/provenance";
import type { ImageInput } from "@/_shared/core/images/image-input";

type Origin = "generated" | "edited" | "uploaded";

/** The avatar columns of a consent attestation. */
export interface ConsentColumns {
  consentAttestedBy: string | null;
  consentAttestedAt: Date | null;
  consentTextVersion: string | null;
}

// An edit chain is a handful of versions; the bound only guards against a loop in bad data.
const MAX_EDIT_DEPTH = 100;

/**
 * Where a picture came from, as far as we know: a session picture's own source, and whether it or
 * one of the pictures it was edited from was uploaded; an avatar's picture is an upload when that
 * avatar carries a consent attestation. Anything else was not uploaded through the studio.
 */
async function pictureOrigin(image: Pick<ImageInput, "key" | "tempSession">): Promise<{ origin: Origin | null; fromUpload: boolean }> {
  if (image.tempSession) {
    let picture = await prisma.tempImage.findUnique({ where: { key: image.key }, select: { source: true, parentId: true } });
    const origin = picture?.source ?? null;
    for (let depth = 0; picture && depth < MAX_EDIT_DEPTH; depth += 1) {
      if (picture.source === "uploaded") return { origin, fromUpload: true };
      picture = picture.parentId ? await prisma.tempImage.findUnique({ where: { id: picture.parentId }, select: { source: true, parentId: true } }) : null;
    }
    return { origin, fromUpload: false };
  }
  const avatar = await prisma.avatar.findFirst({ where: { imageUrl: mediaUrl(image.key), consentAttestedAt: { not: null } }, select: { id: true } });
  return { origin: null, fromUpload: avatar !== null };
}

/**
 * The consent columns an avatar made from `images` stores: none when no picture came from an upload;
 * a 400 naming `consent.attested` when one did and the request does not attest.
 */
export async function likenessConsentOrThrow(
  { user, images, consent }: { user: SessionUser; images: Array<Pick<ImageInput, "key" | "tempSession">>; consent: { attested: true } | undefined },
): Promise<ConsentColumns | null> {
  const uploaded: number[] = [];
  for (const [i, image] of images.entries()) if ((await pictureOrigin(image)).fromUpload) uploaded.push(i);
  if (!uploaded.length) return null;
  if (consent?.attested !== true) {
    const which = images.length > 1 ? `pictures ${uploaded.map((i) => i + 1).join(", ")} were uploaded` : "this picture was uploaded";
    const message = `consent.attested is required: ${which}, so confirm you have the right to use this person's likeness and their consent to make AI videos of them (send "consent": { "attested": true })`;
    throw new ApiError("bad_request", message, [{ path: "consent.attested", message }]);
  }
  return { consentAttestedBy: user.id, consentAttestedAt: new Date(), consentTextVersion: CONSENT_TEXT_VERSION };
}

/** The consent of an avatar made again from another's picture (regenerate, duplicate): the same attestation. */
export function carriedConsent(source: ConsentColumns): ConsentColumns {
  return { consentAttestedBy: source.consentAttestedBy, consentAttestedAt: source.consentAttestedAt, consentTextVersion: source.consentTextVersion };
}
