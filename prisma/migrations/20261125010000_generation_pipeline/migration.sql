-- AlterEnum
ALTER TYPE "JobStatus" ADD VALUE 'finalizing';

-- AlterTable
ALTER TABLE "Avatar" ADD COLUMN     "aspectRatio" TEXT,
ADD COLUMN     "durationSeconds" DOUBLE PRECISION,
ADD COLUMN     "height" INTEGER,
ADD COLUMN     "width" INTEGER;

-- AlterTable
ALTER TABLE "BRoll" ADD COLUMN     "aspectRatio" TEXT,
ADD COLUMN     "durationSeconds" DOUBLE PRECISION,
ADD COLUMN     "height" INTEGER,
ADD COLUMN     "resolution" TEXT,
ADD COLUMN     "width" INTEGER;

-- AlterTable
ALTER TABLE "GenerationJob" ADD COLUMN     "claimedAt" TIMESTAMP(3),
ADD COLUMN     "inferenceMs" INTEGER,
ADD COLUMN     "outcomeAt" TIMESTAMP(3);

