// The library's per-user and usage features: favourites (each user's own, idempotent, 404 for what
// the library does not show), the favourites filter and its cache isolation, tag counts given the
// other filters, "most used" order (links to projects and clips from an avatar's picture), library
// avatars added to projects (free: no job, no Fal request; idempotent; another user's project is a
// 404; deleting the public avatar removes the link), and the admin jobs table's paging and outputs.
// Avatars and tags are this file's own (a unique name prefix and slugs), so other files change nothing.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { invalidatePublicLibrary } from "@/_shared/core/library/library-cache";
import { prisma } from "@/_shared/lib/prisma";
import * as adminJobs from "@/app/api/admin/jobs/route";
import * as bRolls from "@/app/api/b-rolls/route";
import * as collection from "@/app/api/avatars/public/route";
import * as item from "@/app/api/avatars/public/[id]/route";
import * as favorite from "@/app/api/avatars/public/[id]/favorite/route";
import * as tagCounts from "@/app/api/avatars/public/tag-counts/route";
import * as links from "@/app/api/projects/[id]/library-avatars/route";
import * as link from "@/app/api/projects/[id]/library-avatars/[avatarId]/route";
import * as tagsRoute from "@/app/api/tags/route";
import * as tagItem from "@/app/api/tags/[slugOrId]/route";
import { seedBaseTags } from "@/prisma/seed-data";
import { call, newProject, newUser, post, type TestUser } from "../helpers";
import { sim } from "../pipeline";
import { publicAvatar } from "../resources";

const run = randomUUID().slice(0, 8);
const PREFIX = `Fav${run}`;
let admin: TestUser;
let alice: TestUser;
let bob: TestUser;
const tags: Record<string, { id: string; slug: string }> = {};

async function makeTag(key: string, category: string) {
  const { id } = await prisma.tagCategory.findUniqueOrThrow({ where: { slug: category } });
  const slug = `${key}-${run}`;
  tags[key] = await prisma.tag.create({ data: { name: `${key.toUpperCase()} ${run}`, slug, categoryId: id }, select: { id: true, slug: true } });
}

async function libraryAvatar(name: string, tagKeys: string[] = []) {
  const { avatarId, imageKey } = await publicAvatar({ name: `${PREFIX} ${name}`, tagSlugs: tagKeys.map((key) => tags[key].slug) });
  return { avatarId, imageKey };
}

const list = (query: string, user: TestUser | null = null) => call(collection.GET, { path: `/api/avatars/public?q=${PREFIX}&${query}`, user });
const star = (id: string, user: TestUser | null) => call(favorite.PUT, { method: "PUT", user, params: { id } });
const unstar = (id: string, user: TestUser | null) => call(favorite.DELETE, { method: "DELETE", user, params: { id } });
const addTo = (projectId: string, avatarId: string, user: TestUser | null) => call(link.PUT, { method: "PUT", user, params: { id: projectId, avatarId } });
const removeFrom = (projectId: string, avatarId: string, user: TestUser | null) => call(link.DELETE, { method: "DELETE", user, params: { id: projectId, avatarId } });
const linked = (projectId: string, user: TestUser | null) => call(links.GET, { user, params: { id: projectId } });
const names = (res: { json: { avatars: Array<{ name: string }> } }) => res.json.avatars.map((a) => a.name.slice(PREFIX.length + 1));

beforeAll(async () => {
  await seedBaseTags(prisma);
  [admin, alice, bob] = await Promise.all([newUser({ role: "admin" }), newUser(), newUser()]);
  await makeTag("s1", "sexe");
  await makeTag("s2", "sexe");
  await makeTag("i1", "industrie");
  await makeTag("i2", "industrie");
  await invalidatePublicLibrary();
});

