// An image session as the server keeps it (GET/PATCH /api/images/sessions/:sessionId): pictures in
// the order they were made with the edits they came from, the pick and the prompts; requests still
// running; a request that finishes with nobody waiting still lands; a failed one leaves no row and no
// object; sessions are the caller's own (404 otherwise); clean-up removes the record.
import { NextRequest } from "next/server";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { fileStorage } from "@/_shared/core/file-storage.service";
import { prisma } from "@/_shared/lib/prisma";
import { storageKeys } from "@/_shared/lib/storage-keys";
import * as generate from "@/app/api/images/generate/route";
import * as modify from "@/app/api/images/modify/route";
import * as sessions from "@/app/api/images/sessions/[sessionId]/route";
import * as temp from "@/app/api/images/temp/[sessionId]/route";
import * as upload from "@/app/api/images/upload/route";
import { call, newUser, waitFor, type TestUser } from "../helpers";
import { sim, withPipeline } from "../pipeline";

withPipeline();

const getSession = (user: TestUser | null, sessionId: string) => call(sessions.GET, { user, params: { sessionId } });
const patchSession = (user: TestUser | null, sessionId: string, body: unknown) => call(sessions.PATCH, { method: "PATCH", user, params: { sessionId }, body });
const generateIn = (user: TestUser, sessionId: string, prompt: string, numImages = 1) => call(generate.POST, { method: "POST", user, body: { prompt, sessionId, numImages } });
const rowsOf = (user: TestUser, sessionId: string) => prisma.tempImage.findMany({ where: { session: { userId: user.id, sessionId } } });

async function uploadTo(user: TestUser, sessionId: string) {
  const jpeg = await sharp({ create: { width: 300, height: 400, channels: 3, background: "#39c" } }).jpeg().toBuffer();
  const form = new FormData();
  form.set("file", new Blob([new Uint8Array(jpeg)], { type: "image/jpeg" }), "me.jpg");
  form.set("sessionId", sessionId);
  const req = new NextRequest("http://localhost:3000/api/images/upload", { method: "POST", body: form, headers: { cookie: `next-auth.session-token=${user.token}` } });
  const res = await upload.POST(req, { params: Promise.resolve({}) });
  return { status: res.status, json: (await res.json()) as { imageUrl: string } };
}

