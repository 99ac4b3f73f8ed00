import { describe, expect, it } from "vitest";
import { prisma } from "@/_shared/lib/prisma";
import * as jobs from "@/app/api/admin/jobs/route";
import { call, newUser } from "../helpers";

describe("GET /api/admin/jobs", () => {
  it("lists recent jobs newest first with model, status, cost, duration and error, for admins only", async () => {
    const admin = await newUser({ role: "admin" });
    const user = await newUser();
    const created = new Date(Date.now() + 60_000); // newer than any other test's jobs
    const failed = await prisma.generationJob.create({
      data: { kind: "text_to_video", model: "fal-ai/x", input: {}, status: "failed", error: "refused", errorCode: "content_refused", userId: user.id, estimatedCostUsd: 0.27, createdAt: created, completedAt: new Date(created.getTime() + 4000) },
    });
    const done = await prisma.generationJob.create({
      data: { kind: "text_to_image", model: "fal-ai/flux/dev", input: {}, status: "completed", userId: user.id, createdAt: new Date(created.getTime() + 1000) },
    });
    const res = await call(jobs.GET, { user: admin, path: "/api/admin/jobs?limit=2" });
    expect(res.status).toBe(200);
    expect(res.json.jobs.map((j: { id: string }) => j.id)).toEqual([done.id, failed.id]);
    expect(res.json.jobs[1]).toMatchObject({ kind: "text-to-video", status: "failed", error: "refused", estimatedCostUsd: 0.27, durationMs: 4000, user: { email: user.email } });
    expect(res.json.jobs[1].library).toBe(false);

    // A public library avatar's job shows as the library's, with the admin who made it.
    const avatar = await prisma.avatar.create({ data: { name: "Library face", imageUrl: "/api/media/images/public-avatars/x.jpg", visibility: "public", status: "processing" } });
    const libraryJob = await prisma.generationJob.create({
      data: { kind: "image_to_video", model: "fal-ai/y", input: {}, userId: admin.id, avatarId: avatar.id, createdAt: new Date(created.getTime() + 2000) },
    });
    const withLibrary = await call(jobs.GET, { user: admin, path: "/api/admin/jobs?limit=1" });
    expect(withLibrary.json.jobs[0]).toMatchObject({ id: libraryJob.id, library: true, user: { email: admin.email } });
    const onlyFailed = await call(jobs.GET, { user: admin, path: "/api/admin/jobs?status=failed&limit=1" });
    expect(onlyFailed.json.jobs[0].id).toBe(failed.id);
    expect((await call(jobs.GET, { user })).status).toBe(403);
    expect((await call(jobs.GET, {})).status).toBe(401);
    expect((await call(jobs.GET, { user: admin, path: "/api/admin/jobs?limit=0" })).status).toBe(400);
  });
});
