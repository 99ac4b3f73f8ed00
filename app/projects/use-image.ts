// "Use in a b-roll" (library, studio) links to /projects?useImage=<media URL>: the user picks a
// project, whose "New b-roll" panel then opens with that image. Only our own media URLs are kept
// (the API checks access again when the b-roll is created).
export function readUseImageParam(value: string | string[] | undefined): string | null {
  const url = Array.isArray(value) ? value[0] : value;
  return url && /^\/api\/media\/images\/[\w./-]+\.(jpg|png|webp)$/.test(url) ? url : null;
}

export const projectHref = (projectId: string, useImage: string | null) =>
  `/projects/${projectId}${useImage ? `?useImage=${encodeURIComponent(useImage)}` : ""}`;

/**
 * The avatar whose picture `url` is (one of the user's avatars or a public one), or null: "Use in a
 * b-roll" from an avatar sends the avatar itself (the server resolves its picture and checks access).
 */
export function avatarIdOfPicture(url: string | null): string | null {
  const match = url?.match(/^\/api\/media\/images\/(?:avatars\/[\w-]+|public-avatars)\/([\w-]+)\.(?:jpg|png|webp)$/);
  return match ? match[1] : null;
}
