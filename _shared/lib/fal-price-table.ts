// The price table: every model id we know, its role, its price with where that price was read and
// when, and what it accepts where models differ (video durations and resolutions). Plain data and
// pure functions, no environment and no "server-only" marker: env-schema.ts checks the configured
// model ids against it at boot (and next.config.ts at build). App code prices through
// fal-models.ts, which applies FAL_PRICE_OVERRIDES. How to update: docs/pricing.md.
import { z } from "zod";
import { VIDEO_DURATION, VIDEO_RESOLUTIONS, type GenerationKind, type VideoResolution } from "../schemas/generation-options";

/** Where a price was read, and the day it was last checked there (YYYY-MM-DD). */
export interface PriceSource {
  url: string;
  checked: string;
  /** The words of the page the price comes from, or why it is taken from elsewhere. */
  quote: string;
}

export type ModelPrice =
  /** Per output megapixel, each image's megapixels rounded up to a whole number. */
  | { unit: "megapixel"; pricePerMegapixel: number; pixelsPerMegapixel: number }
  | { unit: "image"; pricePerImage: number }
  /** Per million video tokens, tokens = width x height x frames / 1024 (frames = 24 x seconds + 1). */
  | { unit: "video_token"; pricePerMillionTokens: number };

/** What a video model accepts, where our models differ: whole seconds (inclusive) and resolutions. */
export interface VideoLimits {
  durations: { min: number; max: number };
  resolutions: readonly VideoResolution[];
}

export interface ModelEntry {
  role: GenerationKind;
  price: ModelPrice;
  source: PriceSource;
  /** Video models only. */
  video?: VideoLimits & {
    /** The model makes sound unless sent `generate_audio: false` (and bills sound at a higher rate). */
    audioSwitch: boolean;
  };
}

const CHECKED = "2026-11-27";

const FLUX_DEV_PRICE: ModelPrice = { unit: "megapixel", pricePerMegapixel: 0.025, pixelsPerMegapixel: 1_000_000 };
const FLUX_DEV_SOURCE: PriceSource = {
  url: "https://fal.ai/models/fal-ai/flux-1/dev",
  checked: CHECKED,
  quote: "Your request will cost $0.025 per megapixel. Images are billed by rounding up to the nearest megapixel. (FLUX.1 [dev]; fal-ai/flux/dev is the same model and price.) Fal does not say how many pixels make a megapixel: we count 1,000,000.",
};

function seedance(
  role: "image-to-video" | "text-to-video",
  variant: "v1/pro" | "v1/pro/fast" | "v1/lite" | "v1.5/pro",
): [string, ModelEntry] {
  const id = `fal-ai/bytedance/seedance/${variant}/${role}`;
  const page = `https://fal.ai/models/${id}/llms.txt`;
  const byVariant: Record<typeof variant, { rate: number; source: PriceSource; v15: boolean }> = {
    "v1/pro": {
      rate: 2.5,
      v15: false,
      source: {
        url: "https://fal.ai/models/fal-ai/bytedance/seedance/v1/pro/image-to-video/llms.txt",
        checked: CHECKED,
        quote: "Each 1080p 5 second video costs roughly $0.62. For other resolutions, 1 million video tokens costs $2.5. tokens(video) = (height x width x FPS x duration) / 1024. (Read on the image-to-video page; text-to-video is the same model.)",
      },
    },
    "v1/pro/fast": {
      rate: 1.0,
      v15: false,
      source: {
        url: page,
        checked: CHECKED,
        quote: `Each 1080p 5 second video costs roughly ${role === "image-to-video" ? "$0.243" : "$0.245"}. For other resolutions, 1 million video tokens costs $1.`,
      },
    },
    "v1/lite": {
      rate: 1.8,
      v15: false,
      source: {
        url: "https://www.eachlabs.ai/bytedance/seedance-v1/seedance-v1-lite-text-to-video/llms.txt",
        checked: CHECKED,
        quote: "Each 720p 5 second video costs $0.18. For other resolutions, 1 million video tokens costs $1.8. (Fal's own lite page could not be read; this page restates Fal's pricing text. The lite endpoints may be retired.)",
      },
    },
    "v1.5/pro": {
      rate: 1.2,
      v15: true,
      source: {
        url: page,
        checked: CHECKED,
        quote: "Each 720p 5 second video with audio costs roughly $0.26. For other resolutions, 1 million video tokens with audio costs $2.4. Without audio, the price is 1.2 per millition tokens. (We always send generate_audio: false.)",
      },
    },
  };
  const { rate, source, v15 } = byVariant[variant];
  return [
    id,
    {
      role,
      price: { unit: "video_token", pricePerMillionTokens: rate },
      source,
      video: {
        // Fal's DurationEnum: "2".."12" for 1.0, "4".."12" for 1.5.
        durations: v15 ? { min: 4, max: 12 } : { min: 2, max: 12 },
        resolutions: VIDEO_RESOLUTIONS,
        audioSwitch: v15,
      },
    },
  ];
}

