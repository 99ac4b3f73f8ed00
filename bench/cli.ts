// What every bench script shares: its command-line options, medians, and how it ends.

/** Reads `--name value` (a positive number; a whole one with `integer`) from the command line. */
export function numberOption(name: string, fallback: number, { integer = false }: { integer?: boolean } = {}): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at === -1) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new Error(`--${name} takes a positive ${integer ? "whole " : ""}number (got "${process.argv[at + 1]}")`);
  }
  return value;
}

export const flag = (name: string): boolean => process.argv.includes(`--${name}`);

/** The median of a list of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs a bench's main: its error as one line and exit 1, else exit 0 (open handles do not hold it). */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}

/**
 * A bench's clean-ups (services to stop, folders to remove), run once, in order, at its end or when
 * it is interrupted (SIGINT/SIGTERM: then it exits 130). Add more with `cleanups.unshift` to run them first.
 */
export function cleanUpOnExit(initial: Array<() => Promise<unknown>>) {
  const cleanups = [...initial];
  let cleaning: Promise<void> | null = null;
  const cleanUp = () =>
    (cleaning ??= (async () => {
      for (const cleanup of cleanups) await cleanup().catch((error: unknown) => console.error(error));
    })());
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void cleanUp().then(() => process.exit(130)));
  return { cleanups, cleanUp };
}
