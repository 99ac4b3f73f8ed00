// Text Postgres cannot store: a NUL character (U+0000) is refused by text and jsonb columns, and a
// lone UTF-16 surrogate has no UTF-8 form. The route wrapper refuses both anywhere in a request's
// params, query and body (values and keys), before any schema runs, so no route can pass one on
// to the database (where it would be a 500) whatever its schema says.
import { ApiError, type ErrorDetail } from "./errors";

/** A NUL, or a surrogate that is not half of a pair (with `u`, a pair is one code point, never `\p{Cs}`). */
const UNSTORABLE = /\u0000|\p{Cs}/u;
const MESSAGE = "must not contain a NUL character (U+0000) or an unpaired UTF-16 surrogate";
/** Enough to name the culprits without echoing a huge hostile body back. */
const MAX_DETAILS = 10;

function join(path: string, key: string | number): string {
  return path ? `${path}.${key}` : String(key);
}

/** The paths (`name`, `tags.1`, `q`) of the strings in `value` Postgres cannot store; walked without recursion (any depth). */
function unstorablePaths(value: unknown, root: string): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length && details.length < MAX_DETAILS) {
    const [item, path] = stack.pop()!;
    if (typeof item === "string") {
      if (UNSTORABLE.test(item)) details.push({ path: path || undefined, message: `${path || "the value"} ${MESSAGE}` });
    } else if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) stack.push([item[i], join(path, i)]);
    } else if (item && typeof item === "object") {
      const entries = Object.entries(item);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i];
        if (UNSTORABLE.test(key)) {
          details.push({ path: path || undefined, message: `the key ${JSON.stringify(key)} ${MESSAGE}` });
          continue;
        }
        stack.push([child, join(path, key)]);
      }
    }
  }
  return details.slice(0, MAX_DETAILS);
}

/** Returns `value` unchanged, or throws a 400 naming every path (up to 10) that holds unstorable text. */
export function refuseUnstorableText<T>(value: T): T {
  const details = unstorablePaths(value, "");
  if (details.length) throw new ApiError("bad_request", "The request holds text that cannot be stored", details);
  return value;
}
