import "server-only";
// ContentGenerationService, the entry point of generated content: b-rolls (generate, list, read,
// rename, delete, retry), the pictures of avatar sessions (FLUX generate and edit, upload, list,
// clean up), the status of any generation job, and Fal's completion webhooks. Avatar clips are
// started by AvatarService; both go through the one video generation flow
// (generation/start-video-generation.ts).
import { getBRoll, listBRolls, listProjectBRolls } from "./b-rolls/b-roll-view";
import { createBRoll, deleteBRoll, renameBRoll, retryBRoll } from "./b-rolls/b-rolls";
import { getJobForUser } from "./generation/job-view";
import { handleFalWebhook } from "./generation/webhook-intake";
import { deleteSession, generateImages, listSessionImages, modifyImage, uploadImage } from "./images/image-sessions";

class ContentGenerationService {
  /** A b-roll from a prompt (text-to-video) or a prompt and an image (image-to-video): 202, processing. */
  generateBRoll = createBRoll;
  retryBRoll = retryBRoll;
  getBRoll = getBRoll;
  listBRolls = listBRolls;
  listProjectBRolls = listProjectBRolls;
  renameBRoll = renameBRoll;
  deleteBRoll = deleteBRoll;

  generateImages = generateImages;
  modifyImage = modifyImage;
  uploadImage = uploadImage;
  listSessionImages = listSessionImages;
  /** Deletes an avatar session's temporary pictures. */
  cleanupTempImages = deleteSession;

  getGenerationStatus = getJobForUser;
  receiveFalWebhook = handleFalWebhook;
}

export const contentGeneration = new ContentGenerationService();
