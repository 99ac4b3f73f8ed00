import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SIMULATOR_ENV, controlsFromEnv } from "../../tools/fal-simulator/env-controls";

describe("the simulator's controls from FAL_SIMULATOR_* variables (npm run dev)", () => {
  it("reads the timing profile, time factor, lifetimes and expected key, and skips blank ones", () => {
    const env = {
      FAL_SIMULATOR_PROFILE: "realistic",
      FAL_SIMULATOR_TIME_FACTOR: "10",
      FAL_SIMULATOR_RESULT_TTL_SECONDS: "600",
      FAL_SIMULATOR_LARGE_RESULT_TTL_SECONDS: "60",
      FAL_SIMULATOR_EXPECTED_KEY: "my-key",
      FAL_SIMULATOR_CONCURRENCY: "2",
      FAL_SIMULATOR_LATENCY_MS: " ",
    };
    expect(controlsFromEnv(env)).toEqual({ profile: "realistic", timeFactor: 10, resultTtlSeconds: 600, largeResultTtlSeconds: 60, expectedKey: "my-key", concurrency: 2 });
    expect(controlsFromEnv({})).toEqual({});
  });

  it.each([
    ["FAL_SIMULATOR_PROFILE", "slow"],
    ["FAL_SIMULATOR_TIME_FACTOR", "0"],
    ["FAL_SIMULATOR_TIME_FACTOR", "fast"],
    ["FAL_SIMULATOR_RESULT_TTL_SECONDS", "-1"],
    ["FAL_SIMULATOR_CONCURRENCY", "1.5"],
  ])("refuses %s=%s, naming the variable", (name, value) => {
    expect(() => controlsFromEnv({ [name]: value })).toThrow(new RegExp(`^${name}=`));
  });

  it("documents every one of them in .env.example", () => {
    const text = readFileSync(new URL("../../.env.example", import.meta.url), "utf8");
    const missing = Object.keys(SIMULATOR_ENV).filter((name) => !new RegExp(`^#? ?${name}=`, "m").test(text));
    expect(missing).toEqual([]);
  });
});
