-- The image-to-video fallback (docs/faces.md): the job's earlier Fal requests, and which model made each clip.
ALTER TABLE "GenerationJob" ADD COLUMN "falRequests" JSONB;
ALTER TABLE "Avatar" ADD COLUMN "videoModel" TEXT, ADD COLUMN "videoModelFallbackFrom" TEXT;
ALTER TABLE "BRoll" ADD COLUMN "videoModel" TEXT, ADD COLUMN "videoModelFallbackFrom" TEXT;
