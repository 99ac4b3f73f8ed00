// The b-roll endpoints' error table: every refused request answers its exact status and envelope,
// and creates nothing (no b-roll, no generation job). Nothing here reaches the Fal simulator.
import { describe, expect, it } from "vitest";
import { fileStorage } from "@/_shared/core/file-storage.service";
import { prisma } from "@/_shared/lib/prisma";
import { storageKeys } from "@/_shared/lib/storage-keys";
import * as collection from "@/app/api/b-rolls/route";
import * as item from "@/app/api/b-rolls/[id]/route";
import * as retry from "@/app/api/b-rolls/[id]/retry/route";
import * as projectBRolls from "@/app/api/projects/[id]/b-rolls/route";
import { call, newProject, newUser, type TestUser } from "../helpers";
import { tempImage } from "../media";

const PROMPT = "slow dolly-in on a steaming espresso cup, morning light";

async function userWithProject() {
  const user = await newUser();
  return { user, projectId: await newProject(user, "Errors") };
}

async function expectNothingCreated(user: TestUser) {
  expect(await prisma.bRoll.count({ where: { userId: user.id } })).toBe(0);
  expect(await prisma.generationJob.count({ where: { userId: user.id } })).toBe(0);
}

describe("POST /api/b-rolls error table", () => {
  type Case = {
    name: string;
    body?: (ctx: { user: TestUser; projectId: string }) => Promise<unknown> | unknown;
    rawBody?: string;
    headers?: Record<string, string>;
    status: number;
    code: string;
    message?: string;
    detail?: { path?: string; message: string };
  };
  const valid = ({ projectId }: { projectId: string }) => ({ name: "Clip", prompt: PROMPT, projectId });
  const cases: Case[] = [
    { name: "malformed JSON", rawBody: '{"name":', headers: { "content-type": "application/json" }, status: 400, code: "bad_request", message: "The request body is not valid JSON" },
    { name: "missing body", status: 400, code: "bad_request" },
    { name: "not JSON", rawBody: "name=x", headers: { "content-type": "text/plain" }, status: 415, code: "unsupported_media_type" },
    { name: "empty prompt", body: (c) => ({ ...valid(c), prompt: "   " }), status: 400, code: "bad_request", detail: { path: "prompt", message: "prompt must not be empty" } },
    { name: "missing prompt", body: (c) => ({ name: "Clip", projectId: c.projectId }), status: 400, code: "bad_request", detail: { path: "prompt", message: "prompt is required" } },
    { name: "prompt over 2000 characters", body: (c) => ({ ...valid(c), prompt: "x".repeat(2001) }), status: 400, code: "bad_request", detail: { path: "prompt", message: "prompt must be at most 2000 characters" } },
    { name: "empty name", body: (c) => ({ ...valid(c), name: " " }), status: 400, code: "bad_request", detail: { path: "name", message: "name must not be empty" } },
    { name: "name over 120 characters", body: (c) => ({ ...valid(c), name: "n".repeat(121) }), status: 400, code: "bad_request", detail: { path: "name", message: "name must be at most 120 characters" } },
    { name: "missing projectId", body: () => ({ name: "Clip", prompt: PROMPT }), status: 400, code: "bad_request", detail: { path: "projectId", message: "projectId is required" } },
    { name: "unknown project", body: (c) => ({ ...valid(c), projectId: "no-such-project" }), status: 404, code: "not_found", message: "Project not found" },
    { name: "aspect ratio auto (none for b-rolls)", body: (c) => ({ ...valid(c), aspectRatio: "auto" }), status: 400, code: "bad_request", detail: { path: "aspectRatio", message: expect.stringContaining("aspectRatio must be one of") } },
    { name: "bad aspect ratio", body: (c) => ({ ...valid(c), aspectRatio: "2:1" }), status: 400, code: "bad_request", detail: { path: "aspectRatio", message: expect.stringContaining("9:16") } },
    { name: "bad resolution", body: (c) => ({ ...valid(c), resolution: "4k" }), status: 400, code: "bad_request", detail: { path: "resolution", message: "resolution must be one of 480p, 720p, 1080p" } },
    { name: "duration 1", body: (c) => ({ ...valid(c), duration: 1 }), status: 400, code: "bad_request", detail: { path: "duration", message: "duration must be between 2 and 12 seconds" } },
    { name: "duration 13", body: (c) => ({ ...valid(c), duration: 13 }), status: 400, code: "bad_request", detail: { path: "duration", message: "duration must be between 2 and 12 seconds" } },
    { name: "fractional duration", body: (c) => ({ ...valid(c), duration: 2.5 }), status: 400, code: "bad_request", detail: { path: "duration", message: "duration must be a whole number of seconds" } },
    { name: "duration as a string", body: (c) => ({ ...valid(c), duration: "5" }), status: 400, code: "bad_request", detail: { path: "duration", message: "duration must be a whole number of seconds" } },
    { name: "negative seed", body: (c) => ({ ...valid(c), seed: -1 }), status: 400, code: "bad_request" },
    { name: "cameraFixed not a boolean", body: (c) => ({ ...valid(c), cameraFixed: "yes" }), status: 400, code: "bad_request" },
    { name: "unknown field", body: (c) => ({ ...valid(c), userId: "someone-else" }), status: 400, code: "bad_request" },
    { name: "type is not the caller's to set", body: (c) => ({ ...valid(c), type: "image-to-video" }), status: 400, code: "bad_request" },
    {
      name: "foreign imageUrl",
      body: (c) => ({ ...valid(c), imageUrl: "https://example.com/a.jpg" }),
      status: 400,
      code: "bad_request",
      detail: { path: "imageUrl", message: expect.stringContaining("must be one of your images on this service") },
    },
    {
      name: "imageUrl outside the media route",
      body: (c) => ({ ...valid(c), imageUrl: "/api/projects" }),
      status: 400,
      code: "bad_request",
      detail: { path: "imageUrl", message: expect.stringContaining("must be one of your images") },
    },
    {
      name: "imageUrl steering to another key",
      body: (c) => ({ ...valid(c), imageUrl: `/api/media/images/temp-generated/${c.user.id}/s1/../../x/s1/a.jpg` }),
      status: 400,
      code: "bad_request",
    },
    {
      name: "a video URL as imageUrl",
      body: async (c) => {
        const key = storageKeys.bRollVideo({ userId: c.user.id, projectId: c.projectId, bRollId: "clip1" });
        await fileStorage.uploadFile(Buffer.from("not really a video"), key, "video/mp4");
        return { ...valid(c), imageUrl: `/api/media/${key}` };
      },
      status: 400,
      code: "bad_request",
      detail: { path: "imageUrl", message: "imageUrl must point to an image, not a video" },
    },
    {
      name: "an image of ours that does not exist",
      body: (c) => ({ ...valid(c), imageUrl: `/api/media/${storageKeys.tempImage({ userId: c.user.id, sessionId: "s1", imageId: "missing", ext: "jpg" })}` }),
      status: 400,
      code: "bad_request",
      detail: { path: "imageUrl", message: "imageUrl does not point to an image you can use" },
    },
    { name: "a bad Idempotency-Key", body: valid, headers: { "idempotency-key": "has spaces" }, status: 400, code: "bad_request" },
  ];

  for (const c of cases) {
    it(`${c.name} -> ${c.status}`, async () => {
      const ctx = await userWithProject();
      const body = c.body ? await c.body(ctx) : undefined;
      const res = await call(collection.POST, { method: "POST", user: ctx.user, body, rawBody: c.rawBody, headers: c.headers });
      expect(res.status).toBe(c.status);
      expect(res.json.error.code).toBe(c.code);
      expect(typeof res.json.error.message).toBe("string");
      if (c.message) expect(res.json.error.message).toBe(c.message);
      if (c.detail) expect(res.json.error.details).toEqual([c.detail]);
      await expectNothingCreated(ctx.user);
    });
  }

  it("one detail per zod issue", async () => {
    const { user, projectId } = await userWithProject();
    const res = await call(collection.POST, { method: "POST", user, body: { name: "", prompt: "", projectId, duration: 20, resolution: "2k" } });
    expect(res.status).toBe(400);
    expect(res.json.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["duration", "name", "prompt", "resolution"]);
  });
});