describe("GET /api/images/sessions/:sessionId", () => {
  it("lists the pictures in the order they were made, an edit with the picture it came from, and the description", async () => {
    const user = await newUser();
    const first = await generateIn(user, "order", "a florist in her shop, morning light", 3);
    expect(first.status).toBe(200);
    const edit = await call(modify.POST, { method: "POST", user, body: { imageUrl: first.json.images[1].imageUrl, modifications: "add a straw hat", sessionId: "order" } });
    expect(edit.status).toBe(200);
    const later = await generateIn(user, "order", "a baker with flour on his apron");

    const res = await getSession(user, "order");
    expect(res.status).toBe(200);
    const made = [...first.json.images.map((i: { imageUrl: string }) => i.imageUrl), edit.json.imageUrl, later.json.imageUrl];
    expect(res.json.images.map((i: { imageUrl: string }) => i.imageUrl)).toEqual(made);
    expect(res.json.images[0]).toEqual({ imageUrl: made[0], width: 768, height: 1024, source: "generated", parentImageUrl: null, prompt: "a florist in her shop, morning light", seed: expect.any(Number), createdAt: expect.any(String) });
    // FLUX reports one seed per request: the pictures of the first request share it.
    expect(res.json.images.slice(0, 3).map((i: { seed: number }) => i.seed)).toEqual(Array(3).fill(res.json.images[0].seed));
    expect(res.json.images[3]).toMatchObject({ source: "edited", parentImageUrl: made[1], prompt: "add a straw hat" });
    expect(res.json).toMatchObject({ sessionId: "order", prompt: "a baker with flour on his apron", motionPrompt: "", pickedImageUrl: null, pending: [] });
    // The same answer every time: the order does not depend on timestamps.
    expect((await getSession(user, "order")).json.images).toEqual(res.json.images);
  });

  it("shows a request still running, and its pictures once it finishes, though nobody waits for the answer", async () => {
    const user = await newUser();
    await sim.set({ latencyMs: 2500 });
    const running = generateIn(user, "away", "a cyclist in the rain", 2);
    const seen = await waitFor(async () => {
      const res = await getSession(user, "away");
      return res.status === 200 && res.json.pending.length === 1 && res.json;
    }, { what: "the running request" });
    expect(seen.pending[0]).toMatchObject({ kind: "text-to-image", count: 2, parentImageUrl: null, jobId: expect.any(String) });
    expect(seen.images).toEqual([]);
    // The description is the session's as soon as the request starts.
    expect(seen.prompt).toBe("a cyclist in the rain");
    const done = await running;
    expect(done.status).toBe(200);
    const after = await getSession(user, "away");
    expect(after.json.pending).toEqual([]);
    expect(after.json.images.map((i: { imageUrl: string }) => i.imageUrl)).toEqual(done.json.images.map((i: { imageUrl: string }) => i.imageUrl));
  });

  it("is the caller's own: another user's session and an unknown one are 404, a bad id 400, no session 401", async () => {
    const owner = await newUser();
    const stranger = await newUser();
    await generateIn(owner, "private-one", "a lawyer at her desk");
    expect((await getSession(owner, "private-one")).status).toBe(200);
    for (const res of [await getSession(stranger, "private-one"), await getSession(owner, "never-used")]) {
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe("not_found");
    }
    expect((await patchSession(stranger, "private-one", { prompt: "mine now" })).status).toBe(404);
    expect((await getSession(owner, "private-one")).json.prompt).toBe("a lawyer at her desk");
    expect((await getSession(owner, "bad/id")).status).toBe(400);
    expect((await getSession(null, "private-one")).status).toBe(401);
    // The stranger's own session of the same id is theirs alone.
    await generateIn(stranger, "private-one", "a carpenter");
    expect((await getSession(stranger, "private-one")).json.images).toHaveLength(1);
    expect((await getSession(owner, "private-one")).json.images).toHaveLength(1);
    expect((await getSession(owner, "private-one")).json.prompt).toBe("a lawyer at her desk");
  });

  it("leaves out pictures whose object is gone (the session's pictures go once an avatar made from one is ready)", async () => {
    const user = await newUser();
    const made = await generateIn(user, "gone", "a firefighter");
    expect((await patchSession(user, "gone", { pickedImageUrl: made.json.imageUrl })).status).toBe(200);
    await fileStorage.deleteDirectory(storageKeys.tempSessionPrefix({ userId: user.id, sessionId: "gone" }));
    expect((await getSession(user, "gone")).json).toMatchObject({ images: [], pickedImageUrl: null, prompt: "a firefighter" });
  });
});

