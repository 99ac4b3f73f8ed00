// The one price table, checked against the figures Fal publishes, for every size, resolution and
// duration our API offers, with each model of the table configured in turn. Expected prices are
// computed here from the quoted figures and frame sizes, not from the registry's own constants.
//
// Fal's pages (read 2026-11-27):
// - FLUX.1 [dev], https://fal.ai/models/fal-ai/flux-1/dev (fal-ai/flux/dev is the same model):
//   "Your request will cost $0.025 per megapixel. Images are billed by rounding up to the nearest megapixel."
//   Fal does not say how many pixels make a megapixel; we count 1,000,000 (never fewer megapixels
//   than Fal could bill), so 1024 x 1024 = 1,048,576 px is 2 megapixels.
// - FLUX.1 Kontext [pro], https://fal.ai/models/fal-ai/flux-pro/kontext/llms.txt: "Price: $0.04 per images".
// - Seedance 1.0 Pro, https://fal.ai/models/fal-ai/bytedance/seedance/v1/pro/image-to-video/llms.txt:
//   "Each 1080p 5 second video costs roughly $0.62. For other resolutions, 1 million video tokens costs
//   $2.5. tokens(video) = (height x width x FPS x duration) / 1024." Its DurationEnum: "2".."12";
//   num_frames "Range: 29 to 289" (289 = 24 x 12 + 1: a first frame, then 24 per second).
// - Seedance 1.0 Pro Fast, https://fal.ai/models/fal-ai/bytedance/seedance/v1/pro/fast/image-to-video/llms.txt:
//   "Each 1080p 5 second video costs roughly $0.243. For other resolutions, 1 million video tokens costs
//   $1.0." (text-to-video page: "roughly $0.245").
// - Seedance 1.0 Lite (Fal's text restated by https://www.eachlabs.ai/bytedance/seedance-v1/seedance-v1-lite-text-to-video/llms.txt):
//   "Each 720p 5 second video costs $0.18. For other resolutions, 1 million video tokens costs $1.8."
// - Seedance 1.5 Pro, https://fal.ai/models/fal-ai/bytedance/seedance/v1.5/pro/image-to-video/llms.txt:
//   "Each 720p 5 second video with audio costs roughly $0.26. For other resolutions, 1 million video
//   tokens with audio costs $2.4. Without audio, the price is 1.2 per millition tokens." DurationEnum "4".."12".
// - Seedance 2.0, https://fal.ai/models/bytedance/seedance-2.0/image-to-video/llms.txt: "For every
//   second of 720p video you generated, you will be charged $0.3024/second. Your request will cost
//   $0.014 per 1000 tokens." (not in our table: priced only through FAL_PRICE_OVERRIDES).
// Frame sizes: ByteDance's published resolution tables for Seedance 1.0 and 1.5 (restated by
// https://apidoc.cometapi.com/api/video/seedance/create); Fal's pages do not list them.
import { afterEach, describe, expect, it } from "vitest";
import { estimateCostUsd, priceBreakdown, textToImageInput, videoInput, videoLimits, videoOptionProblems, type PriceBasis } from "@/_shared/lib/fal-models";
import { IMAGE_ASPECT_RATIOS, VIDEO_ASPECT_RATIOS, VIDEO_RESOLUTIONS, type VideoResolution } from "@/_shared/schemas/generation-options";
import { restoreEnv, setEnv } from "../env";

afterEach(() => restoreEnv());

/** Up to the next 1/100 of a cent, as the estimates are. */
const up4 = (usd: number) => Math.ceil(usd * 10_000 - 1e-6) / 10_000;

// ---- Images ----

// Fal's FLUX image_size presets, in pixels.
const FLUX_PRESETS = {
  "1:1": ["square_hd", 1024, 1024],
  "3:4": ["portrait_4_3", 768, 1024],
  "9:16": ["portrait_16_9", 576, 1024],
  "4:3": ["landscape_4_3", 1024, 768],
  "16:9": ["landscape_16_9", 1024, 576],
} as const;
// Billed megapixels per image: 1024 x 1024 is 1.048576 MP, rounded up to 2; all the others are under 1 MP.
const BILLED_MEGAPIXELS = { "1:1": 2, "3:4": 1, "9:16": 1, "4:3": 1, "16:9": 1 } as const;

