// Consent for real people: an avatar made from an uploaded picture (or an edit of one) needs the
// creator's attestation, on every creation path (private, public, variations grid), and keeps it
// (who, when, the text's version, the SHA-256 of its picture) through regenerate and duplicate.
// Generated pictures need none. Real uploads, FLUX through the simulator, real bucket.
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { fileStorage } from "@/_shared/core/file-storage.service";
import { prisma } from "@/_shared/lib/prisma";
import { keyOfStoredMediaUrl } from "@/_shared/lib/storage-keys";
import { CONSENT_TEXT_VERSION } from "@/_shared/schemas/provenance";
import * as generate from "@/app/api/images/generate/route";
import * as modify from "@/app/api/images/modify/route";
import * as privateAvatars from "@/app/api/avatars/private/route";
import * as regenerate from "@/app/api/avatars/private/[id]/regenerate/route";
import * as duplicate from "@/app/api/avatars/private/[id]/duplicate/route";
import * as variations from "@/app/api/avatars/private/variations/route";
import * as publicAvatars from "@/app/api/avatars/public/route";
import { seedBaseTags } from "@/prisma/seed-data";
import { call, newProject, newUser, post, settledRow, type TestUser } from "../helpers";
import { readStoredFile, uploadedPhoto } from "../media";
import { withPipeline } from "../pipeline";

withPipeline();
beforeAll(() => seedBaseTags(prisma));

const clip = { resolution: "480p", duration: 2 } as const;
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");


async function generated(user: TestUser, sessionId: string): Promise<string> {
  const res = await post(generate.POST, user, { prompt: "a smiling baker in her shop", sessionId });
  expect(res.status).toBe(200);
  return res.json.imageUrl as string;
}

/** A 400 that names consent.attested, and nothing written: no avatar row, no picture copy. */
async function expectConsentRefused(res: { status: number; json: { error: { message: string; details?: Array<{ path: string }> } } }, user: TestUser) {
  expect(res.status).toBe(400);
  expect(res.json.error.message).toMatch(/consent\.attested/);
  expect(res.json.error.details?.map((d) => d.path)).toEqual(["consent.attested"]);
  expect(await prisma.avatar.count({ where: { userId: user.id } })).toBe(0);
  expect(await fileStorage.listKeys(`images/avatars/${user.id}/`)).toEqual([]);
}

describe("an uploaded picture needs a consent attestation", () => {
  it("private avatar: 400 naming consent.attested without it, nothing written", async () => {
    const user = await newUser();
    const projectId = await newProject(user);
    const imageUrl = await uploadedPhoto(user, "c-private");
    await expectConsentRefused(await post(privateAvatars.POST, user, { name: "Anna", imageUrl, projectId, ...clip }), user);
    // `attested: false` is no attestation either: the schema names the field.
    const refused = await post(privateAvatars.POST, user, { name: "Anna", imageUrl, projectId, consent: { attested: false }, ...clip });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.json)).toContain("consent.attested");
  });

  it("public avatar (admin): 400 naming consent.attested without it", async () => {
    const admin = await newUser({ role: "admin" });
    const imageUrl = await uploadedPhoto(admin, "c-public");
    const res = await post(publicAvatars.POST, admin, { name: "Library face", imageUrl, tagSlugs: ["femme"], ...clip });
    expect(res.status).toBe(400);
    expect(res.json.error.details.map((d: { path: string }) => d.path)).toEqual(["consent.attested"]);
    expect(await prisma.avatar.count({ where: { name: "Library face", visibility: "public", generation_jobs: { some: { userId: admin.id } } } })).toBe(0);
  });

  it("variations grid: 400 naming consent.attested and the uploaded picture, nothing written", async () => {
    const user = await newUser();
    const projectId = await newProject(user);
    const pictures = [await generated(user, "c-grid"), await uploadedPhoto(user, "c-grid")];
    const res = await post(variations.POST, user, { name: "Grid", imageUrls: pictures, motions: [{ prompt: "nods" }], projectId, ...clip });
    await expectConsentRefused(res, user);
    expect(res.json.error.message).toContain("pictures 2 were uploaded");
    expect(await prisma.avatarVariationGrid.count({ where: { userId: user.id } })).toBe(0);
  });

  it("an edit of an uploaded picture needs it too", async () => {
    const user = await newUser();
    const projectId = await newProject(user);
    const edit = await post(modify.POST, user, { imageUrl: await uploadedPhoto(user, "c-edit"), modifications: "add glasses", sessionId: "c-edit" });
    expect(edit.status).toBe(200);
    await expectConsentRefused(await post(privateAvatars.POST, user, { name: "Edited", imageUrl: edit.json.imageUrl, projectId, ...clip }), user);
  });
});

