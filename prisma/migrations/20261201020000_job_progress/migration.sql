-- AlterTable
ALTER TABLE "GenerationJob" ADD COLUMN     "falQueuePosition" INTEGER,
ADD COLUMN     "startedAt" TIMESTAMP(3),
ADD COLUMN     "statusCheckedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "GenerationJob_userId_status_idx" ON "GenerationJob"("userId", "status");
