// A browser cache of the clip format chosen for each avatar made here, to size its player before the
// clip exists (the avatar reply gives the clip's size only once it is ready). Everything else of the
// studio (pictures, versions, the pick, the prompts) is kept by the server with the session.

const key = (avatarId: string) => `better-ads:studio:format:${avatarId}`;

export function rememberFormat(avatarId: string, format: string) {
  try {
    window.localStorage.setItem(key(avatarId), format);
  } catch {
    // Private mode or a full quota: the player starts at the default format.
  }
}

export function rememberedFormat(avatarId: string): string | null {
  try {
    return window.localStorage.getItem(key(avatarId));
  } catch {
    return null;
  }
}
