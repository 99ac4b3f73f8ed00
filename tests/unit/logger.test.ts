// What reaches the logs: secrets redacted, presigned URL signatures cut, long texts (prompts)
// capped, nested values and errors handled; and the JSON lines the logger really writes.
import { afterEach, describe, expect, it } from "vitest";
import { logger, scrubForLog, tapLogs, type LogTap } from "@/_shared/lib/logger";

const PRESIGNED =
  "https://s3.example.test/better-ads/users/u1/avatars/a1/video.mp4?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20260101T000000Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature=0123456789abcdef";
const UNSIGNED_PREFIX = "https://s3.example.test/better-ads/users/u1/avatars/a1/video.mp4?";

describe("scrubForLog", () => {
  it("cuts every credential of a presigned S3 URL and keeps where it points", () => {
    const scrubbed = scrubForLog(PRESIGNED, 10_000) as string;
    expect(scrubbed.startsWith(UNSIGNED_PREFIX)).toBe(true);
    expect(scrubbed).toContain("X-Amz-Signature=[redacted]");
    expect(scrubbed).toContain("X-Amz-Credential=[redacted]");
    expect(scrubbed).not.toContain("0123456789abcdef");
    expect(scrubbed).not.toContain("AKIAEXAMPLE");
  });

  it("cuts a signed CDN link's token inside a longer text", () => {
    const scrubbed = scrubForLog('fetch "https://v3.fal.media/files/x/out.mp4?token=abc.def.ghi&size=2" failed', 10_000);
    expect(scrubbed).toBe('fetch "https://v3.fal.media/files/x/out.mp4?token=[redacted]&size=2" failed');
  });

  it("redacts secret-named keys at any depth, whatever their case, and leaves other keys alone", () => {
    const scrubbed = scrubForLog(
      {
        authorization: "Bearer abc",
        headers: { Authorization: "Bearer def", cookie: "next-auth.session-token=ghi", "x-request-id": "req-1" },
        password: "hunter2",
        sessionToken: "jkl",
        FAL_KEY: "key-id:key-secret",
        S3_SECRET_KEY: "mno",
        apiKey: "pqr",
        key: "stu",
        videoKey: "users/u1/b-rolls/b1/video.mp4",
        model: "fal-ai/bytedance/seedance/v1/pro/text-to-video",
        missingToken: undefined,
      },
      200,
    );
    expect(scrubbed).toEqual({
      authorization: "[redacted]",
      headers: { Authorization: "[redacted]", cookie: "[redacted]", "x-request-id": "req-1" },
      password: "[redacted]",
      sessionToken: "[redacted]",
      FAL_KEY: "[redacted]",
      S3_SECRET_KEY: "[redacted]",
      apiKey: "[redacted]",
      key: "[redacted]",
      videoKey: "users/u1/b-rolls/b1/video.mp4",
      model: "fal-ai/bytedance/seedance/v1/pro/text-to-video",
      missingToken: undefined,
    });
  });

  it("caps a long prompt at the limit and says how long it was; short texts pass unchanged", () => {
    const prompt = "a".repeat(5000);
    expect(scrubForLog(prompt, 200)).toBe(`${"a".repeat(200)}… (5000 chars)`);
    expect(scrubForLog("a".repeat(200), 200)).toBe("a".repeat(200));
    expect(scrubForLog({ input: { prompt } }, 200)).toEqual({ input: { prompt: `${"a".repeat(200)}… (5000 chars)` } });
  });

  it("walks arrays and nested objects (bounded), keeps scalars and turns dates and buffers into text", () => {
    const nested = { a: { b: { c: { d: { e: { f: { g: "deep" } } } } } } };
    expect(scrubForLog(nested, 200)).toEqual({ a: { b: { c: { d: { e: { f: "[…]" } } } } } });
    const list = Array.from({ length: 80 }, (_, i) => i);
    expect(scrubForLog(list, 200)).toEqual(list.slice(0, 50));
    expect(scrubForLog([{ image_url: PRESIGNED }], 10_000)).toEqual([{ image_url: expect.stringContaining("X-Amz-Signature=[redacted]") }]);
    expect(scrubForLog({ n: 1.5, ok: true, none: null, at: new Date("2026-01-02T03:04:05.000Z") }, 200)).toEqual({
      n: 1.5,
      ok: true,
      none: null,
      at: "2026-01-02T03:04:05.000Z",
    });
    expect(scrubForLog({ body: Buffer.alloc(4096) }, 200)).toEqual({ body: "[4096 bytes]" });
  });

  it("logs an Error as name, message and a short stack, without the signatures its message carries", () => {
    const error = new TypeError(`download failed: ${PRESIGNED}`);
    const scrubbed = scrubForLog({ error }, 200) as { error: { name: string; message: string; stack: string } };
    expect(scrubbed.error.name).toBe("TypeError");
    expect(scrubbed.error.message).toBe(`download failed: ${scrubForLog(PRESIGNED, 10_000) as string}`);
    expect(scrubbed.error.stack.split("\n").length).toBeLessThanOrEqual(8);
    expect(scrubbed.error.stack).toContain("TypeError: download failed");
    expect(JSON.stringify(scrubbed)).not.toContain("0123456789abcdef");
    expect(JSON.stringify(scrubbed)).not.toContain("AKIAEXAMPLE");
  });
});


describe("logger", () => {
  let capture: LogTap | undefined;
  afterEach(() => capture?.stop());

  it("writes one JSON line per call with level, message, service and the scrubbed fields", () => {
    capture = tapLogs("debug");
    logger.warn(`copy failed for ${PRESIGNED}`, { jobId: "job-1", prompt: "p".repeat(5000), headers: { authorization: "Bearer x" }, url: PRESIGNED });
    expect(capture.entries).toHaveLength(1);
    const [line] = capture.entries;
    expect(line).toMatchObject({
      level: "warn",
      service: "better-ads",
      jobId: "job-1",
      prompt: `${"p".repeat(200)}… (5000 chars)`,
      headers: { authorization: "[redacted]" },
      url: expect.stringContaining("X-Amz-Credential=[redacted]"),
      msg: expect.stringContaining("X-Amz-Signature=[redacted]"),
    });
    expect(typeof line.time).toBe("string");
    expect(JSON.stringify(line)).not.toContain("0123456789abcdef");
  });
});
