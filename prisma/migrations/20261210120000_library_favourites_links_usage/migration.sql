-- The library's favourites (per user), public avatars added to projects, and the usage counter the "most used" sort reads.

-- AlterTable
ALTER TABLE "Avatar" ADD COLUMN     "usageCount" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "FavoriteAvatar" (
    "userId" TEXT NOT NULL,
    "avatarId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FavoriteAvatar_pkey" PRIMARY KEY ("userId","avatarId")
);

-- CreateTable
CREATE TABLE "ProjectLibraryAvatar" (
    "projectId" TEXT NOT NULL,
    "avatarId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProjectLibraryAvatar_pkey" PRIMARY KEY ("projectId","avatarId")
);

-- CreateIndex
CREATE INDEX "FavoriteAvatar_avatarId_idx" ON "FavoriteAvatar"("avatarId");

-- CreateIndex
CREATE INDEX "ProjectLibraryAvatar_avatarId_idx" ON "ProjectLibraryAvatar"("avatarId");

-- CreateIndex
CREATE INDEX "Avatar_visibility_status_usageCount_id_idx" ON "Avatar"("visibility", "status", "usageCount" DESC, "id" DESC);

-- AddForeignKey
ALTER TABLE "FavoriteAvatar" ADD CONSTRAINT "FavoriteAvatar_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FavoriteAvatar" ADD CONSTRAINT "FavoriteAvatar_avatarId_fkey" FOREIGN KEY ("avatarId") REFERENCES "Avatar"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProjectLibraryAvatar" ADD CONSTRAINT "ProjectLibraryAvatar_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProjectLibraryAvatar" ADD CONSTRAINT "ProjectLibraryAvatar_avatarId_fkey" FOREIGN KEY ("avatarId") REFERENCES "Avatar"("id") ON DELETE CASCADE ON UPDATE CASCADE;

