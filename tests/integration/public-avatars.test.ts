// The public avatar library, read side and admin edits: filter semantics (OR within a category,
// AND across), pagination, sorting, name search, every 400, the detail's visibility rules, the
// reply cache and its invalidation, PUT and DELETE. Avatars are made here directly in the database
// with tags of this file's own (unique slugs), so other files sharing the database change nothing.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { fileStorage } from "@/_shared/core/file-storage.service";
import { invalidatePublicLibrary } from "@/_shared/core/library/library-cache";
import { libraryWhere } from "@/_shared/core/library/public-library";
import { prisma } from "@/_shared/lib/prisma";
import { storageKeys } from "@/_shared/lib/storage-keys";
import * as collection from "@/app/api/avatars/public/route";
import * as item from "@/app/api/avatars/public/[id]/route";
import * as tagItem from "@/app/api/tags/[slugOrId]/route";
import { seedBaseTags } from "@/prisma/seed-data";
import { call, newUser, type TestUser } from "../helpers";

const run = randomUUID().slice(0, 8);
const PREFIX = `Lib${run}`;
let admin: TestUser;
let user: TestUser;
/** This file's tags by short name (s1, s2: sexe; a1, a2: age; i1..i3: industrie), with unique slugs. */
const tags: Record<string, { id: string; slug: string; name: string }> = {};
/** This file's avatars by short name. */
const ids: Record<string, string> = {};

async function makeAvatar(key: string, p: { name: string; tags: string[]; minutesAgo: number; status?: "processing" | "ready" | "failed"; visibility?: "public" | "private" }) {
  const row = await prisma.avatar.create({
    data: {
      name: p.name,
      imageUrl: `/api/media/images/public-avatars/${key}${run}.jpg`,
      videoUrl: p.status === "ready" || !p.status ? `/api/media/videos/avatars/public/${key}${run}.mp4` : null,
      visibility: p.visibility ?? "public",
      status: p.status ?? "ready",
      userId: p.visibility === "private" ? user.id : null,
      createdAt: new Date(Date.now() - p.minutesAgo * 60_000),
      tags: { connect: p.tags.map((t) => ({ id: tags[t].id })) },
    },
  });
  ids[key] = row.id;
}

beforeAll(async () => {
  await seedBaseTags(prisma);
  admin = await newUser({ role: "admin" });
  user = await newUser();
  const categories = new Map((await prisma.tagCategory.findMany()).map((c) => [c.slug, c.id]));
  const plan: Array<[string, string]> = [["s1", "sexe"], ["s2", "sexe"], ["a1", "age"], ["a2", "age"], ["i1", "industrie"], ["i2", "industrie"], ["i3", "industrie"]];
  for (const [short, category] of plan) {
    tags[short] = await prisma.tag.create({ data: { name: `${short.toUpperCase()} ${run}`, slug: `${short}-${run}`, categoryId: categories.get(category)! } });
  }
  // Names sort Anna < Bruno < Chloé < David < Emma; creation order is different on purpose.
  await makeAvatar("anna", { name: `${PREFIX} Anna`, tags: ["s1", "a1", "i1"], minutesAgo: 30 });
  await makeAvatar("bruno", { name: `${PREFIX} Bruno`, tags: ["s1", "a2", "i2"], minutesAgo: 10 });
  await makeAvatar("chloe", { name: `${PREFIX} Chloé`, tags: ["s2", "a1", "i1", "i2"], minutesAgo: 50 });
  await makeAvatar("david", { name: `${PREFIX} David`, tags: ["s2", "a2", "i3"], minutesAgo: 20 });
  await makeAvatar("emma", { name: `${PREFIX} Emma`, tags: ["s1", "a1"], minutesAgo: 40 });
  // Never listed to non-admins: not ready, or private.
  await makeAvatar("pending", { name: `${PREFIX} Pending`, tags: ["s1", "a1", "i1"], minutesAgo: 5, status: "processing" });
  await makeAvatar("broken", { name: `${PREFIX} Broken`, tags: ["s1", "a1", "i1"], minutesAgo: 6, status: "failed" });
  await makeAvatar("mine", { name: `${PREFIX} Mine`, tags: ["s1", "a1", "i1"], minutesAgo: 7, visibility: "private" });
  // Rows written straight to the database bypass the services: make the cached library replies stale
  // (with Redis, they may even come from another test run).
  await invalidatePublicLibrary();
});

