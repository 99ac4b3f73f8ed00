import "server-only";
// Avatar variations grids: up to 4 pictures x up to 3 motion prompts, one private avatar clip each,
// started by one request. The whole grid is priced and counted against the daily cap before anything
// starts (one rate point: it is one request); one Idempotency-Key covers it (stored on the grid). Each
// clip is a private Avatar with `variationGridId`, made through the normal pipeline (processing ->
// ready/failed, the event stream shows each). Listings hide a grid's clips until a winner is chosen:
// the winner becomes the avatar (name, project); the others are deleted with their objects, or kept
// as private avatars when asked.
import { z } from "zod";
import { ApiError, notFound } from "@/_shared/lib/errors";
import type { IdempotencyRequest } from "@/_shared/lib/idempotency-key";
import { createId } from "@/_shared/lib/ids";
import { logger } from "@/_shared/lib/logger";
import { prisma, type Prisma } from "@/_shared/lib/prisma";
import type { SessionUser } from "@/_shared/lib/session";
import { keyOfStoredMediaUrl, storageKeys } from "@/_shared/lib/storage-keys";
import {
  variationGridResponse,
  type ChooseWinnerBody,
  type CreateVariationsBody,
  type EstimateVariationsBody,
  type VariationGridResponse,
  type VariationGridWithCost,
} from "@/_shared/schemas/avatar-variations";
import { withVideoDefaults, type VideoOptions } from "@/_shared/schemas/generation-options";
import { fileStorage } from "@/_shared/core/file-storage.service";
import { createVideoJob } from "@/_shared/core/generation/jobs";
import { findReplay, writeOrReplay } from "@/_shared/core/generation/idempotency";
import { assertModelTakes, inStartSlot, queueStartedJobs } from "@/_shared/core/generation/start-video-generation";
import { resolveImageInput, type ImageInput } from "@/_shared/core/images/image-input";
import { getProjectOrThrow } from "@/_shared/core/projects/projects";
import { likenessConsentOrThrow } from "@/_shared/core/provenance/consent";
import { copyImageHashed } from "@/_shared/core/provenance/picture-hash";
import { avatarGridCost, estimateAvatarGrid } from "@/_shared/core/spend/avatar-grid-estimate";
import { enforceGenerationLimits } from "@/_shared/core/spend/limits";
import { newAvatarRow, withClipSeed } from "./avatar-clip";
import { presetsByIdOrThrow, withPresetOptions } from "./motion-presets";
import { privateAvatarSelect, toPrivateAvatarResponse } from "./private-avatars";
import { deleteClipRenditionObjects } from "@/_shared/core/renditions/rendition-objects";

const cellsSchema = z.array(z.object({ avatarId: z.string(), picture: z.number().int(), motion: z.number().int() }));

const gridSelect = {
  id: true,
  name: true,
  projectId: true,
  sessionId: true,
  imageUrls: true,
  motions: true,
  cells: true,
  winnerAvatarId: true,
  decidedAt: true,
  createdAt: true,
  requestHash: true,
  variations: { select: privateAvatarSelect },
} satisfies Prisma.AvatarVariationGridSelect;

/** A clip's name in the grid: the grid's, with its cell (picture and motion, from 1). */
const cellName = (name: string, picture: number, motion: number) => `${name.slice(0, 108)} (${picture + 1}-${motion + 1})`;

async function readGrid(user: SessionUser, gridId: string) {
  const grid = await prisma.avatarVariationGrid.findFirst({ where: { id: gridId, userId: user.id }, select: gridSelect });
  if (!grid) throw notFound("Variations grid");
  return grid;
}

function toGridResponse(grid: Awaited<ReturnType<typeof readGrid>>): VariationGridResponse {
  const cells = cellsSchema.parse(grid.cells);
  const byId = new Map(grid.variations.map((row) => [row.id, row]));
  const variations = cells.flatMap(({ avatarId, picture, motion }) => {
    const row = byId.get(avatarId);
    return row ? [{ ...toPrivateAvatarResponse(row), picture, motion }] : [];
  });
  // The clips are parsed already (dates as strings): the rest is parsed on its own.
  const rest = variationGridResponse.omit({ variations: true }).parse({
    gridId: grid.id,
    name: grid.name,
    projectId: grid.projectId,
    sessionId: grid.sessionId,
    status: grid.decidedAt ? "decided" : "open",
    winnerAvatarId: grid.winnerAvatarId,
    imageUrls: grid.imageUrls,
    motions: grid.motions,
    createdAt: grid.createdAt,
    decidedAt: grid.decidedAt,
  });
  return { ...rest, variations };
}

/** GET /api/avatars/private/variations/:gridId. */
export async function getVariationGrid({ user, gridId }: { user: SessionUser; gridId: string }): Promise<VariationGridResponse> {
  return toGridResponse(await readGrid(user, gridId));
}

