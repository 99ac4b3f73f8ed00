import { controlsFromEnv } from "./env-controls";
import { startFalSimulator } from "./server";

/** `tsx tools/fal-simulator/main.ts [--port N] [--verbose]`; FAL_SIMULATOR_PORT also sets the port, FAL_SIMULATOR_* the controls. */
function readPort(argv: string[]): number {
  const flagIndex = argv.indexOf("--port");
  const raw = flagIndex >= 0 ? argv[flagIndex + 1] : process.env.FAL_SIMULATOR_PORT;
  const port = Number(raw ?? 4010);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid port: ${raw}`);
  return port;
}

const args = process.argv.slice(2);
const simulator = await startFalSimulator({ port: readPort(args), verbose: args.includes("--verbose"), controls: controlsFromEnv(process.env) });
console.log(`Fal simulator listening on ${simulator.url} (JWKS: ${simulator.jwksUrl})`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await simulator.close();
  process.exit(0);
}
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
