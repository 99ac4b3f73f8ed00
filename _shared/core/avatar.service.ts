import "server-only";
// AvatarService, the entry point of the avatars domain: a user's private avatars (avatars/
// private-avatars.ts), the admins' writes to the public library (avatars/public-avatars.ts) and the
// library as everyone reads it (library/public-library.ts).
import { createPublicAvatar, deletePublicAvatar, retryPublicAvatar, updatePublicAvatar } from "./avatars/public-avatars";
import {
  createPrivateAvatar,
  deleteAvatar,
  duplicatePrivateAvatar,
  getPrivateAvatar,
  getUserAvatars,
  regeneratePrivateAvatar,
  renamePrivateAvatar,
  retryPrivateAvatar,
} from "./avatars/private-avatars";
import { getPublicAvatar, listPublicAvatars } from "./library/public-library";
import { chooseVariationWinner, createVariations, estimateVariations, getVariationGrid } from "./avatars/avatar-variations";
import { getPrivateAvatarProvenance, getPublicAvatarProvenance } from "./provenance/provenance";
import { createMotionPreset, deleteMotionPreset, listMotionPresets, updateMotionPreset } from "./avatars/motion-presets";

/** AvatarService: what the avatar routes call. */
export const avatarService = {
  // A user's private avatars, reusable in all their projects.
  createPrivateAvatar, getUserAvatars, getPrivateAvatar, retryPrivateAvatar, deleteAvatar,
  // Managing them: rename, copy into a project (own copies of the objects), a new take with another motion prompt.
  renamePrivateAvatar, duplicatePrivateAvatar, regeneratePrivateAvatar,
  // Variations grids: pictures x motions in one request, then a winner (the others deleted or kept).
  estimateVariations, createVariations, getVariationGrid, chooseVariationWinner,
  // Motion presets: everyone signed in reads them, admins edit them.
  listMotionPresets, createMotionPreset, updateMotionPreset, deleteMotionPreset,
  // The public library as everyone reads it: tag filters (AND across categories, OR within), pagination, sort.
  filterPublicAvatars: listPublicAvatars, getPublicAvatar,
  // Admins curate it.
  createPublicAvatar, updatePublicAvatar, deletePublicAvatar, retryPublicAvatar,
  // How a clip and its picture were made, and the likeness consent (same access as the avatar).
  getPrivateAvatarProvenance, getPublicAvatarProvenance,
};
