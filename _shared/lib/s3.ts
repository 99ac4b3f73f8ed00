import "server-only";
// The minio clients: the only way the app talks to object storage, so the same code runs against
// the embedded s3rver in development and tests and against MinIO or S3 in production.
import { Client } from "minio";
import { getEnv } from "./env";

function clientFor(endpoint: string): Client {
  const env = getEnv();
  const url = new URL(endpoint);
  return new Client({
    endPoint: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    useSSL: url.protocol === "https:",
    accessKey: env.S3_ACCESS_KEY ?? "S3RVER",
    secretKey: env.S3_SECRET_KEY ?? "S3RVER",
    // A fixed region: the client never has to ask the server for it (presigning stays local).
    region: env.S3_REGION,
    partSize: env.S3_PART_SIZE,
    pathStyle: true,
  });
}

const globalForS3 = globalThis as typeof globalThis & { s3?: { client: Client; presigner: Client } };

function clients() {
  if (!globalForS3.s3) {
    const env = getEnv();
    const client = clientFor(env.S3_ENDPOINT);
    // Presigned URLs sign the host, so they are made by a client that uses the browser-facing endpoint.
    const presigner = env.S3_PUBLIC_ENDPOINT ? clientFor(env.S3_PUBLIC_ENDPOINT) : client;
    globalForS3.s3 = { client, presigner };
  }
  return globalForS3.s3;
}

export const s3Client = () => clients().client;
export const s3Presigner = () => clients().presigner;
export const bucketName = () => getEnv().S3_BUCKET;
