// The base tag library: categories `sexe`, `age`, `industrie` and their tags. Seeding only inserts
// what is missing, so running it twice changes nothing (and never undoes an admin's rename).
import type { PrismaClient } from "../_shared/generated/prisma/client";
import { BASE_TAGS } from "../_shared/lib/base-tags";

export async function seedBaseTags(prisma: PrismaClient): Promise<{ categories: number; tags: number }> {
  const categories = await prisma.tagCategory.createMany({
    data: Object.entries(BASE_TAGS).map(([slug, { name }]) => ({ slug, name })),
    skipDuplicates: true,
  });
  const bySlug = new Map(
    (await prisma.tagCategory.findMany({ select: { id: true, slug: true } })).map((c) => [c.slug, c.id]),
  );
  const tags = await prisma.tag.createMany({
    data: Object.entries(BASE_TAGS).flatMap(([categorySlug, { tags }]) =>
      tags.map(([slug, name]) => ({ slug, name, categoryId: bySlug.get(categorySlug)! })),
    ),
    skipDuplicates: true,
  });
  return { categories: categories.count, tags: tags.count };
}
