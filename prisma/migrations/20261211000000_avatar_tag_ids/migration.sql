-- Each avatar's tag ids, kept by the database itself from the tag links (_AvatarTags, Prisma's table
-- for the implicit Avatar <-> Tag relation): the app never writes the column. A GIN index on it lets
-- the library's tag filters (one tag of each filtered category) be answered as one bitmap AND of
-- `tagIds && ARRAY[...]` per category, instead of one semi-join over the links per category.

-- AlterTable (as Prisma declares a scalar list)
ALTER TABLE "Avatar" ADD COLUMN     "tagIds" TEXT[] DEFAULT ARRAY[]::TEXT[];

UPDATE "Avatar" a SET "tagIds" = COALESCE((SELECT array_agg(l."B" ORDER BY l."B") FROM "_AvatarTags" l WHERE l."A" = a."id"), ARRAY[]::TEXT[]);

-- CreateIndex
CREATE INDEX "Avatar_tagIds_idx" ON "Avatar" USING GIN ("tagIds");

-- (The trigger functions' bodies are E'' strings with their semicolons written \073: Prisma's
-- migration runner splits a script at every semicolon, even inside a quoted body.)
-- The avatars whose links a statement changed get their tag ids read again from the links: once per
-- avatar and statement (statement triggers over the transition tables), so a bulk insert of links
-- does not rewrite an avatar once per link.
CREATE FUNCTION "avatar_tag_ids_of"(avatar_id TEXT) RETURNS TEXT[] LANGUAGE sql STABLE AS $$
  SELECT COALESCE(array_agg(l."B" ORDER BY l."B"), ARRAY[]::TEXT[]) FROM "_AvatarTags" l WHERE l."A" = avatar_id
$$;

CREATE FUNCTION "avatar_tag_ids_after_insert"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  UPDATE "Avatar" a SET "tagIds" = "avatar_tag_ids_of"(a."id") WHERE a."id" IN (SELECT DISTINCT "A" FROM new_links)\073
  RETURN NULL\073
END ';

CREATE FUNCTION "avatar_tag_ids_after_delete"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  UPDATE "Avatar" a SET "tagIds" = "avatar_tag_ids_of"(a."id") WHERE a."id" IN (SELECT DISTINCT "A" FROM old_links)\073
  RETURN NULL\073
END ';

CREATE FUNCTION "avatar_tag_ids_after_update"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  UPDATE "Avatar" a SET "tagIds" = "avatar_tag_ids_of"(a."id")
  WHERE a."id" IN (SELECT "A" FROM old_links UNION SELECT "A" FROM new_links)\073
  RETURN NULL\073
END ';

CREATE TRIGGER "avatar_tag_ids_insert" AFTER INSERT ON "_AvatarTags"
  REFERENCING NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION "avatar_tag_ids_after_insert"();
CREATE TRIGGER "avatar_tag_ids_delete" AFTER DELETE ON "_AvatarTags"
  REFERENCING OLD TABLE AS old_links FOR EACH STATEMENT EXECUTE FUNCTION "avatar_tag_ids_after_delete"();
CREATE TRIGGER "avatar_tag_ids_update" AFTER UPDATE ON "_AvatarTags"
  REFERENCING OLD TABLE AS old_links NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION "avatar_tag_ids_after_update"();
