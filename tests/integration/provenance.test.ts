// Provenance records (GET .../provenance) of every resource kind: b-rolls, private avatars, public
// avatars; built from the job log and the rows, with the input picture's hash and the consent. Same
// access as the resource: another user's is a 404; who made a library avatar is for admins only.
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/_shared/lib/prisma";
import { keyOfStoredMediaUrl } from "@/_shared/lib/storage-keys";
import { CONSENT_TEXT_VERSION } from "@/_shared/schemas/provenance";
import * as generate from "@/app/api/images/generate/route";
import * as bRolls from "@/app/api/b-rolls/route";
import * as bRollProvenance from "@/app/api/b-rolls/[id]/provenance/route";
import * as privateAvatars from "@/app/api/avatars/private/route";
import * as privateProvenance from "@/app/api/avatars/private/[id]/provenance/route";
import * as publicAvatars from "@/app/api/avatars/public/route";
import * as publicProvenance from "@/app/api/avatars/public/[id]/provenance/route";
import { seedBaseTags } from "@/prisma/seed-data";
import { call, newProject, newUser, post, settledRow, type TestUser } from "../helpers";
import { readStoredFile, uploadedPhoto } from "../media";
import { withPipeline } from "../pipeline";

withPipeline();
beforeAll(() => seedBaseTags(prisma));

const clip = { resolution: "480p", duration: 2 } as const;
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const read = (handler: typeof bRollProvenance.GET, user: TestUser | null, id: string) => call(handler, { user, params: { id } });