describe("PATCH /api/images/sessions/:sessionId", () => {
  it("keeps the prompts and the pick; an edit of the picked picture becomes the pick, and so does an upload", async () => {
    const user = await newUser();
    const made = await generateIn(user, "pick", "a teacher in a classroom", 2);
    const [a, b] = made.json.images.map((i: { imageUrl: string }) => i.imageUrl);
    const patched = await patchSession(user, "pick", { pickedImageUrl: b, motionPrompt: "she waves", prompt: "a teacher, smiling" });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ pickedImageUrl: b, motionPrompt: "she waves", prompt: "a teacher, smiling" });
    expect((await getSession(user, "pick")).json).toMatchObject({ pickedImageUrl: b, motionPrompt: "she waves", prompt: "a teacher, smiling" });

    // An edit of the picked picture is what the user now looks at; an edit of another one is not.
    const edit = await call(modify.POST, { method: "POST", user, body: { imageUrl: b, modifications: "add glasses", sessionId: "pick" } });
    expect((await getSession(user, "pick")).json.pickedImageUrl).toBe(edit.json.imageUrl);
    await call(modify.POST, { method: "POST", user, body: { imageUrl: a, modifications: "add a scarf", sessionId: "pick" } });
    expect((await getSession(user, "pick")).json.pickedImageUrl).toBe(edit.json.imageUrl);

    const uploaded = await uploadTo(user, "pick");
    expect(uploaded.status).toBe(201);
    const after = await getSession(user, "pick");
    expect(after.json.pickedImageUrl).toBe(uploaded.json.imageUrl);
    expect(after.json.images.at(-1)).toMatchObject({ imageUrl: uploaded.json.imageUrl, source: "uploaded", parentImageUrl: null, prompt: null, width: 300, height: 400 });

    // Cleared texts and no pick are allowed; an empty change changes nothing.
    expect((await patchSession(user, "pick", { pickedImageUrl: null, motionPrompt: "" })).json).toMatchObject({ pickedImageUrl: null, motionPrompt: "" });
    expect((await patchSession(user, "pick", {})).json).toMatchObject({ pickedImageUrl: null, prompt: "a teacher, smiling" });
  });

  it.each([
    ["a picture of another session", "other"],
    ["another user's picture", "stranger"],
    ["a foreign URL", "https://example.com/a.jpg"],
  ])("refuses to pick %s (400 naming the field)", async (_name, which) => {
    const user = await newUser();
    const stranger = await newUser();
    await generateIn(user, "p1", "a pilot");
    const elsewhere = await generateIn(user, "p2", "a sailor");
    const theirs = await generateIn(stranger, "p1", "a diver");
    const url = which === "other" ? elsewhere.json.imageUrl : which === "stranger" ? theirs.json.imageUrl : which;
    const res = await patchSession(user, "p1", { pickedImageUrl: url });
    expect(res.status).toBe(400);
    expect(res.json.error.details.map((d: { path: string }) => d.path)).toEqual(["pickedImageUrl"]);
  });

  it.each([
    ["a prompt over 2000 characters", { prompt: "x".repeat(2001) }],
    ["a number as motion", { motionPrompt: 3 }],
    ["an empty picture URL", { pickedImageUrl: "" }],
    ["an unknown field", { picked: "x" }],
  ])("answers 400 for %s", async (_name, body) => {
    const user = await newUser();
    await generateIn(user, "bad", "a dancer");
    const res = await patchSession(user, "bad", body);
    expect(res.status).toBe(400);
    expect(res.json.error.details.length).toBeGreaterThan(0);
  });
});

describe("failures and clean-up", () => {
  it("a refused request records no picture; one that fails after storing pictures leaves neither rows nor objects", async () => {
    const user = await newUser();
    await sim.set({ refuseNext: 1 });
    expect((await generateIn(user, "fail", "refused")).status).toBe(422);
    expect((await getSession(user, "fail")).json).toMatchObject({ images: [], pending: [] });

    // The user is deleted while their request runs: its pictures are stored, then cannot be recorded.
    const doomed = await newUser();
    await sim.set({ latencyMs: 1500 });
    const running = generateIn(doomed, "fail", "a request that cannot finish", 2);
    await waitFor(() => prisma.generationJob.findFirst({ where: { userId: doomed.id, status: "submitted" } }), { what: "the submitted job" });
    const job = await prisma.generationJob.findFirstOrThrow({ where: { userId: doomed.id } });
    await prisma.user.delete({ where: { id: doomed.id } });
    // The user it would record them for is gone (a foreign key the database refuses).
    expect((await running).json.error.code).toBe("bad_request");
    expect(await prisma.generationJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "failed" });
    expect(await fileStorage.listKeys(storageKeys.tempSessionPrefix({ userId: doomed.id, sessionId: "fail" }))).toEqual([]);
    expect(await prisma.tempImage.count({ where: { key: { startsWith: storageKeys.tempUserPrefix({ userId: doomed.id }) } } })).toBe(0);
    expect(await prisma.imageSession.count({ where: { userId: doomed.id } })).toBe(0);
  });

  it("DELETE /api/images/temp/:sessionId removes the session's record with its pictures", async () => {
    const user = await newUser();
    await generateIn(user, "bye", "a gardener", 2);
    expect(await rowsOf(user, "bye")).toHaveLength(2);
    expect((await call(temp.DELETE, { method: "DELETE", user, params: { sessionId: "bye" } })).status).toBe(204);
    expect((await getSession(user, "bye")).status).toBe(404);
    expect(await rowsOf(user, "bye")).toEqual([]);
    expect(await fileStorage.listKeys(storageKeys.tempSessionPrefix({ userId: user.id, sessionId: "bye" }))).toEqual([]);
  });
});