describe("favourites", () => {
  it("each user stars their own avatars; starring and unstarring are idempotent; the filter shows only the caller's", async () => {
    const a = await libraryAvatar("Ada");
    const b = await libraryAvatar("Bea");
    // Warm the shared cache with the unfiltered listing first: stars must not leak through it.
    expect((await list("")).json.avatars.every((x: { favorite?: boolean }) => x.favorite === undefined)).toBe(true);

    expect((await star(a.avatarId, alice)).json).toEqual({ avatarId: a.avatarId, favorite: true });
    expect((await star(a.avatarId, alice)).status).toBe(200);
    expect(await prisma.favoriteAvatar.count({ where: { userId: alice.id } })).toBe(1);
    expect((await star(b.avatarId, bob)).status).toBe(200);

    const mine = await list("favorites=true", alice);
    expect(names(mine)).toEqual(["Ada"]);
    expect(mine.json.avatars[0].favorite).toBe(true);
    expect(names(await list("favorites=true", bob))).toEqual(["Bea"]);
    // The shared listing marks each caller's own stars.
    const seenByAlice = await list("sort=name", alice);
    expect(seenByAlice.json.avatars.map((x: { name: string; favorite: boolean }) => [x.name.slice(PREFIX.length + 1), x.favorite])).toEqual([["Ada", true], ["Bea", false]]);
    const seenByBob = await list("sort=name", bob);
    expect(seenByBob.json.avatars.map((x: { favorite: boolean }) => x.favorite)).toEqual([false, true]);
    expect((await list("sort=name")).json.avatars.every((x: { favorite?: boolean }) => x.favorite === undefined)).toBe(true);

    expect((await unstar(a.avatarId, alice)).json).toEqual({ avatarId: a.avatarId, favorite: false });
    expect((await unstar(a.avatarId, alice)).status).toBe(200);
    expect((await list("favorites=true", alice)).json.total).toBe(0);
    expect(await prisma.favoriteAvatar.count({ where: { userId: bob.id } })).toBe(1);
  });

  it("answers 404 for unknown, private and unready avatars, 401 anonymously, 400 for a bad favorites value", async () => {
    const pending = await publicAvatar({ name: `${PREFIX} Pending`, status: "processing" });
    const priv = await prisma.avatar.create({ data: { name: "Mine", imageUrl: "/api/media/x.jpg", visibility: "private", status: "ready", userId: alice.id } });
    for (const id of ["does-not-exist", pending.avatarId, priv.id]) {
      const res = await star(id, alice);
      expect(res.status).toBe(404);
      expect(res.json.error).toMatchObject({ code: "not_found", message: "Avatar not found" });
      expect((await unstar(id, alice)).status).toBe(404);
    }
    const a = await libraryAvatar("Anon");
    expect((await star(a.avatarId, null)).status).toBe(401);
    const anonymous = await list("favorites=true");
    expect(anonymous.status).toBe(401);
    expect(anonymous.json.error.message).toBe("Sign in to see your favourite avatars");
    const bad = await list("favorites=yes", alice);
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].message).toBe("favorites must be true or false");
  });

  it("a deleted public avatar takes its stars with it", async () => {
    const a = await libraryAvatar("Gone");
    await star(a.avatarId, alice);
    expect((await call(item.DELETE, { method: "DELETE", user: admin, params: { id: a.avatarId } })).status).toBe(204);
    expect(await prisma.favoriteAvatar.count({ where: { avatarId: a.avatarId } })).toBe(0);
  });
});

