// `npm run fal:smoke`: one real picture and one real clip through our own pipeline against Fal.ai,
// billed to FAL_KEY (about $0.07 with the default models): the cheapest FLUX picture we offer (one
// image, the smallest size), then the cheapest clip of the configured image-to-video model (480p, its
// shortest duration, its cheapest format) made from that picture as a private avatar. It goes through
// the services the API uses (job log, limits, Fal storage upload, submit worker, webhook or polling,
// finalisation into our bucket) and prints the estimates, the timings and the stored object keys.
//
// Needs the app's environment (.env or variables): DATABASE_URL (migrated), S3_*, FAL_KEY.
// - FAL_SMOKE_WEBHOOK_URL: a public URL of a running app on the same database (…/api/webhooks/fal)
//   that Fal will post the clip's outcome to. Without it the outcome is polled (every 5 s here).
// - FAL_SMOKE_VIDEO_MODEL: the image-to-video model id for this run (default FAL_MODEL_IMAGE_TO_VIDEO);
//   it must be in the price table or priced by FAL_PRICE_OVERRIDES, like any configured model.
// - FAL_SMOKE_TIMEOUT_MINUTES: how long to wait for the clip (default 20).
import { randomUUID } from "node:crypto";
import path from "node:path";
import nextEnv from "@next/env";
import type { PriceOptions } from "../_shared/lib/fal-models";
import type { GenerationKind } from "../_shared/schemas/generation-options";

const ROOT = path.resolve(import.meta.dirname, "..");
const POLL_SECONDS = 5;