describe("FLUX dev text-to-image: $0.025 per megapixel, each image rounded up to a whole megapixel", () => {
  it("prices the default (3:4, one image) at $0.025, not the $0.0197 of fractional megapixels", () => {
    const one = priceBreakdown("text-to-image", {});
    expect(one.model).toBe("fal-ai/flux/dev");
    expect(one.basis).toEqual({
      unit: "megapixel",
      aspectRatio: "3:4",
      width: 768,
      height: 1024,
      megapixels: 1,
      pixelsPerMegapixel: 1_000_000,
      pricePerMegapixel: 0.025,
      numImages: 1,
      formula: expect.any(String),
    });
    expect(one.estimatedCostUsd).toBe(0.025);
  });

  for (const aspectRatio of IMAGE_ASPECT_RATIOS) {
    it(`prices ${aspectRatio} (${FLUX_PRESETS[aspectRatio][0]}) for 1 to 4 images at ${BILLED_MEGAPIXELS[aspectRatio]} MP each`, () => {
      const [preset, width, height] = FLUX_PRESETS[aspectRatio];
      // The size priced is the size asked of Fal.
      expect(textToImageInput("a portrait", { aspectRatio }).image_size).toBe(preset);
      for (let numImages = 1; numImages <= 4; numImages++) {
        const { basis, estimatedCostUsd } = priceBreakdown("text-to-image", { aspectRatio, numImages });
        expect(basis).toMatchObject({ width, height, megapixels: BILLED_MEGAPIXELS[aspectRatio], numImages });
        expect(estimatedCostUsd).toBe(up4(0.025 * BILLED_MEGAPIXELS[aspectRatio] * numImages));
        // Never below Fal's bill, whatever a megapixel is (10^6 or 2^20 pixels); 1e-9 absorbs float noise.
        expect(estimatedCostUsd + 1e-9).toBeGreaterThanOrEqual(0.025 * Math.ceil((width * height) / 1_048_576) * numImages);
        expect(estimatedCostUsd + 1e-9).toBeGreaterThanOrEqual(0.025 * ((width * height) / 1_000_000) * numImages);
      }
    });
  }

  it("prices fal-ai/flux-1/dev (the same model under Fal's newer path) the same way", () => {
    setEnv({ FAL_MODEL_TEXT_TO_IMAGE: "fal-ai/flux-1/dev" });
    expect(priceBreakdown("text-to-image", { aspectRatio: "1:1", numImages: 4 })).toMatchObject({ model: "fal-ai/flux-1/dev", estimatedCostUsd: 0.2 });
  });
});

describe("FLUX Kontext image edit: $0.04 per image, whatever its size", () => {
  it("prices every aspect ratio (and none) at $0.04 per image", () => {
    for (const aspectRatio of [undefined, ...IMAGE_ASPECT_RATIOS]) {
      for (let numImages = 1; numImages <= 4; numImages++) {
        const { model, basis, estimatedCostUsd } = priceBreakdown("image-edit", { aspectRatio, numImages });
        expect(model).toBe("fal-ai/flux-pro/kontext");
        expect(basis).toEqual({ unit: "image", pricePerImage: 0.04, numImages, formula: expect.any(String) });
        expect(estimatedCostUsd).toBe(up4(0.04 * numImages));
      }
    }
  });
});

// ---- Videos ----

type Ratio = (typeof VIDEO_ASPECT_RATIOS)[number];
const FRAMES_1_0: Record<VideoResolution, Record<Ratio, [number, number]>> = {
  "480p": { "16:9": [864, 480], "4:3": [736, 544], "1:1": [640, 640], "3:4": [544, 736], "9:16": [480, 864], "21:9": [960, 416] },
  "720p": { "16:9": [1248, 704], "4:3": [1120, 832], "1:1": [960, 960], "3:4": [832, 1120], "9:16": [704, 1248], "21:9": [1504, 640] },
  "1080p": { "16:9": [1920, 1088], "4:3": [1664, 1248], "1:1": [1440, 1440], "3:4": [1248, 1664], "9:16": [1088, 1920], "21:9": [2176, 928] },
};
const FRAMES_1_5: Record<VideoResolution, Record<Ratio, [number, number]>> = {
  "480p": { "16:9": [864, 496], "4:3": [752, 560], "1:1": [640, 640], "3:4": [560, 752], "9:16": [496, 864], "21:9": [992, 432] },
  "720p": { "16:9": [1280, 720], "4:3": [1112, 834], "1:1": [960, 960], "3:4": [834, 1112], "9:16": [720, 1280], "21:9": [1470, 630] },
  "1080p": { "16:9": [1920, 1080], "4:3": [1664, 1248], "1:1": [1440, 1440], "3:4": [1248, 1664], "9:16": [1080, 1920], "21:9": [2206, 946] },
};
/** The larger published frame of a cell ("auto": the largest of the resolution). */
function expectedFrame(resolution: VideoResolution, aspectRatio: Ratio | "auto"): number {
  const cells = [FRAMES_1_0, FRAMES_1_5].flatMap((table) => (aspectRatio === "auto" ? Object.values(table[resolution]) : [table[resolution][aspectRatio]]));
  return Math.max(...cells.map(([w, h]) => w * h));
}
const expectedTokens = (pixels: number, seconds: number) => (pixels * (24 * seconds + 1)) / 1024;

