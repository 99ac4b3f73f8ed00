import "server-only";
// What a clip was asked for (its prompt and format), where "edit prompt and regenerate" starts: the
// newest job's stored request when it has one (exactly what a retry repeats), else what the row
// itself records — a duplicate has no job of its own — moved to what the configured model offers
// (its measured length rounded to an offered duration, its height to the nearest resolution).
import { videoLimits } from "@/_shared/lib/fal-models";
import { videoOptionsSchema, withVideoDefaults, type VideoKind, type VideoOptions } from "@/_shared/schemas/generation-options";
import type { ClipRequest } from "@/_shared/schemas/common";
import { videoJobInputSchema } from "./jobs";

interface ClipRow {
  prompt?: string | null;
  aspectRatio: string | null;
  resolution?: string | null;
  width: number | null;
  height: number | null;
  durationSeconds: number | null;
}

const nearest = (value: number, offered: readonly number[]) => offered.reduce((best, option) => (Math.abs(option - value) < Math.abs(best - value) ? option : best));

function fromRow(kind: VideoKind, row: ClipRow): ClipRequest {
  const { durationList, resolutions } = videoLimits(kind);
  const aspect = videoOptionsSchema.shape.aspectRatio.safeParse(row.aspectRatio ?? undefined).data ?? null;
  const named = videoOptionsSchema.shape.resolution.safeParse(row.resolution ?? undefined).data;
  const measured = row.width && row.height ? `${nearest(Math.min(row.width, row.height), resolutions.map((r) => Number.parseInt(r, 10)))}p` : undefined;
  const resolution = named ?? videoOptionsSchema.shape.resolution.safeParse(measured).data ?? null;
  return {
    prompt: row.prompt ?? null,
    aspectRatio: aspect,
    resolution,
    duration: row.durationSeconds ? nearest(Math.round(row.durationSeconds), durationList) : null,
  };
}

/** The request behind a clip: its newest job's (`jobInput`), else the row's own record. */
export function clipRequestOf(kind: VideoKind, row: ClipRow, jobInput: unknown): ClipRequest {
  const stored = videoJobInputSchema.safeParse(jobInput).data?.request;
  const options = stored ? videoOptionsSchema.safeParse(stored.options).data : undefined;
  if (!stored || !options) return fromRow(kind, row);
  const { aspectRatio, resolution, duration } = withVideoDefaults(options);
  return { prompt: stored.prompt, aspectRatio: aspectRatio ?? null, resolution: resolution ?? null, duration: duration ?? null };
}

/** A regeneration's options: what the body names, else the previous request's format, else the defaults. No seed unless asked: a new take. */
export function regenerationOptions(previous: ClipRequest, body: VideoOptions): VideoOptions {
  return withVideoDefaults({
    aspectRatio: body.aspectRatio ?? previous.aspectRatio ?? undefined,
    resolution: body.resolution ?? previous.resolution ?? undefined,
    duration: body.duration ?? previous.duration ?? undefined,
    ...(body.seed !== undefined ? { seed: body.seed } : {}),
    ...(body.cameraFixed !== undefined ? { cameraFixed: body.cameraFixed } : {}),
    ...(body.fallback !== undefined ? { fallback: body.fallback } : {}),
  });
}

/** A regeneration's default name: the original's, marked as edited (within the 120 characters a name may hold). */
export const editedName = (name: string) => `${name.slice(0, 111)} (edited)`;
