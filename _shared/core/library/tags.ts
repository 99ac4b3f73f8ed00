import "server-only";
// Tags: categories `sexe`, `age`, `industrie` and the tags the library is
// filtered by. Anyone reads them (cached with the library); only admins write, and every write
// makes the cached library replies stale, since avatars carry their tags.
import { ApiError, notFound } from "@/_shared/lib/errors";
import { Prisma, prisma } from "@/_shared/lib/prisma";
import type { SessionUser } from "@/_shared/lib/session";
import { slugify } from "@/_shared/lib/slug";
import { categoryResponse, tagListResponse, tagResponse, type CategoryResponse, type TagResponse } from "@/_shared/schemas/tag";
import { cachedLibrary, invalidatePublicLibrary } from "./library-cache";

// Names are sorted for people, in French (the tags' language): "Éducation" sits with the E's.
const byName = new Intl.Collator("fr", { sensitivity: "base", numeric: true }).compare;

const categorySelect = {
  name: true,
  slug: true,
  tags: { select: { id: true, name: true, slug: true } },
} satisfies Prisma.TagCategorySelect;

type CategoryRow = Prisma.TagCategoryGetPayload<{ select: typeof categorySelect }>;

function toCategory(row: CategoryRow): CategoryResponse {
  return categoryResponse.parse({ ...row, tags: [...row.tags].sort((a, b) => byName(a.name, b.name)) });
}

const tagSelect = { id: true, name: true, slug: true, categoryId: true, category: { select: { slug: true } } } satisfies Prisma.TagSelect;
type TagRow = Prisma.TagGetPayload<{ select: typeof tagSelect }>;

const toTag = (row: TagRow): TagResponse => tagResponse.parse({ id: row.id, name: row.name, slug: row.slug, category: row.category.slug });

async function findCategoryOrThrow(slug: string) {
  const row = await prisma.tagCategory.findUnique({ where: { slug }, select: categorySelect });
  if (!row) throw new ApiError("not_found", `Tag category "${slug}" not found`);
  return toCategory(row);
}

/** Public avatars per tag id: admins count every status (the admin page's usage), everyone else the ready ones. */
async function avatarsPerTag({ everyStatus }: { everyStatus: boolean }): Promise<Map<string, number>> {
  const rows = await prisma.$queryRaw<Array<{ tagId: string; n: number }>>`
    SELECT t."B" AS "tagId", count(*)::int AS n FROM "_AvatarTags" t JOIN "Avatar" a ON a."id" = t."A"
    WHERE a."visibility" = 'public' ${everyStatus ? Prisma.empty : Prisma.sql`AND a."status" = 'ready'`} GROUP BY t."B"`;
  return new Map(rows.map((row) => [row.tagId, row.n]));
}

/**
 * GET /api/tags: every category with its tags, or only `category`'s (404 when unknown). With
 * `counts`, each tag says how many public avatars carry it (`avatarCount`; admins count every status).
 */
export async function listTags({ category, counts = false, user = null }: { category?: string; counts?: boolean; user?: SessionUser | null }) {
  const everyStatus = user?.role === "admin";
  return cachedLibrary(`tags:${category ?? "*"}${counts ? `:counts:${everyStatus ? "all" : "ready"}` : ""}`, async () => {
    const rows = category ? [await findCategoryOrThrow(category)] : (await prisma.tagCategory.findMany({ select: categorySelect })).map(toCategory).sort((a, b) => byName(a.name, b.name));
    if (!counts) return tagListResponse.parse({ categories: rows });
    const perTag = await avatarsPerTag({ everyStatus });
    return tagListResponse.parse({ categories: rows.map((c) => ({ ...c, tags: c.tags.map((tag) => ({ ...tag, avatarCount: perTag.get(tag.id) ?? 0 })) })) });
  });
}

/** GET /api/tags/[categorySlug]: one category with its tags. */
export async function getCategory({ slug }: { slug: string }) {
  return cachedLibrary(`category:${slug}`, () => findCategoryOrThrow(slug));
}

/** The tag whose slug is taken, explained: slugs are unique across categories, not only within one. */
async function slugTaken(slug: string, categoryId: string): Promise<never> {
  const other = await prisma.tag.findUnique({ where: { slug }, select: { name: true, categoryId: true, category: { select: { slug: true } } } });
  if (other && other.categoryId !== categoryId) {
    throw new ApiError("conflict", `The slug "${slug}" is already used by the tag "${other.name}" of the category "${other.category.slug}"; choose another name`);
  }
  throw new ApiError("conflict", `The category already has a tag "${other?.name ?? slug}" (slug "${slug}")`);
}

const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";

/** POST /api/tags (admin): the slug is made from the name; a duplicate is a 409. */
export async function createTag({ name, categorySlug }: { user: SessionUser; name: string; categorySlug: string }) {
  const category = await prisma.tagCategory.findUnique({ where: { slug: categorySlug }, select: { id: true } });
  if (!category) {
    const known = (await prisma.tagCategory.findMany({ select: { slug: true }, orderBy: { slug: "asc" } })).map((c) => c.slug);
    const message = `Unknown tag category "${categorySlug}" (known: ${known.join(", ")})`;
    throw new ApiError("bad_request", message, [{ path: "categorySlug", message }]);
  }
  const slug = slugify(name);
  if (await prisma.tag.count({ where: { slug } })) await slugTaken(slug, category.id);
  const row = await prisma.tag
    .create({ data: { name, slug, categoryId: category.id }, select: tagSelect })
    .catch((error: unknown) => (isUniqueViolation(error) ? slugTaken(slug, category.id) : Promise.reject(error)));
  await invalidatePublicLibrary();
  return toTag(row);
}

/**
 * PATCH /api/tags/[id] (admin): renames the tag. Its slug stays: it is the value saved filters and
 * links use, and the base seed recognises its tags by slug (it would re-add a renamed one).
 * Another tag of the category with the same name (ignoring case and accents) is a 409.
 */
export async function renameTag({ id, name }: { user: SessionUser; id: string; name: string }) {
  const tag = await prisma.tag.findUnique({ where: { id }, select: { categoryId: true } });
  if (!tag) throw notFound("Tag");
  const wanted = slugify(name);
  const siblings = await prisma.tag.findMany({ where: { categoryId: tag.categoryId, id: { not: id } }, select: { name: true, slug: true } });
  const twin = siblings.find((other) => other.slug === wanted || slugify(other.name) === wanted);
  if (twin) throw new ApiError("conflict", `The category already has a tag "${twin.name}" (slug "${twin.slug}")`);
  const row = await prisma.tag.update({ where: { id }, data: { name }, select: tagSelect });
  await invalidatePublicLibrary();
  return toTag(row);
}

/** DELETE /api/tags/[id] (admin): the tag and its links to avatars (the join rows cascade). */
export async function deleteTag({ id }: { user: SessionUser; id: string }) {
  const { count } = await prisma.tag.deleteMany({ where: { id } });
  if (count === 0) throw notFound("Tag");
  await invalidatePublicLibrary();
}
