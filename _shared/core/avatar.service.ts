import "server-only";
// AvatarService, as the plan names it: one entry point over the private avatars
// (private-avatar.service.ts) and the public library (public-avatar*.service.ts).
import { createPublicAvatar, deletePublicAvatar, retryPublicAvatar, updatePublicAvatar } from "./avatars/public-avatars";
import { getPublicAvatar, listPublicAvatars } from "./library/public-library";
import { createPrivateAvatar, deleteAvatar, getPrivateAvatar, getUserAvatars, retryPrivateAvatar } from "./avatars/private-avatars";

export class AvatarService {
  createPrivateAvatar = createPrivateAvatar;
  /** Tag filters (AND across categories, OR within), pagination and sort, cached for visitors. */
  filterPublicAvatars = listPublicAvatars;
  getUserAvatars = getUserAvatars;
  deleteAvatar = deleteAvatar;

  getPrivateAvatar = getPrivateAvatar;
  retryPrivateAvatar = retryPrivateAvatar;
  getPublicAvatar = getPublicAvatar;
  createPublicAvatar = createPublicAvatar;
  updatePublicAvatar = updatePublicAvatar;
  deletePublicAvatar = deletePublicAvatar;
  retryPublicAvatar = retryPublicAvatar;
}

export const avatarService = new AvatarService();
