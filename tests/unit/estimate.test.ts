// The one price table: hand-computed prices of the registry's formulas, the defaults the create
// endpoints apply, and a basis that explains every estimate (recomputing from it gives the price).
import { afterEach, describe, expect, it } from "vitest";
import { reloadEnv } from "@/_shared/lib/env";
import { estimateCostUsd, priceBreakdown, type PriceBasis } from "@/_shared/lib/fal-models";
import { VIDEO_ASPECT_RATIOS, VIDEO_RESOLUTIONS } from "@/_shared/schemas/generation-options";
import { restoreEnv, setEnv } from "../env";

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/** The price the basis describes, computed from its fields alone. */
function priceFromBasis(basis: PriceBasis): number {
  if (basis.unit === "megapixel") return round4(((basis.width * basis.height) / 1_000_000) * basis.pricePerMegapixel * basis.numImages);
  if (basis.unit === "image") return round4(basis.pricePerImage * basis.numImages);
  return round4(((basis.width * basis.height * basis.framesPerSecond * basis.durationSeconds) / 1024 / 1_000_000) * basis.pricePerMillionTokens);
}

describe("Seedance v1 pro (video tokens)", () => {
  it("prices 720p 9:16 5 s at $0.27 and 1080p 16:9 5 s at $0.6075", () => {
    const vertical = priceBreakdown("image-to-video", { resolution: "720p", aspectRatio: "9:16", duration: 5 });
    expect(vertical.model).toBe("fal-ai/bytedance/seedance/v1/pro/image-to-video");
    // 720 x 1280 x 24 fps x 5 s / 1024 = 108,000 tokens at $2.50 per million.
    expect(vertical.basis).toMatchObject({ unit: "video_token", width: 720, height: 1280, durationSeconds: 5, framesPerSecond: 24, tokens: 108_000, pricePerMillionTokens: 2.5 });
    expect(vertical.estimatedCostUsd).toBe(0.27);
    const wide = priceBreakdown("text-to-video", { resolution: "1080p", aspectRatio: "16:9", duration: 5 });
    // 1920 x 1080 x 24 x 5 / 1024 = 243,000 tokens.
    expect(wide.basis).toMatchObject({ width: 1920, height: 1080, tokens: 243_000 });
    expect(wide.estimatedCostUsd).toBe(0.6075);
  });

  it("applies the create endpoints' defaults: 720p, 5 s, 9:16", () => {
    for (const role of ["image-to-video", "text-to-video"] as const) {
      const { basis, estimatedCostUsd } = priceBreakdown(role, {});
      expect(basis).toMatchObject({ aspectRatio: "9:16", resolution: "720p", durationSeconds: 5, width: 720, height: 1280 });
      expect(estimatedCostUsd).toBe(0.27);
    }
  });

  it("follows the configured model's rate (a lite model costs $1.80 per million tokens)", () => {
    try {
      setEnv({ FAL_MODEL_TEXT_TO_VIDEO: "fal-ai/bytedance/seedance/v1/lite/text-to-video" });
      const lite = priceBreakdown("text-to-video", { resolution: "720p", aspectRatio: "9:16", duration: 5 });
      expect(lite).toMatchObject({ model: "fal-ai/bytedance/seedance/v1/lite/text-to-video", estimatedCostUsd: 0.1944, basis: { pricePerMillionTokens: 1.8 } });
    } finally {
      restoreEnv();
    }
  });
});

describe("FLUX (images)", () => {
  afterEach(() => reloadEnv());

  it("prices FLUX dev by megapixel: one 3:4 image (the default) is 768 x 1024 / 1e6 x $0.025 = $0.0197", () => {
    const one = priceBreakdown("text-to-image", {});
    expect(one.model).toBe("fal-ai/flux/dev");
    expect(one.basis).toEqual({
      unit: "megapixel",
      aspectRatio: "3:4",
      width: 768,
      height: 1024,
      megapixels: 0.786432,
      pricePerMegapixel: 0.025,
      numImages: 1,
      formula: expect.any(String),
    });
    expect(one.estimatedCostUsd).toBe(0.0197);
    // Four square images: 1.048576 MP x $0.025 x 4 = 0.1048576.
    expect(estimateCostUsd("text-to-image", { aspectRatio: "1:1", numImages: 4 })).toBe(0.1049);
  });

  it("prices a FLUX Kontext edit per image: $0.04", () => {
    expect(priceBreakdown("image-edit", {})).toMatchObject({ model: "fal-ai/flux-pro/kontext", estimatedCostUsd: 0.04, basis: { unit: "image", pricePerImage: 0.04, numImages: 1 } });
  });
});

describe("the basis explains the price", () => {
  it("recomputes to the estimate for every option a create endpoint accepts", () => {
    let checked = 0;
    for (const role of ["image-to-video", "text-to-video"] as const) {
      for (const aspectRatio of VIDEO_ASPECT_RATIOS) {
        for (const resolution of VIDEO_RESOLUTIONS) {
          for (let duration = 2; duration <= 12; duration++) {
            const { basis, estimatedCostUsd } = priceBreakdown(role, { aspectRatio, resolution, duration });
            expect(priceFromBasis(basis), `${role} ${aspectRatio} ${resolution} ${duration}`).toBe(estimatedCostUsd);
            expect(estimateCostUsd(role, { aspectRatio, resolution, duration })).toBe(estimatedCostUsd);
            checked++;
          }
        }
      }
    }
    for (const aspectRatio of ["1:1", "3:4", "4:3", "9:16", "16:9"]) {
      for (let numImages = 1; numImages <= 4; numImages++) {
        const { basis, estimatedCostUsd } = priceBreakdown("text-to-image", { aspectRatio, numImages });
        expect(priceFromBasis(basis)).toBe(estimatedCostUsd);
        expect(estimatedCostUsd).toBeGreaterThan(0);
        checked++;
      }
    }
    expect(checked).toBe(2 * 6 * 3 * 11 + 20);
  });
});
