import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import * as collection from "@/app/api/projects/route";
import * as item from "@/app/api/projects/[id]/route";
import * as privateAvatars from "@/app/api/avatars/private/route";
import { fileStorage } from "@/_shared/core/file-storage.service";
import { prisma } from "@/_shared/lib/prisma";
import { storageKeys } from "@/_shared/lib/storage-keys";
import { call, newUser } from "../helpers";

async function createProject(user: Awaited<ReturnType<typeof newUser>>, name = "Summer campaign") {
  const res = await call(collection.POST, { method: "POST", user, body: { name } });
  expect(res.status).toBe(201);
  return res.json as { id: string; name: string };
}

describe("projects API", () => {
  it("creates, lists, reads, renames and deletes a project", async () => {
    const user = await newUser();
    const created = await createProject(user, "  Espresso launch  ");
    expect(created).toMatchObject({ name: "Espresso launch", counts: { avatars: 0, bRolls: 0 } });

    const list = await call(collection.GET, { user });
    expect(list.status).toBe(200);
    expect(list.json.projects.map((p: { id: string }) => p.id)).toEqual([created.id]);

    const read = await call(item.GET, { user, params: { id: created.id } });
    expect(read.status).toBe(200);
    expect(read.json.id).toBe(created.id);

    const renamed = await call(item.PATCH, { method: "PATCH", user, params: { id: created.id }, body: { name: "Espresso Q3" } });
    expect(renamed.status).toBe(200);
    expect(renamed.json.name).toBe("Espresso Q3");

    const deleted = await call(item.DELETE, { method: "DELETE", user, params: { id: created.id } });
    expect(deleted.status).toBe(204);
    expect(await prisma.project.count({ where: { id: created.id } })).toBe(0);
  });

  it("accepts the session token as a bearer token for API clients", async () => {
    const user = await newUser();
    await createProject(user);
    const res = await call(collection.GET, { user, bearer: true });
    expect(res.status).toBe(200);
    expect(res.json.projects).toHaveLength(1);
  });

  it("lists newest first and only the caller's projects", async () => {
    const [alice, bob] = [await newUser(), await newUser()];
    const first = await createProject(alice, "First");
    const second = await createProject(alice, "Second");
    await createProject(bob, "Bob's");
    const res = await call(collection.GET, { user: alice });
    expect(res.json.projects.map((p: { id: string }) => p.id)).toEqual([second.id, first.id]);
  });

  describe("error table", () => {
    const cases: Array<{ name: string; body?: unknown; rawBody?: string; headers?: Record<string, string>; status: number; code: string }> = [
      { name: "malformed JSON", rawBody: "{name:", headers: { "content-type": "application/json" }, status: 400, code: "bad_request" },
      { name: "missing body", status: 400, code: "bad_request" },
      { name: "missing name", body: {}, status: 400, code: "bad_request" },
      { name: "wrong type", body: { name: 42 }, status: 400, code: "bad_request" },
      { name: "empty name", body: { name: "   " }, status: 400, code: "bad_request" },
      { name: "name too long", body: { name: "x".repeat(121) }, status: 400, code: "bad_request" },
      { name: "unknown field", body: { name: "ok", userId: "someone-else" }, status: 400, code: "bad_request" },
      { name: "not JSON", rawBody: "name=x", headers: { "content-type": "application/x-www-form-urlencoded" }, status: 415, code: "unsupported_media_type" },
    ];
    for (const c of cases) {
      it(`POST ${c.name} -> ${c.status}`, async () => {
        const user = await newUser();
        const res = await call(collection.POST, { method: "POST", user, body: c.body, rawBody: c.rawBody, headers: c.headers });
        expect(res.status).toBe(c.status);
        expect(res.json.error.code).toBe(c.code);
        expect(typeof res.json.error.message).toBe("string");
        expect(await prisma.project.count({ where: { userId: user.id } })).toBe(0);
      });
    }

    it("explains each zod issue in details", async () => {
      const user = await newUser();
      const res = await call(collection.POST, { method: "POST", user, body: { name: 42 } });
      expect(res.json.error.details).toEqual([{ path: "name", message: expect.any(String) }]);
    });

    it("POST a duplicate name -> 409", async () => {
      const user = await newUser();
      await createProject(user, "Twin");
      const res = await call(collection.POST, { method: "POST", user, body: { name: "Twin" } });
      expect(res.status).toBe(409);
      expect(res.json.error.message).toContain("Twin");
    });

    it("PATCH to a name already used -> 409", async () => {
      const user = await newUser();
      await createProject(user, "A");
      const b = await createProject(user, "B");
      const res = await call(item.PATCH, { method: "PATCH", user, params: { id: b.id }, body: { name: "A" } });
      expect(res.status).toBe(409);
    });

    it("no session -> 401 on every method", async () => {
      const user = await newUser();
      const project = await createProject(user);
      for (const [handler, method] of [
        [collection.GET, "GET"],
        [collection.POST, "POST"],
        [item.GET, "GET"],
        [item.PATCH, "PATCH"],
        [item.DELETE, "DELETE"],
      ] as const) {
        const res = await call(handler, { method, params: { id: project.id }, body: method === "POST" || method === "PATCH" ? { name: "x" } : undefined });
        expect(res.status, method).toBe(401);
        expect(res.json.error.code).toBe("unauthorized");
      }
    });

    it("an expired or unknown session -> 401", async () => {
      const user = await newUser();
      await prisma.session.updateMany({ where: { userId: user.id }, data: { expires: new Date(Date.now() - 1000) } });
      expect((await call(collection.GET, { user })).status).toBe(401);
      expect((await call(collection.GET, { user: { ...user, token: "not-a-session" } })).status).toBe(401);
    });

    it("another user's project is a 404 for read, rename and delete", async () => {
      const [owner, stranger] = [await newUser(), await newUser()];
      const project = await createProject(owner);
      expect((await call(item.GET, { user: stranger, params: { id: project.id } })).status).toBe(404);
      expect((await call(item.PATCH, { method: "PATCH", user: stranger, params: { id: project.id }, body: { name: "Mine" } })).status).toBe(404);
      expect((await call(item.DELETE, { method: "DELETE", user: stranger, params: { id: project.id } })).status).toBe(404);
      const still = await prisma.project.findUniqueOrThrow({ where: { id: project.id } });
      expect(still.name).toBe(project.name);
    });

    it("an unknown id is a 404 with the envelope", async () => {
      const user = await newUser();
      const res = await call(item.GET, { user, params: { id: "does-not-exist" } });
      expect(res.status).toBe(404);
      expect(res.json).toEqual({ error: { code: "not_found", message: "Project not found" } });
    });
  });

  /** A project with a b-roll and a ready private avatar, each with its objects in storage. */
  async function projectWithMedia(user: Awaited<ReturnType<typeof newUser>>, avatarName: string) {
    const project = await createProject(user, `With media ${avatarName}`);
    const bRollId = `broll-${randomUUID()}`;
    const avatarId = `avatar-${randomUUID()}`;
    const bRollKeys = [
      storageKeys.bRollVideo({ userId: user.id, projectId: project.id, bRollId }),
      storageKeys.bRollThumbnail({ userId: user.id, projectId: project.id, bRollId, ext: "jpg" }),
    ];
    const avatarKeys = [storageKeys.privateAvatarVideo({ userId: user.id, avatarId }), storageKeys.avatarImage({ userId: user.id, avatarId, ext: "jpg" })];
    for (const key of [...bRollKeys, ...avatarKeys]) await fileStorage.uploadFile(Buffer.from(`object ${key}`), key, "application/octet-stream");
    await prisma.bRoll.create({
      data: { name: "Clip", prompt: "p", type: "text_to_video", status: "ready", userId: user.id, projectId: project.id, videoUrl: `/api/media/${bRollKeys[0]}` },
    });
    await prisma.avatar.create({
      data: {
        id: avatarId, name: avatarName, visibility: "private", status: "ready", userId: user.id, projectId: project.id,
        videoUrl: `/api/media/${avatarKeys[0]}`, imageUrl: `/api/media/${avatarKeys[1]}`,
      },
    });
    return { project, avatarId, bRollKeys, avatarKeys };
  }

  const stored = async (keys: string[]) => Promise.all(keys.map(async (key) => (await fileStorage.statFile(key)) !== null));

  it("DELETE removes the project's b-rolls and their objects, and keeps its avatars with theirs, detached", async () => {
    const user = await newUser();
    const other = await newUser();
    const { project, avatarId, bRollKeys, avatarKeys } = await projectWithMedia(user, "Clara");
    const keep = await createProject(user, "Keep");
    const keptKey = storageKeys.bRollVideo({ userId: user.id, projectId: keep.id, bRollId: "broll2" });
    await fileStorage.uploadFile(Buffer.from("kept"), keptKey, "application/octet-stream");

    expect((await call(item.DELETE, { method: "DELETE", user: other, params: { id: project.id } })).status).toBe(404);
    expect((await call(item.DELETE, { method: "DELETE", user, params: { id: project.id } })).status).toBe(204);

    expect(await prisma.project.count({ where: { id: project.id } })).toBe(0);
    expect(await prisma.bRoll.count({ where: { projectId: project.id } })).toBe(0);
    expect(await stored(bRollKeys)).toEqual([false, false]);
    expect(await stored([keptKey])).toEqual([true]);
    // The avatar stays in My avatars, with no project, and its image and clip stay readable.
    const mine = await call(privateAvatars.GET, { user, path: "/api/avatars/private" });
    expect(mine.json.avatars).toEqual([expect.objectContaining({ id: avatarId, name: "Clara", projectId: null, status: "ready" })]);
    expect(await stored(avatarKeys)).toEqual([true, true]);
  });

  it("DELETE ?deleteAvatars=true also deletes the project's avatars and their objects, and no one else's", async () => {
    const user = await newUser();
    const { project, bRollKeys, avatarKeys } = await projectWithMedia(user, "Marc");
    const elsewhere = await projectWithMedia(user, "Ines");
    const path = `/api/projects/${project.id}?deleteAvatars=true`;

    expect((await call(item.DELETE, { method: "DELETE", user, path, params: { id: project.id } })).status).toBe(204);

    expect(await prisma.avatar.count({ where: { userId: user.id, name: "Marc" } })).toBe(0);
    expect(await stored([...bRollKeys, ...avatarKeys])).toEqual([false, false, false, false]);
    // The other project's avatar and objects are untouched.
    const mine = await call(privateAvatars.GET, { user, path: "/api/avatars/private" });
    expect(mine.json.avatars.map((a: { name: string; projectId: string }) => [a.name, a.projectId])).toEqual([["Ines", elsewhere.project.id]]);
    expect(await stored([...elsewhere.bRollKeys, ...elsewhere.avatarKeys])).toEqual([true, true, true, true]);
  });

  it.each([
    ["deleteAvatars=yes", "deleteAvatars", "deleteAvatars must be true or false"],
    ["deleteAvatars=true&deleteAvatars=false", "deleteAvatars", "deleteAvatars must be true or false"],
    ["purge=true", "", 'Unrecognized key: "purge"'],
  ])("DELETE ?%s -> 400 naming the parameter, and nothing is deleted", async (search, path, message) => {
    const user = await newUser();
    const { project, avatarKeys } = await projectWithMedia(user, "Zoe");
    const res = await call(item.DELETE, { method: "DELETE", user, path: `/api/projects/${project.id}?${search}`, params: { id: project.id } });
    expect(res.status).toBe(400);
    expect(res.json.error.details).toEqual([expect.objectContaining({ ...(path ? { path } : {}), message })]);
    expect(await prisma.project.count({ where: { id: project.id } })).toBe(1);
    expect(await stored(avatarKeys)).toEqual([true, true]);
  });
});

describe("request ids", () => {
  it("echoes a sane X-Request-Id and makes one up otherwise", async () => {
    const user = await newUser();
    const given = await call(collection.GET, { user, headers: { "x-request-id": "trace-123" } });
    expect(given.headers.get("x-request-id")).toBe("trace-123");
    const made = await call(collection.GET, { user, headers: { "x-request-id": "bad id with spaces" } });
    expect(made.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const failed = await call(collection.GET, {});
    expect(failed.status).toBe(401);
    expect(failed.headers.get("x-request-id")).toBeTruthy();
  });
});
