// Avatar variations grids end to end through the simulator: pictures x motions in one request, the
// whole grid priced and capped before anything starts, one Idempotency-Key for the grid, the winner
// becoming the avatar (the others deleted with their objects, or kept); motion presets (admin-only
// writes); the seeds of pictures and clips, stored and reused by a retry.
import { afterEach, describe, expect, it } from "vitest";
import { fileStorage } from "@/_shared/core/file-storage.service";
import { prisma } from "@/_shared/lib/prisma";
import { storageKeys } from "@/_shared/lib/storage-keys";
import * as generate from "@/app/api/images/generate/route";
import * as sessions from "@/app/api/images/sessions/[sessionId]/route";
import * as collection from "@/app/api/avatars/private/route";
import * as item from "@/app/api/avatars/private/[id]/route";
import * as retry from "@/app/api/avatars/private/[id]/retry/route";
import * as variations from "@/app/api/avatars/private/variations/route";
import * as estimate from "@/app/api/avatars/private/variations/estimate/route";
import * as grid from "@/app/api/avatars/private/variations/[gridId]/route";
import * as winner from "@/app/api/avatars/private/variations/[gridId]/winner/route";
import * as presets from "@/app/api/motion-presets/route";
import * as projectItem from "@/app/api/projects/[id]/route";
import * as preset from "@/app/api/motion-presets/[id]/route";
import { call, newProject, newUser, post, settledRow, waitFor, type TestUser } from "../helpers";
import { restoreEnv, setEnv } from "../env";
import { receivedFor, sim, withPipeline } from "../pipeline";

withPipeline();
afterEach(() => restoreEnv());

const keyOf = (url: string) => url.replace("/api/media/", "");
const MOTIONS = [{ prompt: "smiles at the camera" }, { prompt: "nods slowly" }, { prompt: "turns the head" }];

/** A user, a project and `count` pictures of one studio session. */
async function setup(count: number, sessionId = "grid-studio") {
  const user = await newUser();
  const projectId = await newProject(user, "Launch");
  const res = await post(generate.POST, user, { prompt: "a smiling pharmacist", sessionId, numImages: count });
  expect(res.status).toBe(200);
  const imageUrls = count > 1 ? (res.json.images as Array<{ imageUrl: string }>).map((image) => image.imageUrl) : [res.json.imageUrl as string];
  return { user, projectId, imageUrls, sessionId };
}

const createGrid = (user: TestUser, body: Record<string, unknown>, headers?: Record<string, string>) =>
  post(variations.POST, user, { resolution: "480p", duration: 2, name: "Pharmacist", ...body }, headers);
const readGrid = (user: TestUser, gridId: string) => call(grid.GET, { user, params: { gridId } });
const choose = (user: TestUser, gridId: string, body: Record<string, unknown>) => post(winner.POST, user, body, undefined, { gridId });

/** Waits until every clip of the grid has left `processing`; returns the grid as GET answers it. */
async function settledGrid(user: TestUser, gridId: string) {
  const avatars = await prisma.avatar.findMany({ where: { variationGridId: gridId }, select: { id: true } });
  for (const { id } of avatars) await settledRow("avatar", id, { what: `grid clip ${id}`, timeoutMs: 180_000 });
  const res = await readGrid(user, gridId);
  expect(res.status).toBe(200);
  return res.json;
}

const avatarKeysOf = (userId: string, avatarId: string) => [storageKeys.avatarImage({ userId, avatarId, ext: "jpg" }), storageKeys.privateAvatarVideo({ userId, avatarId })];

