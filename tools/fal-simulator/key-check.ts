import type { IncomingMessage } from "node:http";
import type { FalSimulatorControls } from "./controls";
import { HttpError } from "./http-util";

/** Paths that are not Fal's API: CDN reads, signed upload PUTs, the JWKS. */
const OPEN_PREFIXES = ["/cdn/", "/cdn-upload/", "/.well-known/"];

/**
 * With `expectedKey` set, a request carrying another key gets Fal's 401 for an unknown key (the body
 * Fal answers, as reported from production; Fal's docs do not show it). A missing or malformed
 * header is left to the route's own check.
 */
export function checkExpectedKey(controls: FalSimulatorControls, req: IncomingMessage, path: string): void {
  if (controls.expectedKey === null || OPEN_PREFIXES.some((prefix) => path.startsWith(prefix))) return;
  const key = /^Key (\S+)$/.exec(req.headers.authorization ?? "")?.[1];
  if (key !== undefined && key !== controls.expectedKey) throw new HttpError(401, { detail: "No user found for Key ID and Secret" });
}
