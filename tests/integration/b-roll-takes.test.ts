// B-roll takes end to end through the routes and the Fal simulator: one request makes N clips of the
// same prompt and options with their own seeds (one group), priced and capped as a whole, replayed
// by one Idempotency-Key; a failed take is retried alone; seeds are stored and reused (retry, "More
// like this"); keep (favorite) and discard; b-rolls from an avatar's picture ("Use in a b-roll").
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { fileStorage } from "@/_shared/core/file-storage.service";
import { estimateCostUsd } from "@/_shared/lib/fal-models";
import { prisma } from "@/_shared/lib/prisma";
import { storageKeys } from "@/_shared/lib/storage-keys";
import * as collection from "@/app/api/b-rolls/route";
import * as item from "@/app/api/b-rolls/[id]/route";
import * as regenerate from "@/app/api/b-rolls/[id]/regenerate/route";
import * as retry from "@/app/api/b-rolls/[id]/retry/route";
import * as estimates from "@/app/api/estimates/route";
import { call, newProject, newUser, post, settled, type TestUser } from "../helpers";
import { restoreEnv, setEnv } from "../env";
import { tempImage } from "../media";
import { receivedFor, sim, withPipeline } from "../pipeline";
import { publicAvatar, readyAvatar } from "../resources";

const PROMPT = "a barista pours latte art, close-up, soft window light";
const SMALL = { resolution: "480p", duration: 2 } as const;
const ONE = estimateCostUsd("text-to-video", SMALL);

withPipeline();
afterEach(() => restoreEnv());

let user: TestUser;
let projectId: string;

beforeAll(async () => {
  user = await newUser();
  projectId = await newProject(user, "Latte launch");
});

const create = (body: Record<string, unknown>, { as = user, headers }: { as?: TestUser; headers?: Record<string, string> } = {}) => post(collection.POST, as, body, headers);
const settledBRoll = (id: string, owner: TestUser = user) => settled("bRoll", id, item.GET, owner);
const patch = (id: string, body: unknown, as: TestUser = user) => call(item.PATCH, { method: "PATCH", user: as, params: { id }, body });
const takeIds = (res: { json: { takes: { id: string }[] } }) => res.json.takes.map((take) => take.id);

