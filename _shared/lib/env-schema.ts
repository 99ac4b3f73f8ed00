// The environment's schema and its validation, pure (it reads no process.env itself): env.ts applies
// it to this process, and next.config.ts imports it to stop `next dev`/`next build` on a bad value.
// It carries no "server-only" marker because next.config.ts is loaded by plain Node, where that
// marker throws; app code reads the environment through env.ts, which has the marker.
import { z } from "zod";
import { GENERATION_KINDS } from "../schemas/generation-options";
import {
  DEFAULT_MODELS,
  FALLBACK_ENV_VAR,
  FALLBACK_OFF,
  MODEL_ENV_VARS,
  MODEL_TABLE,
  fallbackModelProblem,
  modelProblem,
  priceOverridesSchema,
  type PriceOverride,
} from "./fal-price-table";

const optionalString = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));

const optionalUrl = optionalString.pipe(z.url({ message: "must be a URL" }).optional());

const commaList = optionalString.transform((value) =>
  (value ?? "")
    .split(",")
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean),
);

/** A JSON value (unset: an empty object); text that is not JSON is an issue of the variable. */
function parseJson(value: string | undefined, ctx: z.RefinementCtx): unknown {
  if (value === undefined) return {};
  try {
    return JSON.parse(value);
  } catch {
    ctx.addIssue({ code: "custom", message: "must be a JSON object (see docs/pricing.md)" });
    return z.NEVER;
  }
}

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    APP_URL: z.url({ message: "must be the app's public base URL, e.g. http://localhost:3000" }).default("http://localhost:3000"),
    DATABASE_URL: z
      .string({ message: "is required (postgres://user:password@host:5432/db); `npm run dev` sets it for you" })
      .regex(/^postgres(ql)?:\/\/.+\/.+/, { message: "must be a postgres:// URL that names a database" }),
    DATABASE_POOL_SIZE: positiveInt(10),

    S3_ENDPOINT: z.url({ message: "must be the storage endpoint URL, e.g. http://127.0.0.1:9000 (`npm run dev` sets it for you)" }),
    S3_ACCESS_KEY: optionalString,
    S3_SECRET_KEY: optionalString,
    S3_REGION: z.string().default("us-east-1"),
    S3_BUCKET: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: "must be a valid S3 bucket name" })
      .default("better-ads"),
    // Base URL that browsers use to reach storage, when it differs from S3_ENDPOINT (e.g. in docker).
    S3_PUBLIC_ENDPOINT: optionalUrl,
    // s3rver (the embedded dev server) has no multipart upload: keep objects below one part.
    S3_PART_SIZE: positiveInt(64 * 1024 * 1024),
    // Seconds of silence (connecting, awaiting an answer, a stalled body) before a storage call fails.
    S3_TIMEOUT_SECONDS: positiveInt(10),
    MEDIA_URL_TTL_SECONDS: positiveInt(300),

    REDIS_URL: optionalString.pipe(
      z.string().regex(/^rediss?:\/\//, { message: "must be a redis:// or rediss:// URL" }).optional(),
    ),
    // Milliseconds a Redis command may take before the cache gives up on it (a miss, not an error).
    REDIS_TIMEOUT_MS: positiveInt(500),

    NEXTAUTH_SECRET: optionalString,
    NEXTAUTH_URL: optionalUrl,
    EMAIL_SERVER: optionalString.pipe(
      z.string().regex(/^smtps?:\/\//, { message: "must be an smtp:// or smtps:// URL" }).optional(),
    ),
    EMAIL_FROM: z.string().default("Better Ads <no-reply@better-ads.local>"),
    GITHUB_ID: optionalString,
    GITHUB_SECRET: optionalString,
    GOOGLE_CLIENT_ID: optionalString,
    GOOGLE_CLIENT_SECRET: optionalString,
    ADMIN_EMAILS: commaList,

    // --- Fal.ai ---
    // Unset: `npm run dev` starts the local Fal simulator and sets FAL_KEY/FAL_BASE_URL for it.
    FAL_KEY: optionalString,
    // Where Fal's hosts are reached: unset = Fal itself; the simulator's URL in dev and tests.
    FAL_BASE_URL: optionalUrl,
    FAL_WEBHOOK_JWKS_URL: z.url().default("https://rest.alpha.fal.ai/.well-known/jwks.json"),
    // Public URL Fal posts completion webhooks to (default: APP_URL + /api/webhooks/fal).
    FAL_WEBHOOK_URL: optionalUrl,
    // Each must be an id of the price table (fal-price-table.ts) for its role, or be priced by
    // FAL_PRICE_OVERRIDES: checked with the other cross-field rules below.
    FAL_MODEL_TEXT_TO_IMAGE: z.string().trim().default(DEFAULT_MODELS["text-to-image"]),
    FAL_MODEL_IMAGE_EDIT: z.string().trim().default(DEFAULT_MODELS["image-edit"]),
    FAL_MODEL_IMAGE_TO_VIDEO: z.string().trim().default(DEFAULT_MODELS["image-to-video"]),
    FAL_MODEL_TEXT_TO_VIDEO: z.string().trim().default(DEFAULT_MODELS["text-to-video"]),
    // The model an image-to-video job continues on when Seedance refuses a face, or "off" (the
    // default; `npm run dev` with the simulator and the tests turn it on): docs/faces.md.
    FAL_MODEL_IMAGE_TO_VIDEO_FALLBACK: z.string().trim().default(FALLBACK_OFF),
    // JSON { "<model id>": { "unit": ..., price, "source": ... } }: prices a model the table does not
    // know, or replaces a known model's price until the table is updated (docs/pricing.md).
    FAL_PRICE_OVERRIDES: optionalString.transform(parseJson).pipe(priceOverridesSchema),
    // Base URL under which Fal can fetch our media directly (a public bucket or CDN). Unset: input
    // images are uploaded to Fal's storage first.
    PUBLIC_MEDIA_BASE_URL: optionalUrl,
    // How long a synchronous image generation may take before it answers 502.
    FAL_SYNC_TIMEOUT_SECONDS: positiveInt(120),

    // --- Jobs ---
    // inline: workers run inside the Next.js server; separate: only in `npm run worker` processes.
    WORKER_MODE: z.enum(["inline", "separate"]).default("inline"),
    // Submitted jobs with no webhook after this long are polled by the reconciler.
    RECONCILE_AFTER_SECONDS: positiveInt(120),
    RECONCILE_INTERVAL_SECONDS: positiveInt(60),
    // A generation still unfinished after this long is failed.
    JOB_DEADLINE_MINUTES: positiveInt(30),
    SUBMIT_RETRY_LIMIT: z.coerce.number().int().min(0).default(4),
    SUBMIT_RETRY_DELAY_SECONDS: positiveInt(5),
    // A background job whose worker died is retried after this long.
    JOB_EXPIRE_SECONDS: positiveInt(600),
    TEMP_IMAGE_TTL_HOURS: positiveInt(24),
    // How often idle workers look for work (pg-boss polling; 0.5 s at the least).
    WORKER_POLL_SECONDS: z.coerce.number().min(0.5).default(2),
    // Jobs each worker process (or the server, inline) runs at once. Submits wait on Fal's HTTP
    // answer, so several overlap well; a finalisation mostly streams (download, remux, upload): the
    // burst bench (docs/performance.md) found 2 at a time the bottleneck, 4 keeps up.
    SUBMIT_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
    FINALIZE_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
    // Video generations a process starts at once (the create requests' checks and transaction;
    // more wait their turn in arrival order): a burst of creations then holds at most this many of
    // the database pool's connections, and the other requests keep answering (docs/performance.md).
    GENERATION_START_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(4),

    // ffmpeg/ffprobe binaries (default: the ones shipped by @ffmpeg-installer / @ffprobe-installer).
    FFMPEG_PATH: optionalString,
    FFPROBE_PATH: optionalString,
    // Largest generated video we copy from Fal.
    MAX_VIDEO_BYTES: positiveInt(500 * 1024 * 1024),

    // Development without SMTP: sign-in links are also appended (JSON lines) to this file.
    DEV_OUTBOX_FILE: optionalString,

    // Which services the dev launcher embedded (comma list), shown on the home page.
    EMBEDDED_SERVICES: commaList,
    // Benches only: "1" serves their reference route (GET /api/bench/ceiling); anything else, a 404.
    BENCH_ROUTES: optionalString.transform((value) => value === "1"),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
    // Prompts longer than this are cut in logs (the full text stays in the database).
    LOG_PROMPT_MAX_CHARS: positiveInt(200),

    // --- Monitoring ---
    // Bearer token that GET /api/metrics (Prometheus) requires; unset: the endpoint answers 404.
    METRICS_TOKEN: optionalString.pipe(z.string().min(16, { message: "must be at least 16 characters" }).optional()),
    // `npm run worker` serves its own /metrics on this port when set (same token).
    WORKER_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    // Slack-compatible incoming webhook that alerts are POSTed to; unset: alerts are only logged.
    ALERT_WEBHOOK_URL: optionalUrl,
    // One message per alert condition per window; a permanent-failure alert resolves after a quiet window.
    ALERT_WINDOW_MINUTES: positiveInt(15),
    // Failure-rate alert: share of failures among the last N finished jobs of a model.
    ALERT_FAILURE_RATE_THRESHOLD: z.coerce.number().gt(0).max(1).default(0.5),
    ALERT_FAILURE_RATE_JOBS: positiveInt(10),
    // Fewer finished jobs than this (of a model) are not enough to judge a rate.
    ALERT_FAILURE_RATE_MIN_JOBS: positiveInt(5),

    // --- Request size limits ---
    // Largest JSON request body (bytes) any API route reads; past it the request is answered 413.
    MAX_JSON_BODY_BYTES: positiveInt(1024 * 1024),
    // Largest Fal webhook body (bytes), read before its signature is checked; past it: 413.
    MAX_WEBHOOK_BODY_BYTES: positiveInt(1024 * 1024),

    // --- Cost control ---
    // Estimated spend per user per UTC day; 0 = no cap. Admins have their own cap.
    DAILY_SPEND_CAP_USD: z.coerce.number().min(0).default(20),
    ADMIN_DAILY_SPEND_CAP_USD: z.coerce.number().min(0).default(200),
    // Generation requests (image, avatar, b-roll, retries) per user per window; admins have their own limit.
    GENERATION_RATE_LIMIT: positiveInt(30),
    ADMIN_GENERATION_RATE_LIMIT: positiveInt(120),
    GENERATION_RATE_WINDOW_SECONDS: positiveInt(60),
  });

