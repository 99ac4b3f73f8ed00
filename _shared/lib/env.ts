// The one place that reads process.env. Every variable is validated with zod at boot (and by
// next.config.ts at build), so a missing or malformed variable stops the app with one clear line
// naming it. `.env.example` documents each of them.
import { z } from "zod";

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

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    APP_URL: z.url({ message: "must be the app's public base URL, e.g. http://localhost:3000" }).default("http://localhost:3000"),
    DATABASE_URL: z
      .string({ message: "is required (postgres://user:password@host:5432/db); `npm run dev` sets it for you" })
      .regex(/^postgres(ql)?:\/\/.+\/.+/, { message: "must be a postgres:// URL that names a database" }),
    DATABASE_POOL_SIZE: positiveInt(10),

    S3_ENDPOINT: z.url({ message: "is required (e.g. http://127.0.0.1:9000); `npm run dev` sets it for you" }),
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
    MEDIA_URL_TTL_SECONDS: positiveInt(300),

    REDIS_URL: optionalString.pipe(
      z.string().regex(/^rediss?:\/\//, { message: "must be a redis:// or rediss:// URL" }).optional(),
    ),

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

    // Which services the dev launcher embedded (comma list), shown on the home page.
    EMBEDDED_SERVICES: commaList,
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  })
  .superRefine((env, ctx) => {
    const pair = (a: keyof typeof env, b: keyof typeof env) => {
      if (Boolean(env[a]) !== Boolean(env[b])) {
        ctx.addIssue({ code: "custom", path: [env[a] ? b : a], message: `is required when ${String(env[a] ? a : b)} is set` });
      }
    };
    pair("S3_ACCESS_KEY", "S3_SECRET_KEY");
    pair("GITHUB_ID", "GITHUB_SECRET");
    pair("GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET");
    if (env.NODE_ENV === "production") {
      if (!env.NEXTAUTH_SECRET) ctx.addIssue({ code: "custom", path: ["NEXTAUTH_SECRET"], message: "is required in production" });
      if (!env.S3_ACCESS_KEY) ctx.addIssue({ code: "custom", path: ["S3_ACCESS_KEY"], message: "is required in production" });
    }
  });

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
  if (result.success) return result.data;
  throw new EnvError(result.error.issues.map((issue) => `${issue.path.join(".") || "env"} ${issue.message}`));
}

let cached: Env | undefined;

/** The validated environment of this process, parsed once on first use. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Secret used to sign Auth.js cookies and tokens; a fixed value outside production. */
export function authSecret(env: Env = getEnv()): string {
  return env.NEXTAUTH_SECRET ?? "better-ads-development-secret-not-for-production";
}