const list = (query: string, as: TestUser | null = null) => call(collection.GET, { path: `/api/avatars/public?${query}`, user: as });
const names = (res: { json: { avatars: Array<{ name: string }> } }) => res.json.avatars.map((a) => a.name.slice(PREFIX.length + 1));
const slug = (short: string) => tags[short].slug;

describe("GET /api/avatars/public: filters", () => {
  const cases: Array<[string, () => string, string[]]> = [
    ["no filter (this file's avatars by name search)", () => `q=${PREFIX}`, ["Bruno", "David", "Anna", "Emma", "Chloé"]],
    ["one tag", () => `sexe=${slug("s1")}`, ["Bruno", "Anna", "Emma"]],
    ["several tags of one category match any (comma list)", () => `sexe=${slug("s1")},${slug("s2")}`, ["Bruno", "David", "Anna", "Emma", "Chloé"]],
    ["several tags of one category match any (repeated parameter)", () => `industrie=${slug("i1")}&industrie=${slug("i3")}`, ["David", "Anna", "Chloé"]],
    ["different categories must all match", () => `sexe=${slug("s1")}&age=${slug("a1")}`, ["Anna", "Emma"]],
    ["AND across, OR within", () => `sexe=${slug("s2")}&industrie=${slug("i1")},${slug("i2")}`, ["Chloé"]],
    ["three categories", () => `sexe=${slug("s1")}&age=${slug("a2")}&industrie=${slug("i2")}`, ["Bruno"]],
    ["no avatar matches", () => `sexe=${slug("s1")}&industrie=${slug("i3")}`, []],
    ["category and tag slugs in any case", () => `SEXE=${slug("s2").toUpperCase()}`, ["David", "Chloé"]],
    ["an empty filter filters nothing", () => `q=${PREFIX}&industrie=`, ["Bruno", "David", "Anna", "Emma", "Chloé"]],
  ];
  for (const [name, query, expected] of cases) {
    it(name, async () => {
      const res = await list(query());
      expect(res.status).toBe(200);
      expect(names(res)).toEqual(expected);
      expect(res.json).toMatchObject({ total: expected.length, hasMore: false, page: 1, limit: 10 });
    });
  }

  it("answers each avatar with the listed fields, media URLs and its tags", async () => {
    const res = await list(`q=${PREFIX} anna`);
    expect(res.json.avatars).toHaveLength(1);
    const avatar = res.json.avatars[0];
    expect(avatar).toMatchObject({
      id: ids.anna,
      name: `${PREFIX} Anna`,
      imageUrl: `/api/media/images/public-avatars/anna${run}.jpg`,
      videoUrl: `/api/media/videos/avatars/public/anna${run}.mp4`,
      visibility: "public",
      status: "ready",
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.+Z$/),
      updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.+Z$/),
    });
    expect(avatar.tags).toEqual(
      expect.arrayContaining([
        { slug: slug("s1"), name: tags.s1.name, category: "sexe" },
        { slug: slug("a1"), name: tags.a1.name, category: "age" },
        { slug: slug("i1"), name: tags.i1.name, category: "industrie" },
      ]),
    );
    expect(avatar.tags).toHaveLength(3);
    for (const internal of ["falVideoJobId", "falImageJobId", "userId"]) expect(avatar).not.toHaveProperty(internal);
  });
});

