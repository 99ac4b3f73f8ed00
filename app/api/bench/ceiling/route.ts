import { getEnv } from "@/_shared/lib/env";
import { notFound } from "@/_shared/lib/errors";
import { route } from "@/_shared/lib/route";
import type { PublicAvatarListResponse } from "@/_shared/schemas/public-avatar";

// GET /api/bench/ceiling - the benches' reference (bench/listing.ts): a fixed listing page of 10
// avatars, with no database, cache or session, through the same route wrapper as every API route.
// What it answers under load is this server's ceiling on this machine. It exists only where the
// server runs with BENCH_ROUTES=1 (the bench stack sets it); a normal deployment answers 404.

const at = new Date(Date.UTC(2026, 0, 1)).toISOString();
const PAGE: PublicAvatarListResponse = {
  avatars: Array.from({ length: 10 }, (_, i) => ({
    id: `bench-ceiling-${i + 1}`,
    name: `Demo Camille Portrait ${i + 1}`,
    imageUrl: `/api/media/images/public-avatars/demo-look-${(i % 6) + 1}.jpg`,
    videoUrl: `/api/media/videos/avatars/public/demo-look-${(i % 6) + 1}.mp4`,
    visibility: "public",
    status: "ready",
    errorMessage: null,
    projectId: null,
    tags: [
      { slug: "homme", name: "Homme", category: "sexe" },
      { slug: "senior", name: "Senior", category: "age" },
      { slug: "tech", name: "Tech", category: "industrie" },
    ],
    durationSeconds: 2,
    width: 480,
    height: 854,
    jobId: null,
    clipModel: null,
    createdAt: at,
    updatedAt: at,
    usageCount: 0,
    favorite: false,
  })),
  total: 10_000,
  hasMore: true,
  page: 1,
  limit: 10,
};

export const GET = route({ auth: "none" }, async () => {
  // Read from the server's environment at run time: the same build serves a bench and a deployment.
  if (!getEnv().BENCH_ROUTES) throw notFound("Route");
  return PAGE;
});
