// Cost control: the estimate endpoint (the registry's formula, the create endpoints' defaults, the
// caller's daily cap), the daily spend cap and the generation rate limit (429 with Retry-After and a
// message naming the limit, nothing created), on the in-process limiter and on Redis, and
// Idempotency-Key on every POST that spends money.
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fileStorage } from "@/_shared/core/file-storage.service";
import { startOfUtcDay } from "@/_shared/core/spend/spend";
import { redisNamespace } from "@/_shared/lib/cache";
import { estimateCostUsd, modelId, priceBreakdown } from "@/_shared/lib/fal-models";
import { type GenerationKind } from "@/_shared/schemas/generation-options";
import { getMetrics } from "@/_shared/lib/prometheus";
import { prisma } from "@/_shared/lib/prisma";
import { storageKeys } from "@/_shared/lib/storage-keys";
import * as privateAvatars from "@/app/api/avatars/private/route";
import * as privateRetry from "@/app/api/avatars/private/[id]/retry/route";
import * as publicAvatars from "@/app/api/avatars/public/route";
import * as publicRetry from "@/app/api/avatars/public/[id]/retry/route";
import * as bRolls from "@/app/api/b-rolls/route";
import * as estimates from "@/app/api/estimates/route";
import * as generateRoute from "@/app/api/images/generate/route";
import * as modifyRoute from "@/app/api/images/modify/route";
import { seedBaseTags } from "@/prisma/seed-data";
import { restoreEnv, setEnv } from "../env";
import { call, newProject, newUser, post, waitFor, type TestUser } from "../helpers";
import { tempImage } from "../media";
import { receivedFor, sim, withPipeline } from "../pipeline";

const SMALL = { resolution: "480p", duration: 2 } as const;
const TAG = `cc${randomUUID().slice(0, 8)}`;

// A second connection, only to see which keys the rate limiter wrote.
const inspector = process.env.REDIS_URL ? new Redis(process.env.REDIS_URL) : undefined;

/** A job of the owner's history with its estimated cost (by default: today, completed, billed by Fal). */
async function seedJob(owner: TestUser, costUsd: number, opts: { createdAt?: Date; status?: "completed" | "failed"; billed?: boolean } = {}) {
  return prisma.generationJob.create({
    data: {
      kind: "text_to_video",
      model: modelId("text-to-video"),
      input: {},
      status: opts.status ?? "completed",
      falRequestId: opts.billed === false ? null : `seeded-${randomUUID()}`,
      estimatedCostUsd: costUsd,
      userId: owner.id,
      ...(opts.createdAt ? { createdAt: opts.createdAt } : {}),
    },
  });
}

const estimate = (user: TestUser | null, body: unknown) => post(estimates.POST, user, body);
const generate = (user: TestUser, body: Record<string, unknown>, headers?: Record<string, string>) => post(generateRoute.POST, user, { sessionId: "s1", ...body }, headers);
const createBRoll = (user: TestUser, body: Record<string, unknown>, headers?: Record<string, string>) => post(bRolls.POST, user, { name: "Clip", prompt: "a slow pan over a desk", ...body }, headers);
const key = () => ({ "Idempotency-Key": randomUUID() });

/** The model refuses the next request whose prompt contains `marker` (jobs of earlier tests may still be submitting). */
async function refuseNext(marker: string) {
  await sim.set({ refuseNext: 1, matchPrompt: marker });
}

const secondsToUtcMidnight = () => (startOfUtcDay().getTime() + 24 * 3600_000 - Date.now()) / 1000;
async function rejections(limit: "rate" | "daily_spend") {
  return (await getMetrics().limitRejections.get()).values.find((v) => v.labels.limit === limit)?.value ?? 0;
}

withPipeline();
beforeAll(async () => seedBaseTags(prisma));
afterAll(() => inspector?.disconnect());
// Settings are one test's: restored after it.
afterEach(() => restoreEnv());