/** Every model id we can price, by Fal id. An id that is not here needs FAL_PRICE_OVERRIDES. */
export const MODEL_TABLE: Readonly<Record<string, ModelEntry>> = {
  "fal-ai/flux/dev": { role: "text-to-image", price: FLUX_DEV_PRICE, source: FLUX_DEV_SOURCE },
  "fal-ai/flux-1/dev": { role: "text-to-image", price: FLUX_DEV_PRICE, source: FLUX_DEV_SOURCE },
  "fal-ai/flux-pro/kontext": {
    role: "image-edit",
    price: { unit: "image", pricePerImage: 0.04 },
    source: { url: "https://fal.ai/models/fal-ai/flux-pro/kontext/llms.txt", checked: CHECKED, quote: "Price: $0.04 per images" },
  },
  ...Object.fromEntries(
    (["image-to-video", "text-to-video"] as const).flatMap((role) =>
      (["v1/pro", "v1/pro/fast", "v1/lite", "v1.5/pro"] as const).map((variant) => seedance(role, variant)),
    ),
  ),
};

/** The model of each role when its variable is unset. */
export const DEFAULT_MODELS: Readonly<Record<GenerationKind, string>> = {
  "text-to-image": "fal-ai/flux/dev",
  "image-edit": "fal-ai/flux-pro/kontext",
  "image-to-video": "fal-ai/bytedance/seedance/v1/pro/image-to-video",
  "text-to-video": "fal-ai/bytedance/seedance/v1/pro/text-to-video",
};

/** The variable that names each role's model. */
export const MODEL_ENV_VARS = {
  "text-to-image": "FAL_MODEL_TEXT_TO_IMAGE",
  "image-edit": "FAL_MODEL_IMAGE_EDIT",
  "image-to-video": "FAL_MODEL_IMAGE_TO_VIDEO",
  "text-to-video": "FAL_MODEL_TEXT_TO_VIDEO",
} as const satisfies Record<GenerationKind, string>;

type Ratio = "21:9" | "16:9" | "4:3" | "1:1" | "3:4" | "9:16";
type FrameTable = Record<VideoResolution, Record<Ratio, [width: number, height: number]>>;

/**
 * The frame each Seedance generation renders, by resolution and ratio: ByteDance's published size
 * tables (restated by e.g. https://apidoc.cometapi.com/api/video/seedance/create, "the official
 * Seedance resolution mapping"). Fal's pages give the token formula but not the frame sizes.
 */
