// AWS Signature Version 4 verification for the embedded S3-compatible server (s3rver), which
// parses V4 signatures but never checks them. Both forms S3 clients use are verified: the
// `Authorization: AWS4-HMAC-SHA256 ...` header, and presigned URLs (`X-Amz-Algorithm` and friends in
// the query string, the form of every media redirect). The canonical request is rebuilt from what
// arrived: method, path (each segment decoded then encoded per RFC 3986), sorted query, the
// headers the client said it signed, and the payload hash it declared (`x-amz-content-sha256`;
// presigned URLs sign `UNSIGNED-PAYLOAD`). The body itself is not re-hashed: a request that changes
// its declared hash needs the secret to sign again, and the server is only reachable on loopback.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export interface SignedRequest {
  method: string;
  /** The request target as received: path and query, still encoded. */
  url: string;
  /** Node's lowercased headers (repeated headers joined with ", "). */
  headers: Record<string, string | string[] | undefined>;
}

export type SignatureCheck = { ok: true; accessKey: string } | { ok: false; code: "AccessDenied" | "InvalidAccessKeyId" | "SignatureDoesNotMatch" | "RequestTimeTooSkewed" | "AuthorizationQueryParametersError"; message: string };

const ALGORITHM = "AWS4-HMAC-SHA256";
/** How far a header-signed request's X-Amz-Date may be from our clock (S3's own limit). */
const MAX_SKEW_MS = 15 * 60_000;
/** S3's longest presigned URL lifetime. */
const MAX_EXPIRES_SECONDS = 7 * 24 * 3600;

const fail = (code: Exclude<SignatureCheck, { ok: true }>["code"], message: string): SignatureCheck => ({ ok: false, code, message });

