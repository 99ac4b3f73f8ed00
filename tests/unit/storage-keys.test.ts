import { describe, expect, it } from "vitest";
import { keyFromMediaUrl, keyOfStoredMediaUrl, keyOwner, mediaUrl, storageKeys } from "@/_shared/lib/storage-keys";

const ORIGIN = "http://localhost:3000";

describe("storageKeys builders (the bucket layout of docs/architecture.md)", () => {
  it("build the exact documented keys", () => {
    expect(storageKeys.tempSessionPrefix({ userId: "u1", sessionId: "s1" })).toBe("images/temp-generated/u1/s1/");
    expect(storageKeys.tempUserPrefix({ userId: "u1" })).toBe("images/temp-generated/u1/");
    expect(storageKeys.tempImage({ userId: "u1", sessionId: "s1", imageId: "img_1", ext: "png" })).toBe("images/temp-generated/u1/s1/img_1.png");
    expect(storageKeys.avatarImage({ userId: "u1", avatarId: "a-1", ext: "jpg" })).toBe("images/avatars/u1/a-1.jpg");
    expect(storageKeys.publicAvatarImage({ avatarId: "a1", ext: "webp" })).toBe("images/public-avatars/a1.webp");
    expect(storageKeys.privateAvatarVideo({ userId: "u1", avatarId: "a1" })).toBe("videos/avatars/private/u1/a1.mp4");
    expect(storageKeys.publicAvatarVideo({ avatarId: "a1" })).toBe("videos/avatars/public/a1.mp4");
    expect(storageKeys.bRollProjectPrefix({ userId: "u1", projectId: "p1" })).toBe("videos/b-rolls/u1/p1/");
    expect(storageKeys.bRollVideo({ userId: "u1", projectId: "p1", bRollId: "b1" })).toBe("videos/b-rolls/u1/p1/b1.mp4");
    expect(storageKeys.bRollThumbnail({ userId: "u1", projectId: "p1", bRollId: "b1", ext: "jpg" })).toBe("videos/b-rolls/u1/p1/b1.jpg");
    expect(storageKeys.bRollThumbnail({ userId: "u1", projectId: "p1", bRollId: "b1", ext: "webp" })).toBe("videos/b-rolls/u1/p1/b1.webp");
  });

  it("accept a 64-character id (the upper bound)", () => {
    const long = "a".repeat(64);
    expect(storageKeys.publicAvatarVideo({ avatarId: long })).toBe(`videos/avatars/public/${long}.mp4`);
  });

  const badIds = ["..", "a/b", "", "a".repeat(65), "a b", "a.b", "é", "a\nb"];
  for (const bad of badIds) {
    it(`throw on the id ${JSON.stringify(bad)} in every position`, () => {
      expect(() => storageKeys.tempUserPrefix({ userId: bad })).toThrow(/userId/);
      expect(() => storageKeys.tempImage({ userId: "u1", sessionId: bad, imageId: "i", ext: "jpg" })).toThrow(/sessionId/);
      expect(() => storageKeys.tempImage({ userId: "u1", sessionId: "s", imageId: bad, ext: "jpg" })).toThrow(/imageId/);
      expect(() => storageKeys.avatarImage({ userId: bad, avatarId: "a", ext: "jpg" })).toThrow(/userId/);
      expect(() => storageKeys.avatarImage({ userId: "u", avatarId: bad, ext: "jpg" })).toThrow(/avatarId/);
      expect(() => storageKeys.publicAvatarImage({ avatarId: bad, ext: "jpg" })).toThrow(/avatarId/);
      expect(() => storageKeys.privateAvatarVideo({ userId: bad, avatarId: "a" })).toThrow(/userId/);
      expect(() => storageKeys.publicAvatarVideo({ avatarId: bad })).toThrow(/avatarId/);
      expect(() => storageKeys.bRollVideo({ userId: "u", projectId: bad, bRollId: "b" })).toThrow(/projectId/);
      expect(() => storageKeys.bRollVideo({ userId: "u", projectId: "p", bRollId: bad })).toThrow(/bRollId/);
    });
  }

  it("throw on extensions outside the allowed list", () => {
    for (const ext of ["gif", "JPG", "jpg/../x", "", "mp4", "svg"]) {
      // The casts stand in for a value that reached the builder from untyped input.
      expect(() => storageKeys.tempImage({ userId: "u", sessionId: "s", imageId: "i", ext: ext as "jpg" }), ext).toThrow(/extension/);
      expect(() => storageKeys.avatarImage({ userId: "u", avatarId: "a", ext: ext as "jpg" }), ext).toThrow(/extension/);
      expect(() => storageKeys.publicAvatarImage({ avatarId: "a", ext: ext as "jpg" }), ext).toThrow(/extension/);
    }
  });
});

