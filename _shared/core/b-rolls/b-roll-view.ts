import "server-only";
// Reading b-rolls: the one lookup that answers the same 404 for a missing b-roll and someone else's,
// the listings (filters, pagination), and the one place rows become API replies, so internal fields
// (Fal ids, user ids, storage keys) never leave.
import { notFound } from "@/_shared/lib/errors";
import { clipModelOf } from "@/_shared/lib/fal-price-table";
import { Prisma, prisma, type Tx } from "@/_shared/lib/prisma";
import type { SessionUser } from "@/_shared/lib/session";
import {
  bRollListResponse,
  bRollResponse,
  bRollTakesResponse,
  type BRollListResponse,
  type BRollResponse,
  type BRollTakesResponse,
  type ListBRollsQuery,
} from "@/_shared/schemas/b-roll";
import { bRollTypeOfDb, toDbBRollType } from "@/_shared/core/generation/job-kinds";
import { clipRequestOf } from "@/_shared/core/generation/clip-request";
import { getProjectOrThrow } from "@/_shared/core/projects/projects";

const bRollSelect = {
  id: true,
  name: true,
  prompt: true,
  type: true,
  status: true,
  imageUrl: true,
  videoUrl: true,
  thumbnailUrl: true,
  projectId: true,
  errorMessage: true,
  aspectRatio: true,
  resolution: true,
  durationSeconds: true,
  width: true,
  height: true,
  seed: true,
  videoModel: true,
  videoModelFallbackFrom: true,
  imageSha256: true,
  takeGroupId: true,
  takeIndex: true,
  favorite: true,
  createdAt: true,
  updatedAt: true,
  generation_jobs: { select: { id: true, estimatedCostUsd: true, errorCode: true, input: true }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 1 },
} satisfies Prisma.BRollSelect;

export type BRollRow = Prisma.BRollGetPayload<{ select: typeof bRollSelect }>;

/** A row in the shape the response schema parses (which drops every field it does not name). */
function replyOf(row: BRollRow) {
  const job = row.generation_jobs[0];
  const type = bRollTypeOfDb(row.type);
  return {
    ...row,
    type,
    jobId: job?.id ?? null,
    errorCode: row.status === "failed" ? (job?.errorCode ?? null) : null,
    request: clipRequestOf(type, row, job?.input),
    estimatedCostUsd: job?.estimatedCostUsd == null ? null : Number(job.estimatedCostUsd),
    clipModel: clipModelOf(row),
  };
}

const toBRollResponse = (row: BRollRow): BRollResponse => bRollResponse.parse(replyOf(row));

/** The caller's takes of one group, in take order (those not discarded), or 404 when none is left. */
export async function getTakeGroup({ user, takeGroupId }: { user: SessionUser; takeGroupId: string }): Promise<BRollTakesResponse> {
  const rows = await prisma.bRoll.findMany({ where: { takeGroupId, userId: user.id }, orderBy: [{ takeIndex: "asc" }, { id: "asc" }], select: bRollSelect });
  if (!rows.length) throw notFound("Take group");
  return bRollTakesResponse.parse({ takeGroupId, takes: rows.map(replyOf) });
}

/** The caller's b-roll, or 404 for a missing b-roll and for someone else's alike. */
export async function getBRollOrThrow({ id, userId }: { id: string; userId: string }, tx: Tx = prisma) {
  const row = await tx.bRoll.findFirst({ where: { id, userId }, select: bRollSelect });
  if (!row) throw notFound("B-roll");
  return row;
}

export async function getBRoll({ user, id }: { user: SessionUser; id: string }): Promise<BRollResponse> {
  return toBRollResponse(await getBRollOrThrow({ id, userId: user.id }));
}

/** The caller's b-rolls across projects, newest first, filtered and paginated. */
export async function listBRolls({ user, query }: { user: SessionUser; query: ListBRollsQuery }): Promise<BRollListResponse> {
  const where: Prisma.BRollWhereInput = {
    userId: user.id,
    ...(query.projectId ? { projectId: query.projectId } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.type ? { type: toDbBRollType(query.type) } : {}),
  };
  // Side by side on two connections rather than in one transaction: the page and its count may
  // disagree by a b-roll created in between, which the next read corrects, and a busy pool (a burst
  // of creations) no longer makes the listing wait for BEGIN and COMMIT round trips.
  const [rows, total] = await Promise.all([
    prisma.bRoll.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (query.page - 1) * query.limit,
      take: query.limit,
      select: bRollSelect,
    }),
    prisma.bRoll.count({ where }),
  ]);
  return bRollListResponse.parse({
    bRolls: rows.map(replyOf),
    total,
    page: query.page,
    limit: query.limit,
    hasMore: query.page * query.limit < total,
  });
}

/** GET /api/projects/[id]/b-rolls: one of the caller's projects (404 otherwise). */
export async function listProjectBRolls({ user, projectId, query }: { user: SessionUser; projectId: string; query: Omit<ListBRollsQuery, "projectId"> }) {
  await getProjectOrThrow({ id: projectId, userId: user.id });
  return listBRolls({ user, query: { ...query, projectId } });
}
