import "server-only";
// The clip a rendition is made from, as the caller may see it: their own b-roll or private avatar, or
// any public avatar of the library (for every signed-in user). Another user's clip is a 404.
import { ApiError, notFound } from "@/_shared/lib/errors";
import { prisma } from "@/_shared/lib/prisma";
import type { SessionUser } from "@/_shared/lib/session";
import { keyOfStoredMediaUrl, type ClipLocation } from "@/_shared/lib/storage-keys";

export type ClipType = "b-roll" | "avatar";

export interface Clip {
  type: ClipType;
  id: string;
  status: "processing" | "ready" | "failed";
  /** The owner of a b-roll or private avatar; null for a public avatar (its renditions are shared). */
  ownerId: string | null;
  location: ClipLocation;
  videoKey: string | null;
  durationSeconds: number | null;
}

const bRollSelect = { id: true, userId: true, projectId: true, status: true, videoUrl: true, durationSeconds: true } as const;
const avatarSelect = { id: true, userId: true, visibility: true, status: true, videoUrl: true, durationSeconds: true } as const;

function fromBRoll(row: { id: string; userId: string; projectId: string; status: Clip["status"]; videoUrl: string | null; durationSeconds: number | null }): Clip {
  return {
    type: "b-roll", id: row.id, status: row.status, ownerId: row.userId,
    location: { type: "b-roll", userId: row.userId, projectId: row.projectId, bRollId: row.id },
    videoKey: row.videoUrl ? keyOfStoredMediaUrl(row.videoUrl) : null, durationSeconds: row.durationSeconds,
  };
}

function fromAvatar(row: { id: string; userId: string | null; visibility: "private" | "public"; status: Clip["status"]; videoUrl: string | null; durationSeconds: number | null }): Clip {
  const location: ClipLocation = row.visibility === "public" || !row.userId ? { type: "public-avatar", avatarId: row.id } : { type: "private-avatar", userId: row.userId, avatarId: row.id };
  return {
    type: "avatar", id: row.id, status: row.status, ownerId: location.type === "public-avatar" ? null : row.userId,
    location, videoKey: row.videoUrl ? keyOfStoredMediaUrl(row.videoUrl) : null, durationSeconds: row.durationSeconds,
  };
}

/** The clip `id` of `type` (either when omitted) if the user may see it, else a 404. */
export async function visibleClip(user: SessionUser, id: string, type?: ClipType): Promise<Clip> {
  if (type !== "avatar") {
    const bRoll = await prisma.bRoll.findFirst({ where: { id, userId: user.id }, select: bRollSelect });
    if (bRoll) return fromBRoll(bRoll);
  }
  if (type !== "b-roll") {
    const avatar = await prisma.avatar.findFirst({
      where: { id, OR: [{ visibility: "private", userId: user.id }, { visibility: "public", status: "ready" }] },
      select: avatarSelect,
    });
    if (avatar) return fromAvatar(avatar);
  }
  throw notFound(type === "b-roll" ? "B-roll" : type === "avatar" ? "Avatar" : "Clip");
}

/** A visible clip that is ready (a rendition needs its video): 409 otherwise. */
export async function readyClip(user: SessionUser, id: string, type: ClipType): Promise<Clip & { videoKey: string }> {
  const clip = await visibleClip(user, id, type);
  if (clip.status !== "ready" || !clip.videoKey) {
    throw new ApiError("conflict", `This ${type === "b-roll" ? "b-roll" : "avatar"} is ${clip.status}: renditions can be made once its clip is ready`);
  }
  return { ...clip, videoKey: clip.videoKey };
}

/** The clip of a rendition row, whoever asks (the worker), or null when it is gone. */
export async function clipOfRendition(row: { bRollId: string | null; avatarId: string | null }): Promise<Clip | null> {
  if (row.bRollId) {
    const bRoll = await prisma.bRoll.findUnique({ where: { id: row.bRollId }, select: bRollSelect });
    return bRoll ? fromBRoll(bRoll) : null;
  }
  if (row.avatarId) {
    const avatar = await prisma.avatar.findUnique({ where: { id: row.avatarId }, select: avatarSelect });
    return avatar ? fromAvatar(avatar) : null;
  }
  return null;
}

/** The model that made the clip (its last completed generation), for the files' AI disclosure. */
export async function clipModel(clip: Pick<Clip, "type" | "id">): Promise<string | null> {
  const job = await prisma.generationJob.findFirst({
    where: { status: "completed", ...(clip.type === "b-roll" ? { bRollId: clip.id } : { avatarId: clip.id }) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { model: true },
  });
  return job?.model ?? null;
}