describe("takes", () => {
  it("takes: 3 makes three b-rolls of one group with seeds seed, seed+1, seed+2, each its own job and clip", async () => {
    const res = await create({ name: "Latte", prompt: PROMPT, projectId, seed: 1000, takes: 3, ...SMALL });
    expect(res.status).toBe(202);
    expect(res.json).toEqual({ takeGroupId: expect.any(String), takes: expect.any(Array) });
    const { takeGroupId, takes } = res.json;
    expect(takes).toHaveLength(3);
    takes.forEach((take: Record<string, unknown>, i: number) => {
      expect(take).toMatchObject({ name: "Latte", prompt: PROMPT, status: "processing", takeGroupId, takeIndex: i, seed: 1000 + i, favorite: false, estimatedCostUsd: ONE, projectId });
    });
    expect(new Set(takes.map((take: { jobId: string }) => take.jobId)).size).toBe(3);

    for (const [i, take] of takes.entries()) {
      expect(await settledBRoll(take.id)).toMatchObject({ status: "ready", seed: 1000 + i, takeGroupId });
      expect((await receivedFor(take.jobId)).input).toMatchObject({ prompt: PROMPT, seed: 1000 + i, resolution: "480p", duration: "2" });
    }
    // The project's listing shows each take as a b-roll (the page groups them by takeGroupId).
    expect(await prisma.bRoll.count({ where: { takeGroupId } })).toBe(3);
  });

  it("without a seed every take gets a distinct random one, stored and sent", async () => {
    const res = await create({ name: "Random", prompt: PROMPT, projectId, takes: 2, ...SMALL });
    expect(res.status).toBe(202);
    const seeds = res.json.takes.map((take: { seed: number }) => take.seed);
    expect(seeds.every((seed: unknown) => Number.isInteger(seed))).toBe(true);
    expect(new Set(seeds).size).toBe(2);
    for (const take of res.json.takes) {
      await settledBRoll(take.id);
      expect((await receivedFor(take.jobId)).input).toMatchObject({ seed: take.seed });
    }
  });

  it("takes absent or 1: the reply is the single b-roll as before; 0 or 5 takes are refused", async () => {
    const one = await create({ name: "Single", prompt: PROMPT, projectId, takes: 1, ...SMALL });
    expect(one.status).toBe(202);
    expect(one.json).toMatchObject({ id: expect.any(String), status: "processing", takeGroupId: null, takeIndex: null, seed: expect.any(Number) });
    expect(one.json).not.toHaveProperty("takes");
    for (const takes of [0, 5, 1.5]) {
      const refused = await create({ name: "Bad", prompt: PROMPT, projectId, takes, ...SMALL });
      expect(refused.status).toBe(400);
      expect(refused.json.error.details[0]).toMatchObject({ path: "takes", message: "takes must be a whole number from 1 to 4" });
    }
    await settledBRoll(one.json.id);
  });

  it("the estimate is N times one take", async () => {
    const single = await post(estimates.POST, user, { kind: "text-to-video", options: SMALL });
    const three = await post(estimates.POST, user, { kind: "text-to-video", options: SMALL, takes: 3 });
    expect(single.status).toBe(200);
    expect(three.status).toBe(200);
    expect(single.json).toMatchObject({ estimatedCostUsd: ONE });
    expect(single.json).not.toHaveProperty("takes");
    expect(three.json).toMatchObject({ estimatedCostUsd: Math.round(ONE * 3 * 10_000) / 10_000, takes: 3 });
    expect((await post(estimates.POST, user, { kind: "text-to-video", options: SMALL, takes: 9 })).status).toBe(400);
  });

  it("the daily cap counts every take before anything starts: a cap that fits one but not three refuses the group and creates nothing", async () => {
    const owner = await newUser();
    const project = await newProject(owner);
    setEnv({ DAILY_SPEND_CAP_USD: String(ONE * 2) });
    const refused = await create({ name: "Too many", prompt: PROMPT, projectId: project, takes: 3, ...SMALL }, { as: owner });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(refused.json.error.message).toMatch(/Daily spending limit reached/);
    expect(await prisma.bRoll.count({ where: { userId: owner.id } })).toBe(0);
    expect(await prisma.generationJob.count({ where: { userId: owner.id } })).toBe(0);

    const one = await create({ name: "Fits", prompt: PROMPT, projectId: project, ...SMALL }, { as: owner });
    expect(one.status).toBe(202);
    await settledBRoll(one.json.id, owner);
  });

  it("one Idempotency-Key covers the group: a replay answers the same group and starts nothing", async () => {
    const headers = { "Idempotency-Key": `takes-${Date.now()}` };
    const body = { name: "Once", prompt: PROMPT, projectId, takes: 2, seed: 5, ...SMALL };
    const first = await create(body, { headers });
    expect(first.status).toBe(202);
    const again = await create(body, { headers });
    expect(again.status).toBe(202);
    expect(again.json.takeGroupId).toBe(first.json.takeGroupId);
    expect(takeIds(again)).toEqual(takeIds(first));
    expect(await prisma.bRoll.count({ where: { takeGroupId: first.json.takeGroupId } })).toBe(2);
    expect(await prisma.generationJob.count({ where: { bRollId: { in: takeIds(first) } } })).toBe(2);
    // The same key with another body is refused, as for any create.
    expect((await create({ ...body, takes: 3 }, { headers })).status).toBe(422);
    for (const id of takeIds(first)) await settledBRoll(id);
  });

  it("one failed take leaves the others going; retried alone with its own seed, it ends ready too", async () => {
    await sim.set({ refuseNext: 1 });
    const res = await create({ name: "Partial", prompt: PROMPT, projectId, takes: 3, seed: 77, ...SMALL });
    expect(res.status).toBe(202);
    const ends = [];
    for (const id of takeIds(res)) ends.push(await settledBRoll(id));
    const failed = ends.filter((take) => take.status === "failed");
    expect(failed).toHaveLength(1);
    expect(ends.filter((take) => take.status === "ready")).toHaveLength(2);

    const take = failed[0];
    const retried = await call(retry.POST, { method: "POST", user, params: { id: take.id } });
    expect(retried.status).toBe(202);
    expect(retried.json).toMatchObject({ id: take.id, status: "processing", seed: take.seed, takeGroupId: res.json.takeGroupId });
    expect(await settledBRoll(take.id)).toMatchObject({ status: "ready", seed: take.seed });
    expect((await receivedFor(retried.json.jobId)).input).toMatchObject({ seed: take.seed });
    // Only that take got a second job.
    for (const id of takeIds(res)) expect(await prisma.generationJob.count({ where: { bRollId: id } })).toBe(id === take.id ? 2 : 1);
  });
});