const VIDEO_FRAMES: Record<"seedance-1.0" | "seedance-1.5", FrameTable> = {
  "seedance-1.0": {
    "480p": { "16:9": [864, 480], "4:3": [736, 544], "1:1": [640, 640], "3:4": [544, 736], "9:16": [480, 864], "21:9": [960, 416] },
    "720p": { "16:9": [1248, 704], "4:3": [1120, 832], "1:1": [960, 960], "3:4": [832, 1120], "9:16": [704, 1248], "21:9": [1504, 640] },
    "1080p": { "16:9": [1920, 1088], "4:3": [1664, 1248], "1:1": [1440, 1440], "3:4": [1248, 1664], "9:16": [1088, 1920], "21:9": [2176, 928] },
  },
  "seedance-1.5": {
    "480p": { "16:9": [864, 496], "4:3": [752, 560], "1:1": [640, 640], "3:4": [560, 752], "9:16": [496, 864], "21:9": [992, 432] },
    "720p": { "16:9": [1280, 720], "4:3": [1112, 834], "1:1": [960, 960], "3:4": [834, 1112], "9:16": [720, 1280], "21:9": [1470, 630] },
    "1080p": { "16:9": [1920, 1080], "4:3": [1664, 1248], "1:1": [1440, 1440], "3:4": [1248, 1664], "9:16": [1080, 1920], "21:9": [2206, 946] },
  },
};

/**
 * The frame we price a clip at: the larger of the two published sizes (which one Fal renders for
 * 1.0 is not stated, so we never price below either); "auto" follows the picture, so it is priced
 * at the largest frame of that resolution.
 */
export function pricedFrame(resolution: VideoResolution, aspectRatio: string): { width: number; height: number } {
  const candidates = Object.values(VIDEO_FRAMES).flatMap((table) =>
    aspectRatio === "auto" ? Object.values(table[resolution]) : [table[resolution][aspectRatio as Ratio]].filter(Boolean),
  );
  if (!candidates.length) throw new Error(`No frame size for aspect ratio ${aspectRatio}`);
  const [width, height] = candidates.reduce((best, frame) => (frame[0] * frame[1] > best[0] * best[1] ? frame : best));
  return { width, height };
}

// --- FAL_PRICE_OVERRIDES: a JSON object { "<model id>": <price> }, see docs/pricing.md ---

const money = z.number().positive();
const durationSeconds = z.number().int().min(VIDEO_DURATION.min).max(VIDEO_DURATION.max);
const overrideEntry = z.discriminatedUnion("unit", [
  z.strictObject({ unit: z.literal("megapixel"), pricePerMegapixel: money, pixelsPerMegapixel: z.number().int().positive().default(1_000_000), source: z.string().min(1) }),
  z.strictObject({ unit: z.literal("image"), pricePerImage: money, source: z.string().min(1) }),
  z.strictObject({
    unit: z.literal("video_token"),
    pricePerMillionTokens: money,
    // Required for an id the table does not know; a known id keeps its own when left out.
    durations: z
      .strictObject({ min: durationSeconds, max: durationSeconds })
      .refine((d) => d.min <= d.max, "durations.min must not exceed durations.max")
      .optional(),
    resolutions: z.array(z.enum(VIDEO_RESOLUTIONS)).min(1).optional(),
    source: z.string().min(1),
  }),
]);
export type PriceOverride = z.output<typeof overrideEntry>;

export const priceOverridesSchema = z.record(z.string().min(1), overrideEntry);

// An edit's output follows the input picture, whose size an estimate does not know: image-edit
// models are priced per image only.
const UNITS_BY_ROLE: Record<GenerationKind, ReadonlyArray<ModelPrice["unit"]>> = {
  "text-to-image": ["megapixel", "image"],
  "image-edit": ["image"],
  "image-to-video": ["video_token"],
  "text-to-video": ["video_token"],
};

/**
 * What is wrong with the model configured for a role (one line naming the variable), or null: an id
 * must be in the table for that role, or be priced by an override of a unit that fits the role.
 */
