// Checks that no server module ended up in the browser bundle of a production build: greps every
// client chunk (.next/static/chunks/**/*.js) for strings that exist only in server code (environment
// variable names, model ids, the auth secret fallback, Prisma and pg-boss internals). A client
// component that imports, even indirectly, env.ts, fal-models.ts, prisma.ts... brings them along.
//
//   npm run build && node tools/check-client-bundle.mjs
//
// Exits 1 naming each chunk and marker found, 2 when there is no build to check.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const chunksDir = path.join(root, ".next", "static", "chunks");

const MARKERS = [
  // env-schema.ts / env.ts: variable names only the server reads.
  "DATABASE_URL",
  "DAILY_SPEND_CAP_USD",
  "FAL_MODEL_TEXT_TO_VIDEO",
  "S3_SECRET_KEY",
  "METRICS_TOKEN",
  // fal-models.ts (via env defaults): model ids and their prices' basis.
  "bytedance/seedance",
  "flux-pro/kontext",
  "fal-ai/flux",
  // env.ts: the development auth secret.
  "better-ads-development-secret",
  // prisma.ts, queue.ts, s3.ts: their libraries.
  "PrismaClientKnownRequestError",
  "pgboss.",
  "minio",
];

async function jsFiles(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith(".js")).map((entry) => path.join(entry.parentPath, entry.name));
}

let files;
try {
  files = await jsFiles(chunksDir);
} catch {
  console.error(`No client chunks in ${path.relative(root, chunksDir)}: run \`npm run build\` first.`);
  process.exit(2);
}
if (!files.length) {
  console.error(`No client chunks in ${path.relative(root, chunksDir)}: run \`npm run build\` first.`);
  process.exit(2);
}

const found = [];
for (const file of files) {
  const text = await readFile(file, "utf8");
  for (const marker of MARKERS) if (text.includes(marker)) found.push({ chunk: path.relative(root, file), marker });
}

if (found.length) {
  for (const { chunk, marker } of found) console.error(`${chunk}: contains "${marker}" (server-only code in the browser bundle)`);
  process.exit(1);
}
console.log(`OK: ${files.length} client chunks, none contains a server-only marker (${MARKERS.length} checked).`);
