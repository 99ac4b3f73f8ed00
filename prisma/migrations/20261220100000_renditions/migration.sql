-- Renditions: ad-ready formats and poster frames of ready clips (docs/exports.md).
-- CreateTable
CREATE TABLE "Rendition" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dedupKey" TEXT NOT NULL,
    "status" "GenerationStatus" NOT NULL DEFAULT 'processing',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "errorMessage" TEXT,
    "format" TEXT,
    "fit" TEXT,
    "focusX" DOUBLE PRECISION,
    "focusY" DOUBLE PRECISION,
    "trimStart" DOUBLE PRECISION,
    "trimEnd" DOUBLE PRECISION,
    "time" DOUBLE PRECISION,
    "objectKey" TEXT,
    "webpKey" TEXT,
    "width" INTEGER,
    "height" INTEGER,
    "durationSeconds" DOUBLE PRECISION,
    "bytes" INTEGER,
    "userId" TEXT,
    "bRollId" TEXT,
    "avatarId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Rendition_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Rendition_dedupKey_key" ON "Rendition"("dedupKey");

-- CreateIndex
CREATE INDEX "Rendition_bRollId_idx" ON "Rendition"("bRollId");

-- CreateIndex
CREATE INDEX "Rendition_avatarId_idx" ON "Rendition"("avatarId");

-- AddForeignKey
ALTER TABLE "Rendition" ADD CONSTRAINT "Rendition_bRollId_fkey" FOREIGN KEY ("bRollId") REFERENCES "BRoll"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Rendition" ADD CONSTRAINT "Rendition_avatarId_fkey" FOREIGN KEY ("avatarId") REFERENCES "Avatar"("id") ON DELETE CASCADE ON UPDATE CASCADE;

