// Renditions (ad-ready formats and poster frames of ready clips) and the project export: requests and
// replies (docs/exports.md). Browser-safe: no env, no server imports.
import { z } from "zod";
import { idParam, isoDate } from "./common";

/** The ad formats: name -> output size in pixels. */
export const RENDITION_FORMATS = {
  "9:16": { width: 1080, height: 1920 },
  "4:5": { width: 1080, height: 1350 },
  "1:1": { width: 1080, height: 1080 },
  "16:9": { width: 1920, height: 1080 },
} as const;
export type RenditionFormat = keyof typeof RENDITION_FORMATS;
const FORMAT_NAMES = Object.keys(RENDITION_FORMATS) as [RenditionFormat, ...RenditionFormat[]];

/** The shortest trimmed rendition, in seconds. */
const MIN_TRIM_SECONDS = 1;

const clipFields = {
  clipType: z.enum(["b-roll", "avatar"], { message: 'clipType must be "b-roll" or "avatar"' }),
  clipId: idParam,
};
const unit = (name: string) => z.number({ message: `${name} must be a number from 0 to 1` }).min(0, `${name} must be from 0 to 1`).max(1, `${name} must be from 0 to 1`);
const seconds = (name: string) => z.number({ message: `${name} must be a number of seconds` }).min(0, `${name} must be 0 or more seconds`).max(3600, `${name} must be at most 3600 seconds`);

const videoRendition = z.strictObject({
  kind: z.literal("video").default("video"),
  ...clipFields,
  format: z.enum(FORMAT_NAMES, { message: `format must be one of ${FORMAT_NAMES.join(", ")}` }),
  fit: z.enum(["crop", "pad"], { message: 'fit must be "crop" or "pad"' }).default("crop"),
  /** Crop only: the point of the frame kept in view (0..1 from the left and top); default the centre. */
  focus: z.strictObject({ x: unit("focus.x"), y: unit("focus.y") }).optional(),
  trim: z
    .strictObject({ start: seconds("trim.start"), end: seconds("trim.end") })
    .refine((trim) => trim.end - trim.start >= MIN_TRIM_SECONDS, { message: `trim.end must be at least ${MIN_TRIM_SECONDS} s after trim.start`, path: ["end"] })
    .optional(),
});

const posterRendition = z.strictObject({
  kind: z.literal("poster"),
  ...clipFields,
  /** Seconds into the clip; default the thumbnail's frame (1 s, or the middle of shorter clips). */
  time: seconds("time").optional(),
});

/** POST /api/renditions: a video rendition (kind omitted or "video") or a poster frame (kind "poster"). */
export const createRenditionBody = z.discriminatedUnion("kind", [videoRendition, posterRendition]);
export type CreateRenditionInput = z.output<typeof createRenditionBody>;

export const listRenditionsQuery = z.strictObject({
  clipId: z.string({ message: "clipId is required" }).min(1, "clipId must not be empty").max(64, "clipId must be at most 64 characters"),
});

export const renditionResponse = z.object({
  id: z.string(),
  kind: z.enum(["video", "poster"]),
  clipType: z.enum(["b-roll", "avatar"]),
  clipId: z.string(),
  status: z.enum(["processing", "ready", "failed"]),
  progress: z.number().int().describe("0..100"),
  errorMessage: z.string().nullable(),
  format: z.enum(FORMAT_NAMES).nullable(),
  fit: z.enum(["crop", "pad"]).nullable(),
  focus: z.object({ x: z.number(), y: z.number() }).nullable(),
  trim: z.object({ start: z.number(), end: z.number() }).nullable(),
  time: z.number().nullable(),
  /** Video: the MP4; poster: null. */
  videoUrl: z.string().nullable(),
  /** Poster: the frame as JPEG and WebP; video: null. */
  posterUrls: z.object({ jpeg: z.string(), webp: z.string() }).nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  durationSeconds: z.number().nullable(),
  bytes: z.number().int().nullable(),
  /** A public avatar's renditions are shared by every user (and deleted by admins only). */
  shared: z.boolean(),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type RenditionResponse = z.input<typeof renditionResponse>;

export const renditionListResponse = z.object({ renditions: z.array(renditionResponse) });

/** GET /api/projects/:id/export: what goes in the ZIP besides the clips. */
export const projectExportQuery = z.strictObject({
  include: z
    .string()
    .max(100)
    .optional()
    .transform((value, ctx) => {
      const parts = (value ?? "").split(",").map((part) => part.trim()).filter(Boolean);
      const bad = parts.filter((part) => part !== "renditions" && part !== "posters");
      if (bad.length) {
        ctx.addIssue({ code: "custom", message: `include takes "renditions" and/or "posters" (comma-separated), not ${bad.join(", ")}` });
        return z.NEVER;
      }
      return { renditions: parts.includes("renditions"), posters: parts.includes("posters") };
    }),
});