describe("POST /api/estimates", () => {
  it.each<[GenerationKind, Record<string, unknown> | undefined]>([
    ["text-to-image", undefined],
    ["text-to-image", { aspectRatio: "16:9", numImages: 3, seed: 7 }],
    ["image-edit", undefined],
    ["image-edit", { aspectRatio: "1:1" }],
    ["image-to-video", undefined],
    ["image-to-video", { aspectRatio: "auto", resolution: "1080p", duration: 10, cameraFixed: true }],
    ["text-to-video", {}],
    ["text-to-video", { aspectRatio: "21:9", resolution: "480p", duration: 12, seed: 3 }],
  ])("prices %s %j with the registry's formula", async (kind, options) => {
    const user = await newUser();
    const res = await estimate(user, { kind, ...(options ? { options } : {}) });
    expect(res.status).toBe(200);
    const expected = priceBreakdown(kind, options ?? {});
    expect(res.json).toMatchObject({ kind, model: modelId(kind), currency: "USD", basis: expected.basis });
    expect(res.json.estimatedCostUsd).toBe(estimateCostUsd(kind, options ?? {}));
    expect(res.json.estimatedCostUsd).toBeGreaterThan(0);
  });

  it("explains the price and shows the caller's daily cap, what today used and when it resets", async () => {
    const user = await newUser();
    await seedJob(user, 1.25);
    await seedJob(user, 3, { createdAt: new Date(startOfUtcDay().getTime() - 60_000) }); // yesterday
    await seedJob(user, 4, { status: "failed", billed: false }); // failed before Fal took it: free
    const res = await estimate(user, { kind: "text-to-image" });
    expect(res.json).toEqual({
      kind: "text-to-image",
      model: "fal-ai/flux/dev",
      // 768 x 1024 is 0.79 MP, billed as 1 whole megapixel.
      estimatedCostUsd: 0.025,
      currency: "USD",
      basis: { unit: "megapixel", aspectRatio: "3:4", width: 768, height: 1024, megapixels: 1, pixelsPerMegapixel: 1_000_000, pricePerMegapixel: 0.025, numImages: 1, formula: expect.any(String) },
      limits: { dailySpendCapUsd: 20, spentTodayUsd: 1.25, remainingTodayUsd: 18.75, resetsAt: new Date(startOfUtcDay().getTime() + 24 * 3600_000).toISOString() },
    });
    const video = await estimate(user, { kind: "text-to-video" });
    expect(video.json.basis).toEqual({
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
    expect(video.json.estimatedCostUsd).toBe(0.2723);

    const admin = await newUser({ role: "admin" });
    expect((await estimate(admin, { kind: "image-edit" })).json.limits).toMatchObject({ dailySpendCapUsd: 200, spentTodayUsd: 0, remainingTodayUsd: 200 });
    setEnv({ DAILY_SPEND_CAP_USD: "0" });
    expect((await estimate(user, { kind: "image-edit" })).json.limits).toMatchObject({ dailySpendCapUsd: null, spentTodayUsd: 1.25, remainingTodayUsd: null });
  });

  it("equals the estimatedCostUsd of the jobs the create endpoints make with the same options", async () => {
    const user = await newUser();
    const projectId = await newProject(user);
    const imageUrl = await tempImage(user);
    const jobCost = async (jobId: string) => Number((await prisma.generationJob.findUniqueOrThrow({ where: { id: jobId } })).estimatedCostUsd);
    const priced = async (kind: GenerationKind, options?: Record<string, unknown>) => (await estimate(user, { kind, ...(options ? { options } : {}) })).json.estimatedCostUsd as number;

    const defaultClip = await createBRoll(user, { projectId });
    expect(defaultClip.status).toBe(202);
    expect(await jobCost(defaultClip.json.jobId)).toBe(await priced("text-to-video"));
    expect(defaultClip.json.estimatedCostUsd).toBe(0.2723);

    const wide = { aspectRatio: "16:9", ...SMALL };
    const imageClip = await createBRoll(user, { projectId, imageUrl, ...wide });
    expect(await jobCost(imageClip.json.jobId)).toBe(await priced("image-to-video", wide));

    const avatar = await post(privateAvatars.POST, user, { name: "Ava", imageUrl, projectId, aspectRatio: "1:1", ...SMALL });
    expect(avatar.status).toBe(202);
    expect(await jobCost(avatar.json.jobId)).toBe(await priced("image-to-video", { aspectRatio: "1:1", ...SMALL }));

    // Another session: the avatar above deletes session s1 once its clip is ready.
    const portrait = await generate(user, { prompt: "a baker", sessionId: "s2" });
    expect(portrait.status).toBe(200);
    expect(await jobCost(portrait.json.jobId)).toBe(await priced("text-to-image"));
    expect(portrait.json.estimatedCostUsd).toBe(0.025);
    const square = await generate(user, { prompt: "a florist", aspectRatio: "1:1", numImages: 2 });
    expect(await jobCost(square.json.jobId)).toBe(await priced("text-to-image", { aspectRatio: "1:1", numImages: 2 }));

    const edit = await post(modifyRoute.POST, user, { imageUrl: portrait.json.imageUrl, modifications: "add an apron", sessionId: "s2" });
    expect(edit.status).toBe(200);
    expect(await jobCost(edit.json.jobId)).toBe(await priced("image-edit"));
  });

  it.each<[string, unknown, string?]>([
    ["no kind", {}, "kind"],
    ["an unknown kind", { kind: "text-to-music" }, "kind"],
    ["an unknown top-level field", { kind: "text-to-image", model: "other" }, "model"],
    ["an option of another kind", { kind: "text-to-video", options: { numImages: 2 } }, "numImages"],
    ["several images for an edit", { kind: "image-edit", options: { numImages: 2 } }, "numImages"],
    ["five images", { kind: "text-to-image", options: { numImages: 5 } }, "numImages"],
    ["auto format for a text clip", { kind: "text-to-video", options: { aspectRatio: "auto" } }, "aspectRatio"],
    ["a 20 s clip", { kind: "image-to-video", options: { duration: 20 } }, "duration"],
    ["options that are not an object", { kind: "image-to-video", options: "720p" }, "options"],
  ])("answers 400 for %s, naming the field", async (_name, body, field) => {
    const res = await estimate(await newUser(), body);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("bad_request");
    expect(res.json.error.details.length).toBeGreaterThan(0);
    expect(JSON.stringify(res.json.error.details)).toContain(field);
  });

  it("answers 400 for a duration the configured model refuses (Seedance 1.5: 4-12 s), naming the field and the range", async () => {
    setEnv({ FAL_MODEL_IMAGE_TO_VIDEO: "fal-ai/bytedance/seedance/v1.5/pro/image-to-video" });
    const user = await newUser();
    const refused = await estimate(user, { kind: "image-to-video", options: { duration: 2 } });
    expect(refused.status).toBe(400);
    expect(refused.json.error.details).toEqual([{ path: "duration", message: "duration must be between 4 and 12 seconds with the current image-to-video model" }]);
    const fine = await estimate(user, { kind: "image-to-video", options: { duration: 4 } });
    expect(fine.json).toMatchObject({ model: "fal-ai/bytedance/seedance/v1.5/pro/image-to-video", basis: { pricePerMillionTokens: 1.2, durationSeconds: 4 } });
    // The text model (still 1.0) takes 2 s.
    expect((await estimate(user, { kind: "text-to-video", options: { duration: 2 } })).status).toBe(200);
  });

  it("answers 400 for a body that is not JSON and 401 without a session", async () => {
    const user = await newUser();
    const broken = await call(estimates.POST, { method: "POST", user, rawBody: "{kind:", headers: { "content-type": "application/json" } });
    expect(broken.status).toBe(400);
    expect(broken.json.error.code).toBe("bad_request");
    const anonymous = await estimate(null, { kind: "text-to-image" });
    expect(anonymous.status).toBe(401);
    expect(anonymous.json.error.code).toBe("unauthorized");
  });
});

describe("daily spend cap", () => {
  beforeEach(() => setEnv({ DAILY_SPEND_CAP_USD: "1", ADMIN_DAILY_SPEND_CAP_USD: "2" }));

  it("refuses a generation that would pass the cap: 429 until midnight UTC, the figures named, nothing created", async () => {
    const user = await newUser();
    const projectId = await newProject(user);
    const imageUrl = await tempImage(user);
    await seedJob(user, 0.8);
    const before = await rejections("daily_spend");

    // A default clip costs $0.2723: $0.80 + $0.27 > $1.00.
    const res = await createBRoll(user, { projectId, imageUrl });
    expect(res.status).toBe(429);
    expect(res.json.error).toEqual({ code: "rate_limited", message: expect.any(String), details: [{ path: "limit", message: "daily_spend" }] });
    expect(res.json.error.message).toMatch(
      /^Daily spending limit reached: you have used \$0\.80 of your \$1\.00 daily limit and this generation would cost \$0\.27\. The limit resets at 00:00 UTC \(in (\d+ h)?( ?\d+ min)?\)\.$/,
    );
    const retryAfter = Number(res.headers.get("retry-after"));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(Math.abs(retryAfter - secondsToUtcMidnight())).toBeLessThanOrEqual(2);
    expect(await rejections("daily_spend")).toBe(before + 1);
    // No b-roll, no job, no copy of the source image.
    expect(await prisma.bRoll.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.generationJob.count({ where: { userId: user.id } })).toBe(1);
    expect(await fileStorage.listKeys(storageKeys.bRollProjectPrefix({ userId: user.id, projectId }))).toEqual([]);

    // A smaller generation ($0.0513) still fits; once the day is nearly used up, even an image ($0.025) is refused.
    expect((await createBRoll(user, { projectId, ...SMALL })).status).toBe(202);
    await seedJob(user, 0.1467);
    expect((await estimate(user, { kind: "text-to-image" })).json.limits).toMatchObject({ spentTodayUsd: 0.998, remainingTodayUsd: 0.002 });
    const image = await generate(user, { prompt: "a nurse" });
    expect(image.status).toBe(429);
    expect(image.json.error.message).toContain("you have used $1.00 of your $1.00 daily limit and this generation would cost $0.03");
    expect(await prisma.generationJob.count({ where: { userId: user.id, kind: "text_to_image" } })).toBe(0);
  });

  it("counts today's billed jobs only: yesterday's and those that failed before Fal took them are free", async () => {
    const user = await newUser();
    const projectId = await newProject(user);
    await seedJob(user, 0.5);
    await seedJob(user, 0.2, { status: "failed" }); // failed after Fal accepted it: billed
    await seedJob(user, 5, { status: "failed", billed: false });
    await seedJob(user, 5, { createdAt: new Date(startOfUtcDay().getTime() - 1000) });
    // $0.70 + $0.0513 fits.
    expect((await createBRoll(user, { projectId, ...SMALL })).status).toBe(202);
    await seedJob(user, 0.25);
    // $1.0013 does not: the b-roll just created counts too.
    const refused = await createBRoll(user, { projectId, ...SMALL });
    expect(refused.status).toBe(429);
    expect(refused.json.error.message).toContain("you have used $1.00 of your $1.00 daily limit and this generation would cost $0.05");
  });

  it("gives admins their own cap", async () => {
    const admin = await newUser({ role: "admin" });
    const user = await newUser();
    await seedJob(admin, 1.5);
    await seedJob(user, 1.5);
    const projectId = await newProject(user);
    expect((await createBRoll(user, { projectId, ...SMALL })).json.error.message).toContain("of your $1.00 daily limit");

    const imageUrl = await tempImage(admin);
    const body = { name: `${TAG} Capped`, imageUrl, tagSlugs: ["femme"], ...SMALL };
    expect((await post(publicAvatars.POST, admin, body)).status).toBe(202);
    await seedJob(admin, 0.47);
    const refused = await post(publicAvatars.POST, admin, body);
    expect(refused.status).toBe(429);
    expect(refused.json.error.message).toMatch(/^Daily spending limit reached: you have used \$2\.02 of your \$2\.00 daily limit/);
    expect(await prisma.avatar.count({ where: { name: body.name } })).toBe(1);
  });

  it("serialises a user's concurrent generations: of two that only fit one at a time, one is refused", async () => {
    const user = await newUser();
    const projectId = await newProject(user);
    // $0.90 + $0.0513 fits once, not twice.
    await seedJob(user, 0.9);
    const replies = await Promise.all([createBRoll(user, { projectId, ...SMALL }), createBRoll(user, { projectId, ...SMALL })]);
    expect(replies.map((r) => r.status).sort()).toEqual([202, 429]);
    expect(await prisma.bRoll.count({ where: { userId: user.id } })).toBe(1);
  });

  it("is checked before the rate limit: a refusal by the cap uses up no rate point", async () => {
    setEnv({ GENERATION_RATE_LIMIT: "2", GENERATION_RATE_WINDOW_SECONDS: "300" });
    const user = await newUser();
    const projectId = await newProject(user);
    const seeded = await seedJob(user, 0.99);
    for (let i = 0; i < 3; i++) expect((await createBRoll(user, { projectId, ...SMALL })).json.error.details).toEqual([{ path: "limit", message: "daily_spend" }]);
    await prisma.generationJob.delete({ where: { id: seeded.id } });
    expect((await createBRoll(user, { projectId, ...SMALL })).status).toBe(202);
    expect((await createBRoll(user, { projectId, ...SMALL })).status).toBe(202);
    expect((await createBRoll(user, { projectId, ...SMALL })).json.error.details).toEqual([{ path: "limit", message: "rate" }]);
  });
});

const backends: Array<[string, boolean]> = [["in-process limiter", false]];
if (process.env.REDIS_URL) backends.push(["Redis limiter", true]);

describe.each(backends)("generation rate limit (%s)", (_name, onRedis) => {
  const redisUrl = process.env.REDIS_URL;
  beforeEach(() => setEnv({ GENERATION_RATE_LIMIT: "3", ADMIN_GENERATION_RATE_LIMIT: "6", GENERATION_RATE_WINDOW_SECONDS: "300", REDIS_URL: onRedis ? redisUrl : undefined }));

  const limiterKey = (user: TestUser, role: "user" | "admin" = "user") => `${redisNamespace()}ratelimit:generation:${role}:${user.id}`;

  it("refuses the 4th generation in the window, on any endpoint, with Retry-After; estimates and other users are not limited", async () => {
    const user = await newUser();
    const projectId = await newProject(user);
    const before = await rejections("rate");
    for (let i = 0; i < 5; i++) expect((await estimate(user, { kind: "text-to-image" })).status).toBe(200);
    expect((await generate(user, { prompt: "a pilot" })).status).toBe(200);
    expect((await generate(user, { prompt: "a sailor" })).status).toBe(200);
    expect((await createBRoll(user, { projectId, ...SMALL })).status).toBe(202);

    const refused = await createBRoll(user, { projectId, ...SMALL });
    expect(refused.status).toBe(429);
    expect(refused.json.error.code).toBe("rate_limited");
    expect(refused.json.error.details).toEqual([{ path: "limit", message: "rate" }]);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 300).toBe(true);
    expect(refused.json.error.message).toBe(`Too many generation requests: the limit is 3 per 300 seconds. Try again in ${retryAfter} second${retryAfter === 1 ? "" : "s"}.`);
    expect(await prisma.bRoll.count({ where: { userId: user.id } })).toBe(1);
    expect((await generate(user, { prompt: "a diver" })).status).toBe(429);
    expect(await prisma.generationJob.count({ where: { userId: user.id } })).toBe(3);
    expect(await rejections("rate")).toBe(before + 2);

    const other = await newUser();
    expect((await generate(other, { prompt: "a surfer" })).status).toBe(200);
    if (inspector) expect(await inspector.exists(limiterKey(user))).toBe(onRedis ? 1 : 0);
  });

  it("does not count idempotent replays", async () => {
    const user = await newUser();
    const headers = key();
    const prompt = `a mountain guide ${randomUUID()}`;
    const first = await generate(user, { prompt }, headers);
    expect(first.status).toBe(200);
    for (let i = 0; i < 3; i++) expect(await generate(user, { prompt }, headers)).toMatchObject({ status: 200, json: first.json });
    expect((await generate(user, { prompt: "a ranger" })).status).toBe(200);
    expect((await generate(user, { prompt: "a skier" })).status).toBe(200);
    expect((await generate(user, { prompt: "a climber" })).status).toBe(429);
    expect((await sim.requests()).filter((r) => r.input?.prompt === prompt)).toHaveLength(1);
  });

  it("gives admins their own limit", async () => {
    const admin = await newUser({ role: "admin" });
    for (let i = 0; i < 6; i++) expect((await generate(admin, { prompt: `an architect ${i}` })).status).toBe(200);
    const refused = await generate(admin, { prompt: "an architect, once more" });
    expect(refused.status).toBe(429);
    expect(refused.json.error.message).toMatch(/^Too many generation requests: the limit is 6 per 300 seconds\./);
    if (inspector) expect(await inspector.exists(limiterKey(admin, "admin"))).toBe(onRedis ? 1 : 0);
  });
});

describe("Idempotency-Key on the POSTs that spend money", () => {
  it("images/generate: a replay answers the first answer with no second Fal request; another body is a 422", async () => {
    const user = await newUser();
    const headers = key();
    const prompt = `a violinist ${randomUUID()}`;
    const first = await generate(user, { prompt, numImages: 2 }, headers);
    expect(first.status).toBe(200);
    expect(first.json.images).toHaveLength(2);
    const again = await generate(user, { prompt, numImages: 2 }, headers);
    expect(again).toMatchObject({ status: 200, json: first.json });
    expect(await prisma.generationJob.count({ where: { userId: user.id } })).toBe(1);
    expect((await receivedFor(first.json.jobId)).input).toMatchObject({ prompt, num_images: 2 });
    expect((await sim.requests()).filter((r) => r.input?.prompt === prompt)).toHaveLength(1);

    const other = await generate(user, { prompt, numImages: 1 }, headers);
    expect(other.status).toBe(422);
    expect(other.json.error.message).toContain("Idempotency-Key");
    expect((await generate(user, { prompt, numImages: 2 }, key())).json.jobId).not.toBe(first.json.jobId);
  });

  it("images/generate: a replay while the first runs is a 409; a failed first answer is answered again", async () => {
    const user = await newUser();
    const headers = key();
    await sim.set({ latencyMs: 2500 });
    const running = generate(user, { prompt: "a slow portrait" }, headers);
    await waitFor(() => prisma.generationJob.findFirst({ where: { userId: user.id, idempotencyKey: headers["Idempotency-Key"] } }), { what: "the first job" });
    const early = await generate(user, { prompt: "a slow portrait" }, headers);
    expect(early.status).toBe(409);
    expect(early.json.error.message).toMatch(/a request with this Idempotency-Key is still in progress/i);
    const done = await running;
    expect(done.status).toBe(200);
    expect(await generate(user, { prompt: "a slow portrait" }, headers)).toMatchObject({ status: 200, json: done.json });

    await sim.set({ latencyMs: 200 });
    const refusedKey = key();
    const prompt = `something refused ${randomUUID()}`;
    await refuseNext(prompt);
    const refused = await generate(user, { prompt }, refusedKey);
    expect(refused.status).toBe(422);
    expect(await generate(user, { prompt }, refusedKey)).toMatchObject({ status: 422, json: refused.json });
    expect((await sim.requests()).filter((r) => r.input?.prompt === prompt)).toHaveLength(1);
  });

  it("images/modify: one edit per key", async () => {
    const user = await newUser();
    const source = await generate(user, { prompt: "a tailor" });
    const headers = key();
    const body = { imageUrl: source.json.imageUrl, modifications: `add a measuring tape ${randomUUID()}`, sessionId: "s1" };
    const first = await post(modifyRoute.POST, user, body, headers);
    expect(first.status).toBe(200);
    expect(await post(modifyRoute.POST, user, body, headers)).toMatchObject({ status: 200, json: first.json });
    expect(await prisma.generationJob.count({ where: { userId: user.id, kind: "image_edit" } })).toBe(1);
    expect((await post(modifyRoute.POST, user, { ...body, modifications: "something else" }, headers)).status).toBe(422);
  });

  it("public avatars: create and retry with a key make one avatar and one job each, the admin's", async () => {
    const admin = await newUser({ role: "admin" });
    const imageUrl = await tempImage(admin);
    const motion = `turns to the camera ${randomUUID()}`;
    // Without the fallback model: the refusal fails the avatar (tests/integration/fallback.test.ts covers it).
    const body = { name: `${TAG} Once`, imageUrl, tagSlugs: ["homme"], prompt: motion, ...SMALL, fallback: false };
    const headers = key();
    await refuseNext(motion);
    const first = await post(publicAvatars.POST, admin, body, headers);
    expect(first.status).toBe(202);
    const again = await post(publicAvatars.POST, admin, body, headers);
    expect(again.status).toBe(202);
    expect(again.json).toMatchObject({ id: first.json.id, jobId: first.json.jobId, estimatedCostUsd: first.json.estimatedCostUsd });
    expect(await prisma.avatar.count({ where: { name: body.name } })).toBe(1);
    expect(await prisma.generationJob.findMany({ where: { avatarId: first.json.id }, select: { userId: true, idempotencyKey: true } })).toEqual([
      { userId: admin.id, idempotencyKey: headers["Idempotency-Key"] },
    ]);
    expect((await post(publicAvatars.POST, admin, { ...body, name: `${TAG} Other` }, headers)).status).toBe(422);

    // Refused by the model: retried twice with one key, one new job.
    await waitFor(() => prisma.avatar.findFirst({ where: { id: first.json.id, status: "failed" } }), { what: "the avatar to fail" });
    const retryKey = key();
    const retried = await post(publicRetry.POST, admin, undefined, retryKey, { id: first.json.id });
    expect(retried.status).toBe(202);
    const retriedAgain = await post(publicRetry.POST, admin, undefined, retryKey, { id: first.json.id });
    expect(retriedAgain).toMatchObject({ status: 202, json: { id: first.json.id, jobId: retried.json.jobId } });
    expect(await prisma.generationJob.count({ where: { avatarId: first.json.id } })).toBe(2);
  });

  it("concurrent requests with one key make one job; the loser answers the winner's result and leaves no copy behind", async () => {
    // images/generate: the loser answers the finished result, or 409 while the winner still runs.
    const user = await newUser();
    const imageKey = key();
    const prompt = `a race of painters ${randomUUID()}`;
    const images = await Promise.all([0, 1, 2].map(() => generate(user, { prompt }, imageKey)));
    expect(images.map((r) => r.status).every((status) => status === 200 || status === 409)).toBe(true);
    expect(images.some((r) => r.status === 200)).toBe(true);
    expect(await prisma.generationJob.count({ where: { userId: user.id, kind: "text_to_image" } })).toBe(1);
    expect((await sim.requests()).filter((r) => r.input?.prompt === prompt)).toHaveLength(1);

    // Private avatars: one avatar, one job, one stored image (the losers' copies are removed).
    const projectId = await newProject(user);
    const imageUrl = await tempImage(user, "race");
    const avatarKey = key();
    const body = { name: "Raced", imageUrl, projectId, ...SMALL };
    const avatars = await Promise.all([0, 1, 2].map(() => post(privateAvatars.POST, user, body, avatarKey)));
    expect(avatars.map((r) => r.status)).toEqual([202, 202, 202]);
    expect(new Set(avatars.map((r) => r.json.id)).size).toBe(1);
    expect(await prisma.avatar.count({ where: { userId: user.id, name: "Raced" } })).toBe(1);
    expect(await prisma.generationJob.count({ where: { avatarId: avatars[0].json.id } })).toBe(1);
    expect(await fileStorage.listKeys(`images/avatars/${user.id}/`)).toEqual([expect.stringContaining(avatars[0].json.id)]);

    // Public avatars: the same for an admin.
    const admin = await newUser({ role: "admin" });
    const adminImage = await tempImage(admin, "race");
    const publicKey = key();
    const publicBody = { name: `${TAG} Raced`, imageUrl: adminImage, tagSlugs: ["femme"], ...SMALL };
    const published = await Promise.all([0, 1, 2].map(() => post(publicAvatars.POST, admin, publicBody, publicKey)));
    expect(published.map((r) => r.status)).toEqual([202, 202, 202]);
    expect(new Set(published.map((r) => r.json.id)).size).toBe(1);
    expect(await prisma.avatar.count({ where: { name: publicBody.name } })).toBe(1);
    expect(await prisma.generationJob.count({ where: { avatarId: published[0].json.id } })).toBe(1);
    const publicImages = await fileStorage.listKeys("images/public-avatars/");
    const madeHere = await prisma.avatar.findMany({ where: { visibility: "public" }, select: { id: true } });
    // Every stored public avatar image belongs to an avatar row: no orphan copies.
    expect(publicImages.filter((k) => !madeHere.some((a) => k.includes(a.id)))).toEqual([]);
  });

  it("private avatars: a retry with a key makes one new job", async () => {
    const user = await newUser();
    const projectId = await newProject(user);
    const imageUrl = await tempImage(user);
    const motion = `waves at the camera ${randomUUID()}`;
    await refuseNext(motion);
    const created = await post(privateAvatars.POST, user, { name: "Refused", imageUrl, projectId, prompt: motion, ...SMALL, fallback: false });
    expect(created.status).toBe(202);
    await waitFor(() => prisma.avatar.findFirst({ where: { id: created.json.id, status: "failed" } }), { what: "the avatar to fail" });
    const headers = key();
    const retried = await post(privateRetry.POST, user, undefined, headers, { id: created.json.id });
    expect(retried.status).toBe(202);
    expect(await post(privateRetry.POST, user, undefined, headers, { id: created.json.id })).toMatchObject({ status: 202, json: { id: created.json.id, jobId: retried.json.jobId } });
    expect(await prisma.generationJob.count({ where: { avatarId: created.json.id } })).toBe(2);
  });
});
