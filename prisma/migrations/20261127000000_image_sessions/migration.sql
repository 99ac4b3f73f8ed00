-- Avatar studio sessions on the server (docs/architecture.md, "Data"): one ImageSession per user
-- and session id (prompts, pick) and one TempImage per session picture (order, parent edit).

-- CreateEnum
CREATE TYPE "TempImageSource" AS ENUM ('generated', 'edited', 'uploaded');

-- CreateTable
CREATE TABLE "ImageSession" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "prompt" TEXT NOT NULL DEFAULT '',
    "motionPrompt" TEXT NOT NULL DEFAULT '',
    "pickedImageId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ImageSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TempImage" (
    "id" TEXT NOT NULL,
    "seq" SERIAL NOT NULL,
    "imageSessionId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "source" "TempImageSource" NOT NULL,
    "parentId" TEXT,
    "prompt" TEXT,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "jobId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TempImage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ImageSession_updatedAt_idx" ON "ImageSession"("updatedAt");

-- CreateIndex
CREATE INDEX "ImageSession_pickedImageId_idx" ON "ImageSession"("pickedImageId");

-- CreateIndex
CREATE UNIQUE INDEX "ImageSession_userId_sessionId_key" ON "ImageSession"("userId", "sessionId");

-- CreateIndex
CREATE UNIQUE INDEX "TempImage_key_key" ON "TempImage"("key");

-- CreateIndex
CREATE INDEX "TempImage_imageSessionId_seq_idx" ON "TempImage"("imageSessionId", "seq");

-- CreateIndex
CREATE INDEX "TempImage_parentId_idx" ON "TempImage"("parentId");

-- CreateIndex
CREATE INDEX "TempImage_createdAt_idx" ON "TempImage"("createdAt");

-- AddForeignKey
ALTER TABLE "ImageSession" ADD CONSTRAINT "ImageSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImageSession" ADD CONSTRAINT "ImageSession_pickedImageId_fkey" FOREIGN KEY ("pickedImageId") REFERENCES "TempImage"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TempImage" ADD CONSTRAINT "TempImage_imageSessionId_fkey" FOREIGN KEY ("imageSessionId") REFERENCES "ImageSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TempImage" ADD CONSTRAINT "TempImage_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "TempImage"("id") ON DELETE SET NULL ON UPDATE CASCADE;

