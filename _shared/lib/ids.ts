import { randomBytes } from "node:crypto";

/** A collision-resistant id (lower-case, time-ordered prefix) for objects we name before their row exists. */
export function createId(): string {
  return `c${Date.now().toString(36)}${randomBytes(8).toString("hex")}`;
}