describe("each avatar's tag ids (the filters' column)", () => {
  const tagIdsOf = async (id: string) => (await prisma.avatar.findUniqueOrThrow({ where: { id }, select: { tagIds: true } })).tagIds;
  const sorted = (...shorts: string[]) => shorts.map((short) => tags[short].id).sort();

  it("follow the avatar's tag links as they are added, replaced, moved and removed", async () => {
    const avatar = await prisma.avatar.create({
      data: { name: `${PREFIX} Links`, imageUrl: `/api/media/images/public-avatars/links${run}.jpg`, visibility: "public", status: "processing", tags: { connect: [{ id: tags.s1.id }, { id: tags.i2.id }] } },
    });
    try {
      expect(await tagIdsOf(avatar.id)).toEqual(sorted("s1", "i2"));
      await prisma.avatar.update({ where: { id: avatar.id }, data: { tags: { set: [{ id: tags.s2.id }, { id: tags.a1.id }, { id: tags.i3.id }] } } });
      expect(await tagIdsOf(avatar.id)).toEqual(sorted("s2", "a1", "i3"));
      // A link rewritten in place (no app code does it, the database keeps up anyway).
      await prisma.$executeRaw`UPDATE "_AvatarTags" SET "B" = ${tags.a2.id} WHERE "A" = ${avatar.id} AND "B" = ${tags.a1.id}`;
      expect(await tagIdsOf(avatar.id)).toEqual(sorted("s2", "a2", "i3"));
      await prisma.avatar.update({ where: { id: avatar.id }, data: { tags: { disconnect: [{ id: tags.s2.id }] } } });
      expect(await tagIdsOf(avatar.id)).toEqual(sorted("a2", "i3"));
      await prisma.avatar.update({ where: { id: avatar.id }, data: { tags: { set: [] } } });
      expect(await tagIdsOf(avatar.id)).toEqual([]);
    } finally {
      await prisma.avatar.delete({ where: { id: avatar.id } });
    }
  });

  it("the GIN index on them answers a filter of several categories as the listing writes it", async () => {
    // As for the search index below: without the b-trees and whole-table reads, the plan shows
    // whether the tag-id index can answer the listing's own WHERE clause.
    const where = libraryWhere({ statuses: ["ready"], needle: "" }, [[tags.s1.id], [tags.a1.id], [tags.i1.id, tags.i2.id]]);
    const rollback = new Error("rollback");
    let plan = "";
    await prisma
      .$transaction(async (tx) => {
        const others = await tx.$queryRaw<Array<{ name: string }>>`SELECT indexname::text AS name FROM pg_indexes WHERE tablename = 'Avatar' AND indexdef LIKE '%visibility%'`;
        for (const { name } of others) await tx.$executeRawUnsafe(`DROP INDEX "${name}"`);
        await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
        const rows = await tx.$queryRaw<Array<{ "QUERY PLAN": string }>>`EXPLAIN SELECT count(*) FROM "Avatar" a WHERE ${where}`;
        plan = rows.map((row) => row["QUERY PLAN"]).join("\n");
        throw rollback;
      })
      .catch((error: unknown) => {
        if (error !== rollback) throw error;
      });
    expect(plan).toContain('Bitmap Index Scan on "Avatar_tagIds_idx"');
    expect(plan).not.toContain("_AvatarTags");
  });
});

