// Tags API: reading categories and tags (anyone), creating, renaming and deleting tags (admins),
// the slug rule, conflicts and the error table. Other files share this database: assertions look at
// the base tags (seeded here) and at tags this file creates with unique names.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { invalidatePublicLibrary } from "@/_shared/core/library/library-cache";
import { prisma } from "@/_shared/lib/prisma";
import { slugify } from "@/_shared/lib/slug";
import * as collection from "@/app/api/tags/route";
import * as item from "@/app/api/tags/[slugOrId]/route";
import { BASE_TAGS } from "@/_shared/lib/base-tags";
import { seedBaseTags } from "@/prisma/seed-data";
import { call, newUser, post, type TestUser } from "../helpers";

let admin: TestUser;
let user: TestUser;
const uid = () => randomUUID().slice(0, 8);
const byName = new Intl.Collator("fr", { sensitivity: "base", numeric: true }).compare;
type Tag = { id: string; name: string; slug: string };
type Category = { name: string; slug: string; tags: Tag[] };

beforeAll(async () => {
  await seedBaseTags(prisma);
  admin = await newUser({ role: "admin" });
  user = await newUser();
  // Rows written straight to the database bypass the services: make the cached library replies stale
  // (with Redis, they may even come from another test run).
  await invalidatePublicLibrary();
});

const getTags = (query = "", as: TestUser | null = null) => call(collection.GET, { path: `/api/tags${query}`, user: as });
const getCategory = (slug: string) => call(item.GET, { params: { slugOrId: slug } });
const postTag = (body: unknown, as: TestUser | null = admin) => post(collection.POST, as, body);
const patchTag = (id: string, body: unknown, as: TestUser | null = admin) => call(item.PATCH, { method: "PATCH", user: as, params: { slugOrId: id }, body });
const deleteTag = (id: string, as: TestUser | null = admin) => call(item.DELETE, { method: "DELETE", user: as, params: { slugOrId: id } });

describe("slugify", () => {
  it.each([
    ["Médical", "medical"],
    ["Éducation", "education"],
    ["  E-commerce  ", "e-commerce"],
    ["Beauté & Bien-être", "beaute-bien-etre"],
    ["Œnologie", "oenologie"],
    ["Prêt-à-porter", "pret-a-porter"],
    ["IA / Tech 2.0", "ia-tech-2-0"],
    ["!!!", ""],
  ])("%s -> %s", (name, slug) => expect(slugify(name)).toBe(slug));
});

describe("GET /api/tags", () => {
  it("answers every category with its tags, categories and tags sorted by name, to anonymous callers", async () => {
    const res = await getTags();
    expect(res.status).toBe(200);
    const categories = res.json.categories as Category[];
    const names = categories.map((c) => c.name);
    expect(names).toEqual([...names].sort(byName));
    const base = categories.filter((c) => c.slug in BASE_TAGS);
    expect(base.map((c) => c.slug)).toEqual(["age", "industrie", "sexe"]);
    for (const category of categories) {
      expect(Object.keys(category).sort()).toEqual(["name", "slug", "tags"]);
      expect(category.tags.map((t) => t.name)).toEqual(category.tags.map((t) => t.name).sort(byName));
      for (const tag of category.tags) expect(Object.keys(tag).sort()).toEqual(["id", "name", "slug"]);
    }
    const industrie = base[1].tags.filter((t) => BASE_TAGS.industrie.tags.some(([slug]) => slug === t.slug));
    expect(industrie.map((t) => t.name)).toEqual([
      "Automobile", "Beauté", "E-commerce", "Éducation", "Finance", "Immobilier", "Médical", "Mode", "Restauration", "Sport", "Tech", "Voyage",
    ]);
    expect(base[2].tags.map((t) => [t.slug, t.name])).toEqual(expect.arrayContaining([["femme", "Femme"], ["homme", "Homme"]]));
  });

  it("?category= narrows to one category; an unknown one is a 404", async () => {
    const res = await getTags("?category=sexe");
    expect(res.status).toBe(200);
    expect(res.json.categories).toHaveLength(1);
    expect(res.json.categories[0]).toMatchObject({ name: "sexe", slug: "sexe" });
    expect(res.json.categories[0].tags.map((t: Tag) => t.slug)).toEqual(expect.arrayContaining(["femme", "homme"]));

    const unknown = await getTags("?category=couleur");
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ error: { code: "not_found", message: expect.stringContaining("couleur") } });
    // A misspelt parameter is named, not silently ignored.
    const misspelt = await getTags("?categorie=sexe");
    expect(misspelt.status).toBe(400);
    expect(JSON.stringify(misspelt.json.error.details)).toContain("categorie");
  });

  it("GET /api/tags/[categorySlug] answers that category with its tags, 404 when unknown", async () => {
    const res = await getCategory("age");
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ name: "age", slug: "age" });
    expect(res.json.tags.map((t: Tag) => t.slug)).toEqual(expect.arrayContaining(["adulte", "jeune", "senior"]));
    const listed = (await getTags("?category=age")).json.categories[0];
    expect(res.json).toEqual(listed);

    const unknown = await getCategory("couleur");
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe("not_found");
  });
});

