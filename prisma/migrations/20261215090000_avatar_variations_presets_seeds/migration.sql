-- Avatar variations grids, motion presets (seeded with a starter library), and the seeds of pictures and avatar clips.
-- AlterTable
ALTER TABLE "Avatar" ADD COLUMN     "seed" INTEGER,
ADD COLUMN     "variationGridId" TEXT;

-- AlterTable
ALTER TABLE "TempImage" ADD COLUMN     "seed" INTEGER;

-- CreateTable
CREATE TABLE "AvatarVariationGrid" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "sessionId" TEXT,
    "name" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "imageUrls" TEXT[],
    "motions" TEXT[],
    "cells" JSONB NOT NULL,
    "idempotencyKey" TEXT,
    "requestHash" TEXT,
    "winnerAvatarId" TEXT,
    "decidedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AvatarVariationGrid_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MotionPreset" (
    "id" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "prompt" TEXT NOT NULL,
    "cameraFixed" BOOLEAN,
    "duration" INTEGER,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MotionPreset_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AvatarVariationGrid_userId_createdAt_idx" ON "AvatarVariationGrid"("userId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "AvatarVariationGrid_userId_idempotencyKey_key" ON "AvatarVariationGrid"("userId", "idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "MotionPreset_label_key" ON "MotionPreset"("label");

-- CreateIndex
CREATE INDEX "MotionPreset_position_idx" ON "MotionPreset"("position");

-- CreateIndex
CREATE INDEX "Avatar_variationGridId_idx" ON "Avatar"("variationGridId");

-- AddForeignKey
ALTER TABLE "Avatar" ADD CONSTRAINT "Avatar_variationGridId_fkey" FOREIGN KEY ("variationGridId") REFERENCES "AvatarVariationGrid"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AvatarVariationGrid" ADD CONSTRAINT "AvatarVariationGrid_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- The starter library of motion presets (admins edit it from the admin page).
INSERT INTO "MotionPreset" ("id", "label", "prompt", "cameraFixed", "duration", "position", "updatedAt") VALUES
  ('preset_subtle_smile', 'Subtle smile', 'The person looks at the camera and slowly breaks into a subtle, natural smile, with slight breathing movement', true, NULL, 10, CURRENT_TIMESTAMP),
  ('preset_nod', 'Nod', 'The person looks at the camera and nods twice slowly, with a friendly expression', true, NULL, 20, CURRENT_TIMESTAMP),
  ('preset_looks_at_camera', 'Looks at camera', 'The person glances away, then turns their eyes to the camera and holds eye contact, calm and confident', true, NULL, 30, CURRENT_TIMESTAMP),
  ('preset_turns_head', 'Turns head', 'The person slowly turns their head from a three-quarter view to face the camera', true, NULL, 40, CURRENT_TIMESTAMP),
  ('preset_hand_gesture', 'Hand gesture', 'The person raises one hand into frame with an open, welcoming gesture while speaking silently to the camera', true, NULL, 50, CURRENT_TIMESTAMP),
  ('preset_walk_in', 'Walk-in', 'The person walks into the frame from the side, stops in the centre and looks at the camera', false, 8, 60, CURRENT_TIMESTAMP),
  ('preset_camera_static', 'Camera: static', 'Static camera, locked-off shot, the person moves naturally with subtle gestures', true, NULL, 70, CURRENT_TIMESTAMP),
  ('preset_camera_push_in', 'Camera: slow push-in', 'The camera slowly pushes in towards the person''s face while they look at the camera and smile', false, NULL, 80, CURRENT_TIMESTAMP),
  ('preset_camera_orbit', 'Camera: orbit', 'The camera slowly orbits around the person, who keeps looking at the camera with a slight smile', false, NULL, 90, CURRENT_TIMESTAMP);
