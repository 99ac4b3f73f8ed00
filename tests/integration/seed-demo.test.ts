// `npm run db:seed:demo`: the demo library, run as the script it is (a child process) against the
// test database and storage: public ready avatars with tags in every category, topped up rather
// than duplicated, and refused in production.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { fileStorage } from "@/_shared/core/file-storage.service";
import { prisma } from "@/_shared/lib/prisma";
import { storageKeys } from "@/_shared/lib/storage-keys";

const ROOT = path.resolve(import.meta.dirname, "../..");
const run = promisify(execFile);
const seedDemo = (count: string, env: Record<string, string> = {}) =>
  // As `npm run db:seed:demo` runs it: server modules need React's server condition.
  run(process.execPath, ["--conditions=react-server", "--import", "tsx", "prisma/seed-demo.ts", count], { cwd: ROOT, env: { ...process.env, ...env }, timeout: 120_000 });
const demoCount = () => prisma.avatar.count({ where: { visibility: "public", name: { startsWith: "Demo " } } });

describe("db:seed:demo", () => {
  it("adds public ready avatars tagged in every category, with their demo media, up to the count", { timeout: 180_000 }, async () => {
    const first = await seedDemo("12");
    expect(first.stdout).toContain("the library has 12 demo avatars");
    expect(await demoCount()).toBe(12);

    const avatars = await prisma.avatar.findMany({
      where: { name: { startsWith: "Demo " } },
      select: { status: true, visibility: true, userId: true, imageUrl: true, videoUrl: true, tags: { select: { category: { select: { slug: true } } } } },
    });
    for (const avatar of avatars) {
      expect(avatar).toMatchObject({ status: "ready", visibility: "public", userId: null });
      expect(new Set(avatar.tags.map((t) => t.category.slug))).toEqual(new Set(["sexe", "age", "industrie"]));
      expect(avatar.imageUrl).toMatch(/^\/api\/media\/images\/public-avatars\/demo-look-\d\.jpg$/);
      expect(avatar.videoUrl).toMatch(/^\/api\/media\/videos\/avatars\/public\/demo-look-\d\.mp4$/);
    }
    expect((await fileStorage.statFile(storageKeys.publicAvatarImage({ avatarId: "demo-look-1", ext: "jpg" })))?.contentType).toBe("image/jpeg");
    expect((await fileStorage.statFile(storageKeys.publicAvatarVideo({ avatarId: "demo-look-1" })))?.contentType).toBe("video/mp4");

    expect((await seedDemo("12")).stdout).toContain("nothing to add");
    expect(await demoCount()).toBe(12);
    await seedDemo("15");
    expect(await demoCount()).toBe(15);
  });

  it("refuses to run in production, and refuses a bad count", async () => {
    await expect(seedDemo("5", { NODE_ENV: "production" })).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("NODE_ENV=production") });
    await expect(seedDemo("lots")).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("whole number") });
  });
});
