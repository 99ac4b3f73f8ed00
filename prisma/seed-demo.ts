// `npm run db:seed:demo [-- <count>]` (development only): a demo library of public, ready avatars
// with tags across sexe, age and industrie, to try and benchmark the listing (default 200; e.g.
// `npm run db:seed:demo -- 100000`). Demo avatars are named "Demo ...": a second run tops the
// library up to <count> instead of duplicating it.
//
// Media: every demo avatar points at one of a few shared demo looks (a picture and a 2 s silent
// clip per look, at images/public-avatars/demo-look-N.jpg and videos/avatars/public/demo-look-N.mp4),
// uploaded once when storage is reachable. Without storage the rows still point there and the media
// answer 404 until a run with storage uploads them. Deleting a demo avatar never removes a shared
// look: the delete only removes objects under the avatar's own id.
//
// Reads DATABASE_URL and S3_* from the environment or .env; unset, it uses the embedded services of
// a running `npm run dev` (PostgreSQL on 5433, s3rver on 4569). The script runs under Node's
// react-server condition (see package.json), like the worker: the storage and env modules it
// loads are marked server-only.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import nextEnv from "@next/env";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../_shared/generated/prisma/client";
import { pgPoolConfig } from "../_shared/lib/database-url";
import { mediaUrl, storageKeys } from "../_shared/lib/storage-keys";
import { hashSeed, renderGeneratedImage } from "../tools/fal-simulator/media-image";
import { embeddedS3Credentials } from "../tools/embedded-stack";
import { renderVideo } from "../tools/fal-simulator/media-video";
import { BASE_TAGS } from "../_shared/lib/base-tags";
import { seedBaseTags } from "./seed-data";

const ROOT = path.resolve(import.meta.dirname, "..");
const PREFIX = "Demo ";
const BATCH = 1000;
const LOOKS = 6;
const FIRST_NAMES = ["Camille", "Léa", "Hugo", "Inès", "Lucas", "Chloé", "Nathan", "Manon", "Louis", "Sarah", "Jules", "Emma", "Noah", "Jade", "Adam", "Zoé", "Arthur", "Lina", "Gabriel", "Alice"];
const ROLES = ["Conseil", "Portrait", "Sourire", "Présentation", "Témoignage", "Accueil", "Expert", "Studio"];

function parseCount(arg: string | undefined): number {
  if (arg === undefined) return 200;
  const count = Number(arg);
  if (!Number.isInteger(count) || count < 1 || count > 1_000_000) throw new Error(`the count must be a whole number from 1 to 1000000 (got "${arg}")`);
  return count;
}

/** A small deterministic generator: the same index always gets the same avatar. */
function picker(seed: number) {
  let state = seed * 2654435761 + 1;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  return <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
}

const lookKeys = (n: number) => ({
  image: storageKeys.publicAvatarImage({ avatarId: `demo-look-${n}`, ext: "jpg" }),
  video: storageKeys.publicAvatarVideo({ avatarId: `demo-look-${n}` }),
});

/** Uploads the demo looks that are missing; returns false when storage cannot be reached. */
async function uploadLooks(): Promise<boolean> {
  const { s3Client, bucketName } = await import("../_shared/lib/s3");
  const { ffmpegPath, run, withTempDir } = await import("../_shared/lib/video-files");
  const { videoDisclosureArgs, withDisclosure } = await import("../_shared/lib/ai-disclosure");
  const sharp = (await import("sharp")).default;
  const { getEnv } = await import("../_shared/lib/env");
  try {
    if (!(await s3Client().bucketExists(bucketName()))) await s3Client().makeBucket(bucketName(), getEnv().S3_REGION);
  } catch (error) {
    console.warn(`seed:demo: storage unreachable (${error instanceof Error ? error.message : String(error)}); rows will point at demo media that is not uploaded`);
    return false;
  }
  const exists = (key: string) => s3Client().statObject(bucketName(), key).then(() => true, () => false);
  for (let n = 1; n <= LOOKS; n++) {
    const keys = lookKeys(n);
    if ((await exists(keys.image)) && (await exists(keys.video))) continue;
    const size = { width: 720, height: 1280 };
    // Demo media carries the same AI disclosure as everything the app stores.
    const disclosure = { origin: "generated", model: "demo (simulated)", assetId: `demo-look-${n}` } as const;
    const rendered = await renderGeneratedImage(size, hashSeed(`demo look ${n}`, n), "jpeg");
    const jpeg = await withDisclosure(sharp(rendered), disclosure).jpeg({ quality: 85 }).toBuffer();
    await s3Client().putObject(bucketName(), keys.image, jpeg, jpeg.length, { "Content-Type": "image/jpeg" });
    await withTempDir(async (dir) => {
      const outPath = path.join(dir, "clip.mp4");
      const tagged = path.join(dir, "tagged.mp4");
      const png = await sharp(rendered).png().toBuffer();
      await renderVideo({ outPath, size: { width: 480, height: 854 }, durationSeconds: 2, audio: false, image: { data: png, ...size }, signal: AbortSignal.timeout(60_000) });
      await run(ffmpegPath(), ["-v", "error", "-y", "-i", outPath, "-map", "0:v:0", "-c:v", "copy", "-an", "-map_metadata", "-1", ...videoDisclosureArgs(disclosure), "-movflags", "+faststart", tagged]);
      const clip = await readFile(tagged);
      await s3Client().putObject(bucketName(), keys.video, clip, clip.length, { "Content-Type": "video/mp4" });
    });
  }
  return true;
}

