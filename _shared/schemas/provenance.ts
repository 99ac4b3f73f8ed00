import { z } from "zod";
import { isoDate } from "./common";

/**
 * The version of the consent text a creator ticks (messages: `consent.text`). A new wording gets a new
 * version, so an attestation always says which text was agreed to.
 */
export const CONSENT_TEXT_VERSION = "likeness-2026-11";

/**
 * `consent` in an avatar request: required when the picture came from an upload (or is an edit of
 * one), ignored for pictures generated here.
 */
export const consentAttestation = z
  .strictObject({
    attested: z.literal(true, { message: "consent.attested must be true: confirm you have the right to use this person's likeness and their consent to make AI videos of them" }),
  })
  .describe("Required when the picture was uploaded (or is an edit of an upload): the creator attests they have the right to use this person's likeness and their consent to make AI videos of them");

/** A consent attestation as stored with an avatar. */
const consentRecord = z.object({
  attestedBy: z.string().nullable().describe("the user who attested (null when the reader may not see who)"),
  attestedAt: isoDate,
  textVersion: z.string().describe("the version of the attestation text that was agreed to"),
  imageSha256: z.string().nullable().describe("SHA-256 (hex) of the picture the attestation covers"),
});

/** One generation (a Fal request) that made or tried to make the resource's picture or clip. */
const generationRecord = z.object({
  jobId: z.string(),
  kind: z.string().describe("text-to-image, image-edit, text-to-video or image-to-video"),
  models: z.array(z.string()).describe("the Fal models the generation used"),
  status: z.string(),
  prompt: z.string().nullable(),
  options: z.record(z.string(), z.unknown()).describe("what the generation was asked with, defaults applied"),
  seed: z.number().int().nullable(),
  estimatedCostUsd: z.number().nullable(),
  createdBy: z.string().nullable().describe("the user who started it (null when the reader may not see who)"),
  createdAt: isoDate,
});

/** GET .../provenance: how a picture or clip was made, from what, by whom, with whose consent. */
export const provenanceResponse = z.object({
  resource: z.object({ type: z.enum(["b-roll", "private-avatar", "public-avatar"]), id: z.string() }),
  createdBy: z.string().nullable().describe("the user who made the resource (null when the reader may not see who)"),
  createdAt: isoDate,
  picture: z
    .object({
      origin: z.enum(["generated", "edited", "uploaded", "unknown"]).describe("generated or edited here, uploaded (with consent), or unknown (e.g. a b-roll's image, made before records were kept)"),
      sha256: z.string().nullable().describe("SHA-256 (hex) of the resource's own copy of the input picture"),
      generation: generationRecord.nullable().describe("the FLUX request that made the picture, when one did"),
    })
    .nullable()
    .describe("the input picture of an image-to-video clip; null for text-to-video"),
  clip: z.object({
    seed: z.number().int().nullable(),
    generations: z.array(generationRecord).describe("every generation of the clip, oldest first (retries included)"),
  }),
  consent: consentRecord.nullable().describe("the likeness consent, for a clip of an uploaded picture"),
});
export type ProvenanceResponse = z.output<typeof provenanceResponse>;
export type ProvenanceInput = z.input<typeof provenanceResponse>;
