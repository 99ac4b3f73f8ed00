import { z } from "zod";
import { VIDEO_DURATION } from "./generation-options";

const label = z.string({ message: "label is required" }).trim().min(1, "label must not be empty").max(60, "label must be at most 60 characters");
const presetPrompt = z.string({ message: "prompt is required" }).trim().min(1, "prompt must not be empty").max(2000, "prompt must be at most 2000 characters");
const cameraFixed = z.boolean({ message: "cameraFixed must be true, false or null" }).nullable().describe("Seedance camera_fixed: true keeps the camera still; null leaves it to the model");
const duration = z
  .number({ message: "duration must be a number of seconds or null" })
  .int("duration must be whole seconds")
  .min(VIDEO_DURATION.min, `duration must be at least ${VIDEO_DURATION.min} seconds`)
  .max(VIDEO_DURATION.max, `duration must be at most ${VIDEO_DURATION.max} seconds`)
  .nullable()
  .describe("seconds the preset needs; null keeps the request's duration");
const position = z.number().int().min(0).max(10_000).describe("order in the list (smallest first)");

/** A motion preset: a tried prompt for a silent avatar clip, with the model options it needs. */
export const motionPresetResponse = z.object({
  id: z.string(),
  label: z.string(),
  prompt: z.string(),
  cameraFixed: z.boolean().nullable(),
  duration: z.number().int().nullable(),
  position: z.number().int(),
});
export type MotionPresetResponse = z.output<typeof motionPresetResponse>;

export const motionPresetListResponse = z.object({ presets: z.array(motionPresetResponse) });
export type MotionPresetListResponse = z.output<typeof motionPresetListResponse>;

/** POST /api/motion-presets (admin). */
export const createMotionPresetBody = z.strictObject({ label, prompt: presetPrompt, cameraFixed: cameraFixed.optional(), duration: duration.optional(), position: position.optional() });
export type CreateMotionPresetBody = z.infer<typeof createMotionPresetBody>;

/** PATCH /api/motion-presets/:id (admin): what changes. */
export const updateMotionPresetBody = z
  .strictObject({ label: label.optional(), prompt: presetPrompt.optional(), cameraFixed: cameraFixed.optional(), duration: duration.optional(), position: position.optional() })
  .refine((body) => Object.keys(body).length > 0, "name at least one field to change");
export type UpdateMotionPresetBody = z.infer<typeof updateMotionPresetBody>;