describe("GET /api/avatars/public: pages, sorting, search", () => {
  it("paginates with total and hasMore; the last page has hasMore false; past the end is empty", async () => {
    const pages = [];
    for (const page of [1, 2, 3, 4]) pages.push(await list(`q=${PREFIX}&limit=2&page=${page}`));
    expect(pages.map((p) => names(p))).toEqual([["Bruno", "David"], ["Anna", "Emma"], ["Chloé"], []]);
    expect(pages.map((p) => [p.json.total, p.json.hasMore, p.json.page, p.json.limit])).toEqual([
      [5, true, 1, 2],
      [5, true, 2, 2],
      [5, false, 3, 2],
      [5, false, 4, 2],
    ]);
    const exact = await list(`q=${PREFIX}&limit=5`);
    expect(exact.json).toMatchObject({ total: 5, hasMore: false });
    expect(names(await list(`q=${PREFIX}&limit=1&page=5`))).toEqual(["Chloé"]);
  });

  it("sorts newest (default), oldest and by name", async () => {
    expect(names(await list(`q=${PREFIX}&sort=newest`))).toEqual(["Bruno", "David", "Anna", "Emma", "Chloé"]);
    expect(names(await list(`q=${PREFIX}&sort=oldest`))).toEqual(["Chloé", "Emma", "Anna", "David", "Bruno"]);
    expect(names(await list(`q=${PREFIX}&sort=name`))).toEqual(["Anna", "Bruno", "Chloé", "David", "Emma"]);
    expect(names(await list(`q=${PREFIX}&sort=name&limit=2&page=2`))).toEqual(["Chloé", "David"]);
  });

  it("breaks ties by id, so pages of equal timestamps never overlap", async () => {
    const tie = `Tie${run}`;
    const at = new Date(Date.now() - 3600_000);
    for (let i = 0; i < 5; i++) await prisma.avatar.create({ data: { name: `${tie} ${i}`, imageUrl: "/api/media/images/public-avatars/t.jpg", visibility: "public", status: "ready", createdAt: at } });
    for (const sort of ["newest", "oldest", "name"]) {
      const seen: string[] = [];
      for (const page of [1, 2, 3]) seen.push(...(await list(`q=${tie}&limit=2&page=${page}&sort=${sort}`)).json.avatars.map((a: { id: string }) => a.id));
      expect(new Set(seen).size, sort).toBe(5);
    }
  });

  it("q searches names case-insensitively, with the filters", async () => {
    expect(names(await list(`q=${PREFIX.toUpperCase()} CHLO`))).toEqual(["Chloé"]);
    expect(names(await list(`q=${PREFIX.toLowerCase()} d`))).toEqual(["David"]);
    expect(names(await list(`q=${encodeURIComponent(`${PREFIX} a`)}&sexe=${slug("s1")}`))).toEqual(["Anna"]);
    expect((await list(`q=${PREFIX}zzz`)).json).toMatchObject({ avatars: [], total: 0, hasMore: false });
  });

  it("q ignores accents, in the name and in the search alike", async () => {
    const q = (text: string) => `q=${encodeURIComponent(`${PREFIX} ${text}`)}`;
    expect(names(await list(q("chloe")))).toEqual(["Chloé"]);
    expect(names(await list(q("CHLOÉ")))).toEqual(["Chloé"]);
    expect(names(await list(q("chloè")))).toEqual(["Chloé"]);
    expect(names(await list(q("Émmà")))).toEqual(["Emma"]);
    expect(names(await list(q("chloe"), admin))).toEqual(["Chloé"]);
  });

  it("q's % _ and \\ are plain characters, not patterns", async () => {
    for (const text of ["%", "_nna", "\\", "A%a"]) expect((await list(`q=${encodeURIComponent(`${PREFIX} ${text}`)}`)).json.total, text).toBe(0);
  });

  it("the folded-name index serves the search's predicate", async () => {
    // This file's few rows make the (visibility, ...) b-trees the cheaper plan: drop them, inside a
    // transaction that is rolled back, and leave no whole-table read, so the plan shows whether the
    // search index can answer the predicate the listing sends.
    const rollback = new Error("rollback");
    let plan = "";
    await prisma
      .$transaction(async (tx) => {
        const others = await tx.$queryRaw<Array<{ name: string }>>`SELECT indexname::text AS name FROM pg_indexes WHERE tablename = 'Avatar' AND indexdef LIKE '%visibility%' AND indexname <> 'Avatar_name_search_idx'`;
        for (const { name } of others) await tx.$executeRawUnsafe(`DROP INDEX "${name}"`);
        await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
        const rows = await tx.$queryRaw<Array<{ "QUERY PLAN": string }>>`EXPLAIN SELECT count(*) FROM "Avatar" a WHERE a."visibility" = 'public' AND a."status" IN (${"ready"}::"GenerationStatus") AND fold_for_search(a."name") LIKE ${"%chloe%"}`;
        plan = rows.map((row) => row["QUERY PLAN"]).join("\n");
        throw rollback;
      })
      .catch((error: unknown) => {
        if (error !== rollback) throw error;
      });
    expect(plan).toContain('Bitmap Index Scan on "Avatar_name_search_idx"');
  });
});

