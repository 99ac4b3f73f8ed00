import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/_shared/lib/env";

const MINIMAL = { DATABASE_URL: "postgres://app:secret@127.0.0.1:5432/better_ads", S3_ENDPOINT: "http://127.0.0.1:9000" };
// Everything production requires on top of the minimal set.
const PRODUCTION = { ...MINIMAL, NODE_ENV: "production", NEXTAUTH_SECRET: "s3cr3t", S3_ACCESS_KEY: "ak", S3_SECRET_KEY: "sk", FAL_KEY: "fk" };

/** The EnvError thrown for a set of variables (fails the test if parsing succeeds). */
function envError(source: Record<string, string | undefined>): EnvError {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return error as EnvError;
  }
  throw new Error(`parseEnv accepted ${JSON.stringify(source)}`);
}

describe("parseEnv", () => {
  it("fills the defaults from a minimal valid set", () => {
    const env = parseEnv(MINIMAL);
    expect(env).toMatchObject({
      NODE_ENV: "development",
      DATABASE_URL: MINIMAL.DATABASE_URL,
      S3_ENDPOINT: MINIMAL.S3_ENDPOINT,
      S3_BUCKET: "better-ads",
      S3_REGION: "us-east-1",
      APP_URL: "http://localhost:3000",
      MEDIA_URL_TTL_SECONDS: 300,
      S3_TIMEOUT_SECONDS: 10,
      REDIS_TIMEOUT_MS: 500,
      DATABASE_POOL_SIZE: 10,
      ADMIN_EMAILS: [],
      EMBEDDED_SERVICES: [],
      LOG_LEVEL: "info",
      MAX_JSON_BODY_BYTES: 1024 * 1024,
      MAX_WEBHOOK_BODY_BYTES: 1024 * 1024,
    });
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.S3_ACCESS_KEY).toBeUndefined();
  });

  it("accepts postgresql:// and coerces numbers", () => {
    const env = parseEnv({ ...MINIMAL, DATABASE_URL: "postgresql://u@h/db", MEDIA_URL_TTL_SECONDS: "60", REDIS_URL: "rediss://cache:6380" });
    expect(env.DATABASE_URL).toBe("postgresql://u@h/db");
    expect(env.MEDIA_URL_TTL_SECONDS).toBe(60);
    expect(env.REDIS_URL).toBe("rediss://cache:6380");
  });

  it("lower-cases and trims ADMIN_EMAILS into a list, dropping empty items", () => {
    expect(parseEnv({ ...MINIMAL, ADMIN_EMAILS: "A@x.com, b@y.com" }).ADMIN_EMAILS).toEqual(["a@x.com", "b@y.com"]);
    expect(parseEnv({ ...MINIMAL, ADMIN_EMAILS: " ,C@Z.org,, " }).ADMIN_EMAILS).toEqual(["c@z.org"]);
  });

  it("treats blank optional variables as unset", () => {
    const env = parseEnv({ ...MINIMAL, REDIS_URL: "  ", S3_ACCESS_KEY: "", S3_SECRET_KEY: "" });
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.S3_ACCESS_KEY).toBeUndefined();
  });

  it("accepts a complete production set", () => {
    const env = parseEnv(PRODUCTION);
    expect(env.NODE_ENV).toBe("production");
  });

  const failures: Array<{ name: string; source: Record<string, string | undefined>; variable: string }> = [
    { name: "missing DATABASE_URL", source: { S3_ENDPOINT: MINIMAL.S3_ENDPOINT }, variable: "DATABASE_URL" },
    { name: "DATABASE_URL not postgres", source: { ...MINIMAL, DATABASE_URL: "mysql://u@h/db" }, variable: "DATABASE_URL" },
    { name: "DATABASE_URL without a database", source: { ...MINIMAL, DATABASE_URL: "postgres://u@h" }, variable: "DATABASE_URL" },
    { name: "missing S3_ENDPOINT", source: { DATABASE_URL: MINIMAL.DATABASE_URL }, variable: "S3_ENDPOINT" },
    { name: "S3_ENDPOINT not a URL", source: { ...MINIMAL, S3_ENDPOINT: "not a url" }, variable: "S3_ENDPOINT" },
    { name: "REDIS_URL not redis://", source: { ...MINIMAL, REDIS_URL: "http://127.0.0.1:6379" }, variable: "REDIS_URL" },
    { name: "S3_ACCESS_KEY without S3_SECRET_KEY", source: { ...MINIMAL, S3_ACCESS_KEY: "ak" }, variable: "S3_SECRET_KEY" },
    { name: "S3_SECRET_KEY without S3_ACCESS_KEY", source: { ...MINIMAL, S3_SECRET_KEY: "sk" }, variable: "S3_ACCESS_KEY" },
    { name: "GITHUB_ID without GITHUB_SECRET", source: { ...MINIMAL, GITHUB_ID: "gh" }, variable: "GITHUB_SECRET" },
    { name: "GOOGLE_CLIENT_SECRET without GOOGLE_CLIENT_ID", source: { ...MINIMAL, GOOGLE_CLIENT_SECRET: "x" }, variable: "GOOGLE_CLIENT_ID" },
    { name: "production without NEXTAUTH_SECRET", source: { ...PRODUCTION, NEXTAUTH_SECRET: undefined }, variable: "NEXTAUTH_SECRET" },
    { name: "production without S3 keys", source: { ...PRODUCTION, S3_ACCESS_KEY: undefined, S3_SECRET_KEY: undefined }, variable: "S3_ACCESS_KEY" },
    { name: "bad S3_BUCKET", source: { ...MINIMAL, S3_BUCKET: "Bad_Bucket!" }, variable: "S3_BUCKET" },
    { name: "too short S3_BUCKET", source: { ...MINIMAL, S3_BUCKET: "ab" }, variable: "S3_BUCKET" },
    { name: "non-numeric MEDIA_URL_TTL_SECONDS", source: { ...MINIMAL, MEDIA_URL_TTL_SECONDS: "five minutes" }, variable: "MEDIA_URL_TTL_SECONDS" },
    { name: "zero MEDIA_URL_TTL_SECONDS", source: { ...MINIMAL, MEDIA_URL_TTL_SECONDS: "0" }, variable: "MEDIA_URL_TTL_SECONDS" },
    { name: "zero S3_TIMEOUT_SECONDS", source: { ...MINIMAL, S3_TIMEOUT_SECONDS: "0" }, variable: "S3_TIMEOUT_SECONDS" },
    { name: "zero REDIS_TIMEOUT_MS", source: { ...MINIMAL, REDIS_TIMEOUT_MS: "0" }, variable: "REDIS_TIMEOUT_MS" },
    { name: "unknown LOG_LEVEL", source: { ...MINIMAL, LOG_LEVEL: "verbose" }, variable: "LOG_LEVEL" },
    { name: "zero MAX_JSON_BODY_BYTES", source: { ...MINIMAL, MAX_JSON_BODY_BYTES: "0" }, variable: "MAX_JSON_BODY_BYTES" },
    { name: "non-numeric MAX_WEBHOOK_BODY_BYTES", source: { ...MINIMAL, MAX_WEBHOOK_BODY_BYTES: "1MB" }, variable: "MAX_WEBHOOK_BODY_BYTES" },
    { name: "EMAIL_SERVER not smtp://", source: { ...MINIMAL, EMAIL_SERVER: "http://mail" }, variable: "EMAIL_SERVER" },
  ];
  for (const f of failures) {
    it(`rejects ${f.name}, naming ${f.variable}`, () => {
      const error = envError(f.source);
      expect(error.name).toBe("EnvError");
      expect(error.problems).toHaveLength(1);
      expect(error.problems[0].startsWith(`${f.variable} `), error.problems[0]).toBe(true);
      expect(error.message).toContain(f.variable);
    });
  }

  it("reports every problem at once", () => {
    const error = envError({ DATABASE_URL: "mysql://x/y", S3_ENDPOINT: "nope", REDIS_URL: "http://r", S3_BUCKET: "B!", GITHUB_ID: "gh" });
    expect(error.problems).toHaveLength(5);
    for (const variable of ["DATABASE_URL", "S3_ENDPOINT", "REDIS_URL", "S3_BUCKET", "GITHUB_SECRET"]) {
      expect(error.problems.some((p) => p.startsWith(`${variable} `)), variable).toBe(true);
      expect(error.message).toContain(variable);
    }
  });

  // A missing variable or a non-numeric one must not hide the cross-field rules: whoever fixes the
  // first problem should not discover the next one on the following boot.
  it("reports cross-field problems alongside a missing or non-numeric variable", () => {
    const error = envError({ S3_ENDPOINT: MINIMAL.S3_ENDPOINT, MEDIA_URL_TTL_SECONDS: "abc", S3_ACCESS_KEY: "ak" });
    expect(error.problems.map((p) => p.split(" ")[0]).sort()).toEqual(["DATABASE_URL", "MEDIA_URL_TTL_SECONDS", "S3_SECRET_KEY"]);
  });
});

