-- Provenance and consent (docs/provenance.md): the input picture's SHA-256 on avatars and b-rolls,
-- and the consent attestation of an avatar made from an uploaded picture.
-- AlterTable
ALTER TABLE "Avatar" ADD COLUMN "imageSha256" TEXT,
ADD COLUMN "consentAttestedBy" TEXT,
ADD COLUMN "consentAttestedAt" TIMESTAMP(3),
ADD COLUMN "consentTextVersion" TEXT;

-- AlterTable
ALTER TABLE "BRoll" ADD COLUMN "imageSha256" TEXT;