async function main() {
  nextEnv.loadEnvConfig(ROOT, true, { info: () => undefined, error: console.error });
  if (process.env.NODE_ENV === "production") throw new Error("refusing to add demo avatars with NODE_ENV=production");
  const count = parseCount(process.argv[2]);
  process.env.DATABASE_URL ||= "postgres://postgres:better-ads@127.0.0.1:5433/better_ads";
  if (!process.env.S3_ENDPOINT) {
    // The store `npm run dev` embeds, which answers requests signed with the key pair in its folder.
    process.env.S3_ENDPOINT = "http://127.0.0.1:4569";
    const keys = await embeddedS3Credentials(path.join(path.resolve(ROOT, process.env.BETTER_ADS_DATA_DIR ?? ".data"), "s3"), {
      accessKey: process.env.S3_ACCESS_KEY,
      secretKey: process.env.S3_SECRET_KEY,
    });
    Object.assign(process.env, { S3_ACCESS_KEY: keys.accessKey, S3_SECRET_KEY: keys.secretKey });
  }

  const prisma = new PrismaClient({ adapter: new PrismaPg(pgPoolConfig(process.env.DATABASE_URL)) });
  try {
    await seedBaseTags(prisma);
    const existing = await prisma.avatar.count({ where: { visibility: "public", name: { startsWith: PREFIX } } });
    if (existing >= count) {
      console.log(`seed:demo: the library already has ${existing} demo avatars (asked for ${count}); nothing to add`);
      return;
    }
    const uploaded = await uploadLooks();
    const tags = await prisma.tag.findMany({ select: { id: true, slug: true, category: { select: { slug: true } } } });
    const ofCategory = (category: string) => tags.filter((t) => t.category.slug === category && BASE_TAGS[category].tags.some(([slug]) => slug === t.slug)).map((t) => t.id);
    const [sexe, age, industrie] = [ofCategory("sexe"), ofCategory("age"), ofCategory("industrie")];

    const toAdd = count - existing;
    const now = Date.now();
    const spanMs = 365 * 24 * 3600_000;
    for (let start = 0; start < toAdd; start += BATCH) {
      const avatars = [];
      const links: { A: string[]; B: string[] } = { A: [], B: [] };
      for (let i = start; i < Math.min(toAdd, start + BATCH); i++) {
        const n = existing + i + 1;
        const pick = picker(n);
        const id = `c${now.toString(36)}${randomBytes(8).toString("hex")}`;
        const look = lookKeys((n % LOOKS) + 1);
        avatars.push({
          id,
          name: `${PREFIX}${pick(FIRST_NAMES)} ${pick(ROLES)} ${n}`,
          imageUrl: mediaUrl(look.image),
          videoUrl: mediaUrl(look.video),
          visibility: "public" as const,
          status: "ready" as const,
          durationSeconds: 2,
          width: 480,
          height: 854,
          aspectRatio: "9:16",
          // Spread over the last year, newest last, so the sorts have something to sort.
          createdAt: new Date(now - spanMs + Math.floor((spanMs * n) / (count + 1))),
        });
        const chosen = new Set([pick(sexe), pick(age), pick(industrie), ...(pick([0, 1, 2]) > 0 ? [pick(industrie)] : [])]);
        for (const tagId of chosen) {
          links.A.push(id);
          links.B.push(tagId);
        }
      }
      // Prisma's createMany cannot link an implicit many-to-many relation: the join rows go in raw.
      await prisma.$transaction([
        prisma.avatar.createMany({ data: avatars }),
        prisma.$executeRawUnsafe(`INSERT INTO "_AvatarTags" ("A", "B") SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`, links.A, links.B),
      ]);
      process.stdout.write(`\rseed:demo: ${Math.min(toAdd, start + BATCH)}/${toAdd} demo avatars added`);
    }
    await prisma.$executeRawUnsafe(`ANALYZE "Avatar", "_AvatarTags"`);
    console.log(`\nseed:demo: the library has ${count} demo avatars${uploaded ? "" : " (demo media not uploaded: storage was unreachable)"}`);
  } finally {
    await prisma.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(`seed:demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