describe("tag counts", () => {
  it("counts avatars per tag given the search and the other categories' filters, not the tag's own category", async () => {
    const q = `${PREFIX}Tc`;
    const mk = (name: string, keys: string[]) => publicAvatar({ name: `${q} ${name}`, tagSlugs: keys.map((key) => tags[key].slug) });
    await mk("one", ["s1", "i1"]);
    await mk("two", ["s1", "i2"]);
    await mk("three", ["s2", "i1"]);
    await mk("four", ["s1"]);
    await invalidatePublicLibrary();
    const counts = (query: string, user: TestUser | null = null) => call(tagCounts.GET, { path: `/api/avatars/public/tag-counts?q=${q}&${query}`, user });

    const all = await counts("");
    expect(all.status).toBe(200);
    expect(all.json.total).toBe(4);
    expect(all.json.counts).toMatchObject({ [tags.s1.slug]: 3, [tags.s2.slug]: 1, [tags.i1.slug]: 2, [tags.i2.slug]: 1 });
    expect(all.json.counts.femme).toBe(0);

    // sexe=s1: the sexe tags keep their counts (OR within the category), industrie tags count among s1 avatars.
    const s1 = await counts(`sexe=${tags.s1.slug}`);
    expect(s1.json.total).toBe(3);
    expect(s1.json.counts).toMatchObject({ [tags.s1.slug]: 3, [tags.s2.slug]: 1, [tags.i1.slug]: 1, [tags.i2.slug]: 1 });
    const both = await counts(`sexe=${tags.s1.slug}&industrie=${tags.i1.slug}`);
    expect(both.json.total).toBe(1);
    expect(both.json.counts).toMatchObject({ [tags.s1.slug]: 1, [tags.s2.slug]: 1, [tags.i1.slug]: 1, [tags.i2.slug]: 1 });
    // The listing agrees with the total.
    expect((await call(collection.GET, { path: `/api/avatars/public?q=${q}&sexe=${tags.s1.slug}&industrie=${tags.i1.slug}` })).json.total).toBe(1);

    const unknown = await counts("sexe=nope");
    expect(unknown.status).toBe(400);
    expect((await counts("favorites=true")).status).toBe(401);
    expect((await counts("favorites=true", alice)).json.total).toBe(0);
  });

  it("GET /api/tags?counts=true gives each tag its avatars (admins: every status), and the admin page's delete empties it", async () => {
    await publicAvatar({ name: `${PREFIX} Tagged ready`, tagSlugs: [tags.i2.slug] });
    await publicAvatar({ name: `${PREFIX} Tagged pending`, status: "processing", tagSlugs: [tags.i2.slug] });
    await invalidatePublicLibrary();
    const countOf = async (user: TestUser | null) => {
      const res = await call(tagsRoute.GET, { path: "/api/tags?counts=true", user });
      expect(res.status).toBe(200);
      const tag = res.json.categories.flatMap((c: { tags: Array<{ slug: string; avatarCount: number }> }) => c.tags).find((t: { slug: string }) => t.slug === tags.i2.slug);
      return tag.avatarCount;
    };
    // "two" of the tag-count test may or may not exist yet (test order): compare with the database.
    const ready = await prisma.avatar.count({ where: { visibility: "public", status: "ready", tags: { some: { id: tags.i2.id } } } });
    expect(await countOf(null)).toBe(ready);
    expect(await countOf(admin)).toBe(ready + 1);
    expect((await call(tagsRoute.GET, { path: "/api/tags" })).json.categories[0].tags[0].avatarCount).toBeUndefined();
    expect((await call(tagsRoute.GET, { path: "/api/tags?counts=maybe" })).status).toBe(400);

    expect((await call(tagItem.DELETE, { method: "DELETE", user: admin, params: { slugOrId: tags.i2.id } })).status).toBe(204);
    expect(await prisma.avatar.count({ where: { tags: { some: { id: tags.i2.id } } } })).toBe(0);
  });
});

