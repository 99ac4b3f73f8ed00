import "server-only";
// The record of an image session in the database (ImageSession, TempImage): its pictures in the order
// they were made, which picture is an edit of which, the pick and the prompts, so the studio shows
// the same session in every browser and after any navigation. A picture's row is written in the
// transaction that completes the request that made it, after its object is stored: a request that
// finishes after the user left still lands, and a failed one leaves neither rows nor objects.
// Sessions are the user's own: every lookup is by (user, session id), and a session the caller does
// not have is a 404 whoever else has one with that id.
import { ApiError, notFound } from "@/_shared/lib/errors";
import { getEnv } from "@/_shared/lib/env";
import { prisma, type Tx } from "@/_shared/lib/prisma";
import type { SessionUser } from "@/_shared/lib/session";
import { keyFromMediaUrl, mediaUrl, storageKeys } from "@/_shared/lib/storage-keys";
import { imageSessionResponse, type ImageSessionResponse, type UpdateImageSessionBody } from "@/_shared/schemas/image";
import { z } from "zod";
import { fileStorage } from "../file-storage.service";

type Owner = { userId: string; sessionId: string };
export type TempImageSource = "generated" | "edited" | "uploaded";

/** A stored picture to record: its image id (of its key), key and size. */
export interface StoredPicture {
  id: string;
  key: string;
  width: number;
  height: number;
}

/** The caller's session, created empty when they have none (opening the studio, a first picture). */
async function ensureSession(db: Tx, { userId, sessionId }: Owner, changes: { prompt?: string } = {}) {
  // Never a unique violation: a concurrent first request for the same session simply finds it.
  await db.imageSession.createMany({ data: [{ userId, sessionId }], skipDuplicates: true });
  return db.imageSession.update({
    where: { userId_sessionId: { userId, sessionId } },
    data: { ...changes, updatedAt: new Date() },
    select: { id: true, pickedImageId: true },
  });
}

/** Makes `sessionId` one of the user's sessions (the studio page does, so the session can be read). */
export async function openImageSession({ user, sessionId }: { user: SessionUser; sessionId: string }): Promise<void> {
  await prisma.imageSession.createMany({ data: [{ userId: user.id, sessionId }], skipDuplicates: true });
}

/** Records that a generation starts in the session: the session exists, with the description used. */
export async function noteSessionRequest(tx: Tx, owner: Owner, prompt?: string): Promise<void> {
  await ensureSession(tx, owner, prompt === undefined ? {} : { prompt });
}

/**
 * Records pictures just stored in the session, in order, inside the caller's transaction. An edit's
 * parent is the picture it was made from when that one is of the same session. An edit of the picked
 * picture becomes the pick (the user was looking at it), and so does an upload (a photo chosen on
 * purpose).
 */
export async function recordSessionPictures(
  tx: Tx,
  p: Owner & { pictures: StoredPicture[]; source: TempImageSource; prompt?: string; parentKey?: string; jobId?: string; seed?: number },
): Promise<void> {
  const session = await ensureSession(tx, p);
  const parent = p.parentKey ? await tx.tempImage.findFirst({ where: { key: p.parentKey, imageSessionId: session.id }, select: { id: true } }) : null;
  // One insert per picture, in order: the sequence numbers them as the request returned them.
  for (const picture of p.pictures) {
    await tx.tempImage.create({
      data: {
        id: picture.id,
        key: picture.key,
        imageSessionId: session.id,
        source: p.source,
        parentId: parent?.id ?? null,
        prompt: p.prompt ?? null,
        seed: p.seed ?? null,
        width: picture.width,
        height: picture.height,
        jobId: p.jobId ?? null,
      },
    });
  }
  const picksNew = p.source === "uploaded" || (parent !== null && parent.id === session.pickedImageId);
  if (picksNew && p.pictures.length) await tx.imageSession.update({ where: { id: session.id }, data: { pickedImageId: p.pictures[0].id } });
}

const IMAGE_KINDS = ["text_to_image", "image_edit"] as const;
const pendingInput = z.object({
  sessionId: z.string(),
  source: z.string().optional(),
  falInput: z.object({ num_images: z.number().int().optional() }).loose(),
});

/** The session's picture requests still running (their pictures are on their way). */
async function pendingRequests(owner: Owner) {
  const since = new Date(Date.now() - getEnv().JOB_DEADLINE_MINUTES * 60_000);
  const jobs = await prisma.generationJob.findMany({
    where: {
      userId: owner.userId,
      kind: { in: [...IMAGE_KINDS] },
      status: { in: ["queued", "submitted"] },
      createdAt: { gte: since },
      input: { path: ["sessionId"], equals: owner.sessionId },
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, kind: true, input: true, createdAt: true },
  });
  return jobs.map((job) => {
    const input = pendingInput.safeParse(job.input).data;
    return {
      jobId: job.id,
      kind: job.kind === "text_to_image" ? ("text-to-image" as const) : ("image-edit" as const),
      count: job.kind === "text_to_image" ? (input?.falInput.num_images ?? 1) : 1,
      parentImageUrl: input?.source ? mediaUrl(input.source) : null,
      createdAt: job.createdAt,
    };
  });
}

