import { controlsPatchSchema, type ControlsPatch, type FalSimulatorControls } from "./controls";

/** The simulator's start-up controls `npm run dev` (and main.ts) take from the environment; see .env.example. */
export const SIMULATOR_ENV: Record<string, { control: keyof ControlsPatch; kind: "number" | "string" }> = {
  FAL_SIMULATOR_LATENCY_MS: { control: "latencyMs", kind: "number" },
  FAL_SIMULATOR_CONCURRENCY: { control: "concurrency", kind: "number" },
  FAL_SIMULATOR_PROFILE: { control: "profile", kind: "string" },
  FAL_SIMULATOR_TIME_FACTOR: { control: "timeFactor", kind: "number" },
  FAL_SIMULATOR_RESULT_TTL_SECONDS: { control: "resultTtlSeconds", kind: "number" },
  FAL_SIMULATOR_LARGE_RESULT_TTL_SECONDS: { control: "largeResultTtlSeconds", kind: "number" },
  FAL_SIMULATOR_EXPECTED_KEY: { control: "expectedKey", kind: "string" },
};

/** Controls from FAL_SIMULATOR_* variables (unset or blank ones are skipped); a bad value throws, naming the variable. */
export function controlsFromEnv(env: Record<string, string | undefined>): Partial<FalSimulatorControls> {
  const patch: Partial<FalSimulatorControls> = {};
  for (const [name, { control, kind }] of Object.entries(SIMULATOR_ENV)) {
    const raw = env[name]?.trim();
    if (!raw) continue;
    const parsed = controlsPatchSchema.safeParse({ [control]: kind === "number" ? Number(raw) : raw });
    if (!parsed.success) throw new Error(`${name}=${raw} is not valid: ${parsed.error.issues.map((issue) => issue.message).join("; ")}`);
    Object.assign(patch, parsed.data);
  }
  return patch;
}