describe("cross-user", () => {
  async function strangersBRoll(status: "ready" | "failed" = "failed") {
    const owner = await userWithProject();
    const row = await prisma.bRoll.create({
      data: { name: "Theirs", prompt: PROMPT, type: "text_to_video", status, errorMessage: status === "failed" ? "refused" : null, userId: owner.user.id, projectId: owner.projectId },
    });
    return { owner, row };
  }

  it("GET, PATCH, DELETE and retry of another user's b-roll -> 404, and nothing changes", async () => {
    const { row } = await strangersBRoll("failed");
    const stranger = await newUser();
    const notFound = { error: { code: "not_found", message: "B-roll not found" } };
    const params = { id: row.id };
    expect(await call(item.GET, { user: stranger, params })).toMatchObject({ status: 404, json: notFound });
    expect(await call(item.PATCH, { method: "PATCH", user: stranger, params, body: { name: "Mine" } })).toMatchObject({ status: 404, json: notFound });
    expect(await call(item.DELETE, { method: "DELETE", user: stranger, params })).toMatchObject({ status: 404, json: notFound });
    expect(await call(retry.POST, { method: "POST", user: stranger, params })).toMatchObject({ status: 404, json: notFound });
    expect(await prisma.bRoll.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ name: "Theirs", status: "failed" });
    expect(await prisma.generationJob.count({ where: { bRollId: row.id } })).toBe(0);
    const list = await call(collection.GET, { user: stranger });
    expect(list.json).toMatchObject({ bRolls: [], total: 0 });
  });

  it("a missing b-roll answers the same 404", async () => {
    const { user } = await userWithProject();
    for (const res of [
      await call(item.GET, { user, params: { id: "no-such-b-roll" } }),
      await call(item.PATCH, { method: "PATCH", user, params: { id: "no-such-b-roll" }, body: { name: "x" } }),
      await call(item.DELETE, { method: "DELETE", user, params: { id: "no-such-b-roll" } }),
      await call(retry.POST, { method: "POST", user, params: { id: "no-such-b-roll" } }),
    ]) {
      expect(res).toMatchObject({ status: 404, json: { error: { code: "not_found", message: "B-roll not found" } } });
    }
  });

  it("POST into another user's project -> 404 Project not found", async () => {
    const { projectId } = await userWithProject();
    const { user } = await userWithProject();
    const res = await call(collection.POST, { method: "POST", user, body: { name: "Clip", prompt: PROMPT, projectId } });
    expect(res).toMatchObject({ status: 404, json: { error: { code: "not_found", message: "Project not found" } } });
    await expectNothingCreated(user);
  });

  it("POST with another user's image -> 400, the same answer as a missing image", async () => {
    const other = await newUser();
    const imageUrl = await tempImage(other, "theirs", { width: 64, height: 64 });
    const { user, projectId } = await userWithProject();
    const res = await call(collection.POST, { method: "POST", user, body: { name: "Clip", prompt: PROMPT, projectId, imageUrl } });
    expect(res.status).toBe(400);
    expect(res.json.error).toEqual({
      code: "bad_request",
      message: "imageUrl does not point to an image you can use",
      details: [{ path: "imageUrl", message: "imageUrl does not point to an image you can use" }],
    });
    await expectNothingCreated(user);
  });
});

