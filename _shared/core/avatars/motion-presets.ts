import "server-only";
// Motion presets: tried prompts for silent avatar clips (a subtle smile, a nod, a slow push-in...),
// each with the model options it needs (camera_fixed, duration). Everyone signed in reads the list
// (the studio shows it as chips); admins edit it. A starter list is seeded by a migration.
import { ApiError, notFound } from "@/_shared/lib/errors";
import { Prisma, prisma } from "@/_shared/lib/prisma";
import {
  motionPresetResponse,
  type CreateMotionPresetBody,
  type MotionPresetListResponse,
  type MotionPresetResponse,
  type UpdateMotionPresetBody,
} from "@/_shared/schemas/motion-preset";
import type { VideoOptions } from "@/_shared/schemas/generation-options";

const presetSelect = { id: true, label: true, prompt: true, cameraFixed: true, duration: true, position: true } satisfies Prisma.MotionPresetSelect;
type PresetRow = Prisma.MotionPresetGetPayload<{ select: typeof presetSelect }>;
const toResponse = (row: PresetRow): MotionPresetResponse => motionPresetResponse.parse(row);

const labelTaken = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
const duplicateLabel = () => new ApiError("conflict", "A preset with this label already exists; choose another label", [{ path: "label", message: "already used" }]);

export async function listMotionPresets(): Promise<MotionPresetListResponse> {
  const rows = await prisma.motionPreset.findMany({ orderBy: [{ position: "asc" }, { label: "asc" }], select: presetSelect });
  return { presets: rows.map(toResponse) };
}

export async function createMotionPreset(body: CreateMotionPresetBody): Promise<MotionPresetResponse> {
  const last = body.position === undefined ? await prisma.motionPreset.aggregate({ _max: { position: true } }) : null;
  try {
    const row = await prisma.motionPreset.create({
      data: { label: body.label, prompt: body.prompt, cameraFixed: body.cameraFixed ?? null, duration: body.duration ?? null, position: body.position ?? (last?._max.position ?? 0) + 10 },
      select: presetSelect,
    });
    return toResponse(row);
  } catch (error) {
    throw labelTaken(error) ? duplicateLabel() : error;
  }
}

export async function updateMotionPreset({ id, body }: { id: string; body: UpdateMotionPresetBody }): Promise<MotionPresetResponse> {
  try {
    const { count } = await prisma.motionPreset.updateMany({ where: { id }, data: body });
    if (count === 0) throw notFound("Motion preset");
  } catch (error) {
    throw labelTaken(error) ? duplicateLabel() : error;
  }
  return toResponse(await prisma.motionPreset.findUniqueOrThrow({ where: { id }, select: presetSelect }));
}

export async function deleteMotionPreset({ id }: { id: string }): Promise<void> {
  const { count } = await prisma.motionPreset.deleteMany({ where: { id } });
  if (count === 0) throw notFound("Motion preset");
}

/**
 * The presets a request names, by id; an unknown id is a 400 naming where it was given
 * (`motions.<i>.presetId`).
 */
export async function presetsByIdOrThrow(ids: Array<string | undefined>): Promise<Array<PresetRow | null>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== undefined))];
  const rows = wanted.length ? await prisma.motionPreset.findMany({ where: { id: { in: wanted } }, select: presetSelect }) : [];
  const byId = new Map(rows.map((row) => [row.id, row]));
  const problems = ids.flatMap((id, i) => (id !== undefined && !byId.has(id) ? [{ path: `motions.${i}.presetId`, message: "is not a motion preset (GET /api/motion-presets lists them)" }] : []));
  if (problems.length) throw new ApiError("bad_request", `Unknown motion preset: ${problems.map((p) => p.path).join(", ")} ${problems[0].message}`, problems);
  return ids.map((id) => (id === undefined ? null : (byId.get(id) ?? null)));
}

/** A motion's options: the request's, with what its preset needs (camera_fixed, duration) on top. */
export function withPresetOptions(options: VideoOptions, preset: Pick<PresetRow, "cameraFixed" | "duration"> | null): VideoOptions {
  if (!preset) return options;
  return {
    ...options,
    ...(preset.cameraFixed !== null ? { cameraFixed: preset.cameraFixed } : {}),
    ...(preset.duration !== null ? { duration: preset.duration } : {}),
  };
}