describe("keep, discard and More like this", () => {
  it("keep marks a take favorite (PATCH), discard deletes it with its objects; another user's take is 404", async () => {
    const res = await create({ name: "Pick", prompt: PROMPT, projectId, takes: 2, ...SMALL });
    const [keepId, discardId] = takeIds(res);
    for (const id of [keepId, discardId]) await settledBRoll(id);

    const kept = await patch(keepId, { favorite: true });
    expect(kept.status).toBe(200);
    expect(kept.json).toMatchObject({ id: keepId, favorite: true, name: "Pick" });
    expect((await patch(keepId, {})).status).toBe(400);
    expect((await patch(keepId, { favorite: "yes" })).status).toBe(400);
    const stranger = await newUser();
    expect((await patch(keepId, { favorite: true }, stranger)).status).toBe(404);

    const parts = { userId: user.id, projectId, bRollId: discardId };
    const videoKey = storageKeys.bRollVideo(parts);
    expect(await fileStorage.statFile(videoKey)).not.toBeNull();
    expect((await call(item.DELETE, { method: "DELETE", user, params: { id: discardId } })).status).toBe(204);
    expect(await fileStorage.statFile(videoKey)).toBeNull();
    expect(await fileStorage.statFile(storageKeys.bRollThumbnail({ ...parts, ext: "webp" }))).toBeNull();
    expect(await prisma.bRoll.findMany({ where: { takeGroupId: res.json.takeGroupId }, select: { id: true, favorite: true } })).toEqual([{ id: keepId, favorite: true }]);
  });

  it("More like this: new takes from a kept take's seed with an edited prompt", async () => {
    const source = await create({ name: "Origin", prompt: PROMPT, projectId, seed: 4242, ...SMALL });
    await settledBRoll(source.json.id);
    await patch(source.json.id, { favorite: true });

    const prompt = `${PROMPT}, slower pour`;
    const more = await post(regenerate.POST, user, { prompt, seed: 4242, takes: 2 }, undefined, { id: source.json.id });
    expect(more.status).toBe(202);
    expect(more.json.takes).toHaveLength(2);
    more.json.takes.forEach((take: Record<string, unknown>, i: number) => {
      expect(take).toMatchObject({ prompt, seed: 4242 + i, name: "Origin (edited)", favorite: false, resolution: "480p", takeIndex: i });
    });
    for (const take of more.json.takes) {
      await settledBRoll(take.id);
      expect((await receivedFor(take.jobId)).input).toMatchObject({ prompt, seed: take.seed, duration: "2" });
    }
    // One take with the locked seed: a single b-roll, as before.
    const single = await post(regenerate.POST, user, { prompt, seed: 4242 }, undefined, { id: source.json.id });
    expect(single.status).toBe(202);
    expect(single.json).toMatchObject({ seed: 4242, takeGroupId: null });
    await settledBRoll(single.json.id);
  });
});

describe("Use in a b-roll (avatarId)", () => {
  it("from one of the caller's avatars: image-to-video from its picture, copied next to the clip", async () => {
    const { avatarId } = await readyAvatar(user, projectId);
    const res = await create({ name: "Anna walks", prompt: "she walks through a sunny market", projectId, avatarId, ...SMALL });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ type: "image-to-video", imageUrl: `/api/media/${storageKeys.bRollSourceImage({ userId: user.id, projectId, bRollId: res.json.id, ext: "jpg" })}` });
    expect(await settledBRoll(res.json.id)).toMatchObject({ status: "ready", type: "image-to-video" });
    expect((await receivedFor(res.json.jobId)).input).toMatchObject({ prompt: "she walks through a sunny market", image_url: expect.stringMatching(/^http/) });
  });

  it("from a public avatar, for any signed-in user, counting one use per take; not while the library hides it", async () => {
    const { avatarId } = await publicAvatar({ name: "Library Leo" });
    const someone = await newUser();
    const project = await newProject(someone);
    const res = await create({ name: "Leo", prompt: "he waves at the camera in a park", projectId: project, avatarId, takes: 2, ...SMALL }, { as: someone });
    expect(res.status).toBe(202);
    expect(res.json.takes.map((take: { type: string }) => take.type)).toEqual(["image-to-video", "image-to-video"]);
    for (const take of res.json.takes) expect(await settledBRoll(take.id, someone)).toMatchObject({ status: "ready" });
    expect((await prisma.avatar.findUniqueOrThrow({ where: { id: avatarId } })).usageCount).toBe(2);

    const hidden = await publicAvatar({ name: "Not yet", status: "processing" });
    const refused = await create({ name: "Hidden", prompt: "p", projectId: project, avatarId: hidden.avatarId, ...SMALL }, { as: someone });
    expect(refused.status).toBe(404);
  });

  it("another user's private avatar is 404; imageUrl and avatarId together are refused", async () => {
    const other = await newUser();
    const { avatarId } = await readyAvatar(other, await newProject(other));
    const res = await create({ name: "Not mine", prompt: "p", projectId, avatarId, ...SMALL });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("not_found");
    expect(await prisma.bRoll.count({ where: { userId: user.id, name: "Not mine" } })).toBe(0);

    const imageUrl = await tempImage(user);
    const mine = await readyAvatar(user, projectId);
    const both = await create({ name: "Both", prompt: "p", projectId, avatarId: mine.avatarId, imageUrl, ...SMALL });
    expect(both.status).toBe(400);
    expect(both.json.error.message).toBe("Send either imageUrl or avatarId, not both");
  });
});