/** The estimated cost of a grid's jobs (what its create answered). */
async function gridCostUsd(gridId: string): Promise<number> {
  const { _sum } = await prisma.generationJob.aggregate({ where: { avatar: { variationGridId: gridId } }, _sum: { estimatedCostUsd: true } });
  return Number(_sum.estimatedCostUsd ?? 0);
}

/** The grid a previous request with this Idempotency-Key made, or null when the key is new. */
async function findGridReplay(user: SessionUser, idempotency: IdempotencyRequest | undefined): Promise<VariationGridWithCost | null> {
  if (!idempotency) return null;
  const grid = await prisma.avatarVariationGrid.findUnique({ where: { userId_idempotencyKey: { userId: user.id, idempotencyKey: idempotency.key } }, select: gridSelect });
  if (!grid) {
    // A key used by another kind of request (one avatar, a b-roll, pictures) is refused like any reuse.
    if (await findReplay(user.id, idempotency)) throw new ApiError("unprocessable", "This Idempotency-Key was already used for a different request; use a new key");
    return null;
  }
  if (grid.requestHash !== idempotency.requestHash) throw new ApiError("unprocessable", "This Idempotency-Key was already used for a different request; use a new key");
  return { ...toGridResponse(grid), estimatedCostUsd: await gridCostUsd(grid.id) };
}

/** Each motion's options: the request's format, the motion's preset on top, one seed for the grid. */
async function motionOptionsOf(body: Pick<CreateVariationsBody, "motions" | "aspectRatio" | "resolution" | "duration" | "cameraFixed" | "seed" | "fallback">): Promise<VideoOptions[]> {
  const presets = await presetsByIdOrThrow(body.motions.map((motion) => motion.presetId));
  const { aspectRatio, resolution, duration, cameraFixed, fallback } = body;
  const seed = withClipSeed({ seed: body.seed }).seed;
  return presets.map((preset) =>
    withVideoDefaults({ ...withPresetOptions({ aspectRatio, resolution, duration, cameraFixed }, preset), seed, ...(fallback !== undefined ? { fallback } : {}) }),
  );
}

/** POST /api/avatars/private/variations/estimate. */
export async function estimateVariations({ user, body }: { user: SessionUser; body: EstimateVariationsBody }) {
  const presets = await presetsByIdOrThrow(body.motions.map((motion) => motion.presetId));
  const { aspectRatio, resolution, duration, cameraFixed, fallback } = body;
  const options = presets.map((preset) => withVideoDefaults({ ...withPresetOptions({ aspectRatio, resolution, duration, cameraFixed }, preset), ...(fallback !== undefined ? { fallback } : {}) }));
  return estimateAvatarGrid(user, body.pictures, options);
}

interface Cell {
  avatarId: string;
  picture: number;
  motion: number;
  imageKey: string;
  source: ImageInput;
  options: VideoOptions;
  prompt: string;
}

async function removeObjects(keys: string[]) {
  for (const key of keys) {
    await fileStorage.deleteFile(key).catch((error: unknown) => logger.error("could not remove a grid clip's picture copy", { key, error }));
  }
}

/**
 * POST /api/avatars/private/variations: checks everything (project, pictures, presets, options),
 * prices the whole grid and checks the limits with it, copies each clip's picture, then writes the
 * grid, its avatars and their jobs in one transaction; a failure removes the copies and writes
 * nothing. 202 with the grid, its clips `processing`.
 */
export function createVariations(p: { user: SessionUser; body: CreateVariationsBody; idempotency?: IdempotencyRequest }): Promise<VariationGridWithCost> {
  // One generation start as far as the process's start limit goes: its clips are written in one transaction.
  return inStartSlot(() => startGrid(p));
}