// Model ids are configurable; an id the price table does not know must never be priced by analogy
// with another model (a Seedance 2 id used to get the v1 pro rate, about 5x too low).
describe("model ids and their prices", () => {
  const V2 = "fal-ai/bytedance/seedance/v2/pro/image-to-video";
  const SEEDANCE_2 = "bytedance/seedance-2.0/image-to-video";
  const override = (id: string, entry: Record<string, unknown>) => JSON.stringify({ [id]: { source: "https://fal.ai/models/x 2026-11-27", ...entry } });

  it("accepts every id of the table for its role", () => {
    const env = parseEnv({
      ...MINIMAL,
      FAL_MODEL_TEXT_TO_IMAGE: "fal-ai/flux-1/dev",
      FAL_MODEL_IMAGE_TO_VIDEO: "fal-ai/bytedance/seedance/v1.5/pro/image-to-video",
      FAL_MODEL_TEXT_TO_VIDEO: "fal-ai/bytedance/seedance/v1/lite/text-to-video",
    });
    expect(env.FAL_MODEL_IMAGE_TO_VIDEO).toBe("fal-ai/bytedance/seedance/v1.5/pro/image-to-video");
    expect(env.FAL_PRICE_OVERRIDES).toEqual({});
  });

  for (const id of [V2, SEEDANCE_2]) {
    it(`refuses ${id} at boot in one line naming the variable and the known ids`, () => {
      const error = envError({ ...MINIMAL, FAL_MODEL_IMAGE_TO_VIDEO: id });
      expect(error.problems).toHaveLength(1);
      const [line] = error.problems;
      expect(line.startsWith(`FAL_MODEL_IMAGE_TO_VIDEO "${id}" is not in the price table`), line).toBe(true);
      expect(line).not.toContain("\n");
      for (const known of ["fal-ai/bytedance/seedance/v1/pro/image-to-video", "fal-ai/bytedance/seedance/v1/pro/fast/image-to-video", "fal-ai/bytedance/seedance/v1/lite/image-to-video", "fal-ai/bytedance/seedance/v1.5/pro/image-to-video"]) {
        expect(line).toContain(known);
      }
      expect(line).not.toContain("text-to-video");
      expect(line).toContain("FAL_PRICE_OVERRIDES");
    });
  }

  it("refuses a known id configured for another role", () => {
    const error = envError({ ...MINIMAL, FAL_MODEL_IMAGE_TO_VIDEO: "fal-ai/bytedance/seedance/v1/pro/text-to-video" });
    expect(error.problems).toEqual([expect.stringMatching(/^FAL_MODEL_IMAGE_TO_VIDEO "fal-ai\/bytedance\/seedance\/v1\/pro\/text-to-video" is a model for text-to-video, not image-to-video/)]);
  });

  it("takes the image-to-video fallback off by default, a fallback model of its table, and nothing else", () => {
    expect(parseEnv(MINIMAL).FAL_MODEL_IMAGE_TO_VIDEO_FALLBACK).toBe("off");
    const kling = "fal-ai/kling-video/v2.1/standard/image-to-video";
    expect(parseEnv({ ...MINIMAL, FAL_MODEL_IMAGE_TO_VIDEO_FALLBACK: kling }).FAL_MODEL_IMAGE_TO_VIDEO_FALLBACK).toBe(kling);
    // Seedance is a first model, not a fallback: its input schema and price unit differ.
    const error = envError({ ...MINIMAL, FAL_MODEL_IMAGE_TO_VIDEO_FALLBACK: "fal-ai/bytedance/seedance/v1/pro/image-to-video" });
    expect(error.problems).toEqual([expect.stringMatching(/^FAL_MODEL_IMAGE_TO_VIDEO_FALLBACK "fal-ai\/bytedance\/seedance\/v1\/pro\/image-to-video" is not a fallback model we can price: use "off" or one of fal-ai\/kling-video/)]);
  });

  it("accepts an unknown id that FAL_PRICE_OVERRIDES prices, with its durations and resolutions", () => {
    const env = parseEnv({
      ...MINIMAL,
      FAL_MODEL_IMAGE_TO_VIDEO: SEEDANCE_2,
      FAL_PRICE_OVERRIDES: override(SEEDANCE_2, { unit: "video_token", pricePerMillionTokens: 14, durations: { min: 4, max: 12 }, resolutions: ["480p", "720p", "1080p"] }),
    });
    expect(env.FAL_PRICE_OVERRIDES[SEEDANCE_2]).toMatchObject({ unit: "video_token", pricePerMillionTokens: 14 });
  });

  const overrideFailures: Array<{ name: string; source: Record<string, string>; variable: string; says: RegExp }> = [
    { name: "an override that is not JSON", source: { FAL_MODEL_IMAGE_TO_VIDEO: SEEDANCE_2, FAL_PRICE_OVERRIDES: "{ nope" }, variable: "FAL_PRICE_OVERRIDES", says: /JSON object/ },
    {
      name: "an override without a source",
      source: { FAL_PRICE_OVERRIDES: JSON.stringify({ [SEEDANCE_2]: { unit: "video_token", pricePerMillionTokens: 14 } }) },
      variable: "FAL_PRICE_OVERRIDES",
      says: /source/,
    },
    {
      name: "a negative price",
      source: { FAL_PRICE_OVERRIDES: override("fal-ai/flux/dev", { unit: "megapixel", pricePerMegapixel: -1 }) },
      variable: "FAL_PRICE_OVERRIDES",
      says: /pricePerMegapixel/,
    },
    {
      name: "an unknown video model priced without durations",
      source: { FAL_MODEL_IMAGE_TO_VIDEO: SEEDANCE_2, FAL_PRICE_OVERRIDES: override(SEEDANCE_2, { unit: "video_token", pricePerMillionTokens: 14 }) },
      variable: "FAL_MODEL_IMAGE_TO_VIDEO",
      says: /must give durations and resolutions/,
    },
    {
      name: "durations our API does not offer",
      source: { FAL_PRICE_OVERRIDES: override(SEEDANCE_2, { unit: "video_token", pricePerMillionTokens: 14, durations: { min: 4, max: 15 }, resolutions: ["720p"] }) },
      variable: "FAL_PRICE_OVERRIDES",
      says: /12/,
    },
    {
      name: "a video model priced per image",
      source: { FAL_MODEL_IMAGE_TO_VIDEO: SEEDANCE_2, FAL_PRICE_OVERRIDES: override(SEEDANCE_2, { unit: "image", pricePerImage: 1 }) },
      variable: "FAL_MODEL_IMAGE_TO_VIDEO",
      says: /per image, which does not fit the image-to-video role/,
    },
    {
      name: "an image edit priced per megapixel (its size follows the input picture)",
      source: { FAL_MODEL_IMAGE_EDIT: "fal-ai/flux/dev/image-to-image", FAL_PRICE_OVERRIDES: override("fal-ai/flux/dev/image-to-image", { unit: "megapixel", pricePerMegapixel: 0.03 }) },
      variable: "FAL_MODEL_IMAGE_EDIT",
      says: /per megapixel/,
    },
  ];
  for (const f of overrideFailures) {
    it(`rejects ${f.name}, naming ${f.variable}`, () => {
      const error = envError({ ...MINIMAL, ...f.source });
      expect(error.problems, error.message).toHaveLength(1);
      expect(error.problems[0].startsWith(f.variable), error.problems[0]).toBe(true);
      expect(error.problems[0]).toMatch(f.says);
    });
  }
});