describe("other endpoints", () => {
  it("retry of a ready b-roll -> 409", async () => {
    const { user, projectId } = await userWithProject();
    const row = await prisma.bRoll.create({ data: { name: "Done", prompt: PROMPT, type: "text_to_video", status: "ready", userId: user.id, projectId } });
    const res = await call(retry.POST, { method: "POST", user, params: { id: row.id } });
    expect(res).toMatchObject({ status: 409, json: { error: { code: "conflict", message: "Only a failed b-roll can be retried" } } });
    expect(await prisma.generationJob.count({ where: { bRollId: row.id } })).toBe(0);
  });

  it("PATCH validates the name and refuses unknown fields", async () => {
    const { user, projectId } = await userWithProject();
    const row = await prisma.bRoll.create({ data: { name: "Keep", prompt: PROMPT, type: "text_to_video", userId: user.id, projectId } });
    for (const body of [{ name: "" }, { name: "x".repeat(121) }, {}, { name: "ok", prompt: "changed" }, { name: 3 }]) {
      const res = await call(item.PATCH, { method: "PATCH", user, params: { id: row.id }, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.code).toBe("bad_request");
    }
    expect((await prisma.bRoll.findUniqueOrThrow({ where: { id: row.id } })).name).toBe("Keep");
  });

  it("list query parameters are validated", async () => {
    const { user, projectId } = await userWithProject();
    const bad = [
      ["status=done", "status"],
      ["type=video", "type"],
      ["page=0", "page"],
      ["page=abc", "page"],
      ["limit=0", "limit"],
      ["limit=51", "limit"],
      ["limit=2.5", "limit"],
      ["sort=name", ""],
      ["status=ready&status=failed", "status"],
    ] as const;
    for (const [query, path] of bad) {
      const res = await call(collection.GET, { user, path: `/api/b-rolls?${query}` });
      expect(res.status, query).toBe(400);
      expect(res.json.error.code).toBe("bad_request");
      if (path) expect(res.json.error.details.map((d: { path?: string }) => d.path), query).toContain(path);
      const inProject = await call(projectBRolls.GET, { user, params: { id: projectId }, path: `/api/projects/${projectId}/b-rolls?${query}` });
      expect(inProject.status, `project ${query}`).toBe(400);
    }
    // projectId belongs in the path of the project listing.
    expect((await call(projectBRolls.GET, { user, params: { id: projectId }, path: `/api/projects/${projectId}/b-rolls?projectId=x` })).status).toBe(400);
    expect((await call(collection.GET, { user, path: "/api/b-rolls?limit=50&page=1" })).status).toBe(200);
  });

  it("no session -> 401 on every method", async () => {
    const { user, projectId } = await userWithProject();
    const row = await prisma.bRoll.create({ data: { name: "Mine", prompt: PROMPT, type: "text_to_video", status: "failed", userId: user.id, projectId } });
    const params = { id: row.id };
    const requests = [
      call(collection.GET, {}),
      call(collection.POST, { method: "POST", body: { name: "x", prompt: PROMPT, projectId } }),
      call(item.GET, { params }),
      call(item.PATCH, { method: "PATCH", params, body: { name: "x" } }),
      call(item.DELETE, { method: "DELETE", params }),
      call(retry.POST, { method: "POST", params }),
      call(projectBRolls.GET, { params: { id: projectId } }),
    ];
    for (const res of await Promise.all(requests)) {
      expect(res).toMatchObject({ status: 401, json: { error: { code: "unauthorized" } } });
    }
    expect(await prisma.bRoll.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ name: "Mine", status: "failed" });
    expect(await prisma.generationJob.count({ where: { userId: user.id } })).toBe(0);
  });
});