describe("variations grid", () => {
  it("4 pictures x 3 motions: 12 clips, the whole grid priced first, the winner becomes the avatar, the others and their objects are deleted", async () => {
    const { user, projectId, imageUrls, sessionId } = await setup(4);
    const otherProject = await newProject(user, "Other");

    const priced = await post(estimate.POST, user, { pictures: 4, motions: [{}, {}, {}], resolution: "480p", duration: 2 });
    expect(priced.status).toBe(200);
    expect(priced.json).toMatchObject({ clips: 12, currency: "USD", perMotionUsd: [expect.any(Number), expect.any(Number), expect.any(Number)] });
    expect(priced.json.estimatedCostUsd).toBeCloseTo(priced.json.perMotionUsd[0] * 12, 4);

    const res = await createGrid(user, { sessionId, imageUrls, motions: MOTIONS, projectId: otherProject });
    expect(res.status).toBe(202);
    expect(res.json.estimatedCostUsd).toBeCloseTo(priced.json.estimatedCostUsd, 4);
    expect(res.json).toMatchObject({ status: "open", winnerAvatarId: null, imageUrls, motions: MOTIONS.map((m) => m.prompt), sessionId });
    expect(res.json.variations).toHaveLength(12);
    expect(res.json.variations.every((v: { status: string; variationGridId: string }) => v.status === "processing" && v.variationGridId === res.json.gridId)).toBe(true);
    const cells = res.json.variations.map((v: { picture: number; motion: number }) => `${v.picture}-${v.motion}`).sort();
    expect(cells).toEqual(["0-0", "0-1", "0-2", "1-0", "1-1", "1-2", "2-0", "2-1", "2-2", "3-0", "3-1", "3-2"]);
    // Twelve jobs, each its own Fal request; their estimates add up to the grid's.
    const jobs = await prisma.generationJob.findMany({ where: { avatar: { variationGridId: res.json.gridId } }, select: { estimatedCostUsd: true } });
    expect(jobs).toHaveLength(12);
    expect(jobs.reduce((sum, job) => sum + Number(job.estimatedCostUsd), 0)).toBeCloseTo(res.json.estimatedCostUsd, 4);

    // Undecided grid clips stay out of the avatar listing.
    expect((await call(collection.GET, { user })).json.avatars).toEqual([]);

    const done = await settledGrid(user, res.json.gridId);
    expect(done.variations.map((v: { status: string }) => v.status)).toEqual(Array(12).fill("ready"));
    // The clip of picture 2 x motion 3 animated that picture with that motion.
    const cell = done.variations.find((v: { picture: number; motion: number }) => v.picture === 1 && v.motion === 2);
    const received = await receivedFor(cell.jobId);
    expect(received.input).toMatchObject({ prompt: "turns the head", seed: cell.seed });
    // The studio's session keeps its pictures: the user may make another grid from them.
    expect(await fileStorage.listKeys(storageKeys.tempSessionPrefix({ userId: user.id, sessionId }))).toHaveLength(4);

    const before = await fileStorage.listKeys(`images/avatars/${user.id}/`);
    expect(before).toHaveLength(12);
    const chosen = await choose(user, res.json.gridId, { avatarId: cell.id, keepOthers: false, name: "Pharmacist final" });
    expect(chosen.status).toBe(200);
    expect(chosen.json).toMatchObject({ status: "decided", winnerAvatarId: cell.id });
    expect(chosen.json.variations).toHaveLength(1);
    expect(chosen.json.variations[0]).toMatchObject({ id: cell.id, name: "Pharmacist final", projectId: otherProject, status: "ready" });

    // Only the winner's objects are left in the bucket, and only the winner's row.
    expect(await fileStorage.listKeys(`images/avatars/${user.id}/`)).toEqual([storageKeys.avatarImage({ userId: user.id, avatarId: cell.id, ext: "jpg" })]);
    expect(await fileStorage.listKeys(`videos/avatars/private/${user.id}/`)).toEqual([storageKeys.privateAvatarVideo({ userId: user.id, avatarId: cell.id })]);
    expect(await prisma.avatar.count({ where: { userId: user.id } })).toBe(1);
    const listed = (await call(collection.GET, { user })).json.avatars;
    expect(listed.map((a: { id: string; name: string }) => [a.id, a.name])).toEqual([[cell.id, "Pharmacist final"]]);

    // A grid is decided once.
    expect((await choose(user, res.json.gridId, { avatarId: cell.id, keepOthers: true })).status).toBe(409);
    expect(projectId).not.toBe(otherProject);
  });

  it("keepOthers: the others stay as private avatars, listed with the winner", async () => {
    const { user, projectId, imageUrls } = await setup(2, "keep-session");
    const res = await createGrid(user, { imageUrls, motions: MOTIONS.slice(0, 2), projectId });
    expect(res.status).toBe(202);
    const done = await settledGrid(user, res.json.gridId);
    const first = done.variations[0];
    // Until a winner is chosen, the project neither counts the grid's clips nor takes its cover from them.
    const before = (await call(projectItem.GET, { user, params: { id: projectId } })).json;
    expect(before.counts.avatars).toBe(0);
    expect(before.coverUrl).toBeNull();
    // A clip that is not ready cannot win; one that is not the grid's is refused.
    expect((await choose(user, res.json.gridId, { avatarId: "not-in-grid", keepOthers: true })).status).toBe(400);
    const chosen = await choose(user, res.json.gridId, { avatarId: first.id, keepOthers: true });
    expect(chosen.status).toBe(200);
    expect(chosen.json.variations).toHaveLength(4);
    expect(chosen.json.variations.find((v: { id: string }) => v.id === first.id).name).toBe("Pharmacist");
    const listed = (await call(collection.GET, { user })).json.avatars;
    expect(listed).toHaveLength(4);
    const after = (await call(projectItem.GET, { user, params: { id: projectId } })).json;
    expect(after.counts.avatars).toBe(4);
    expect(after.coverUrl).not.toBeNull();
    for (const avatar of listed) {
      for (const key of avatarKeysOf(user.id, avatar.id)) expect(await fileStorage.statFile(key)).not.toBeNull();
    }
  });

  it("a winner must be ready: 409 while its clip is processing", async () => {
    const { user, projectId, imageUrls } = await setup(1, "early-session");
    await sim.set({ latencyMs: 1500 });
    const res = await createGrid(user, { imageUrls, motions: MOTIONS.slice(0, 1), projectId });
    const early = await choose(user, res.json.gridId, { avatarId: res.json.variations[0].id, keepOthers: false });
    expect(early.status).toBe(409);
    expect(early.json.error.message).toContain("ready");
    await settledGrid(user, res.json.gridId);
  });

  it("the daily cap counts the whole grid: a refused grid creates nothing (no rows, no jobs, no objects)", async () => {
    const { user, projectId, imageUrls } = await setup(4, "cap-session");
    const priced = await post(estimate.POST, user, { pictures: 4, motions: [{}, {}, {}], resolution: "480p", duration: 2 });
    const spent = priced.json.limits.spentTodayUsd as number;
    // Room for one clip less than the grid.
    const cap = spent + priced.json.estimatedCostUsd - priced.json.perMotionUsd[0] / 2;
    setEnv({ DAILY_SPEND_CAP_USD: cap.toFixed(4) });
    const jobsBefore = await prisma.generationJob.count({ where: { userId: user.id } });
    const refused = await createGrid(user, { imageUrls, motions: MOTIONS, projectId });
    expect(refused.status).toBe(429);
    expect(refused.json.error.details).toEqual([{ path: "limit", message: "daily_spend" }]);
    expect(await prisma.avatarVariationGrid.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.avatar.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.generationJob.count({ where: { userId: user.id } })).toBe(jobsBefore);
    expect(await fileStorage.listKeys(`images/avatars/${user.id}/`)).toEqual([]);
    // One picture fewer fits.
    const smaller = await createGrid(user, { imageUrls: imageUrls.slice(0, 3), motions: MOTIONS, projectId });
    expect(smaller.status).toBe(202);
    expect(smaller.json.variations).toHaveLength(9);
    await settledGrid(user, smaller.json.gridId);
  });

  it("one Idempotency-Key covers the grid: a replay answers the same grid and starts nothing; another body is a 422", async () => {
    const { user, projectId, imageUrls } = await setup(2, "replay-session");
    const headers = { "Idempotency-Key": "grid-create-91c2" };
    const body = { imageUrls, motions: MOTIONS.slice(0, 2), projectId };
    const first = await createGrid(user, body, headers);
    const second = await createGrid(user, body, headers);
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.json.gridId).toBe(first.json.gridId);
    expect(second.json.estimatedCostUsd).toBeCloseTo(first.json.estimatedCostUsd, 4);
    expect(await prisma.avatarVariationGrid.count({ where: { userId: user.id } })).toBe(1);
    expect(await prisma.avatar.count({ where: { userId: user.id } })).toBe(4);
    expect(await prisma.generationJob.count({ where: { userId: user.id, kind: "image_to_video" } })).toBe(4);
    expect((await createGrid(user, { ...body, name: "Other" }, headers)).status).toBe(422);
    // A key already used by another kind of request is refused too.
    const single = await post(collection.POST, user, { name: "One", imageUrl: imageUrls[0], projectId, resolution: "480p", duration: 2 }, { "Idempotency-Key": "single-4e1d" });
    expect(single.status).toBe(202);
    expect((await createGrid(user, body, { "Idempotency-Key": "single-4e1d" })).status).toBe(422);
    await settledGrid(user, first.json.gridId);
    await settledRow("avatar", single.json.id);
  });

  it("another user's grid is a 404 everywhere; their pictures and projects are refused", async () => {
    const { user, projectId, imageUrls } = await setup(1, "mine-session");
    const stranger = await newUser();
    const strangerProject = await newProject(stranger);
    const res = await createGrid(user, { imageUrls, motions: MOTIONS.slice(0, 1), projectId });
    expect((await readGrid(stranger, res.json.gridId)).status).toBe(404);
    expect((await choose(stranger, res.json.gridId, { avatarId: res.json.variations[0].id, keepOthers: false })).status).toBe(404);
    expect((await createGrid(stranger, { imageUrls, motions: MOTIONS.slice(0, 1), projectId: strangerProject })).status).toBe(400);
    expect((await createGrid(user, { imageUrls, motions: MOTIONS.slice(0, 1), projectId: strangerProject })).status).toBe(404);
    expect((await readGrid(user, "no-such-grid")).status).toBe(404);
    await settledGrid(user, res.json.gridId);
  });

  it.each([
    ["5 pictures", { imageUrls: ["a", "b", "c", "d", "e"] }],
    ["no motion", { motions: [] }],
    ["4 motions", { motions: [...MOTIONS, { prompt: "waves" }] }],
    ["an unknown preset", { motions: [{ prompt: "x", presetId: "no-such-preset" }] }],
    ["the same picture twice", { twice: true }],
    ["a foreign image URL", { imageUrls: ["https://example.com/face.jpg"] }],
  ])("%s -> 400, nothing created", async (_name, patch) => {
    const { user, projectId, imageUrls } = await setup(1, "bad-session");
    const { twice, ...rest } = patch as Record<string, unknown>;
    const res = await createGrid(user, { imageUrls: twice ? [imageUrls[0], imageUrls[0]] : imageUrls, motions: MOTIONS.slice(0, 1), projectId, ...rest });
    expect(res.status).toBe(400);
    expect(await prisma.avatar.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("motion presets", () => {
  it("everyone signed in reads the seeded list; only admins create, change and delete", async () => {
    const user = await newUser();
    const admin = await newUser({ role: "admin" });
    const listed = await call(presets.GET, { user });
    expect(listed.status).toBe(200);
    const labels = listed.json.presets.map((p: { label: string }) => p.label);
    expect(labels).toEqual(expect.arrayContaining(["Subtle smile", "Nod", "Looks at camera", "Turns head", "Hand gesture", "Walk-in", "Camera: static", "Camera: slow push-in", "Camera: orbit"]));
    expect(listed.json.presets.find((p: { label: string }) => p.label === "Camera: static")).toMatchObject({ cameraFixed: true });
    expect((await call(presets.GET, {})).status).toBe(401);

    const body = { label: `Shrug ${Date.now()}`, prompt: "The person shrugs and smiles", cameraFixed: true, duration: 4 };
    expect((await post(presets.POST, user, body)).status).toBe(403);
    const created = await post(presets.POST, admin, body);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ ...body, id: expect.any(String), position: expect.any(Number) });
    expect((await post(presets.POST, admin, body)).status).toBe(409);
    expect((await post(presets.POST, admin, { label: "x", prompt: "y", duration: 30 })).status).toBe(400);

    const patch = (who: TestUser, id: string, changes: unknown) => call(preset.PATCH, { method: "PATCH", user: who, params: { id }, body: changes });
    expect((await patch(user, created.json.id, { prompt: "changed" })).status).toBe(403);
    const changed = await patch(admin, created.json.id, { prompt: "The person shrugs", cameraFixed: null });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ prompt: "The person shrugs", cameraFixed: null, duration: 4 });
    expect((await patch(admin, created.json.id, {})).status).toBe(400);
    expect((await patch(admin, "no-such-preset", { prompt: "x" })).status).toBe(404);

    expect((await call(preset.DELETE, { method: "DELETE", user, params: { id: created.json.id } })).status).toBe(403);
    expect((await call(preset.DELETE, { method: "DELETE", user: admin, params: { id: created.json.id } })).status).toBe(204);
    expect((await call(preset.DELETE, { method: "DELETE", user: admin, params: { id: created.json.id } })).status).toBe(404);
  });

  it("a motion's preset sets the options it needs (camera_fixed, duration), and the estimate prices them", async () => {
    const admin = await newUser({ role: "admin" });
    const made = await post(presets.POST, admin, { label: `Long still ${Date.now()}`, prompt: "stands still", cameraFixed: true, duration: 4 });
    expect(made.status).toBe(201);
    const { user, projectId, imageUrls } = await setup(1, "preset-session");
    const priced = await post(estimate.POST, user, { pictures: 1, motions: [{}, { presetId: made.json.id }], resolution: "480p", duration: 2 });
    expect(priced.status).toBe(200);
    expect(priced.json.perMotionUsd[1]).toBeGreaterThan(priced.json.perMotionUsd[0]);
    const res = await createGrid(user, { imageUrls, motions: [{ prompt: "plain" }, { prompt: "a still take", presetId: made.json.id }], projectId });
    expect(res.status).toBe(202);
    expect(res.json.estimatedCostUsd).toBeCloseTo(priced.json.estimatedCostUsd, 4);
    const done = await settledGrid(user, res.json.gridId);
    const still = done.variations.find((v: { motion: number }) => v.motion === 1);
    const plain = done.variations.find((v: { motion: number }) => v.motion === 0);
    expect((await receivedFor(still.jobId)).input).toMatchObject({ prompt: "a still take", camera_fixed: true, duration: "4" });
    expect((await receivedFor(plain.jobId)).input).toMatchObject({ camera_fixed: false, duration: "2" });
    expect(still.request).toMatchObject({ duration: 4 });
    await call(preset.DELETE, { method: "DELETE", user: admin, params: { id: made.json.id } });
  });
});