describe("a generated picture needs no consent", () => {
  it("the plain body is accepted and no attestation is stored", async () => {
    const user = await newUser();
    const projectId = await newProject(user);
    const res = await post(privateAvatars.POST, user, { name: "Generated", imageUrl: await generated(user, "c-gen"), projectId, ...clip });
    expect(res.status).toBe(202);
    const row = await prisma.avatar.findUniqueOrThrow({ where: { id: res.json.id } });
    expect(row).toMatchObject({ consentAttestedBy: null, consentAttestedAt: null, consentTextVersion: null });
    expect(row.imageSha256).toBe(sha256(await readStoredFile(keyOfStoredMediaUrl(row.imageUrl)!)));
    const grid = await post(variations.POST, user, { name: "Grid", imageUrls: [await generated(user, "c-gen2")], motions: [{ prompt: "nods" }], projectId, ...clip });
    expect(grid.status).toBe(202);
  });
});

describe("an attested avatar stores who, when, the text's version and the picture's hash", () => {
  it("private: stored with the avatar; regenerate and duplicate keep it", async () => {
    const user = await newUser();
    const projectId = await newProject(user);
    const imageUrl = await uploadedPhoto(user, "c-ok");
    const before = new Date();
    const res = await post(privateAvatars.POST, user, { name: "Consented", imageUrl, projectId, consent: { attested: true }, ...clip });
    expect(res.status).toBe(202);
    const row = await prisma.avatar.findUniqueOrThrow({ where: { id: res.json.id } });
    expect(row.consentAttestedBy).toBe(user.id);
    expect(row.consentTextVersion).toBe(CONSENT_TEXT_VERSION);
    expect(row.consentAttestedAt!.getTime()).toBeGreaterThanOrEqual(before.getTime());
    const stored = await readStoredFile(keyOfStoredMediaUrl(row.imageUrl)!);
    expect(row.imageSha256).toBe(sha256(stored));
    expect(row.imageSha256).toBe(sha256(await readStoredFile(keyOfStoredMediaUrl(imageUrl)!)));

    const again = await post(regenerate.POST, user, { prompt: "waves at the camera", ...clip }, undefined, { id: row.id });
    expect(again.status).toBe(202);
    const regenerated = await prisma.avatar.findUniqueOrThrow({ where: { id: again.json.id } });
    expect(regenerated).toMatchObject({ consentAttestedBy: user.id, consentTextVersion: CONSENT_TEXT_VERSION, imageSha256: row.imageSha256 });

    expect((await settledRow("avatar", row.id)).status).toBe("ready");
    const copy = await call(duplicate.POST, { method: "POST", user, body: { projectId }, params: { id: row.id } });
    expect(copy.status).toBe(201);
    const duplicated = await prisma.avatar.findUniqueOrThrow({ where: { id: copy.json.id } });
    expect(duplicated).toMatchObject({ consentAttestedBy: user.id, consentAttestedAt: row.consentAttestedAt, imageSha256: row.imageSha256 });
  });

  it("public and grid: the same attestation is stored on each avatar", async () => {
    const admin = await newUser({ role: "admin" });
    const made = await post(publicAvatars.POST, admin, { name: "Library consented", imageUrl: await uploadedPhoto(admin, "c-pub-ok"), tagSlugs: ["femme"], consent: { attested: true }, ...clip });
    expect(made.status).toBe(202);
    const row = await prisma.avatar.findUniqueOrThrow({ where: { id: made.json.id } });
    expect(row).toMatchObject({ visibility: "public", consentAttestedBy: admin.id, consentTextVersion: CONSENT_TEXT_VERSION });
    expect(row.imageSha256).toBe(sha256(await readStoredFile(keyOfStoredMediaUrl(row.imageUrl)!)));

    const user = await newUser();
    const projectId = await newProject(user);
    const grid = await post(variations.POST, user, {
      name: "Grid", imageUrls: [await uploadedPhoto(user, "c-grid-ok")], motions: [{ prompt: "nods" }, { prompt: "smiles" }], projectId, consent: { attested: true }, ...clip,
    });
    expect(grid.status).toBe(202);
    const cells = await prisma.avatar.findMany({ where: { variationGridId: grid.json.gridId } });
    expect(cells).toHaveLength(2);
    for (const cell of cells) {
      expect(cell).toMatchObject({ consentAttestedBy: user.id, consentTextVersion: CONSENT_TEXT_VERSION });
      expect(cell.imageSha256).toBe(sha256(await readStoredFile(keyOfStoredMediaUrl(cell.imageUrl)!)));
    }
  });
});