describe("library avatars in projects, and the most-used order", () => {
  it("adds a library avatar to a project for free, idempotently; lists it; removes it", async () => {
    const project = await newProject(alice);
    const a = await libraryAvatar("Linked");
    const requestsBefore = (await sim.requests()).length;
    const jobsBefore = await prisma.generationJob.count({ where: { userId: alice.id } });
    const avatarsBefore = await prisma.avatar.count();

    const first = await addTo(project, a.avatarId, alice);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ id: a.avatarId, visibility: "public", created: true });
    const again = await addTo(project, a.avatarId, alice);
    expect(again.status).toBe(200);
    expect(again.json.created).toBe(false);
    expect(await prisma.projectLibraryAvatar.count({ where: { projectId: project } })).toBe(1);

    // A reference, not a copy: no new avatar, no job (no spend), no Fal request.
    expect(await prisma.avatar.count()).toBe(avatarsBefore);
    expect(await prisma.generationJob.count({ where: { userId: alice.id } })).toBe(jobsBefore);
    expect((await sim.requests()).length).toBe(requestsBefore);

    const listed = await linked(project, alice);
    expect(listed.status).toBe(200);
    expect(listed.json.avatars.map((x: { id: string }) => x.id)).toEqual([a.avatarId]);
    expect(listed.json.avatars[0].videoUrl).toBe(first.json.videoUrl);

    expect((await removeFrom(project, a.avatarId, alice)).status).toBe(204);
    expect((await removeFrom(project, a.avatarId, alice)).status).toBe(204);
    expect((await linked(project, alice)).json.avatars).toEqual([]);
  });

  it("another user's project is a 404, as are unknown and unready avatars; deleting the public avatar removes the link", async () => {
    const project = await newProject(alice);
    const a = await libraryAvatar("Guarded");
    for (const res of [await addTo(project, a.avatarId, bob), await linked(project, bob), await removeFrom(project, a.avatarId, bob)]) {
      expect(res.status).toBe(404);
      expect(res.json.error.message).toBe("Project not found");
    }
    expect((await addTo(project, a.avatarId, null)).status).toBe(401);
    const pending = await publicAvatar({ name: `${PREFIX} Unready`, status: "processing" });
    for (const id of ["nope", pending.avatarId]) {
      const res = await addTo(project, id, alice);
      expect(res.status).toBe(404);
      expect(res.json.error.message).toBe("Avatar not found");
    }
    expect(await prisma.projectLibraryAvatar.count({ where: { projectId: project } })).toBe(0);

    await addTo(project, a.avatarId, alice);
    expect((await call(item.DELETE, { method: "DELETE", user: admin, params: { id: a.avatarId } })).status).toBe(204);
    expect(await prisma.projectLibraryAvatar.count({ where: { projectId: project } })).toBe(0);
    expect((await linked(project, alice)).json.avatars).toEqual([]);
  });

  it("sort=most-used orders by links to projects and clips made from the picture, most first", async () => {
    const q = `${PREFIX}Mu`;
    const mk = (name: string) => publicAvatar({ name: `${q} ${name}` });
    const [low, high, mid] = [await mk("low"), await mk("high"), await mk("mid")];
    const [p1, p2] = [await newProject(alice), await newProject(bob)];
    // Warm the cache: a new link must make it stale.
    await call(collection.GET, { path: `/api/avatars/public?q=${q}&sort=most-used` });

    await addTo(p1, high.avatarId, alice);
    await addTo(p1, high.avatarId, alice); // the same link again: no new use
    await addTo(p2, high.avatarId, bob);
    await addTo(p1, mid.avatarId, alice);
    // A b-roll made from the "low" avatar's picture counts one use: twice makes it pass "mid".
    for (let i = 0; i < 2; i++) {
      const res = await post(bRolls.POST, alice, { projectId: p1, name: `From low ${i}`, prompt: "the person smiles at the camera", imageUrl: `/api/media/${low.imageKey}`, resolution: "480p", duration: 2 });
      expect(res.status).toBe(202);
    }
    const rows = await prisma.avatar.findMany({ where: { id: { in: [low.avatarId, high.avatarId, mid.avatarId] } }, select: { id: true, usageCount: true } });
    expect(Object.fromEntries(rows.map((r) => [r.id, r.usageCount]))).toEqual({ [high.avatarId]: 2, [low.avatarId]: 2, [mid.avatarId]: 1 });

    const res = await call(collection.GET, { path: `/api/avatars/public?q=${q}&sort=most-used` });
    expect(res.status).toBe(200);
    // Ties are broken by id, newest id first (ids are time-ordered): "mid" was made after "high" and "low".
    const order = res.json.avatars.map((x: { id: string; usageCount: number }) => [x.id, x.usageCount]);
    expect(order.slice(2)).toEqual([[mid.avatarId, 1]]);
    expect(new Set(order.slice(0, 2).map((x: [string, number]) => x[0]))).toEqual(new Set([high.avatarId, low.avatarId]));
    expect((await call(collection.GET, { path: `/api/avatars/public?sort=popular` })).status).toBe(400);
  });
});