describe("GET /api/avatars/private/[id]/provenance", () => {
  it("a generated picture: its FLUX request, the clip's model, prompt, options, seed, cost, who and when", async () => {
    const user = await newUser();
    const projectId = await newProject(user);
    const picture = await post(generate.POST, user, { prompt: "a florist among tulips", sessionId: "p-gen" });
    expect(picture.status).toBe(200);
    const made = await post(privateAvatars.POST, user, { name: "Florist", imageUrl: picture.json.imageUrl, projectId, prompt: "waves hello", seed: 4242, ...clip });
    expect(made.status).toBe(202);
    await settledRow("avatar", made.json.id);
    const row = await prisma.avatar.findUniqueOrThrow({ where: { id: made.json.id } });

    const res = await read(privateProvenance.GET, user, row.id);
    expect(res.status).toBe(200);
    const record = res.json;
    expect(record.resource).toEqual({ type: "private-avatar", id: row.id });
    expect(record.createdBy).toBe(user.email);
    expect(record.picture).toMatchObject({ origin: "generated", sha256: sha256(await readStoredFile(keyOfStoredMediaUrl(row.imageUrl)!)) });
    expect(record.picture.generation).toMatchObject({ jobId: picture.json.jobId, kind: "text-to-image", models: ["fal-ai/flux/dev"], prompt: "a florist among tulips", createdBy: user.email });
    // The picture's seed: none was asked for, so the one FLUX reports it used.
    expect(record.picture.generation.seed).toEqual(expect.any(Number));
    expect(record.clip.seed).toBe(row.seed);
    expect(record.clip.generations).toHaveLength(1);
    const job = await prisma.generationJob.findFirstOrThrow({ where: { avatarId: row.id } });
    expect(record.clip.generations[0]).toMatchObject({
      jobId: job.id,
      kind: "image-to-video",
      models: [job.model],
      status: "completed",
      prompt: "waves hello",
      seed: 4242,
      options: expect.objectContaining({ resolution: "480p", duration: 2, seed: 4242 }),
      estimatedCostUsd: Number(job.estimatedCostUsd),
      createdBy: user.email,
      createdAt: job.createdAt.toISOString(),
    });
    expect(record.consent).toBeNull();

    // Another user's avatar is a 404, the same as a missing one.
    const stranger = await newUser();
    expect((await read(privateProvenance.GET, stranger, row.id)).status).toBe(404);
    expect((await read(privateProvenance.GET, user, "missing")).status).toBe(404);
  });

  it("an uploaded picture: origin uploaded and the consent with its hash", async () => {
    const user = await newUser();
    const projectId = await newProject(user);
    const made = await post(privateAvatars.POST, user, { name: "Me", imageUrl: await uploadedPhoto(user, "p-up"), projectId, consent: { attested: true }, ...clip });
    expect(made.status).toBe(202);
    const row = await prisma.avatar.findUniqueOrThrow({ where: { id: made.json.id } });
    const record = (await read(privateProvenance.GET, user, row.id)).json;
    expect(record.picture).toEqual({ origin: "uploaded", sha256: row.imageSha256, generation: null });
    expect(record.consent).toEqual({ attestedBy: user.email, attestedAt: row.consentAttestedAt!.toISOString(), textVersion: CONSENT_TEXT_VERSION, imageSha256: row.imageSha256 });
    expect(row.imageSha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("GET /api/b-rolls/[id]/provenance", () => {
  it("text-to-video: no picture; image-to-video: its copy's hash; another user's is 404", async () => {
    const user = await newUser();
    const projectId = await newProject(user);
    const text = await post(bRolls.POST, user, { name: "Dolly", prompt: "slow dolly-in on a cup", projectId, seed: 77, ...clip });
    expect(text.status).toBe(202);
    const record = (await read(bRollProvenance.GET, user, text.json.id)).json;
    expect(record).toMatchObject({ resource: { type: "b-roll", id: text.json.id }, createdBy: user.email, picture: null, consent: null });
    expect(record.clip.generations[0]).toMatchObject({ kind: "text-to-video", prompt: "slow dolly-in on a cup", seed: 77, createdBy: user.email });

    const fromImage = await post(bRolls.POST, user, { name: "Turn", prompt: "the product turns", imageUrl: await uploadedPhoto(user, "p-broll"), projectId, ...clip });
    expect(fromImage.status).toBe(202);
    const row = await prisma.bRoll.findUniqueOrThrow({ where: { id: fromImage.json.id } });
    const imageRecord = (await read(bRollProvenance.GET, user, row.id)).json;
    expect(imageRecord.picture).toEqual({ origin: "unknown", sha256: sha256(await readStoredFile(keyOfStoredMediaUrl(row.imageUrl!)!)), generation: null });
    expect(imageRecord.clip.generations[0].kind).toBe("image-to-video");

    const stranger = await newUser();
    expect((await read(bRollProvenance.GET, stranger, row.id)).status).toBe(404);
  });
});

describe("GET /api/avatars/public/[id]/provenance", () => {
  it("everyone reads a ready one; who made it and who attested are for admins only; processing is admins' only", async () => {
    const admin = await newUser({ role: "admin" });
    const made = await post(publicAvatars.POST, admin, { name: "Library provenance", imageUrl: await uploadedPhoto(admin, "p-pub"), tagSlugs: ["femme"], consent: { attested: true }, ...clip });
    expect(made.status).toBe(202);
    const id = made.json.id as string;
    const user = await newUser();
    expect((await read(publicProvenance.GET, user, id)).status).toBe(404);
    const early = await read(publicProvenance.GET, admin, id);
    expect(early.status).toBe(200);
    expect(early.json.resource).toEqual({ type: "public-avatar", id });

    expect((await settledRow("avatar", id)).status).toBe("ready");
    const forAdmin = (await read(publicProvenance.GET, admin, id)).json;
    expect(forAdmin.createdBy).toBe(admin.email);
    expect(forAdmin.consent).toMatchObject({ attestedBy: admin.email, textVersion: CONSENT_TEXT_VERSION });
    expect(forAdmin.clip.generations[0].createdBy).toBe(admin.email);
    for (const reader of [user, null]) {
      const res = await read(publicProvenance.GET, reader, id);
      expect(res.status).toBe(200);
      expect(res.json.createdBy).toBeNull();
      expect(res.json.consent).toMatchObject({ attestedBy: null, textVersion: CONSENT_TEXT_VERSION, imageSha256: forAdmin.picture.sha256 });
      expect(res.json.clip.generations[0].createdBy).toBeNull();
      expect(JSON.stringify(res.json)).not.toContain(admin.email);
    }
  });
});
