-- CreateIndex
CREATE INDEX "Avatar_visibility_status_createdAt_id_idx" ON "Avatar"("visibility", "status", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Avatar_visibility_status_name_id_idx" ON "Avatar"("visibility", "status", "name", "id");

-- CreateIndex
CREATE INDEX "Avatar_visibility_status_id_idx" ON "Avatar"("visibility", "status", "id");

-- CreateIndex (written by hand: Prisma cannot declare an index on an implicit many-to-many table)
-- The library's tag filters look avatars up by tag: with B then A this is an index-only scan
-- instead of a heap visit per link. See the comment on model Avatar in prisma/schema.prisma. A
-- schema-to-schema prisma migrate diff never sees this index, so it never drops it either.
CREATE INDEX "_AvatarTags_B_A_idx" ON "_AvatarTags"("B", "A");