describe("seeds", () => {
  it("a picture keeps the seed FLUX reported: the one asked, or the one it chose", async () => {
    const user = await newUser();
    const first = await post(generate.POST, user, { prompt: "a chef", sessionId: "seed-session", seed: 4242 });
    expect(first.status).toBe(200);
    const free = await post(generate.POST, user, { prompt: "a chef", sessionId: "seed-session" });
    expect(free.status).toBe(200);
    const session = await call(sessions.GET, { user, params: { sessionId: "seed-session" } });
    const [locked, chosen] = session.json.images;
    expect(locked).toMatchObject({ seed: 4242 });
    expect(chosen.seed).toEqual(expect.any(Number));
    const row = await prisma.tempImage.findFirstOrThrow({ where: { key: keyOf(chosen.imageUrl) }, select: { seed: true } });
    expect(row.seed).toBe(chosen.seed);
  });

  it("an avatar's clip always has a known seed (asked, or chosen at creation), sent to the model and reused by a retry", async () => {
    const { user, projectId, imageUrls } = await setup(1, "avatar-seed-session");
    // Both before either is ready: a ready avatar's clip clears the session its picture came from.
    await sim.set({ refuseNext: 1, matchPrompt: "refuse me" });
    const asked = await post(collection.POST, user, { name: "Asked", imageUrl: imageUrls[0], projectId, resolution: "480p", duration: 2, seed: 777 });
    const chosen = await post(collection.POST, user, { name: "Chosen", imageUrl: imageUrls[0], projectId, resolution: "480p", duration: 2, prompt: "refuse me, then smile", fallback: false });
    expect(asked.status).toBe(202);
    expect(asked.json.seed).toBe(777);
    expect(chosen.status).toBe(202);
    expect((await settledRow("avatar", asked.json.id)).status).toBe("ready");
    expect((await receivedFor(asked.json.jobId)).input).toMatchObject({ seed: 777 });
    const seed = chosen.json.seed as number;
    expect(seed).toEqual(expect.any(Number));
    expect((await settledRow("avatar", chosen.json.id)).status).toBe("failed");
    expect((await receivedFor(chosen.json.jobId)).input).toMatchObject({ seed });

    const again = await call(retry.POST, { method: "POST", user, params: { id: chosen.json.id } });
    expect(again.status).toBe(202);
    expect(again.json.seed).toBe(seed);
    await waitFor(async () => (await prisma.generationJob.findUnique({ where: { id: again.json.jobId }, select: { falRequestId: true } }))?.falRequestId, { what: "retry submitted" });
    expect((await receivedFor(again.json.jobId)).input).toMatchObject({ seed });
    expect((await settledRow("avatar", chosen.json.id)).status).toBe("ready");
    expect((await call(item.GET, { user, params: { id: chosen.json.id } })).json.seed).toBe(seed);
  });

  it("a grid's clips share one seed: the body's when locked, else one chosen for the grid", async () => {
    const { user, projectId, imageUrls } = await setup(2, "grid-seed-session");
    const locked = await createGrid(user, { imageUrls, motions: MOTIONS.slice(0, 1), projectId, seed: 31337 });
    expect(locked.json.variations.map((v: { seed: number }) => v.seed)).toEqual([31337, 31337]);
    const free = await createGrid(user, { imageUrls, motions: MOTIONS.slice(0, 1), projectId });
    const seeds = new Set(free.json.variations.map((v: { seed: number }) => v.seed));
    expect(seeds.size).toBe(1);
    expect([...seeds][0]).toEqual(expect.any(Number));
    await settledGrid(user, locked.json.gridId);
    await settledGrid(user, free.json.gridId);
  });
});