describe("keyOwner", () => {
  it("public prefixes are readable by anyone", () => {
    expect(keyOwner("images/public-avatars/a1.jpg")).toEqual({ access: "public" });
    expect(keyOwner("videos/avatars/public/a1.mp4")).toEqual({ access: "public" });
  });

  it("user prefixes belong to the user named in the key", () => {
    expect(keyOwner("images/temp-generated/u1/s1/i1.png")).toEqual({ access: "user", userId: "u1" });
    expect(keyOwner("images/avatars/u2/a1.webp")).toEqual({ access: "user", userId: "u2" });
    expect(keyOwner("videos/avatars/private/u3/a1.mp4")).toEqual({ access: "user", userId: "u3" });
    expect(keyOwner("videos/b-rolls/u4/p1/b1.mp4")).toEqual({ access: "user", userId: "u4" });
    expect(keyOwner("videos/b-rolls/u4/p1/b1.jpg")).toEqual({ access: "user", userId: "u4" });
  });

  it("every key the builders make is recognised", () => {
    const keys = [
      storageKeys.tempImage({ userId: "u", sessionId: "s", imageId: "i", ext: "webp" }),
      storageKeys.avatarImage({ userId: "u", avatarId: "a", ext: "png" }),
      storageKeys.privateAvatarVideo({ userId: "u", avatarId: "a" }),
      storageKeys.bRollVideo({ userId: "u", projectId: "p", bRollId: "b" }),
      storageKeys.bRollThumbnail({ userId: "u", projectId: "p", bRollId: "b", ext: "webp" }),
    ];
    for (const key of keys) expect(keyOwner(key), key).toEqual({ access: "user", userId: "u" });
  });

  const refused = [
    "images/other/x.jpg",
    "../etc/passwd",
    "videos/avatars/private/u1/../u2/a.mp4",
    "images/avatars/u1/../u2/a.jpg",
    "images/avatars/u1/extra/a.jpg",
    "images/public-avatars/sub/a.jpg",
    "images/temp-generated/u1/a.jpg",
    "images/temp-generated/u1/s1/x/i.jpg",
    "videos/b-rolls/u1/b1.mp4",
    "videos/b-rolls/u1/p1/b1.mov",
    "images/avatars/u1/a.jpg/",
    "/images/avatars/u1/a.jpg",
    "images/avatars/u1/a.jpg\n",
    "images/avatars//a.jpg",
    "images/avatars/u1/.jpg",
    "",
  ];
  for (const key of refused) {
    it(`refuses ${JSON.stringify(key)}`, () => {
      expect(keyOwner(key)).toBeNull();
    });
  }
});

describe("keyFromMediaUrl", () => {
  const key = "images/avatars/u1/a1.jpg";

  it("accepts a relative media URL and an absolute one on the app origin", () => {
    expect(keyFromMediaUrl(`/api/media/${key}`, ORIGIN)).toBe(key);
    expect(keyFromMediaUrl(`${ORIGIN}/api/media/${key}`, ORIGIN)).toBe(key);
    expect(keyFromMediaUrl(`${ORIGIN}/api/media/${key}`, `${ORIGIN}/`)).toBe(key);
  });

  const refused: Array<[string, string]> = [
    ["another origin", `https://evil.example/api/media/${key}`],
    ["another port", `http://localhost:3001/api/media/${key}`],
    ["another scheme", `https://localhost:3000/api/media/${key}`],
    ["a protocol-relative URL", `//evil.example/api/media/${key}`],
    ["a query string", `/api/media/${key}?x=1`],
    ["a fragment", `/api/media/${key}#frag`],
    ["a non-media path", `/api/projects/${key}`],
    ["a path that only contains the prefix", `/static/api/media/${key}`],
    ["the bare prefix", "/api/media/"],
    ["an unknown layout", "/api/media/images/other/x.jpg"],
    ["encoded traversal out of the media prefix", "/api/media/%2e%2e/%2e%2e/etc/passwd"],
    ["encoded traversal inside the layout", "/api/media/images/avatars/%2e%2e/%2e%2e/secret.jpg"],
    // Dot segments are resolved by the URL parser; a URL written with them must not be taken as
    // naming the key it resolves to (here: another user's avatar image).
    ["encoded traversal that resolves to another valid key", "/api/media/images/avatars/u1/%2e%2e/u2/a1.jpg"],
    ["plain traversal that resolves to another valid key", "/api/media/images/avatars/u1/../u2/a1.jpg"],
    ["an encoded slash", "/api/media/images%2Favatars%2Fu1%2Fa1.jpg"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["a data: URL", "data:image/png;base64,iVBORw0KGgo="],
    ["a file: URL", `file:///api/media/${key}`],
  ];
  for (const [name, url] of refused) {
    it(`refuses ${name}`, () => {
      expect(keyFromMediaUrl(url, ORIGIN)).toBeNull();
    });
  }
});

describe("keyOfStoredMediaUrl", () => {
  it("round-trips mediaUrl for every known layout", () => {
    for (const key of ["images/public-avatars/a.png", "videos/b-rolls/u/p/b.mp4", "images/temp-generated/u/s/i.jpg"]) {
      expect(mediaUrl(key)).toBe(`/api/media/${key}`);
      expect(keyOfStoredMediaUrl(mediaUrl(key))).toBe(key);
    }
  });

  it("returns null for anything we did not store", () => {
    expect(keyOfStoredMediaUrl("https://cdn.example/a.jpg")).toBeNull();
    expect(keyOfStoredMediaUrl(`${ORIGIN}/api/media/images/public-avatars/a.png`)).toBeNull();
    expect(keyOfStoredMediaUrl("/api/media/images/other/a.png")).toBeNull();
    expect(keyOfStoredMediaUrl("/api/media/images/avatars/u1/../u2/a.png")).toBeNull();
    expect(keyOfStoredMediaUrl("api/media/images/public-avatars/a.png")).toBeNull();
  });
});