describe("GET /api/avatars/public: errors and statuses", () => {
  const cases: Array<[string, () => string, string[]]> = [
    ["page 0", () => "page=0", ["page"]],
    ["page not a number", () => "page=abc", ["page"]],
    ["page repeated", () => "page=1&page=2", ["page"]],
    ["limit 0", () => "limit=0", ["limit"]],
    ["limit 51", () => "limit=51", ["limit"]],
    ["limit not whole", () => "limit=2.5", ["limit"]],
    ["unknown sort", () => "sort=popular", ["sort"]],
    ["q too long", () => `q=${"x".repeat(101)}`, ["q"]],
    ["unknown status", () => "status=archived", ["status.0"]],
    ["unknown category", () => "couleur=rouge", ["couleur"]],
    ["unknown tag", () => "sexe=robot", ["sexe"]],
    ["a tag of another category", () => `sexe=${slug("i1")}`, ["sexe"]],
    ["unknown category and unknown tags together", () => `couleur=rouge&age=${slug("a1")},centenaire,bebe`, ["couleur", "age"]],
  ];
  for (const [name, query, paths] of cases) {
    it(`${name} -> 400 naming it`, async () => {
      const res = await list(query());
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe("bad_request");
      expect(res.json.error.details.map((d: { path: string }) => d.path)).toEqual(paths);
    });
  }

  it("names every unknown slug in the details", async () => {
    const res = await list(`couleur=rouge&age=${slug("a1")},centenaire,bebe&sexe=${slug("i1")}`);
    expect(res.json.error.details).toEqual([
      { path: "couleur", message: expect.stringContaining('unknown filter "couleur"') },
      { path: "age", message: expect.stringMatching(/unknown age tags: centenaire, bebe/) },
      { path: "sexe", message: expect.stringContaining(slug("i1")) },
    ]);
  });

  it("non-admins see ready public avatars only; admins may filter by status (401 anonymous, 403 user)", async () => {
    expect((await list(`q=${PREFIX}&status=ready`)).status).toBe(401);
    expect((await list(`q=${PREFIX}&status=ready`, user)).status).toBe(403);
    expect(names(await list(`q=${PREFIX}`, user))).toEqual(["Bruno", "David", "Anna", "Emma", "Chloé"]);
    expect(names(await list(`q=${PREFIX}`, admin))).toEqual(["Bruno", "David", "Anna", "Emma", "Chloé"]);
    expect(names(await list(`q=${PREFIX}&status=processing`, admin))).toEqual(["Pending"]);
    expect(names(await list(`q=${PREFIX}&status=processing,failed&sort=name`, admin))).toEqual(["Broken", "Pending"]);
    const failed = await list(`q=${PREFIX}&status=failed`, admin);
    expect(failed.json.avatars[0]).toMatchObject({ status: "failed", videoUrl: null });
  });
});

describe("GET /api/avatars/public/[id]", () => {
  const get = (id: string, as: TestUser | null = null) => call(item.GET, { user: as, params: { id } });

  it("answers a ready public avatar to anyone", async () => {
    const res = await get(ids.anna);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: ids.anna, name: `${PREFIX} Anna`, status: "ready", visibility: "public" });
    expect(res.json.tags).toHaveLength(3);
  });

  it("404 for a processing or failed one, except for admins; 404 for private and missing ones, admins included", async () => {
    for (const key of ["pending", "broken"]) {
      expect((await get(ids[key])).status, key).toBe(404);
      expect((await get(ids[key], user)).status, key).toBe(404);
      expect((await get(ids[key], admin)).json.status, key).toBe(key === "pending" ? "processing" : "failed");
    }
    for (const as of [null, user, admin]) {
      expect((await get(ids.mine, as)).json).toEqual({ error: { code: "not_found", message: "Avatar not found" } });
      expect((await get("no-such-avatar", as)).status).toBe(404);
    }
  });
});

