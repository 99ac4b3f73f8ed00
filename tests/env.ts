// Settings a test changes: environment variables set (or removed) and the app's settings reloaded,
// then put back as they were. No app code besides the settings: unit tests use it too.
import { reloadEnv } from "@/_shared/lib/env";

/** Each variable setEnv changed, as it was before its first change. */
const before = new Map<string, string | undefined>();

function apply(vars: Record<string, string | undefined>) {
  for (const [name, value] of Object.entries(vars)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  reloadEnv();
}

/** Sets the variables (undefined removes one) and reloads the app's settings; restoreEnv() undoes it. */
export function setEnv(vars: Record<string, string | undefined>) {
  for (const name of Object.keys(vars)) if (!before.has(name)) before.set(name, process.env[name]);
  apply(vars);
}

/** Puts back every variable setEnv changed, and reloads the app's settings. */
export function restoreEnv() {
  const vars = Object.fromEntries(before);
  before.clear();
  apply(vars);
}