async function startGrid({ user, body, idempotency }: { user: SessionUser; body: CreateVariationsBody; idempotency?: IdempotencyRequest }): Promise<VariationGridWithCost> {
  const replayed = await findGridReplay(user, idempotency);
  if (replayed) return replayed;

  await getProjectOrThrow({ id: body.projectId, userId: user.id });
  const sources: ImageInput[] = [];
  for (const [i, imageUrl] of body.imageUrls.entries()) sources.push(await resolveImageInput({ user, imageUrl, field: `imageUrls.${i}` }));
  const consent = await likenessConsentOrThrow({ user, images: sources, consent: body.consent });
  const motionOptions = await motionOptionsOf(body);
  for (const options of motionOptions) assertModelTakes("image-to-video", options);
  const { estimatedCostUsd } = avatarGridCost(sources.length, motionOptions);
  const permit = await enforceGenerationLimits(user, { kind: "image-to-video", estimatedCostUsd });

  const cells: Cell[] = sources.flatMap((source, picture) =>
    body.motions.map((motion, m) => {
      const avatarId = createId();
      return { avatarId, picture, motion: m, source, prompt: motion.prompt, options: motionOptions[m], imageKey: storageKeys.avatarImage({ userId: user.id, avatarId, ext: source.ext }) };
    }),
  );
  const copied: string[] = [];
  const gridId = createId();
  const outcome = await writeOrReplay(
    async () => {
      const hashes = new Map<string, string>();
      for (const cell of cells) {
        copied.push(cell.imageKey);
        hashes.set(cell.avatarId, await copyImageHashed(cell.source.key, cell.imageKey));
      }
      return prisma.$transaction(async (tx) => {
        await permit.holdDailySpend(tx);
        await tx.avatarVariationGrid.create({
          data: {
            id: gridId,
            userId: user.id,
            sessionId: body.sessionId ?? null,
            name: body.name,
            projectId: body.projectId,
            imageUrls: body.imageUrls,
            motions: body.motions.map((motion) => motion.prompt),
            cells: cells.map(({ avatarId, picture, motion }) => ({ avatarId, picture, motion })),
            idempotencyKey: idempotency?.key ?? null,
            requestHash: idempotency?.requestHash ?? null,
          },
        });
        const jobIds: string[] = [];
        for (const cell of cells) {
          const row = newAvatarRow({ id: cell.avatarId, name: cellName(body.name, cell.picture, cell.motion), imageKey: cell.imageKey, source: cell.source, options: cell.options });
          await tx.avatar.create({
            data: { ...row, ...consent, imageSha256: hashes.get(cell.avatarId), visibility: "private", userId: user.id, projectId: body.projectId, variationGridId: gridId },
          });
          const job = await createVideoJob(tx, {
            kind: "image-to-video",
            prompt: cell.prompt,
            options: cell.options,
            sourceImageKey: cell.imageKey,
            userId: user.id,
            projectId: body.projectId,
            avatarId: cell.avatarId,
          });
          jobIds.push(job.id);
        }
        return jobIds;
      });
    },
    () => findGridReplay(user, idempotency),
    () => removeObjects(copied),
  );
  if ("replayed" in outcome) return outcome.replayed;
  await queueStartedJobs(outcome.written);
  return { ...(await getVariationGrid({ user, gridId })), estimatedCostUsd };
}

/** The storage keys of an avatar's objects (picture, clip). */
const objectKeysOf = (row: { imageUrl: string; videoUrl: string | null }) =>
  [row.imageUrl, row.videoUrl].map((url) => (url ? keyOfStoredMediaUrl(url) : null)).filter((key): key is string => key !== null);

/**
 * POST /api/avatars/private/variations/:gridId/winner: the chosen clip (ready) becomes the avatar,
 * named as the body or the grid says, in the grid's project. The others are kept as private avatars
 * (`keepOthers`) or deleted: rows first, in the same transaction as the choice, then their objects.
 * A grid is decided once (409 after).
 */
export async function chooseVariationWinner({ user, gridId, body }: { user: SessionUser; gridId: string; body: ChooseWinnerBody }): Promise<VariationGridResponse> {
  const grid = await readGrid(user, gridId);
  if (grid.decidedAt) throw new ApiError("conflict", "This grid's winner was already chosen");
  const winner = grid.variations.find((row) => row.id === body.avatarId);
  if (!winner) throw new ApiError("bad_request", "avatarId must be one of this grid's clips", [{ path: "avatarId", message: "not a clip of this grid" }]);
  if (winner.status !== "ready") throw new ApiError("conflict", "Only a ready clip can be chosen; wait until it is ready or choose another");
  const others = grid.variations.filter((row) => row.id !== winner.id);
  const discarded = body.keepOthers ? [] : others;
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.avatarVariationGrid.updateMany({ where: { id: grid.id, userId: user.id, decidedAt: null }, data: { decidedAt: new Date(), winnerAvatarId: winner.id } });
    if (count === 0) throw new ApiError("conflict", "This grid's winner was already chosen");
    await tx.avatar.update({ where: { id: winner.id }, data: { name: body.name ?? grid.name, projectId: grid.projectId } });
    if (discarded.length) await tx.avatar.deleteMany({ where: { id: { in: discarded.map((row) => row.id) }, variationGridId: grid.id, userId: user.id } });
  });
  // Objects after the rows: a failure here leaves an object no row points at, never a row without
  // its media (a clip still being made is dropped by its finalisation: its avatar is gone).
  await removeObjects(discarded.flatMap(objectKeysOf));
  for (const row of discarded) await deleteClipRenditionObjects({ type: "private-avatar", userId: user.id, avatarId: row.id });
  return getVariationGrid({ user, gridId });
}

