import "server-only";
// ContentGenerationService, the entry point of generated content: b-rolls (generate, list, read,
// rename, delete, retry), the pictures of avatar sessions (FLUX generate and edit, upload, list,
// clean up), the status of any generation job, and Fal's completion webhooks. Avatar clips are
// started by AvatarService; both go through the one video generation flow
// (generation/start-video-generation.ts).
import { getBRoll, listBRolls, listProjectBRolls } from "./b-rolls/b-roll-view";
import { getBRollProvenance } from "./provenance/provenance";
import { createBRoll, deleteBRoll, duplicateBRoll, regenerateBRoll, retryBRoll, updateBRoll } from "./b-rolls/b-rolls";
import { getEventSnapshot, openEventStream } from "./generation/event-stream";
import { getJobForUser } from "./generation/job-view";
import { handleFalWebhook } from "./generation/webhook-intake";
import { deleteSession, generateImages, listSessionImages, modifyImage, uploadImage } from "./images/image-sessions";
import { getImageSession, openImageSession, updateImageSession } from "./images/session-records";

/** ContentGenerationService: what the b-roll, image, job and webhook routes call. */
export const contentGeneration = {
  // B-rolls: a prompt (text-to-video) or a prompt and an image (image-to-video), 202 then processing.
  generateBRoll: createBRoll, retryBRoll, getBRoll, listBRolls, listProjectBRolls, updateBRoll, deleteBRoll, getBRollProvenance,
  // Managing them: a new take with another prompt (the original kept), a copy in another project.
  regenerateBRoll, duplicateBRoll,
  // The pictures of an avatar session; cleanupTempImages deletes a session's pictures. The session's
  // record (pictures in order with their edits, the pick, the prompts) is what the studio shows.
  generateImages, modifyImage, uploadImage, listSessionImages, cleanupTempImages: deleteSession,
  openImageSession, getImageSession, updateImageSession,
  // Any generation job's status, and Fal's completion webhooks.
  getGenerationStatus: getJobForUser, receiveFalWebhook: handleFalWebhook,
  // The caller's job progress and spend, pushed (Server-Sent Events) or read once.
  openEventStream, getEventSnapshot,
};