describe("the reply cache", () => {
  it("serves a listing and a detail from the cache until an admin writes, then answers fresh", async () => {
    const query = `q=${PREFIX}&sort=name&limit=1`;
    expect(names(await list(query))).toEqual(["Anna"]);
    expect((await call(item.GET, { params: { id: ids.anna } })).json.name).toBe(`${PREFIX} Anna`);

    // Changed behind the service's back: non-admins still get the cached replies...
    await prisma.avatar.update({ where: { id: ids.anna }, data: { name: `${PREFIX} Anna (db)` } });
    expect(names(await list(query))).toEqual(["Anna"]);
    expect((await call(item.GET, { params: { id: ids.anna } })).json.name).toBe(`${PREFIX} Anna`);
    // ...while admins read the database.
    expect(names(await list(query, admin))).toEqual(["Anna (db)"]);

    // An admin write through the API makes every cached reply stale at once.
    const put = await call(item.PUT, { method: "PUT", user: admin, params: { id: ids.bruno }, body: { name: `${PREFIX} Bruno` } });
    expect(put.status).toBe(200);
    expect(names(await list(query))).toEqual(["Anna (db)"]);
    expect((await call(item.GET, { params: { id: ids.anna } })).json.name).toBe(`${PREFIX} Anna (db)`);

    await call(item.PUT, { method: "PUT", user: admin, params: { id: ids.anna }, body: { name: `${PREFIX} Anna` } });
    expect(names(await list(query))).toEqual(["Anna"]);
  });

  it("a search asked in another case or with other accents is the same cached question", async () => {
    const q = (text: string) => `q=${encodeURIComponent(`${PREFIX} ${text}`)}`;
    expect(names(await list(q("chloe")))).toEqual(["Chloé"]);
    await prisma.avatar.update({ where: { id: ids.chloe }, data: { name: `${PREFIX} Chloé (db)` } });
    // The same question in other spellings: the cached answer, from before the change.
    expect(names(await list(q("CHLOÉ")))).toEqual(["Chloé"]);
    expect(names(await list(q("Chloè")))).toEqual(["Chloé"]);
    // Another question is another entry.
    expect(names(await list(q("chloé (")))).toEqual(["Chloé (db)"]);
    await prisma.avatar.update({ where: { id: ids.chloe }, data: { name: `${PREFIX} Chloé` } });
    await invalidatePublicLibrary();
    expect(names(await list(q("chloe")))).toEqual(["Chloé"]);
  });

  it("a tag rename shows in cached listings at once", async () => {
    const query = `sexe=${slug("s2")}`;
    const before = await list(query);
    expect(before.json.avatars[0].tags).toContainEqual({ slug: slug("s2"), name: tags.s2.name, category: "sexe" });
    const renamed = `${tags.s2.name} bis`;
    expect((await call(tagItem.PATCH, { method: "PATCH", user: admin, params: { slugOrId: tags.s2.id }, body: { name: renamed } })).status).toBe(200);
    expect((await list(query)).json.avatars[0].tags).toContainEqual({ slug: slug("s2"), name: renamed, category: "sexe" });
    await call(tagItem.PATCH, { method: "PATCH", user: admin, params: { slugOrId: tags.s2.id }, body: { name: tags.s2.name } });
  });

  it("the same question asked in another order or case is the same entry", async () => {
    const a = `age=${slug("a1")}&sexe=${slug("s2")},${slug("s1")}`;
    const b = `SEXE=${slug("s1").toUpperCase()}&sexe=${slug("s2")}&age=${slug("a1")}`;
    const first = await list(a);
    await prisma.avatar.update({ where: { id: ids.emma }, data: { name: `${PREFIX} Emma (db)` } });
    expect((await list(b)).json).toEqual(first.json);
    await call(item.PUT, { method: "PUT", user: admin, params: { id: ids.emma }, body: { name: `${PREFIX} Emma` } });
  });
});

