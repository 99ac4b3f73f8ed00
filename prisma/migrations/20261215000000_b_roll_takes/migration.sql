-- B-roll takes: the seed a clip was made with, the group of takes one request made, and the keeper mark.

-- AlterTable
ALTER TABLE "BRoll" ADD COLUMN     "seed" INTEGER,
ADD COLUMN     "takeGroupId" TEXT,
ADD COLUMN     "takeIndex" INTEGER,
ADD COLUMN     "favorite" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "BRoll_takeGroupId_idx" ON "BRoll"("takeGroupId");