describe("POST /api/tags", () => {
  it("creates a tag whose slug is made from its name (201); the next read lists it", async () => {
    expect((await getTags("?category=industrie")).status).toBe(200); // warm the cache first
    const name = `Pâtisserie Fine ${uid()}`;
    const res = await postTag({ name: `  ${name}  `, categorySlug: "industrie" });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ id: expect.any(String), name, slug: slugify(name), category: "industrie" });
    expect(res.json.slug).toMatch(/^patisserie-fine-[0-9a-f]{8}$/);

    const listed = (await getTags("?category=industrie")).json.categories[0].tags as Tag[];
    expect(listed).toContainEqual({ id: res.json.id, name, slug: res.json.slug });
    expect((await getCategory("industrie")).json.tags).toContainEqual({ id: res.json.id, name, slug: res.json.slug });
  });

  it("a duplicate in the same category is a 409, also when it differs only by case or accents", async () => {
    const name = `Café ${uid()}`;
    expect((await postTag({ name, categorySlug: "industrie" })).status).toBe(201);
    for (const twin of [name, name.toUpperCase(), name.replace("é", "e")]) {
      const res = await postTag({ name: twin, categorySlug: "industrie" });
      expect(res.status, twin).toBe(409);
      expect(res.json.error.code).toBe("conflict");
    }
  });

  it("a slug used in another category is a 409 too (slugs are unique across categories), naming it", async () => {
    const name = `Sportif ${uid()}`;
    expect((await postTag({ name, categorySlug: "industrie" })).status).toBe(201);
    const res = await postTag({ name, categorySlug: "age" });
    expect(res.status).toBe(409);
    expect(res.json.error.message).toContain("industrie");
  });

  it("only admins create tags: 401 anonymous, 403 user", async () => {
    const body = { name: `Interdit ${uid()}`, categorySlug: "industrie" };
    expect((await postTag(body, null)).json).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
    expect((await postTag(body, null)).status).toBe(401);
    const res = await postTag(body, user);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("forbidden");
    expect(await prisma.tag.count({ where: { slug: slugify(body.name) } })).toBe(0);
  });

  describe("error table", () => {
    const cases: Array<{ name: string; body?: unknown; status: number; path?: string }> = [
      { name: "missing body", status: 400 },
      { name: "missing name", body: { categorySlug: "industrie" }, status: 400, path: "name" },
      { name: "empty name", body: { name: "   ", categorySlug: "industrie" }, status: 400, path: "name" },
      { name: "name without letters or digits", body: { name: "!!!", categorySlug: "industrie" }, status: 400, path: "name" },
      { name: "name too long", body: { name: "x".repeat(61), categorySlug: "industrie" }, status: 400, path: "name" },
      { name: "wrong type", body: { name: 42, categorySlug: "industrie" }, status: 400, path: "name" },
      { name: "missing categorySlug", body: { name: "Ok" }, status: 400, path: "categorySlug" },
      { name: "unknown category", body: { name: "Ok", categorySlug: "couleur" }, status: 400, path: "categorySlug" },
      { name: "unknown field", body: { name: "Ok", categorySlug: "industrie", slug: "forced" }, status: 400 },
    ];
    for (const c of cases) {
      it(`${c.name} -> ${c.status}`, async () => {
        const res = await postTag(c.body);
        expect(res.status).toBe(c.status);
        expect(res.json.error.code).toBe("bad_request");
        if (c.path) expect(res.json.error.details).toContainEqual({ path: c.path, message: expect.any(String) });
      });
    }
  });
});

