import { describe, expect, it } from "vitest";
import { prisma } from "@/_shared/lib/prisma";
import { BASE_TAGS } from "@/_shared/lib/base-tags";
import { seedBaseTags } from "@/prisma/seed-data";

// Only the base rows are compared (by slug): other test files share this database.
const categorySlugs = Object.keys(BASE_TAGS);
const tagSlugs = Object.values(BASE_TAGS).flatMap(({ tags }) => tags.map(([slug]) => slug));

async function baseRows() {
  const categories = await prisma.tagCategory.findMany({ where: { slug: { in: categorySlugs } }, orderBy: { slug: "asc" } });
  const tags = await prisma.tag.findMany({ where: { slug: { in: tagSlugs } }, orderBy: { slug: "asc" }, include: { category: { select: { slug: true } } } });
  return { categories, tags };
}

describe("seedBaseTags", () => {
  it("creates the sexe, age and industrie categories with their tags", async () => {
    await seedBaseTags(prisma);
    const { categories, tags } = await baseRows();
    expect(categories.map((c) => [c.slug, c.name])).toEqual([
      ["age", "age"],
      ["industrie", "industrie"],
      ["sexe", "sexe"],
    ]);
    expect(tags).toHaveLength(17);
    const bySlug = new Map(tags.map((t) => [t.slug, { name: t.name, category: t.category.slug }]));
    expect(bySlug.get("homme")).toEqual({ name: "Homme", category: "sexe" });
    expect(bySlug.get("femme")).toEqual({ name: "Femme", category: "sexe" });
    for (const slug of ["jeune", "adulte", "senior"]) expect(bySlug.get(slug)?.category, slug).toBe("age");
    expect(bySlug.get("medical")).toEqual({ name: "Médical", category: "industrie" });
    expect(bySlug.get("education")).toEqual({ name: "Éducation", category: "industrie" });
    expect(bySlug.get("e-commerce")).toEqual({ name: "E-commerce", category: "industrie" });
    expect(tags.filter((t) => t.category.slug === "industrie")).toHaveLength(12);
  });

  it("a second run adds nothing and touches no row", async () => {
    await seedBaseTags(prisma);
    const before = await baseRows();
    expect(await seedBaseTags(prisma)).toEqual({ categories: 0, tags: 0 });
    const after = await baseRows();
    expect(after).toEqual(before);
    expect(after.tags.map((t) => t.updatedAt.getTime())).toEqual(before.tags.map((t) => t.updatedAt.getTime()));
  });

  it("never undoes an admin's rename of a base tag or category", async () => {
    await seedBaseTags(prisma);
    await prisma.tag.update({ where: { slug: "medical" }, data: { name: "Santé" } });
    await prisma.tagCategory.update({ where: { slug: "age" }, data: { name: "Tranche d'âge" } });
    try {
      expect(await seedBaseTags(prisma)).toEqual({ categories: 0, tags: 0 });
      expect((await prisma.tag.findUniqueOrThrow({ where: { slug: "medical" } })).name).toBe("Santé");
      expect((await prisma.tagCategory.findUniqueOrThrow({ where: { slug: "age" } })).name).toBe("Tranche d'âge");
    } finally {
      await prisma.tag.update({ where: { slug: "medical" }, data: { name: "Médical" } });
      await prisma.tagCategory.update({ where: { slug: "age" }, data: { name: "age" } });
    }
  });
});
