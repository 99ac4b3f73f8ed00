import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import * as media from "@/app/api/media/[...key]/route";
import { fileStorage } from "@/_shared/core/file-storage.service";
import { prisma } from "@/_shared/lib/prisma";
import { storageKeys } from "@/_shared/lib/storage-keys";
import { call, newUser, type TestUser } from "../helpers";

const uid = () => randomUUID().replaceAll("-", "");

function getMedia(key: string, user: TestUser | null = null) {
  return call(media.GET, { path: `/api/media/${key}`, user, params: { key: key.split("/") } });
}

async function store(key: string, contentType = "application/octet-stream") {
  const data = randomBytes(2048);
  await fileStorage.uploadFile(data, key, contentType);
  return data;
}

/** A 302 to a presigned URL that really serves the object's bytes. */
async function expectRedirectToBytes(res: Awaited<ReturnType<typeof getMedia>>, data: Buffer) {
  expect(res.status).toBe(302);
  expect(res.json).toBeUndefined();
  expect(res.headers.get("cache-control")).toBe("private, no-store");
  const location = res.headers.get("location");
  expect(location).toMatch(/^https?:\/\/.+X-Amz-Signature=/);
  const fetched = await fetch(location!);
  expect(fetched.status).toBe(200);
  expect(Buffer.from(await fetched.arrayBuffer()).equals(data)).toBe(true);
}

function expectNotFound(res: Awaited<ReturnType<typeof getMedia>>) {
  expect(res.status).toBe(404);
  expect(res.headers.get("location")).toBeNull();
  expect(res.json).toEqual({ error: { code: "not_found", message: expect.any(String) } });
}

describe("GET /api/media/[...key]", () => {
  it("public avatar images and videos are readable anonymously and by anyone", async () => {
    const user = await newUser();
    const avatarId = uid();
    for (const [key, type] of [
      [storageKeys.publicAvatarImage({ avatarId, ext: "webp" }), "image/webp"],
      [storageKeys.publicAvatarVideo({ avatarId }), "video/mp4"],
    ] as const) {
      const data = await store(key, type);
      await expectRedirectToBytes(await getMedia(key), data);
      await expectRedirectToBytes(await getMedia(key, user), data);
    }
  });

  describe("a user's private objects", () => {
    const privateKeys = (userId: string) => ({
      "temp-generated image": storageKeys.tempImage({ userId, sessionId: uid(), imageId: uid(), ext: "png" }),
      "private avatar image": storageKeys.avatarImage({ userId, avatarId: uid(), ext: "jpg" }),
      "private avatar video": storageKeys.privateAvatarVideo({ userId, avatarId: uid() }),
      "b-roll video": storageKeys.bRollVideo({ userId, projectId: uid(), bRollId: uid() }),
      "b-roll thumbnail": storageKeys.bRollThumbnail({ userId, projectId: uid(), bRollId: uid(), ext: "jpg" }),
    });

    for (const kind of Object.keys(privateKeys("x")) as Array<keyof ReturnType<typeof privateKeys>>) {
      it(`${kind}: 302 for the owner and an admin, 404 for another user and anonymously`, async () => {
        const [owner, stranger, admin] = [await newUser(), await newUser(), await newUser({ role: "admin" })];
        const key = privateKeys(owner.id)[kind];
        const data = await store(key);
        await expectRedirectToBytes(await getMedia(key, owner), data);
        await expectRedirectToBytes(await getMedia(key, admin), data);
        expectNotFound(await getMedia(key, stranger));
        expectNotFound(await getMedia(key));
      });
    }

    it("the owner's bearer token works like the session cookie", async () => {
      const owner = await newUser();
      const key = privateKeys(owner.id)["b-roll video"];
      const data = await store(key);
      const res = await call(media.GET, { user: owner, bearer: true, params: { key: key.split("/") } });
      await expectRedirectToBytes(res, data);
    });

    it("an expired or unknown session is treated as anonymous: 404, not 401", async () => {
      const owner = await newUser();
      const key = privateKeys(owner.id)["private avatar video"];
      await store(key);
      expectNotFound(await getMedia(key, { ...owner, token: "not-a-session" }));
      await prisma.session.updateMany({ where: { userId: owner.id }, data: { expires: new Date(Date.now() - 1000) } });
      expectNotFound(await getMedia(key, owner));
    });
  });

  it("a stranger cannot tell an existing private object from a missing one", async () => {
    const [owner, stranger] = [await newUser(), await newUser()];
    const existing = storageKeys.avatarImage({ userId: owner.id, avatarId: uid(), ext: "png" });
    const missing = storageKeys.avatarImage({ userId: owner.id, avatarId: uid(), ext: "png" });
    await store(existing);
    const [a, b] = [await getMedia(existing, stranger), await getMedia(missing, stranger)];
    expectNotFound(a);
    expectNotFound(b);
    expect(a.json).toEqual(b.json);
  });

  it("a missing object under an allowed prefix is a 404, for the owner and for public keys", async () => {
    const owner = await newUser();
    expectNotFound(await getMedia(storageKeys.bRollVideo({ userId: owner.id, projectId: uid(), bRollId: uid() }), owner));
    expectNotFound(await getMedia(storageKeys.publicAvatarVideo({ avatarId: uid() })));
  });

  describe("keys outside the known layout are 404 even when an object exists there", () => {
    const cases: Array<[string, (userId: string) => string]> = [
      ["an unknown prefix", (u) => `images/other/${u}/x.jpg`],
      ["a root-level object", () => `${uid()}.jpg`],
      ["an extra segment", (u) => `images/avatars/${u}/extra/${uid()}.jpg`],
      ["an unknown extension", (u) => `videos/avatars/private/${u}/${uid()}.mov`],
      ["a traversal out of the owner's folder", (u) => `videos/avatars/private/${u}/../${uid()}/a.mp4`],
      ["a traversal to the root", () => `images/public-avatars/../../${uid()}.jpg`],
    ];
    for (const [name, makeKey] of cases) {
      it(name, async () => {
        const [owner, admin] = [await newUser(), await newUser({ role: "admin" })];
        const key = makeKey(owner.id);
        // Stored straight into the bucket: the route must refuse by layout, not by absence.
        if (!key.includes("..")) await store(key);
        expectNotFound(await getMedia(key, owner));
        expectNotFound(await getMedia(key, admin));
        expectNotFound(await getMedia(key));
      });
    }
  });

  it("an empty key is refused", async () => {
    const res = await call(media.GET, { params: { key: [] } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("bad_request");
  });
});

describe("GET /api/media/[...key]?download=", () => {
  it("redirects to a URL that makes the browser save the file under that name", async () => {
    const user = await newUser();
    const key = storageKeys.bRollVideo({ userId: user.id, projectId: "p1", bRollId: `b${Date.now()}` });
    await fileStorage.uploadFile(Buffer.from("clip"), key, "video/mp4");
    const res = await call(media.GET, { user, params: { key: key.split("/") }, path: `/api/media/${key}?download=coffee-shot.mp4` });
    expect(res.status).toBe(302);
    const fetched = await fetch(res.headers.get("location")!);
    expect(fetched.headers.get("content-disposition")).toBe('attachment; filename="coffee-shot.mp4"');
    const bad = await call(media.GET, { user, params: { key: key.split("/") }, path: `/api/media/${key}?download=${encodeURIComponent('a"b.mp4')}` });
    expect(bad.status).toBe(400);
  });
});
