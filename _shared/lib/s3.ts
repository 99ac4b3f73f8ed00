import "server-only";
// The minio clients: the only way the app talks to object storage, so the same code runs against
// the embedded s3rver in development and tests and against MinIO or S3 in production.
//
// Every request carries a timeout on silence (S3_TIMEOUT_SECONDS): connecting, waiting for an
// answer, or a body that stops flowing either way. It is not a limit on total duration, so a
// 200 MB video that keeps moving is never cut off, while a stopped or hung server fails the call
// with StorageTimeoutError instead of holding the request (or the job) for as long as it is stopped.
import http from "node:http";
import https from "node:https";
import { Client, type ClientOptions } from "minio";
import { getEnv, type Env } from "./env";

/** A storage request that heard nothing for S3_TIMEOUT_SECONDS; its socket is destroyed. */
class StorageTimeoutError extends Error {
  // The code the rest of the app (errors.ts) already treats as "a backing service is unreachable".
  readonly code = "ETIMEDOUT";
  constructor(seconds: number) {
    super(`Storage did not answer for ${seconds} s`);
    this.name = "StorageTimeoutError";
  }
}

/** http(s).request with an inactivity timeout that aborts the request (Node only emits an event). */
function timedTransport(secure: boolean, seconds: number) {
  const base = secure ? https : http;
  const ms = seconds * 1000;
  // Its own agent: the timeout also covers connecting, and idle pooled sockets are dropped.
  const agent = new base.Agent({ keepAlive: true, timeout: ms });
  return {
    agent,
    transport: {
      request: (options: http.RequestOptions, callback?: (res: http.IncomingMessage) => void): http.ClientRequest => {
        const req = base.request({ ...options, agent, timeout: ms }, callback);
        req.setTimeout(ms, () => req.destroy(new StorageTimeoutError(seconds)));
        return req;
      },
    } as NonNullable<ClientOptions["transport"]>,
  };
}

function clientFor(endpoint: string, env: Env): Client {
  const url = new URL(endpoint);
  const useSSL = url.protocol === "https:";
  const { agent, transport } = timedTransport(useSSL, env.S3_TIMEOUT_SECONDS);
  return new Client({
    endPoint: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    useSSL,
    // Without a key pair the client is anonymous (a public bucket); `npm run dev` and the tests set
    // the embedded store's pair.
    accessKey: env.S3_ACCESS_KEY ?? "",
    secretKey: env.S3_SECRET_KEY ?? "",
    // A fixed region: the client never has to ask the server for it (presigning stays local).
    region: env.S3_REGION,
    partSize: env.S3_PART_SIZE,
    pathStyle: true,
    transport,
    transportAgent: agent,
  });
}

/** Every setting the clients are built from: when one changes (a reloaded environment), they are rebuilt. */
function settingsOf(env: Env): string {
  const { S3_ENDPOINT, S3_PUBLIC_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY, S3_REGION, S3_PART_SIZE, S3_TIMEOUT_SECONDS } = env;
  return JSON.stringify([S3_ENDPOINT, S3_PUBLIC_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY, S3_REGION, S3_PART_SIZE, S3_TIMEOUT_SECONDS]);
}

const globalForS3 = globalThis as typeof globalThis & { s3?: { settings: string; client: Client; presigner: Client } };

function clients() {
  const env = getEnv();
  const settings = settingsOf(env);
  if (globalForS3.s3?.settings !== settings) {
    const client = clientFor(env.S3_ENDPOINT, env);
    // Presigned URLs sign the host, so they are made by a client that uses the browser-facing endpoint.
    const presigner = env.S3_PUBLIC_ENDPOINT ? clientFor(env.S3_PUBLIC_ENDPOINT, env) : client;
    globalForS3.s3 = { settings, client, presigner };
  }
  return globalForS3.s3;
}

export const s3Client = () => clients().client;
export const s3Presigner = () => clients().presigner;
export const bucketName = () => getEnv().S3_BUCKET;
