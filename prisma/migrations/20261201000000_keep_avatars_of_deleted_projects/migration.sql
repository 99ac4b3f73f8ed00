-- Deleting a project keeps its private avatars (reusable in every project): they are detached
-- (projectId set to null) instead of deleted with it. The service deletes them when asked to.
-- DropForeignKey
ALTER TABLE "Avatar" DROP CONSTRAINT "Avatar_projectId_fkey";

-- AddForeignKey
ALTER TABLE "Avatar" ADD CONSTRAINT "Avatar_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE SET NULL ON UPDATE CASCADE;