/**
 * Rules across variables, checked on the raw values so they are reported together with type errors
 * (a zod refinement would be skipped as soon as any single variable is malformed).
 */
function crossFieldProblems(source: Record<string, string | undefined>): string[] {
  const has = (name: string) => Boolean(source[name]?.trim());
  const problems: string[] = [];
  for (const [a, b] of [["S3_ACCESS_KEY", "S3_SECRET_KEY"], ["GITHUB_ID", "GITHUB_SECRET"], ["GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET"]]) {
    if (has(a) !== has(b)) problems.push(has(a) ? `${b} is required when ${a} is set` : `${a} is required when ${b} is set`);
  }
  if (has("FAL_BASE_URL") && !has("FAL_KEY")) problems.push("FAL_KEY is required when FAL_BASE_URL is set");
  problems.push(...modelProblems(source));
  const fallbackProblem = fallbackModelProblem(source[FALLBACK_ENV_VAR]?.trim() || FALLBACK_OFF);
  if (fallbackProblem) problems.push(fallbackProblem);
  if (source.NODE_ENV?.trim() === "production") {
    if (!has("NEXTAUTH_SECRET")) problems.push("NEXTAUTH_SECRET is required in production");
    if (!has("S3_ACCESS_KEY")) problems.push("S3_ACCESS_KEY is required in production");
    if (!has("FAL_KEY")) problems.push("FAL_KEY is required in production (or FAL_BASE_URL for a simulator)");
  }
  return problems;
}

