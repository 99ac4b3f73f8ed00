// The embedded S3-compatible store answers only requests signed (SigV4) with its key pair: the
// minio client (header signatures) and presigned URLs work; unsigned, mis-signed, tampered and
// expired requests are 403 and change nothing, anonymous listings included.
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "minio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { embeddedS3Credentials, startEmbeddedS3, type EmbeddedS3Handle } from "../../tools/embedded-stack";
import { readAll } from "../media";

const BUCKET = "gate-test";
const KEY = "users/u1/avatars/a b+c!(1)'*é.txt";
const BODY = "private media";

let dir: string;
let s3: EmbeddedS3Handle;
let client: Client;

function clientWith(accessKey: string, secretKey: string): Client {
  const url = new URL(s3.endpoint);
  return new Client({ endPoint: url.hostname, port: Number(url.port), useSSL: false, accessKey, secretKey, region: "us-east-1", pathStyle: true });
}

const objectUrl = (key: string) => `${s3.endpoint}/${BUCKET}/${key.split("/").map(encodeURIComponent).join("/")}`;

async function denied(response: Response, code = "AccessDenied") {
  expect(response.status).toBe(403);
  expect(await response.text()).toContain(`<Code>${code}</Code>`);
}

async function stillThere() {
  expect((await readAll(await client.getObject(BUCKET, KEY))).toString()).toBe(BODY);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "better-ads-s3-gate-"));
  s3 = await startEmbeddedS3({ dataDir: dir, bucket: BUCKET });
  client = clientWith(s3.accessKey, s3.secretKey);
  await client.putObject(BUCKET, KEY, Buffer.from(BODY));
});

afterAll(async () => {
  await s3?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("signed requests", () => {
  it("work for the minio client: put, stat, get, list with a prefix, copy, remove", async () => {
    expect((await client.statObject(BUCKET, KEY)).size).toBe(BODY.length);
    await stillThere();
    const listed: string[] = [];
    for await (const item of client.listObjectsV2(BUCKET, "users/u1/", true)) listed.push(item.name!);
    // (s3rver's listing mangles `+` and `'` in names; our keys have neither: the count is what matters here.)
    expect(listed).toHaveLength(1);
    await client.putObject(BUCKET, "tmp/x.txt", Buffer.from("x"));
    await client.removeObject(BUCKET, "tmp/x.txt");
    await expect(client.statObject(BUCKET, "tmp/x.txt")).rejects.toMatchObject({ code: "NotFound" });
  });

  it("work as presigned URLs, with response header overrides", async () => {
    const url = await client.presignedGetObject(BUCKET, KEY, 60, { "response-content-disposition": 'attachment; filename="a.txt"' });
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="a.txt"');
    expect(await response.text()).toBe(BODY);
  });

  it("use a random key pair kept (owner-only) in the data folder, not a well-known default", async () => {
    expect(s3.accessKey).not.toBe("S3RVER");
    expect(await embeddedS3Credentials(dir)).toEqual({ accessKey: s3.accessKey, secretKey: s3.secretKey });
    expect((await stat(path.join(dir, ".credentials.json"))).mode & 0o077).toBe(0);
    await denied(await fetch(await clientWith("S3RVER", "S3RVER").presignedGetObject(BUCKET, KEY, 60)), "InvalidAccessKeyId");
  });
});

describe("unsigned requests are refused and change nothing", () => {
  it("anonymous listings of the buckets and of the bucket", async () => {
    await denied(await fetch(`${s3.endpoint}/`));
    await denied(await fetch(`${s3.endpoint}/${BUCKET}`));
    await denied(await fetch(`${s3.endpoint}/${BUCKET}?list-type=2&prefix=users/`));
  });

  it("reading, overwriting and deleting an object", async () => {
    await denied(await fetch(objectUrl(KEY)));
    expect((await fetch(objectUrl(KEY), { method: "HEAD" })).status).toBe(403);
    await denied(await fetch(objectUrl(KEY), { method: "PUT", body: "overwritten" }));
    await denied(await fetch(objectUrl(KEY), { method: "DELETE" }));
    await denied(await fetch(`${s3.endpoint}/${BUCKET}/new.txt`, { method: "PUT", body: "planted" }));
    await stillThere();
    await expect(client.statObject(BUCKET, "new.txt")).rejects.toMatchObject({ code: "NotFound" });
  });

  it("a garbage Authorization header", async () => {
    await denied(await fetch(objectUrl(KEY), { headers: { Authorization: "AWS4-HMAC-SHA256 Credential=x" } }));
    await denied(await fetch(objectUrl(KEY), { headers: { Authorization: "AWS S3RVER:abc" } }));
  });
});

describe("mis-signed requests are refused", () => {
  it("a client with the wrong secret", async () => {
    await expect(clientWith(s3.accessKey, "not-the-secret").getObject(BUCKET, KEY)).rejects.toMatchObject({ code: "SignatureDoesNotMatch" });
    await expect(clientWith(s3.accessKey, "not-the-secret").removeObject(BUCKET, KEY)).rejects.toMatchObject({ code: "SignatureDoesNotMatch" });
    await stillThere();
  });

  it("a presigned URL pointed at another object, another method, or a longer life", async () => {
    await client.putObject(BUCKET, "users/u2/secret.txt", Buffer.from("other user's"));
    const url = new URL(await client.presignedGetObject(BUCKET, KEY, 60));
    const otherKey = new URL(url);
    otherKey.pathname = `/${BUCKET}/users/u2/secret.txt`;
    await denied(await fetch(otherKey), "SignatureDoesNotMatch");
    await denied(await fetch(url, { method: "DELETE" }), "SignatureDoesNotMatch");
    const longer = new URL(url);
    longer.searchParams.set("X-Amz-Expires", "604800");
    await denied(await fetch(longer), "SignatureDoesNotMatch");
    const dropped = new URL(url);
    dropped.searchParams.delete("X-Amz-Signature");
    await denied(await fetch(dropped), "AuthorizationQueryParametersError");
    await stillThere();
  });

  it("an expired presigned URL", async () => {
    const url = await client.presignedGetObject(BUCKET, KEY, 1);
    expect((await fetch(url)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    await denied(await fetch(url));
  });
});