const say = (line: string) => console.log(`[fal:smoke] ${line}`);
const seconds = (ms: number | null | undefined) => (ms === null || ms === undefined ? "-" : `${(ms / 1000).toFixed(1)} s`);
const usd = (n: number) => `$${n.toFixed(4)}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<number> {
  nextEnv.loadEnvConfig(ROOT, false, { info: () => undefined, error: console.error });
  if (!process.env.FAL_KEY?.trim()) {
    console.error(
      "[fal:smoke] FAL_KEY is not set. This command makes one real picture and one real clip on Fal.ai, billed to that key (about $0.07): set FAL_KEY (in .env or the environment) and run it again.",
    );
    return 1;
  }
  // This process's settings, before the app reads its environment.
  if (process.env.FAL_SMOKE_VIDEO_MODEL?.trim()) process.env.FAL_MODEL_IMAGE_TO_VIDEO = process.env.FAL_SMOKE_VIDEO_MODEL.trim();
  if (process.env.FAL_SMOKE_WEBHOOK_URL?.trim()) process.env.FAL_WEBHOOK_URL = process.env.FAL_SMOKE_WEBHOOK_URL.trim();
  process.env.RECONCILE_AFTER_SECONDS = String(POLL_SECONDS);
  const timeoutMinutes = Number(process.env.FAL_SMOKE_TIMEOUT_MINUTES ?? 20) || 20;

  // Imported only now: the app's modules read the environment when they load.
  const { EnvError, getEnv, falWebhookUrl } = await import("../_shared/lib/env");
  try {
    getEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(`[fal:smoke] ${error.message}`);
      return 1;
    }
    throw error;
  }
  const env = getEnv();
  const { prisma } = await import("../_shared/lib/prisma");
  const { fileStorage } = await import("../_shared/core/file-storage.service");
  const { generateImages } = await import("../_shared/core/images/image-sessions");
  const { createPrivateAvatar } = await import("../_shared/core/avatars/private-avatars");
  const { createProject } = await import("../_shared/core/projects/projects");
  const { startWorkers, stopWorkers } = await import("../_shared/core/generation/workers");
  const { reconcileJobs } = await import("../_shared/core/generation/reconcile");
  const { jobViewSelect, jobDurations } = await import("../_shared/core/generation/job-view");
  const { priceBreakdown, videoLimits } = await import("../_shared/lib/fal-models");
  const { keyOfStoredMediaUrl } = await import("../_shared/lib/storage-keys");
  const { IMAGE_ASPECT_RATIOS, VIDEO_ASPECT_RATIOS } = await import("../_shared/schemas/generation-options");

  if (env.FAL_BASE_URL) say(`FAL_BASE_URL is set: this run talks to ${env.FAL_BASE_URL}, not to Fal.ai.`);
  const webhook = process.env.FAL_SMOKE_WEBHOOK_URL?.trim();
  say(webhook ? `clip outcome: webhook to ${falWebhookUrl()} (polling every ${POLL_SECONDS} s as well)` : `clip outcome: polled every ${POLL_SECONDS} s (set FAL_SMOKE_WEBHOOK_URL for a webhook)`);

  /** The cheapest of some options (ties: the fewest pixels, then the first). */
  function cheapest<O extends PriceOptions>(kind: GenerationKind, options: O[]) {
    const priced = options.map((o) => ({ options: o, ...priceBreakdown(kind, o) }));
    const pixels = (p: (typeof priced)[number]) => ("width" in p.basis ? p.basis.width * p.basis.height : 0);
    return priced.reduce((best, p) => (p.estimatedCostUsd < best.estimatedCostUsd || (p.estimatedCostUsd === best.estimatedCostUsd && pixels(p) < pixels(best)) ? p : best));
  }

  await fileStorage.ensureBucket();
  const email = "fal-smoke@better-ads.local";
  const user = await prisma.user.upsert({ where: { email }, create: { email, name: "fal:smoke" }, update: {}, select: { id: true, email: true, name: true, role: true } });
  const project = await createProject({ user, name: `fal:smoke ${new Date().toISOString()}` });
  say(`as ${email}, project "${project.name}"`);
  await startWorkers({ schedule: false });
  let exitCode = 1;
  try {
    // 1. The picture.
    const picture = cheapest("text-to-image", IMAGE_ASPECT_RATIOS.map((aspectRatio) => ({ aspectRatio, numImages: 1 })));
    say(`picture: ${picture.model}, ${JSON.stringify(picture.options)}, estimate ${usd(picture.estimatedCostUsd)} (${picture.basis.formula})`);
    const pictureStart = Date.now();
    const image = await generateImages({
      user,
      // Not a photoreal face: Seedance may refuse those (partner_validation_failed), which says nothing of our pipeline.
      prompt: "Flat vector illustration of a friendly cartoon robot mascot, head and shoulders, plain pastel background",
      sessionId: randomUUID(),
      options: picture.options,
    });
    const pictureJob = await prisma.generationJob.findUniqueOrThrow({ where: { id: image.jobId }, select: jobViewSelect });
    const pictureTimes = jobDurations(pictureJob);
    say(`picture ready in ${seconds(Date.now() - pictureStart)} (Fal queue+generation ${seconds(pictureTimes.generationMs)}, inference ${seconds(pictureTimes.inferenceMs)}); job ${image.jobId}`);
    say(`  stored: ${keyOfStoredMediaUrl(image.imageUrl)} (a session picture: deleted once the clip below is ready)`);

    // 2. The clip.
    const limits = videoLimits("image-to-video");
    const resolution = limits.resolutions.includes("480p") ? "480p" : limits.resolutions[0];
    const clip = cheapest("image-to-video", VIDEO_ASPECT_RATIOS.map((aspectRatio) => ({ aspectRatio, resolution, duration: limits.durations.min })));
    say(`clip: ${clip.model}, ${JSON.stringify(clip.options)}, estimate ${usd(clip.estimatedCostUsd)} (${clip.basis.formula})`);
    const clipStart = Date.now();
    const avatar = await createPrivateAvatar({
      user,
      body: { name: "fal:smoke", imageUrl: image.imageUrl, projectId: project.id, prompt: "The robot waves and nods slightly, looking at the camera", ...clip.options },
    });
    say(`avatar ${avatar.id} processing, job ${avatar.jobId}`);
    const deadline = clipStart + timeoutMinutes * 60_000;
    let lastStatus = "";
    let row = await prisma.avatar.findUniqueOrThrow({ where: { id: avatar.id } });
    while (row.status === "processing" && Date.now() < deadline) {
      await sleep(POLL_SECONDS * 1000);
      await reconcileJobs();
      const job = avatar.jobId ? await prisma.generationJob.findUnique({ where: { id: avatar.jobId }, select: { status: true } }) : null;
      if (job && job.status !== lastStatus) say(`  ${seconds(Date.now() - clipStart)}: job ${job.status}`);
      lastStatus = job?.status ?? lastStatus;
      row = await prisma.avatar.findUniqueOrThrow({ where: { id: avatar.id } });
    }
    const clipJob = avatar.jobId ? await prisma.generationJob.findUnique({ where: { id: avatar.jobId }, select: jobViewSelect }) : null;
    const times = clipJob ? jobDurations(clipJob) : null;
    if (row.status === "processing") {
      say(`clip still processing after ${timeoutMinutes} min: giving up (job ${avatar.jobId}; the reconciler of a running app will finish or fail it)`);
    } else if (row.status === "failed") {
      say(`clip FAILED after ${seconds(Date.now() - clipStart)}: ${row.errorMessage ?? "no reason"} (job ${clipJob?.errorCode ?? "?"}: ${clipJob?.error ?? ""})`);
    } else {
      say(`clip ready in ${seconds(Date.now() - clipStart)} (before Fal took it ${seconds(times?.queueMs)}, Fal ${seconds(times?.generationMs)}, inference ${seconds(times?.inferenceMs)}, total ${seconds(times?.totalMs)})`);
      for (const url of [row.imageUrl, row.videoUrl]) {
        const key = url ? keyOfStoredMediaUrl(url) : null;
        const stat = key ? await fileStorage.statFile(key) : null;
        say(`  stored: ${key ?? url} (${stat ? `${stat.size} bytes, ${stat.contentType}` : "missing!"})`);
      }
      exitCode = 0;
    }
    say(`estimated total ${usd(picture.estimatedCostUsd + clip.estimatedCostUsd)}: compare with the two requests on Fal's billing page.`);
  } finally {
    await stopWorkers();
    await prisma.$disconnect();
  }
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[fal:smoke] failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