/**
 * Each role's model must have a price: an id of the table for that role, or one FAL_PRICE_OVERRIDES
 * prices. Never priced by analogy with another model. Malformed overrides are reported on their own;
 * the ids they were meant to price are then not reported a second time.
 */
function modelProblems(source: Record<string, string | undefined>): string[] {
  const text = source.FAL_PRICE_OVERRIDES?.trim();
  let overrides: Record<string, PriceOverride> | null = {};
  if (text) {
    try {
      const parsed = priceOverridesSchema.safeParse(JSON.parse(text));
      overrides = parsed.success ? parsed.data : null;
    } catch {
      overrides = null;
    }
  }
  return GENERATION_KINDS.flatMap((role) => {
    const id = source[MODEL_ENV_VARS[role]]?.trim() || DEFAULT_MODELS[role];
    // Unknown ids may be what the malformed overrides were meant to price: not reported twice.
    if (overrides === null && !MODEL_TABLE[id]) return [];
    const problem = modelProblem(role, id, overrides ?? {});
    return problem ? [problem] : [];
  });
}

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment: ${problems.join("; ")}`);
    this.name = "EnvError";
  }
}

/** Validates a set of variables; throws EnvError with one line per problem, naming the variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  const problems = [
    ...(result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".") || "env"} ${issue.message}`)),
    ...crossFieldProblems(source),
  ];
  if (problems.length || !result.success) throw new EnvError(problems);
  return result.data;
}
