import "server-only";
// AvatarService, the entry point of the avatars domain: a user's private avatars (avatars/
// private-avatars.ts), the admins' writes to the public library (avatars/public-avatars.ts) and the
// library as everyone reads it (library/public-library.ts).
import { createPublicAvatar, deletePublicAvatar, retryPublicAvatar, updatePublicAvatar } from "./avatars/public-avatars";
import { createPrivateAvatar, deleteAvatar, getPrivateAvatar, getUserAvatars, retryPrivateAvatar } from "./avatars/private-avatars";
import { getPublicAvatar, listPublicAvatars } from "./library/public-library";

class AvatarService {
  createPrivateAvatar = createPrivateAvatar;
  getUserAvatars = getUserAvatars;
  getPrivateAvatar = getPrivateAvatar;
  retryPrivateAvatar = retryPrivateAvatar;
  deleteAvatar = deleteAvatar;

  /** Tag filters (AND across categories, OR within), pagination and sort, cached for visitors. */
  filterPublicAvatars = listPublicAvatars;
  getPublicAvatar = getPublicAvatar;
  createPublicAvatar = createPublicAvatar;
  updatePublicAvatar = updatePublicAvatar;
  deletePublicAvatar = deletePublicAvatar;
  retryPublicAvatar = retryPublicAvatar;
}

export const avatarService = new AvatarService();
