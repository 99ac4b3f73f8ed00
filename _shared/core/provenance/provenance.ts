import "server-only";
// The provenance record of a stored clip and its input picture (GET .../provenance): built from what
// the rows already keep (the generation jobs: model, request, estimated cost, who, when; the
// resource's seed; the avatar's picture request) plus the two things stored for it: the SHA-256 of
// the resource's copy of its picture, and the consent attestation. Readable by whoever may read the
// resource; who made it is shown to its owner and to admins only.
import { notFound } from "@/_shared/lib/errors";
import { prisma, type GenerationJob } from "@/_shared/lib/prisma";
import type { SessionUser } from "@/_shared/lib/session";
import { provenanceResponse, type ProvenanceInput, type ProvenanceResponse } from "@/_shared/schemas/provenance";
import { jobModels } from "@/_shared/core/generation/job-requests";
import { kindOfDb } from "@/_shared/core/generation/job-kinds";

type JobRow = Pick<GenerationJob, "id" | "kind" | "model" | "falRequests" | "status" | "input" | "output" | "estimatedCostUsd" | "userId" | "createdAt">;
const jobSelect = { id: true, kind: true, model: true, falRequests: true, status: true, input: true, output: true, estimatedCostUsd: true, userId: true, createdAt: true } as const;

const asRecord = (value: unknown): Record<string, unknown> => (value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/** What a job was asked: the stored request (videos), else the model's own input (pictures) without the per-request image URL. */
function requestOf(input: unknown): { prompt: string | null; options: Record<string, unknown> } {
  const stored = asRecord(input);
  const request = asRecord(stored.request);
  if (typeof request.prompt === "string") return { prompt: request.prompt, options: asRecord(request.options) };
  const { prompt, ...options } = asRecord(stored.falInput);
  delete options.image_url;
  return { prompt: typeof prompt === "string" ? prompt : null, options };
}

function generationRecord(job: JobRow, who: (userId: string | null) => string | null) {
  const { prompt, options } = requestOf(job.input);
  const reported = asRecord(job.output).seed;
  return {
    jobId: job.id,
    kind: kindOfDb(job.kind),
    // Two when a refused face went on to the fallback model (the one that made the clip last).
    models: jobModels(job),
    status: job.status,
    prompt,
    options,
    // The seed asked for, else the one the model reports it used (FLUX and Seedance both do).
    seed: typeof options.seed === "number" ? options.seed : typeof reported === "number" ? reported : null,
    estimatedCostUsd: job.estimatedCostUsd === null ? null : Number(job.estimatedCostUsd),
    createdBy: who(job.userId),
    createdAt: job.createdAt,
  };
}

/** Shows who made what to the owner and to admins; others see null. */
async function whoResolver(reader: SessionUser | null, ownerId: string | null, jobs: JobRow[], extra: Array<string | null> = []) {
  const mayKnow = reader !== null && (reader.role === "admin" || (ownerId !== null && reader.id === ownerId));
  if (!mayKnow) return () => null;
  const ids = [...new Set([...jobs.map((job) => job.userId), ...extra].filter((id): id is string => id !== null))];
  const users = await prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } });
  const emails = new Map(users.map((user) => [user.id, user.email]));
  return (userId: string | null) => (userId === null ? null : (emails.get(userId) ?? userId));
}

const avatarProvenanceSelect = {
  id: true,
  userId: true,
  seed: true,
  createdAt: true,
  falImageJobId: true,
  imageSha256: true,
  consentAttestedBy: true,
  consentAttestedAt: true,
  consentTextVersion: true,
  generation_jobs: { select: jobSelect, orderBy: [{ createdAt: "asc" as const }, { id: "asc" as const }] },
};

type AvatarProvenanceRow = NonNullable<Awaited<ReturnType<typeof findAvatar>>>;
const findAvatar = (where: { id: string; visibility: "private" | "public"; userId?: string; status?: "ready" }) =>
  prisma.avatar.findFirst({ where, select: avatarProvenanceSelect });

async function avatarProvenance(reader: SessionUser | null, type: "private-avatar" | "public-avatar", row: AvatarProvenanceRow): Promise<ProvenanceResponse> {
  const pictureJob = row.falImageJobId ? await prisma.generationJob.findUnique({ where: { falRequestId: row.falImageJobId }, select: jobSelect }) : null;
  const jobs = [...row.generation_jobs, ...(pictureJob ? [pictureJob] : [])];
  const firstJob = row.generation_jobs[0] ?? null;
  const who = await whoResolver(reader, row.userId ?? firstJob?.userId ?? null, jobs, [row.consentAttestedBy]);
  const origin = pictureJob ? (pictureJob.kind === "image_edit" ? "edited" : "generated") : row.consentAttestedAt ? "uploaded" : "unknown";
  const record: ProvenanceInput = {
    resource: { type, id: row.id },
    createdBy: who(row.userId ?? firstJob?.userId ?? null),
    createdAt: row.createdAt,
    picture: { origin, sha256: row.imageSha256, generation: pictureJob ? generationRecord(pictureJob, who) : null },
    clip: { seed: row.seed, generations: row.generation_jobs.map((job) => generationRecord(job, who)) },
    consent:
      row.consentAttestedAt && row.consentTextVersion
        ? { attestedBy: who(row.consentAttestedBy), attestedAt: row.consentAttestedAt, textVersion: row.consentTextVersion, imageSha256: row.imageSha256 }
        : null,
  };
  return provenanceResponse.parse(record);
}

/** GET /api/avatars/private/[id]/provenance: the caller's own avatar only. */
export async function getPrivateAvatarProvenance({ user, id }: { user: SessionUser; id: string }): Promise<ProvenanceResponse> {
  const row = await findAvatar({ id, visibility: "private", userId: user.id });
  if (!row) throw notFound("Avatar");
  return avatarProvenance(user, "private-avatar", row);
}

/** GET /api/avatars/public/[id]/provenance: as the avatar itself (ready for everyone, any status for admins). */
export async function getPublicAvatarProvenance({ user, id }: { user: SessionUser | null; id: string }): Promise<ProvenanceResponse> {
  const row = await findAvatar({ id, visibility: "public", ...(user?.role === "admin" ? {} : { status: "ready" as const }) });
  if (!row) throw notFound("Avatar");
  return avatarProvenance(user, "public-avatar", row);
}

/** GET /api/b-rolls/[id]/provenance: the caller's own b-roll only. */
export async function getBRollProvenance({ user, id }: { user: SessionUser; id: string }): Promise<ProvenanceResponse> {
  const row = await prisma.bRoll.findFirst({
    where: { id, userId: user.id },
    select: { id: true, userId: true, type: true, seed: true, createdAt: true, imageSha256: true, generation_jobs: { select: jobSelect, orderBy: [{ createdAt: "asc" }, { id: "asc" }] } },
  });
  if (!row) throw notFound("B-roll");
  const who = await whoResolver(user, row.userId, row.generation_jobs);
  const record: ProvenanceInput = {
    resource: { type: "b-roll", id: row.id },
    createdBy: who(row.userId),
    createdAt: row.createdAt,
    // A b-roll's picture is one of the user's images or an avatar's: its hash is what we know of it.
    picture: row.type === "image_to_video" ? { origin: "unknown", sha256: row.imageSha256, generation: null } : null,
    clip: { seed: row.seed, generations: row.generation_jobs.map((job) => generationRecord(job, who)) },
    consent: null,
  };
  return provenanceResponse.parse(record);
}