const VIDEO_MODELS = [
  { variant: "v1/pro", rate: 2.5, durations: [2, 12] },
  { variant: "v1/pro/fast", rate: 1.0, durations: [2, 12] },
  { variant: "v1/lite", rate: 1.8, durations: [2, 12] },
  { variant: "v1.5/pro", rate: 1.2, durations: [4, 12] },
] as const;
const useVideoModel = (variant: string) =>
  setEnv({ FAL_MODEL_IMAGE_TO_VIDEO: `fal-ai/bytedance/seedance/${variant}/image-to-video`, FAL_MODEL_TEXT_TO_VIDEO: `fal-ai/bytedance/seedance/${variant}/text-to-video` });

describe("Seedance (per million video tokens)", () => {
  it("prices the create endpoints' default (720p, 9:16, 5 s) on v1 pro: 720 x 1280 x 121 / 1024 = 108,900 tokens -> $0.2723", () => {
    for (const role of ["image-to-video", "text-to-video"] as const) {
      const { model, basis, estimatedCostUsd } = priceBreakdown(role, {});
      expect(model).toBe(`fal-ai/bytedance/seedance/v1/pro/${role}`);
      expect(basis).toEqual({
        unit: "video_token",
        aspectRatio: "9:16",
        resolution: "720p",
        width: 720,
        height: 1280,
        durationSeconds: 5,
        framesPerSecond: 24,
        frames: 121,
        tokens: 108_900,
        pricePerMillionTokens: 2.5,
        formula: expect.any(String),
      });
      expect(estimatedCostUsd).toBe(0.2723);
    }
  });

  it("reproduces Fal's own examples, never below them", () => {
    // v1 pro, 1080p 5 s: "roughly $0.62" (1920 x 1088 x 121 / 1024 = 246,840 tokens x $2.5/M = $0.6171).
    const pro = priceBreakdown("image-to-video", { resolution: "1080p", aspectRatio: "16:9", duration: 5 });
    expect(pro.basis).toMatchObject({ width: 1920, height: 1088, tokens: 246_840 });
    expect(pro.estimatedCostUsd).toBe(0.6171);
    expect(pro.estimatedCostUsd.toFixed(2)).toBe("0.62");

    useVideoModel("v1/pro/fast");
    // Fast, 1080p 5 s: "roughly $0.243" (image-to-video) and "$0.245" (text-to-video).
    expect(estimateCostUsd("image-to-video", { resolution: "1080p", aspectRatio: "16:9", duration: 5 })).toBe(0.2469);
    expect(estimateCostUsd("text-to-video", { resolution: "1080p", aspectRatio: "16:9", duration: 5 })).toBeGreaterThanOrEqual(0.245);

    useVideoModel("v1/lite");
    // Lite, 720p 5 s: "$0.18" (our frame is the larger 1280 x 720: 108,900 tokens x $1.8/M).
    expect(estimateCostUsd("text-to-video", { resolution: "720p", aspectRatio: "16:9", duration: 5 })).toBe(0.1961);

    useVideoModel("v1.5/pro");
    // 1.5, 720p 5 s "with audio roughly $0.26" at $2.4/M; we send generate_audio: false, so half: $1.2/M.
    const silent = priceBreakdown("text-to-video", { resolution: "720p", aspectRatio: "16:9", duration: 5 });
    expect(silent.basis).toMatchObject({ width: 1280, height: 720, tokens: 108_900, pricePerMillionTokens: 1.2 });
    expect(((silent.basis as { tokens: number }).tokens * 2.4) / 1_000_000).toBeCloseTo(0.26, 2);
    expect(silent.estimatedCostUsd).toBe(0.1307);
    expect(videoInput("text-to-video", "a wave", {})).toMatchObject({ generate_audio: false });
  });

  for (const { variant, rate, durations } of VIDEO_MODELS) {
    it(`prices every ratio, resolution and duration ${durations[0]}-${durations[1]} s of ${variant} at $${rate} per million tokens`, () => {
      useVideoModel(variant);
      let checked = 0;
      for (const role of ["image-to-video", "text-to-video"] as const) {
        const limits = videoLimits(role);
        expect(limits.durations).toEqual({ min: durations[0], max: durations[1] });
        expect(limits.resolutions).toEqual(VIDEO_RESOLUTIONS);
        // text-to-video has no "auto" (our API refuses it there).
        for (const aspectRatio of role === "image-to-video" ? [...VIDEO_ASPECT_RATIOS, "auto" as const] : VIDEO_ASPECT_RATIOS) {
          for (const resolution of VIDEO_RESOLUTIONS) {
            for (const duration of limits.durationList) {
              const { basis, estimatedCostUsd } = priceBreakdown(role, { aspectRatio, resolution, duration });
              const tokens = expectedTokens(expectedFrame(resolution, aspectRatio), duration);
              expect(basis, `${role} ${aspectRatio} ${resolution} ${duration}`).toMatchObject({ tokens, pricePerMillionTokens: rate });
              expect(estimatedCostUsd, `${role} ${aspectRatio} ${resolution} ${duration}`).toBe(up4((tokens / 1_000_000) * rate));
              expect(priceFromBasis(basis)).toBe(estimatedCostUsd);
              checked++;
            }
          }
        }
      }
      const n = durations[1] - durations[0] + 1;
      expect(checked).toBe((7 + 6) * 3 * n);
    });
  }

  it("refuses the durations the configured model does not take, naming the field and the range", () => {
    expect(videoOptionProblems("image-to-video", { duration: 2 })).toEqual([]);
    useVideoModel("v1.5/pro");
    expect(videoLimits("image-to-video").durationList).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12]);
    for (const duration of [2, 3]) {
      expect(videoOptionProblems("image-to-video", { duration })).toEqual([{ path: "duration", message: "duration must be between 4 and 12 seconds with the current image-to-video model" }]);
    }
    expect(videoOptionProblems("text-to-video", { duration: 4, resolution: "480p" })).toEqual([]);
  });
});