/** RFC 3986 encoding as SigV4 wants it: unreserved characters kept, everything else %XX (upper case). */
function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decode(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

function header(headers: SignedRequest["headers"], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

/** `20261127T093000Z` -> epoch ms, or NaN. */
function parseAmzDate(value: string | undefined): number {
  const match = value?.match(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/);
  if (!match) return Number.NaN;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

interface Parsed {
  accessKey: string;
  scope: { date: string; region: string; service: string };
  signedHeaders: string[];
  signature: string;
  amzDate: string;
  payloadHash: string;
  /** Query pairs, decoded, without X-Amz-Signature. */
  query: Array<[string, string]>;
}

function parseQuery(rawQuery: string): Array<[string, string]> | null {
  const pairs: Array<[string, string]> = [];
  for (const part of rawQuery.split("&")) {
    if (!part) continue;
    const at = part.indexOf("=");
    const key = decode(at < 0 ? part : part.slice(0, at));
    const value = decode(at < 0 ? "" : part.slice(at + 1));
    if (key === null || value === null) return null;
    pairs.push([key, value]);
  }
  return pairs;
}

function parseCredential(credential: string | undefined): Pick<Parsed, "accessKey" | "scope"> | null {
  const parts = credential?.split("/");
  if (!parts || parts.length !== 5 || parts[4] !== "aws4_request") return null;
  const [accessKey, date, region, service] = parts;
  return { accessKey, scope: { date, region, service } };
}

function parse(request: SignedRequest, rawQuery: string): Parsed | SignatureCheck {
  const query = parseQuery(rawQuery);
  if (!query) return fail("AuthorizationQueryParametersError", "The query string is not valid percent-encoding.");
  const get = (name: string) => query.find(([key]) => key === name)?.[1];
  const authorization = header(request.headers, "authorization");

  if (get("X-Amz-Algorithm") !== undefined) {
    if (authorization) return fail("AccessDenied", "Only one authentication mechanism is allowed.");
    if (get("X-Amz-Algorithm") !== ALGORITHM) return fail("AuthorizationQueryParametersError", `X-Amz-Algorithm must be ${ALGORITHM}.`);
    const credential = parseCredential(get("X-Amz-Credential"));
    const signature = get("X-Amz-Signature");
    const signedHeaders = get("X-Amz-SignedHeaders");
    const amzDate = get("X-Amz-Date");
    const expires = Number(get("X-Amz-Expires"));
    if (!credential || !signature || !signedHeaders || !amzDate) {
      return fail("AuthorizationQueryParametersError", "X-Amz-Credential, X-Amz-Signature, X-Amz-SignedHeaders and X-Amz-Date are required.");
    }
    const signedAt = parseAmzDate(amzDate);
    if (!Number.isInteger(expires) || expires < 1 || expires > MAX_EXPIRES_SECONDS || Number.isNaN(signedAt)) {
      return fail("AuthorizationQueryParametersError", "X-Amz-Date or X-Amz-Expires is not valid.");
    }
    if (Date.now() > signedAt + expires * 1000) return fail("AccessDenied", "Request has expired.");
    if (signedAt - Date.now() > MAX_SKEW_MS) return fail("RequestTimeTooSkewed", "The request's date is in the future.");
    return {
      ...credential,
      signature,
      signedHeaders: signedHeaders.split(";"),
      amzDate,
      payloadHash: "UNSIGNED-PAYLOAD",
      query: query.filter(([key]) => key !== "X-Amz-Signature"),
    };
  }

  if (!authorization) return fail("AccessDenied", "Access Denied: requests must be signed.");
  const match = authorization.match(/^AWS4-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/);
  const credential = parseCredential(match?.[1]);
  if (!match || !credential) return fail("AccessDenied", `The Authorization header must be an ${ALGORITHM} signature.`);
  const amzDate = header(request.headers, "x-amz-date");
  const signedAt = parseAmzDate(amzDate);
  if (Number.isNaN(signedAt)) return fail("AccessDenied", "X-Amz-Date is required.");
  if (Math.abs(Date.now() - signedAt) > MAX_SKEW_MS) return fail("RequestTimeTooSkewed", "The difference between the request time and the server's time is too large.");
  const payloadHash = header(request.headers, "x-amz-content-sha256");
  if (!payloadHash) return fail("AccessDenied", "x-amz-content-sha256 is required.");
  return { ...credential, signature: match[3], signedHeaders: match[2].split(";"), amzDate: amzDate!, payloadHash, query };
}

function canonicalPath(rawPath: string): string | null {
  const segments = rawPath.split("/").map(decode);
  if (segments.some((segment) => segment === null)) return null;
  return (segments as string[]).map(encodeRfc3986).join("/");
}

const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data, "utf8").digest();

/**
 * Checks a request's SigV4 signature against the secret of its access key. `secretFor` answers
 * undefined for an unknown key.
 */
export function verifySigV4(request: SignedRequest, secretFor: (accessKey: string) => string | undefined): SignatureCheck {
  const at = request.url.indexOf("?");
  const rawPath = at < 0 ? request.url : request.url.slice(0, at);
  const parsed = parse(request, at < 0 ? "" : request.url.slice(at + 1));
  if ("ok" in parsed) return parsed;

  const secret = secretFor(parsed.accessKey);
  if (secret === undefined) return fail("InvalidAccessKeyId", "The access key you provided does not exist in our records.");
  if (parsed.scope.date !== parsed.amzDate.slice(0, 8) || parsed.scope.service !== "s3") {
    return fail("SignatureDoesNotMatch", "The credential scope does not match the request's date or service.");
  }
  if (!parsed.signedHeaders.includes("host")) return fail("SignatureDoesNotMatch", "The host header must be signed.");
  const path = canonicalPath(rawPath);
  if (path === null) return fail("SignatureDoesNotMatch", "The path is not valid percent-encoding.");

  const canonicalQuery = parsed.query
    .map(([key, value]) => [encodeRfc3986(key), encodeRfc3986(value)])
    .sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join("&");
  const canonicalHeaders = parsed.signedHeaders
    .map((name) => `${name}:${(header(request.headers, name) ?? "").trim().replace(/\s+/g, " ")}\n`)
    .join("");
  const canonicalRequest = [request.method, path, canonicalQuery, canonicalHeaders, parsed.signedHeaders.join(";"), parsed.payloadHash].join("\n");

  const { date, region, service } = parsed.scope;
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = [ALGORITHM, parsed.amzDate, scope, createHash("sha256").update(canonicalRequest, "utf8").digest("hex")].join("\n");
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), "aws4_request");
  const expected = hmac(signingKey, stringToSign);
  const given = Buffer.from(parsed.signature, "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return fail("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
  }
  return { ok: true, accessKey: parsed.accessKey };
}
