// Resources as the services leave them (rows, generation jobs, objects in the bucket), for suites that
// need one of each without paying for a generation: a failed b-roll or avatar went through
// markJobFailed and its job stored the request, so a retry repeats it as it would in production.
import { fileStorage } from "@/_shared/core/file-storage.service";
import { createVideoJob, markJobFailed } from "@/_shared/core/generation/jobs";
import { createId } from "@/_shared/lib/ids";
import { prisma } from "@/_shared/lib/prisma";
import { mediaUrl, storageKeys } from "@/_shared/lib/storage-keys";
import type { VideoOptions } from "@/_shared/schemas/generation-options";
import type { TestUser } from "./helpers";
import { storeJpeg } from "./media";

/** The cheapest clip: what every resource here asks for. */
const OPTIONS: VideoOptions = { resolution: "480p", duration: 2 };
const FAILURE = { code: "timeout", message: "The generation did not finish in time. Try again.", detail: "test resource" };

/** A text-to-video b-roll of `owner` whose generation failed; its job is `jobId`. */
export async function failedBRoll(owner: TestUser, projectId: string) {
  const prompt = "slow dolly-in on a steaming espresso cup, morning light";
  const { bRoll, job } = await prisma.$transaction(async (tx) => {
    const bRoll = await tx.bRoll.create({ data: { name: "Espresso", prompt, type: "text_to_video", userId: owner.id, projectId } });
    const job = await createVideoJob(tx, { kind: "text-to-video", bRollId: bRoll.id, userId: owner.id, projectId, prompt, options: OPTIONS });
    return { bRoll, job };
  });
  await markJobFailed(job.id, FAILURE);
  return { bRollId: bRoll.id, jobId: job.id };
}

type AvatarOf = { visibility: "private"; owner: TestUser; projectId: string } | { visibility: "public"; admin: TestUser };

/** An avatar whose clip failed: its own picture in the bucket, the row and its failed job (the admin's, for a public one). */
export async function failedAvatar(of: AvatarOf) {
  const avatarId = createId();
  const imageKey = of.visibility === "private" ? storageKeys.avatarImage({ userId: of.owner.id, avatarId, ext: "jpg" }) : storageKeys.publicAvatarImage({ avatarId, ext: "jpg" });
  await storeJpeg(imageKey);
  const prompt = "The person looks at the camera and smiles";
  const owner = of.visibility === "private" ? { userId: of.owner.id, projectId: of.projectId } : { userId: null, projectId: null };
  const job = await prisma.$transaction(async (tx) => {
    await tx.avatar.create({ data: { id: avatarId, name: "Anna", imageUrl: mediaUrl(imageKey), visibility: of.visibility, ...owner } });
    const jobOwner = of.visibility === "private" ? of.owner.id : of.admin.id;
    return createVideoJob(tx, { kind: "image-to-video", avatarId, userId: jobOwner, projectId: owner.projectId, prompt, options: OPTIONS, sourceImageKey: imageKey });
  });
  await markJobFailed(job.id, FAILURE);
  return { avatarId, imageKey, jobId: job.id };
}

/** A library avatar in `status` (ready: with its clip's URL), its picture in the bucket, tagged with the given base tag slugs. */
export async function publicAvatar({ name = "Library Anna", status = "ready", tagSlugs = [] }: { name?: string; status?: "processing" | "ready"; tagSlugs?: string[] } = {}) {
  const avatarId = createId();
  const imageKey = storageKeys.publicAvatarImage({ avatarId, ext: "jpg" });
  await storeJpeg(imageKey);
  await prisma.avatar.create({
    data: {
      id: avatarId,
      name,
      imageUrl: mediaUrl(imageKey),
      videoUrl: status === "ready" ? mediaUrl(storageKeys.publicAvatarVideo({ avatarId })) : null,
      visibility: "public",
      status,
      tags: { connect: tagSlugs.map((slug) => ({ slug })) },
    },
  });
  return { avatarId, imageKey };
}

/** Bytes standing for a clip (the duplicate and delete paths copy and remove objects; nothing decodes them). */
const CLIP_BYTES = Buffer.from("not a real clip: a stand-in for duplicate and delete tests");

/** A ready text-to-video b-roll of `owner` with its clip and thumbnail in the bucket (no job: as a duplicate is). */
export async function readyBRoll(owner: TestUser, projectId: string) {
  const bRollId = createId();
  const parts = { userId: owner.id, projectId, bRollId };
  const videoKey = storageKeys.bRollVideo(parts);
  const thumbnailKey = storageKeys.bRollThumbnail({ ...parts, ext: "jpg" });
  await fileStorage.uploadFile(CLIP_BYTES, videoKey, "video/mp4");
  await storeJpeg(thumbnailKey, { width: 90, height: 160 });
  await prisma.bRoll.create({
    data: {
      id: bRollId, name: "Ready espresso", prompt: "slow dolly-in on a steaming espresso cup", type: "text_to_video", status: "ready",
      videoUrl: mediaUrl(videoKey), thumbnailUrl: mediaUrl(thumbnailKey), aspectRatio: "9:16", resolution: "480p", durationSeconds: 2.04, width: 480, height: 854,
      userId: owner.id, projectId,
    },
  });
  return { bRollId, videoKey, thumbnailKey };
}

/** A ready private avatar of `owner` with its picture and clip in the bucket (no job: as a duplicate is). */
export async function readyAvatar(owner: TestUser, projectId: string | null) {
  const avatarId = createId();
  const imageKey = storageKeys.avatarImage({ userId: owner.id, avatarId, ext: "jpg" });
  const videoKey = storageKeys.privateAvatarVideo({ userId: owner.id, avatarId });
  await storeJpeg(imageKey);
  await fileStorage.uploadFile(CLIP_BYTES, videoKey, "video/mp4");
  await prisma.avatar.create({
    data: {
      id: avatarId, name: "Ready Anna", imageUrl: mediaUrl(imageKey), videoUrl: mediaUrl(videoKey), visibility: "private", status: "ready",
      aspectRatio: "9:16", durationSeconds: 2.04, width: 480, height: 854, userId: owner.id, projectId,
    },
  });
  return { avatarId, imageKey, videoKey };
}