describe("PUT /api/avatars/public/[id]", () => {
  const put = (id: string, body: unknown, as: TestUser | null = admin) => call(item.PUT, { method: "PUT", user: as, params: { id }, body });

  it("renames and replaces the tags (by slug or by id)", async () => {
    const bySlug = await put(ids.david, { name: `${PREFIX} David`, tagSlugs: [slug("s2"), slug("a2"), slug("i3"), "medical"] });
    expect(bySlug.status).toBe(200);
    expect(bySlug.json.tags.map((t: { slug: string }) => t.slug).sort()).toEqual([slug("a2"), slug("i3"), "medical", slug("s2")].sort());
    expect(names(await list("industrie=medical&q=" + PREFIX))).toEqual(["David"]);
    const byId = await put(ids.david, { tagIds: [tags.s2.id, tags.a2.id, tags.i3.id] });
    expect(byId.json.tags).toHaveLength(3);
    expect(byId.json.name).toBe(`${PREFIX} David`);
    expect((await list("industrie=medical&q=" + PREFIX)).json.total).toBe(0);
  });

  it("admins may edit a processing avatar", async () => {
    const res = await put(ids.pending, { name: `${PREFIX} Pending` });
    expect(res.json).toMatchObject({ status: "processing", videoUrl: null });
  });

  const errors: Array<[string, () => string, () => unknown, number, string?]> = [
    ["empty body", () => ids.emma, () => ({}), 400],
    ["both tagIds and tagSlugs", () => ids.emma, () => ({ tagIds: [tags.s1.id], tagSlugs: [slug("s1")] }), 400, "tagSlugs"],
    ["empty tag list", () => ids.emma, () => ({ tagSlugs: [] }), 400, "tagSlugs"],
    ["unknown tag slug", () => ids.emma, () => ({ tagSlugs: [slug("s1"), "robot"] }), 400, "tagSlugs"],
    ["unknown tag id", () => ids.emma, () => ({ tagIds: ["no-such-tag"] }), 400, "tagIds"],
    ["empty name", () => ids.emma, () => ({ name: " " }), 400, "name"],
    ["unknown field", () => ids.emma, () => ({ name: "x", status: "ready" }), 400],
    ["a private avatar", () => ids.mine, () => ({ name: "Hijacked" }), 404],
    ["a missing avatar", () => "no-such-avatar", () => ({ name: "Ghost" }), 404],
  ];
  for (const [name, id, body, status, path] of errors) {
    it(`${name} -> ${status}`, async () => {
      const res = await put(id(), body());
      expect(res.status).toBe(status);
      if (path) expect(res.json.error.details.map((d: { path: string }) => d.path)).toContain(path);
    });
  }

  it("names the unknown tags", async () => {
    const res = await put(ids.emma, { tagSlugs: ["robot", slug("s1"), "alien"] });
    expect(res.json.error).toEqual({ code: "bad_request", message: "Unknown tags: robot, alien", details: [{ path: "tagSlugs", message: "Unknown tags: robot, alien" }] });
  });

  it("only admins: 401 anonymous, 403 user; nothing changes", async () => {
    expect((await put(ids.emma, { name: "Nope" }, null)).status).toBe(401);
    expect((await put(ids.emma, { name: "Nope" }, user)).status).toBe(403);
    expect((await prisma.avatar.findUniqueOrThrow({ where: { id: ids.emma } })).name).toBe(`${PREFIX} Emma`);
  });
});

describe("DELETE /api/avatars/public/[id]", () => {
  const del = (id: string, as: TestUser | null = admin) => call(item.DELETE, { method: "DELETE", user: as, params: { id } });

  it("deletes the row, its tag links and its own objects (204); then 404", async () => {
    const row = await prisma.avatar.create({ data: { name: `${PREFIX} Gone`, imageUrl: "", visibility: "public", status: "ready", tags: { connect: [{ id: tags.s1.id }] } } });
    const imageKey = storageKeys.publicAvatarImage({ avatarId: row.id, ext: "jpg" });
    const videoKey = storageKeys.publicAvatarVideo({ avatarId: row.id });
    await fileStorage.uploadFile(Buffer.from("jpeg"), imageKey, "image/jpeg");
    await fileStorage.uploadFile(Buffer.from("mp4"), videoKey, "video/mp4");
    await prisma.avatar.update({ where: { id: row.id }, data: { imageUrl: `/api/media/${imageKey}`, videoUrl: `/api/media/${videoKey}` } });
    expect(names(await list(`q=${PREFIX} Gone`))).toEqual(["Gone"]);

    expect((await del(row.id, null)).status).toBe(401);
    expect((await del(row.id, user)).status).toBe(403);
    const res = await del(row.id);
    expect(res.status).toBe(204);
    expect(await prisma.avatar.count({ where: { id: row.id } })).toBe(0);
    expect(await fileStorage.statFile(imageKey)).toBeNull();
    expect(await fileStorage.statFile(videoKey)).toBeNull();
    expect((await list(`q=${PREFIX} Gone`)).json.total).toBe(0);
    expect(await prisma.tag.count({ where: { id: tags.s1.id } })).toBe(1);
    expect((await del(row.id)).status).toBe(404);
  });

  it("never deletes an object another avatar's URL points at, nor a private avatar", async () => {
    const sharedKey = storageKeys.publicAvatarImage({ avatarId: `shared${run}`, ext: "jpg" });
    await fileStorage.uploadFile(Buffer.from("jpeg"), sharedKey, "image/jpeg");
    const row = await prisma.avatar.create({ data: { name: `${PREFIX} Sharing`, imageUrl: `/api/media/${sharedKey}`, visibility: "public", status: "ready" } });
    expect((await del(row.id)).status).toBe(204);
    expect(await fileStorage.statFile(sharedKey)).not.toBeNull();
    expect((await del(ids.mine)).status).toBe(404);
    expect(await prisma.avatar.count({ where: { id: ids.mine } })).toBe(1);
  });
});
