import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEFAULT_CONTROLS, resetControls, type FalSimulatorControls } from "./controls";
import { resultLifetimeMs } from "./controls-realism";
import { createJobRunner, type Job } from "./jobs";
import { createMediaStore } from "./media-store";
import type { ReceivedRequest } from "./queue-routes";
import { createKeyring } from "./keyring";
import { createRequestHandler } from "./routes";
import { createWebhookSender } from "./webhooks";

export type { AudioMode, ControlsPatch, FalSimulatorControls } from "./controls";
export type { ReceivedRequest } from "./queue-routes";
export type { FalJwk, WebhookSignatureInput } from "./signing";

export type RequestTimeline = Pick<Job, "createdAt" | "slotAt" | "startedAt" | "completedAt">;

export interface FalSimulatorOptions {
  /** 0 picks a free port. Default 0. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Where produced and uploaded media are written; default a fresh OS temp dir, removed on close. */
  dataDir?: string;
  /** Initial controls; `reset()` returns to these. */
  controls?: Partial<FalSimulatorControls>;
  /** Log each request and webhook delivery to stdout. */
  verbose?: boolean;
}

export interface FalSimulator {
  /** Base URL, e.g. http://127.0.0.1:4010 (no trailing slash). */
  url: string;
  jwksUrl: string;
  port: number;
  /** Live object: change fields at any time, the next request sees them. */
  controls: FalSimulatorControls;
  /** Every submit received (queue and sync run), oldest first. */
  requests: ReceivedRequest[];
  /** A queued request's timeline (submit, slot, start, completion; epoch ms), as long as the simulator keeps it. */
  timeline(requestId: string): RequestTimeline | undefined;
  /** Back to the initial controls and the first signing key; forgets received requests and jobs. */
  reset(): void;
  /** Signs webhooks with a new key from now on; the JWKS lists the previous key and the new one. */
  rotateSigningKey(): { kid: string; keys: string[] };
  close(): Promise<void>;
}

export async function startFalSimulator(options: FalSimulatorOptions = {}): Promise<FalSimulator> {
  const host = options.host ?? "127.0.0.1";
  const initialControls = options.controls ?? {};
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), "fal-simulator-")));
  const log = options.verbose ? (line: string) => console.log(`[fal-simulator] ${line}`) : () => {};
  const lifetime = new AbortController();
  const server = createServer();
  const port = await listen(server, options.port ?? 0, host);
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  const controls: FalSimulatorControls = { ...DEFAULT_CONTROLS, ...initialControls };
  const requests: ReceivedRequest[] = [];
  const keyring = createKeyring();
  // Uploaded inputs live as long as a (small) result does.
  const store = createMediaStore(dataDir, url, () => resultLifetimeMs(controls, 0));
  const sender = createWebhookSender(keyring.signingKey, lifetime.signal, log);
  const jobs = createJobRunner({ store, sender, controls, signal: lifetime.signal, log });

  function reset(): void {
    resetControls(controls, initialControls);
    requests.length = 0;
    jobs.clear();
    keyring.reset();
  }

  server.on("request", createRequestHandler({ baseUrl: url, jobs, controls, requests, store, keyring, reset, log }));

  return {
    url,
    jwksUrl: `${url}/.well-known/jwks.json`,
    port,
    controls,
    requests,
    timeline(requestId) {
      const job = jobs.get(requestId);
      return job && { createdAt: job.createdAt, slotAt: job.slotAt, startedAt: job.startedAt, completedAt: job.completedAt };
    },
    reset,
    rotateSigningKey: () => keyring.rotate(),
    async close() {
      lifetime.abort();
      jobs.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address();
      if (address === null || typeof address === "string") reject(new Error("Simulator is not listening on TCP"));
      else resolve(address.port);
    });
  });
}