describe("FAL_PRICE_OVERRIDES", () => {
  const SEEDANCE_2 = "bytedance/seedance-2.0/image-to-video";

  it("prices a model the table does not know at the given rate, with the given durations", () => {
    setEnv({
      FAL_MODEL_IMAGE_TO_VIDEO: SEEDANCE_2,
      FAL_PRICE_OVERRIDES: JSON.stringify({
        [SEEDANCE_2]: { unit: "video_token", pricePerMillionTokens: 14, durations: { min: 4, max: 12 }, resolutions: ["480p", "720p"], source: "https://fal.ai/models/bytedance/seedance-2.0/image-to-video 2026-11-27: $0.014 per 1000 tokens" },
      }),
    });
    // 720p 9:16 5 s: 108,900 tokens x $14/M = $1.5246 (Fal: $0.3024/second at 720p, $1.512 for 5 s).
    const clip = priceBreakdown("image-to-video", {});
    expect(clip).toMatchObject({ model: SEEDANCE_2, estimatedCostUsd: 1.5246, basis: { tokens: 108_900, pricePerMillionTokens: 14 } });
    expect(clip.estimatedCostUsd).toBeGreaterThanOrEqual(0.3024 * 5);
    expect(videoOptionProblems("image-to-video", { duration: 3, resolution: "1080p" }).map((p) => p.path)).toEqual(["duration", "resolution"]);
    // Outside the table, a Seedance 2 id is told to make no sound all the same.
    expect(videoInput("image-to-video", "smile", {}, "https://x/y.jpg")).toMatchObject({ generate_audio: false });
  });

  it("replaces a known model's price, keeping its durations", () => {
    setEnv({ FAL_PRICE_OVERRIDES: JSON.stringify({ "fal-ai/flux/dev": { unit: "megapixel", pricePerMegapixel: 0.03, source: "test" } }) });
    expect(estimateCostUsd("text-to-image", { aspectRatio: "3:4", numImages: 2 })).toBe(0.06);
    expect(videoLimits("text-to-video").durations).toEqual({ min: 2, max: 12 });
  });
});

/** The price the basis describes, computed from its fields alone. */
function priceFromBasis(basis: PriceBasis): number {
  if (basis.unit === "megapixel") return up4(Math.ceil((basis.width * basis.height) / basis.pixelsPerMegapixel) * basis.pricePerMegapixel * basis.numImages);
  if (basis.unit === "image") return up4(basis.pricePerImage * basis.numImages);
  return up4(((basis.width * basis.height * basis.frames) / 1024 / 1_000_000) * basis.pricePerMillionTokens);
}