/** GET /api/images/sessions/:sessionId: the session as the studio shows it. */
export async function getImageSession({ user, sessionId }: { user: SessionUser; sessionId: string }): Promise<ImageSessionResponse> {
  const owner = { userId: user.id, sessionId };
  // Running requests first, then the pictures: a request that completes in between shows in both
  // (once more as on its way), never in neither (its pictures and its completion are one transaction).
  const pending = await pendingRequests(owner);
  const session = await prisma.imageSession.findUnique({
    where: { userId_sessionId: owner },
    select: {
      prompt: true,
      motionPrompt: true,
      pickedImageId: true,
      updatedAt: true,
      images: { orderBy: { seq: "asc" }, select: { id: true, key: true, source: true, parentId: true, prompt: true, seed: true, width: true, height: true, createdAt: true } },
    },
  });
  if (!session) throw notFound("Image session");
  // Pictures whose object is gone are left out (the pictures of a session go once an avatar made
  // from one of them is ready; the sweep removes their rows).
  const stored = new Set(await fileStorage.listKeys(storageKeys.tempSessionPrefix(owner)));
  const images = session.images.filter((image) => stored.has(image.key));
  const urlOf = new Map(images.map((image) => [image.id, mediaUrl(image.key)]));
  return imageSessionResponse.parse({
    sessionId,
    prompt: session.prompt,
    motionPrompt: session.motionPrompt,
    pickedImageUrl: (session.pickedImageId && urlOf.get(session.pickedImageId)) ?? null,
    images: images.map((image) => ({
      imageUrl: mediaUrl(image.key),
      width: image.width,
      height: image.height,
      source: image.source,
      parentImageUrl: (image.parentId && urlOf.get(image.parentId)) ?? null,
      prompt: image.prompt,
      seed: image.seed,
      createdAt: image.createdAt,
    })),
    pending,
    updatedAt: session.updatedAt,
  });
}

/** PATCH /api/images/sessions/:sessionId: the pick and the prompts (each field optional). */
export async function updateImageSession({ user, sessionId, body }: { user: SessionUser; sessionId: string; body: UpdateImageSessionBody }) {
  const owner = { userId: user.id, sessionId };
  await prisma.$transaction(async (tx) => {
    const session = await tx.imageSession.findUnique({ where: { userId_sessionId: owner }, select: { id: true } });
    if (!session) throw notFound("Image session");
    let pickedImageId: string | null | undefined;
    if (body.pickedImageUrl === null) pickedImageId = null;
    else if (body.pickedImageUrl !== undefined) {
      const key = keyFromMediaUrl(body.pickedImageUrl, getEnv().APP_URL);
      const picture = key ? await tx.tempImage.findFirst({ where: { key, imageSessionId: session.id }, select: { id: true } }) : null;
      if (!picture) {
        const message = "pickedImageUrl must be one of this session's pictures";
        throw new ApiError("bad_request", message, [{ path: "pickedImageUrl", message }]);
      }
      pickedImageId = picture.id;
    }
    await tx.imageSession.update({
      where: { id: session.id },
      data: {
        ...(body.prompt !== undefined ? { prompt: body.prompt } : {}),
        ...(body.motionPrompt !== undefined ? { motionPrompt: body.motionPrompt } : {}),
        ...(pickedImageId !== undefined ? { pickedImageId } : {}),
        updatedAt: new Date(),
      },
    });
  });
  return getImageSession({ user, sessionId });
}

/** Deletes the session's record and its pictures' rows (before their objects: no row outlives its object). */
export async function deleteSessionRecord(owner: Owner): Promise<void> {
  await prisma.imageSession.deleteMany({ where: owner });
}

/**
 * The sweep's share: rows of pictures whose object expired (`expiredKeys`) or is gone (not among
 * `listedKeys`, for rows older than the listing made at `listedAt`), then sessions with no picture
 * left and no change since `cutoff`. Returns how many picture rows went.
 */
export async function sweepSessionRecords(p: { expiredKeys: string[]; listedKeys: Set<string>; listedAt: Date; cutoff: Date }): Promise<number> {
  const older = await prisma.tempImage.findMany({ where: { createdAt: { lt: p.listedAt } }, select: { id: true, key: true } });
  const expired = new Set(p.expiredKeys);
  const gone = older.filter((row) => expired.has(row.key) || !p.listedKeys.has(row.key)).map((row) => row.id);
  let removed = 0;
  for (let i = 0; i < gone.length; i += 1000) {
    removed += (await prisma.tempImage.deleteMany({ where: { id: { in: gone.slice(i, i + 1000) } } })).count;
  }
  await prisma.imageSession.deleteMany({ where: { updatedAt: { lt: p.cutoff }, images: { none: {} } } });
  return removed;
}