export function modelProblem(role: GenerationKind, id: string, overrides: Record<string, PriceOverride>): string | null {
  const variable = MODEL_ENV_VARS[role];
  const override = overrides[id];
  const known = MODEL_TABLE[id];
  const ids = Object.keys(MODEL_TABLE).filter((other) => MODEL_TABLE[other].role === role);
  if (known && known.role !== role) return `${variable} "${id}" is a model for ${known.role}, not ${role}: use one of ${ids.join(", ")}`;
  if (override) {
    if (!UNITS_BY_ROLE[role].includes(override.unit)) return `${variable} "${id}" is priced by FAL_PRICE_OVERRIDES per ${override.unit}, which does not fit the ${role} role (per ${UNITS_BY_ROLE[role].join(" or per ")})`;
    if (override.unit === "video_token" && !known && (!override.durations || !override.resolutions)) {
      return `${variable} "${id}" is not in the price table, so its FAL_PRICE_OVERRIDES entry must give durations and resolutions`;
    }
    return null;
  }
  if (known) return null;
  return `${variable} "${id}" is not in the price table: use one of ${ids.join(", ")}, or price it in FAL_PRICE_OVERRIDES (docs/pricing.md)`;
}

// --- The image-to-video fallback: a second model tried when Seedance refuses a face (docs/faces.md) ---

/** A fallback image-to-video model: priced per second of clip, with the durations it takes. */
export interface FallbackModelEntry {
  /** What users read ("made with <name> instead"). */
  name: string;
  /** Fal bills each second of the clip at this rate (the durations it takes are whole seconds). */
  pricePerSecond: number;
  /** The durations it accepts, in seconds: a request is made at the nearest one not shorter, else the longest. */
  durations: readonly number[];
  source: PriceSource;
}

/** Models that can stand in for Seedance when it refuses a face. Their input schema is not Seedance's. */
export const FALLBACK_MODEL_TABLE: Readonly<Record<string, FallbackModelEntry>> = {
  "fal-ai/kling-video/v2.1/standard/image-to-video": {
    name: "Kling 2.1",
    pricePerSecond: 0.056,
    durations: [5, 10],
    source: {
      url: "https://fal.ai/models/fal-ai/kling-video/v2.1/standard/image-to-video/llms.txt",
      checked: CHECKED,
      quote: "For 5s video your request will cost $0.28. For every additional second you will be charged $0.056.",
    },
  },
};

export const FALLBACK_ENV_VAR = "FAL_MODEL_IMAGE_TO_VIDEO_FALLBACK";
/** The variable's value that turns the fallback off (its default). */
export const FALLBACK_OFF = "off";
/** What `npm run dev` and the tests use with the simulator. */
export const SIMULATOR_FALLBACK_MODEL = "fal-ai/kling-video/v2.1/standard/image-to-video";

/** What is wrong with FAL_MODEL_IMAGE_TO_VIDEO_FALLBACK (one line naming it), or null. */
export function fallbackModelProblem(id: string): string | null {
  if (id === FALLBACK_OFF || FALLBACK_MODEL_TABLE[id]) return null;
  return `${FALLBACK_ENV_VAR} "${id}" is not a fallback model we can price: use "${FALLBACK_OFF}" or one of ${Object.keys(FALLBACK_MODEL_TABLE).join(", ")}`;
}

/** A readable name for a model id: the fallback table's, else Seedance's version from the id, else the id. */
export function modelName(id: string): string {
  const fallback = FALLBACK_MODEL_TABLE[id];
  if (fallback) return fallback.name;
  const seedance = id.match(/seedance\/v?([\d.]+)\/(pro\/fast|pro|lite)/);
  if (seedance) return `Seedance ${seedance[1].includes(".") ? seedance[1] : `${seedance[1]}.0`} ${seedance[2] === "pro/fast" ? "Pro Fast" : seedance[2] === "pro" ? "Pro" : "Lite"}`;
  return id;
}

/** Which model made a clip, as replies show it (`clipModel`), from the resource's record. */
export function clipModelOf(row: { videoModel: string | null; videoModelFallbackFrom: string | null }) {
  if (!row.videoModel) return null;
  const from = row.videoModelFallbackFrom;
  return { id: row.videoModel, name: modelName(row.videoModel), fallbackFrom: from ? { id: from, name: modelName(from) } : null };
}