describe("PATCH and DELETE /api/tags/[id]", () => {
  async function newTag(category = "industrie") {
    const res = await postTag({ name: `Renommable ${uid()}`, categorySlug: category });
    expect(res.status).toBe(201);
    return res.json as Tag & { category: string };
  }

  it("renames a tag and keeps its slug; avatars carry the new name", async () => {
    const tag = await newTag();
    const avatar = await prisma.avatar.create({
      data: { name: `Tagged ${uid()}`, imageUrl: "/api/media/images/public-avatars/x.jpg", visibility: "public", status: "ready", tags: { connect: { id: tag.id } } },
    });
    const name = `Renommé ${uid()}`;
    const res = await patchTag(tag.id, { name });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ id: tag.id, name, slug: tag.slug, category: "industrie" });
    expect((await getCategory("industrie")).json.tags).toContainEqual({ id: tag.id, name, slug: tag.slug });
    const row = await prisma.avatar.findUniqueOrThrow({ where: { id: avatar.id }, select: { tags: { select: { name: true } } } });
    expect(row.tags).toEqual([{ name }]);
  });

  it("renaming to the name of another tag of the category is a 409; an unknown id is a 404", async () => {
    const [a, b] = [await newTag(), await newTag()];
    const res = await patchTag(a.id, { name: b.name.toUpperCase() });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("conflict");
    expect((await patchTag(a.id, { name: a.name })).status).toBe(200); // its own name is fine
    expect((await patchTag("no-such-tag", { name: "Whatever" })).status).toBe(404);
    expect((await patchTag(a.id, { name: "" })).status).toBe(400);
    expect((await patchTag(a.id, {})).status).toBe(400);
  });

  it("deletes a tag and removes it from avatars (204); a second delete is a 404", async () => {
    const [tag, kept] = [await newTag(), await newTag("age")];
    const avatar = await prisma.avatar.create({
      data: { name: `Tagged ${uid()}`, imageUrl: "/api/media/images/public-avatars/y.jpg", visibility: "public", status: "ready", tags: { connect: [{ id: tag.id }, { id: kept.id }] } },
    });
    const res = await deleteTag(tag.id);
    expect(res.status).toBe(204);
    expect(res.json).toBeUndefined();
    expect(await prisma.tag.count({ where: { id: tag.id } })).toBe(0);
    const row = await prisma.avatar.findUniqueOrThrow({ where: { id: avatar.id }, select: { tags: { select: { id: true } }, tagIds: true } });
    expect(row.tags).toEqual([{ id: kept.id }]);
    // The column the library's filters read follows the links the delete removed.
    expect(row.tagIds).toEqual([kept.id]);
    expect((await getCategory("industrie")).json.tags.map((t: Tag) => t.id)).not.toContain(tag.id);
    expect((await deleteTag(tag.id)).status).toBe(404);
  });

  it("only admins rename or delete: 401 anonymous, 403 user", async () => {
    const tag = await newTag();
    expect((await patchTag(tag.id, { name: "Nope" }, null)).status).toBe(401);
    expect((await patchTag(tag.id, { name: "Nope" }, user)).status).toBe(403);
    expect((await deleteTag(tag.id, null)).status).toBe(401);
    expect((await deleteTag(tag.id, user)).status).toBe(403);
    expect(await prisma.tag.findUniqueOrThrow({ where: { id: tag.id } })).toMatchObject({ name: tag.name });
  });
});