describe(".env.example", () => {
  const text = readFileSync(new URL("../../.env.example", import.meta.url), "utf8");
  // Every `NAME=value` line, commented out or not: the file documents each variable once.
  const documented = [...text.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=(.*)$/gm)].map(([, name, value]) => ({ name, value }));

  it("documents every variable the app reads", () => {
    const names = new Set(documented.map(({ name }) => name));
    const read = Object.keys(parseEnv(MINIMAL)).filter((name) => name !== "NODE_ENV");
    expect(read.filter((name) => !names.has(name))).toEqual([]);
  });

  it("says how long METRICS_TOKEN must be, and the app holds to it", () => {
    // The comment lines just above the variable.
    const comment = /((?:^# .*\n)+)# METRICS_TOKEN=/m.exec(text)?.[1] ?? "";
    const minimum = Number(/at least (\d+) characters/i.exec(comment)?.[1]);
    expect(minimum).toBe(16);
    expect(() => parseEnv({ ...MINIMAL, METRICS_TOKEN: "x".repeat(minimum - 1) })).toThrow(/METRICS_TOKEN/);
    expect(parseEnv({ ...MINIMAL, METRICS_TOKEN: "x".repeat(minimum) }).METRICS_TOKEN).toHaveLength(minimum);
  });

  it("shows a FAL_PRICE_OVERRIDES example the app accepts for the model it prices", () => {
    const example = documented.find(({ name }) => name === "FAL_PRICE_OVERRIDES")?.value ?? "";
    const [id] = Object.keys(JSON.parse(example) as object);
    expect(parseEnv({ ...MINIMAL, FAL_MODEL_IMAGE_TO_VIDEO: id, FAL_PRICE_OVERRIDES: example }).FAL_PRICE_OVERRIDES[id]).toMatchObject({ unit: "video_token" });
  });

  it("holds values the app accepts", () => {
    const active = Object.fromEntries(documented.filter(({ name }) => new RegExp(`^${name}=`, "m").test(text)).map(({ name, value }) => [name, value]));
    expect(() => parseEnv(active)).not.toThrow();
  });
});