describe("GET /api/admin/jobs paging and outputs", () => {
  it("pages newest first with a total, and links each job to what it made", async () => {
    const owner = await newUser();
    const projectId = await newProject(admin);
    const at = new Date(Date.now() + 120_000); // newer than every other test's jobs
    const bRoll = await prisma.bRoll.create({ data: { name: "Paged b-roll", prompt: "p", type: "text_to_video", status: "ready", userId: admin.id, projectId, videoUrl: "/api/media/videos/b-rolls/x.mp4" } });
    const otherProject = await newProject(owner);
    const otherBRoll = await prisma.bRoll.create({ data: { name: "Theirs", prompt: "p", type: "text_to_video", status: "processing", userId: owner.id, projectId: otherProject } });
    const avatar = await publicAvatar({ name: `${PREFIX} Job avatar` });
    const made = [];
    for (const [i, data] of [{ bRollId: bRoll.id }, { bRollId: otherBRoll.id }, { avatarId: avatar.avatarId }, {}, {}].entries()) {
      made.push(await prisma.generationJob.create({ data: { kind: "text_to_video", model: "m", input: {}, userId: owner.id, createdAt: new Date(at.getTime() + i * 1000), ...data } }));
    }
    const newestFirst = [...made].reverse().map((job) => job.id);

    const page1 = await call(adminJobs.GET, { user: admin, path: "/api/admin/jobs?limit=2&page=1" });
    expect(page1.status).toBe(200);
    expect(page1.json).toMatchObject({ page: 1, limit: 2, hasMore: true });
    expect(page1.json.total).toBe(await prisma.generationJob.count());
    expect(page1.json.jobs.map((j: { id: string }) => j.id)).toEqual(newestFirst.slice(0, 2));
    const page2 = await call(adminJobs.GET, { user: admin, path: "/api/admin/jobs?limit=2&page=2" });
    expect(page2.json.jobs.map((j: { id: string }) => j.id)).toEqual(newestFirst.slice(2, 4));
    const page3 = await call(adminJobs.GET, { user: admin, path: "/api/admin/jobs?limit=2&page=3" });
    const [avatarJob, otherJob, bRollJob] = [...page2.json.jobs, ...page3.json.jobs].slice(0, 3);
    expect(page1.json.jobs[0].output).toBeNull();
    expect(avatarJob.output).toEqual({ type: "public-avatar", name: `${PREFIX} Job avatar`, mediaUrl: expect.stringContaining(avatar.avatarId), projectId: null });
    // Another user's project would be a 404 for the admin: their b-roll links to its media only.
    expect(otherJob.output).toEqual({ type: "b-roll", name: "Theirs", mediaUrl: null, projectId: null });
    expect(bRollJob.output).toEqual({ type: "b-roll", name: "Paged b-roll", mediaUrl: "/api/media/videos/b-rolls/x.mp4", projectId });

    const bad = await call(adminJobs.GET, { user: admin, path: "/api/admin/jobs?page=0" });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].message).toBe("page must be a whole number from 1");
    expect((await call(adminJobs.GET, { user: alice, path: "/api/admin/jobs?page=2" })).status).toBe(403);
  });
});
