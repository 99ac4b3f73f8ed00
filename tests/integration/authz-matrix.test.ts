// The authorisation matrix: every operation of the OpenAPI document (as GET /api/openapi.json serves
// it) x every actor (anonymous, another user, the owner of the resources, an admin), each cell a real
// call of the route handler with real resources (made in beforeAll, or fresh for calls that change or
// delete them). EXPECTED declares each cell's status once. The rules it spells out: another user's
// resource is a 404, the same as a missing one; admin operations answer 401 anonymously and 403 to
// other users; every operation that is not public answers 401 anonymously; the Fal webhook and the
// metrics scrape authenticate by their own credentials, never by a session. Every cell also checks
// that an error is the envelope without a Location, that nothing an anonymous caller or another user
// receives names the owner or one of the owner's resources, and that a call by anyone but the case's
// writer leaves the resource as it was. A document operation without a row fails, and so does a row
// naming no operation (openapi.test.ts checks that the document covers every route file).
import { randomBytes, randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentGeneration } from "@/_shared/core/content-generation.service";
import { fileStorage } from "@/_shared/core/file-storage.service";
import { invalidatePublicLibrary } from "@/_shared/core/library/library-cache";
import { prisma } from "@/_shared/lib/prisma";
import { storageKeys } from "@/_shared/lib/storage-keys";
import * as bRolls from "@/app/api/b-rolls/route";
import * as openapiRoute from "@/app/api/openapi.json/route";
import { seedBaseTags } from "@/prisma/seed-data";
import { callAuthJs, callOperation, type OperationReply, type OperationRequest } from "../api-routes";
import { restoreEnv, setEnv } from "../env";
import { newProject, newUser, post, type TestUser } from "../helpers";
import { tempImage } from "../media";
import { withPipeline } from "../pipeline";
import { failedAvatar, failedBRoll, publicAvatar, readyAvatar, readyBRoll } from "../resources";

// The successful calls of the routes that spend money start real generations (against the Fal
// simulator); they are left running from cell to cell, and the pipeline finishes them before the
// file ends.
withPipeline({ resetEachTest: false });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the document and the replies are read as plain JSON
type Json = any;

const ACTORS = ["anonymous", "other", "owner", "admin"] as const;
type Actor = (typeof ACTORS)[number];
type Statuses = Record<Actor, number>;

/** The owner's resource: everyone else gets the 404 of a missing one, admins included. */
const owned = (status: number): Statuses => ({ anonymous: 401, other: 404, owner: status, admin: 404 });
/** The owner's resource, which admins may also read. */
const ownedAdminsToo = (status: number): Statuses => ({ anonymous: 401, other: 404, owner: status, admin: status });
/** Any signed-in caller, each acting on their own data. */
const signedIn = (status: number): Statuses => ({ anonymous: 401, other: status, owner: status, admin: status });
const adminOnly = (status: number): Statuses => ({ anonymous: 401, other: 403, owner: 403, admin: status });
const everyone = (status: number): Statuses => ({ anonymous: status, other: status, owner: status, admin: status });

interface Request extends OperationRequest {
  /** What the call must leave as it was, unless the case's writer makes it: read before and after. */
  state?: () => Promise<unknown>;
}

interface Case {
  /** What differs between an operation's cases (shown in the test name). */
  scenario?: string;
  expect: Statuses;
  /** The request as `actor` sends it: made for each cell, so it may create a fresh resource. */
  request: (actor: Actor) => Request | Promise<Request>;
  /** The one actor whose call may change the request's `state` (default: the owner; null: nobody). */
  writer?: Actor | null;
  /** More to check of a reply. */
  check?: (actor: Actor, reply: OperationReply) => void;
}

// ----- the cast and their resources -----

const run = randomUUID().slice(0, 8);
const unique = () => `${run}-${randomUUID().slice(0, 8)}`;
const METRICS_TOKEN = "authz-matrix-metrics-token-0123456789";
/** The owner's temporary session, holding the picture the media cases read. */
const SESSION = `matrix-${run}`;

const users = {} as Record<Exclude<Actor, "anonymous">, TestUser>;
const fx = {} as {
  projectId: string;
  projectName: string;
  /** A project of each other signed-in actor, for requests that must name one of the caller's own. */
  projectOf: Record<"other" | "admin", string>;
  imageUrl: string;
  imageKey: string;
  bRollId: string;
  jobId: string;
  avatarId: string;
  publicAvatarId: string;
  publicAvatarName: string;
  pendingPublicAvatarId: string;
  publicImageKey: string;
  otherImageKey: string;
  /** The key of a b-roll request the owner made, and the b-roll it made. */
  idempotencyKey: string;
  replayedBRollId: string;
};
/** The owner's id, email and resource ids: what an anonymous caller or another user must never be shown. */
const ownerSecrets = new Set<string>();
const secret = (id: string) => (ownerSecrets.add(id), id);

const userOf = (actor: Actor) => (actor === "anonymous" ? null : users[actor]);
const projectOf = (actor: Actor) => (actor === "other" || actor === "admin" ? fx.projectOf[actor] : fx.projectId);
const rows = {
  project: (id: string) => prisma.project.findUnique({ where: { id } }),
  bRoll: (id: string) => prisma.bRoll.findUnique({ where: { id } }),
  avatar: (id: string) => prisma.avatar.findUnique({ where: { id }, include: { tags: true } }),
  tag: (id: string) => prisma.tag.findUnique({ where: { id } }),
  grid: (id: string) => prisma.avatarVariationGrid.findUnique({ where: { id }, include: { variations: { orderBy: { id: "asc" } } } }),
  rendition: (id: string) => prisma.rendition.findUnique({ where: { id } }),
  libraryLinks: (projectId: string) => prisma.projectLibraryAvatar.findMany({ where: { projectId }, select: { avatarId: true } }),
};
const fresh = {
  project: async () => secret(await newProject(users.owner)),
  bRoll: async () => {
    const { bRollId, jobId } = await failedBRoll(users.owner, fx.projectId);
    secret(jobId);
    return secret(bRollId);
  },
  privateAvatar: async () => {
    const { avatarId, jobId } = await failedAvatar({ visibility: "private", owner: users.owner, projectId: fx.projectId });
    secret(jobId);
    return secret(avatarId);
  },
  readyBRoll: async () => secret((await readyBRoll(users.owner, fx.projectId)).bRollId),
  readyAvatar: async () => secret((await readyAvatar(users.owner, fx.projectId)).avatarId),
  /** An open variations grid of the owner's with one ready clip; its id (the clip's is the grid's only cell). */
  grid: async () => {
    const { avatarId } = await readyAvatar(users.owner, fx.projectId);
    const grid = await prisma.avatarVariationGrid.create({
      data: { userId: users.owner.id, name: "Matrix grid", projectId: fx.projectId, imageUrls: [fx.imageUrl], motions: ["nods"], cells: [{ avatarId, picture: 0, motion: 0 }] },
    });
    await prisma.avatar.update({ where: { id: avatarId }, data: { variationGridId: grid.id } });
    secret(avatarId);
    return secret(grid.id);
  },
  /** A picture in a new session of the owner's (an avatar made from it deletes its session once ready). */
  ownerImage: async () => secret(await tempImage(users.owner, "img1", { sessionId: `matrix-${unique()}` })),
  tag: async () => {
    const category = await prisma.tagCategory.findUniqueOrThrow({ where: { slug: "industrie" } });
    return (await prisma.tag.create({ data: { name: `Matrix ${unique()}`, slug: `matrix-${unique()}`, categoryId: category.id } })).id;
  },
};

/** A ready poster row of a clip (a b-roll of the owner's, or a public avatar's: shared); its id. */
async function freshRendition(clipId: string, clipType: "b-roll" | "avatar" = "b-roll") {
  const row = await prisma.rendition.create({
    data: { kind: "poster", dedupKey: `matrix-${unique()}`, status: "ready", progress: 100, time: 1, ...(clipType === "b-roll" ? { bRollId: clipId, userId: users.owner.id } : { avatarId: clipId }) },
  });
  return clipType === "b-roll" ? secret(row.id) : row.id;
}

/** A fresh resource for each call (`make` returns its id, sent as the path's `param`), watched through `read`. */
const eachFresh =
  (make: () => Promise<string>, read: (id: string) => Promise<unknown>, more: Omit<Request, "params" | "state"> = {}, param = "id") =>
  async (): Promise<Request> => {
    const id = await make();
    return { ...more, params: { [param]: id }, state: () => read(id) };
  };
const freshPublicAvatar = async () => (await publicAvatar()).avatarId;
const freshFailedPublicAvatar = async () => (await failedAvatar({ visibility: "public", admin: users.admin })).avatarId;

async function uploadForm(sessionId: string) {
  const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: "#6a8" } }).jpeg().toBuffer();
  const form = new FormData();
  form.set("file", new Blob([new Uint8Array(jpeg)], { type: "image/jpeg" }), "photo.jpg");
  form.set("sessionId", sessionId);
  return form;
}

/** The owner finds `wanted` in the reply (a list holds what it should); others are checked for leaks anyway. */
const ownerFinds = (wanted: () => string) => (actor: Actor, reply: OperationReply) => {
  if (actor === "owner") expect(reply.text).toContain(wanted());
};

/** Auth.js's session reply names the caller and nobody else. */
const ownSession = (actor: Actor, reply: OperationReply) => {
  expect(reply.json?.user?.email).toBe(actor === "anonymous" ? undefined : users[actor].email);
};

// ----- media keys: how a path reaches the handler -----

/** The params Next.js hands the media route for a URL path: resolved by the URL parser, then decoded per segment. */
const asRouted = (path: string) => ({ params: { key: new URL(`/api/media/${path}`, "http://localhost:3000").pathname.slice("/api/media/".length).split("/").map(decodeURIComponent) } });
/** The params of a path nobody resolved (a proxy that passes `..` through), decoded per segment. */
const unresolved = (path: string) => ({ params: { key: path.split("/").map(decodeURIComponent) } });

/** The redirect goes to the presigned URL of exactly the owner's picture. */
const redirectsToOwnerPicture = (_actor: Actor, reply: OperationReply) => {
  if (reply.status === 302) expect(decodeURIComponent(new URL(reply.headers.get("location")!).pathname)).toMatch(new RegExp(`/${fx.imageKey}$`));
};

/** Ways to spell a key, aimed at the owner's picture `images/temp-generated/<owner>/<session>/<file>` from another user's folder. */
function mediaTraversals(): Case[] {
  const [o, x] = [() => users.owner.id, () => users.other.id];
  const file = () => fx.imageKey.split("/").slice(-2).join("/");
  const notFound = everyone(404);
  const ownerPicture = { anonymous: 404, other: 404, owner: 302, admin: 302 };
  const cases: Array<[string, Statuses, () => Request]> = [
    ["`..` out of another user's folder, unresolved", notFound, () => unresolved(`images/temp-generated/${x()}/../${o()}/${file()}`)],
    ["`..` out of another user's folder, resolved by the URL parser: the key it resolves to is checked", ownerPicture, () => asRouted(`images/temp-generated/${x()}/../${o()}/${file()}`)],
    ["`%2e%2e/`, resolved by the URL parser", ownerPicture, () => asRouted(`images/temp-generated/${x()}/%2e%2e/${o()}/${file()}`)],
    ["`%2e%2e%2f` inside a segment", notFound, () => asRouted(`images/temp-generated/${x()}/%2e%2e%2f${o()}/${file()}`)],
    ["`..%2f` inside a segment", notFound, () => asRouted(`images/temp-generated/${x()}/..%2f${o()}/${file()}`)],
    ["double-encoded `%252e%252e%252f`", notFound, () => asRouted(`images/temp-generated/${x()}/%252e%252e%252f${o()}/${file()}`)],
    ["a backslash traversal `..%5c`", notFound, () => asRouted(`images/temp-generated/${x()}/..%5c${o()}/${file()}`)],
    ["backslashes for slashes", notFound, () => unresolved(fx.imageKey.replaceAll("/", "%5c"))],
    ["a public prefix, then `..` to the owner's key, unresolved", notFound, () => unresolved(`images/public-avatars/../temp-generated/${o()}/${file()}`)],
    ["`./` segments, unresolved", notFound, () => unresolved(`images/./temp-generated/${o()}/${file()}`)],
    ["an absolute key (`//images/...`)", notFound, () => asRouted(`/${fx.imageKey}`)],
    ["an absolute key in one segment (`%2fimages%2f...`)", notFound, () => asRouted(encodeURIComponent(`/${fx.imageKey}`))],
    ["an absolute URL", notFound, () => asRouted(`http://localhost:3000/api/media/${fx.imageKey}`)],
    ["a trailing slash", notFound, () => asRouted(`${fx.imageKey}/`)],
    ["the whole key in one segment (`%2f` separators): still the owner's", ownerPicture, () => asRouted(encodeURIComponent(fx.imageKey))],
    ["a NUL after the key", everyone(400), () => asRouted(`${fx.imageKey}%00`)],
    ["a NUL before the extension", everyone(400), () => asRouted(fx.imageKey.replace(/\.jpg$/, "%00.jpg"))],
    ["a NUL then `../`", everyone(400), () => asRouted(`images/temp-generated/${x()}/%00%2e%2e%2f${o()}/${file()}`)],
  ];
  return cases.map(([scenario, expected, request]) => ({ scenario, expect: expected, request, check: redirectsToOwnerPicture }));
}

// ----- the table -----

const BROLL = { name: "Espresso", prompt: "slow dolly-in on a steaming espresso cup, morning light", resolution: "480p", duration: 2 };

const EXPECTED: Record<string, Case | Case[]> = {
  // ----- system -----
  "GET /api/health": { expect: everyone(200), request: () => ({}) },
  // A bench-only route: absent (404 for everyone) unless the server runs with BENCH_ROUTES=1.
  "GET /api/bench/ceiling": { expect: everyone(404), request: () => ({}) },
  "GET /api/openapi.json": { expect: everyone(200), request: () => ({}) },
  "GET /api/metrics": [
    { scenario: "a session is no metrics token", expect: everyone(401), request: () => ({}) },
    { scenario: "Bearer METRICS_TOKEN", expect: everyone(200), request: () => ({ headers: { authorization: `Bearer ${METRICS_TOKEN}` } }) },
  ],
  "POST /api/webhooks/fal": [
    { scenario: "unsigned", expect: everyone(401), request: () => ({ body: { request_id: randomUUID(), status: "OK", payload: {} } }) },
    {
      scenario: "a forged signature",
      expect: everyone(401),
      request: () => {
        const requestId = randomUUID();
        const headers = {
          "x-fal-webhook-request-id": requestId,
          "x-fal-webhook-user-id": "fal-user",
          "x-fal-webhook-timestamp": String(Math.floor(Date.now() / 1000)),
          "x-fal-webhook-signature": randomBytes(64).toString("hex"),
        };
        return { headers, body: { request_id: requestId, status: "OK", payload: {} } };
      },
    },
  ],
  "GET /api/auth/{nextauth}": { scenario: "session: the caller's own", expect: everyone(200), request: () => ({ params: { nextauth: ["session"] } }), check: ownSession },
  "POST /api/auth/{nextauth}": [
    { scenario: "session without a CSRF token", expect: everyone(400), request: () => ({ params: { nextauth: ["session"] }, body: {} }) },
    {
      scenario: "session with the caller's CSRF token: the caller's own",
      expect: everyone(200),
      request: async (actor) => {
        const csrf = await callAuthJs("get", userOf(actor), { params: { nextauth: ["csrf"] } });
        const cookie = csrf.headers.get("set-cookie")?.match(/next-auth\.csrf-token=([^;]+)/)?.[1];
        return { params: { nextauth: ["session"] }, body: { csrfToken: csrf.json.csrfToken }, cookies: { "next-auth.csrf-token": decodeURIComponent(cookie ?? "") } };
      },
      check: ownSession,
    },
  ],

  // ----- projects -----
  "GET /api/projects": { expect: signedIn(200), request: () => ({}), check: ownerFinds(() => fx.projectId) },
  "POST /api/projects": [
    { expect: signedIn(201), request: () => ({ body: { name: `Matrix ${unique()}` } }) },
    { scenario: "the name of the owner's project: taken only for the owner", expect: { anonymous: 401, other: 201, owner: 409, admin: 201 }, request: () => ({ body: { name: fx.projectName } }) },
  ],
  "GET /api/projects/{id}": { expect: owned(200), request: () => ({ params: { id: fx.projectId } }) },
  "PATCH /api/projects/{id}": { expect: owned(200), request: eachFresh(fresh.project, rows.project, { body: { name: `Renamed ${unique()}` } }) },
  "DELETE /api/projects/{id}": { expect: owned(204), request: eachFresh(fresh.project, rows.project) },
  "GET /api/projects/{id}/b-rolls": { expect: owned(200), request: () => ({ params: { id: fx.projectId } }), check: ownerFinds(() => fx.bRollId) },
  "GET /api/projects/{id}/export": { expect: owned(200), request: () => ({ params: { id: fx.projectId }, query: "?include=renditions,posters" }) },

  // ----- renditions (a rendition's access is its clip's; a public avatar's are shared, deleted by admins) -----
  "POST /api/renditions": [
    { scenario: "the owner's ready b-roll", expect: owned(202), request: async () => ({ body: { clipType: "b-roll", clipId: await fresh.readyBRoll(), format: "1:1", fit: "crop" } }) },
    { scenario: "a public avatar: any signed-in user", expect: signedIn(202), request: () => ({ body: { kind: "poster", clipType: "avatar", clipId: fx.publicAvatarId, time: 0.5 } }) },
  ],
  "GET /api/renditions": { expect: owned(200), request: () => ({ query: `?clipId=${fx.bRollId}` }) },
  "GET /api/renditions/{id}": { expect: owned(200), request: async () => ({ params: { id: await freshRendition(await fresh.readyBRoll()) } }) },
  "DELETE /api/renditions/{id}": [
    { scenario: "of the owner's b-roll", expect: owned(204), request: eachFresh(async () => freshRendition(await fresh.readyBRoll()), rows.rendition) },
    {
      scenario: "a public avatar's (shared): admins only",
      expect: { anonymous: 401, other: 403, owner: 403, admin: 204 },
      writer: "admin",
      request: eachFresh(async () => freshRendition((await publicAvatar()).avatarId, "avatar"), rows.rendition),
    },
  ],

  // ----- images -----
  "POST /api/images/generate": {
    scenario: "userId: the owner's",
    expect: { anonymous: 401, other: 403, owner: 200, admin: 403 },
    request: () => ({ body: { prompt: "a smiling nurse in scrubs, studio light", sessionId: `matrix-gen-${run}`, userId: users.owner.id } }),
  },
  "POST /api/images/modify": {
    scenario: "the owner's picture (admins may use any)",
    expect: { anonymous: 401, other: 400, owner: 200, admin: 200 },
    request: () => ({ body: { imageUrl: fx.imageUrl, modifications: "add round glasses", sessionId: `matrix-edit-${run}` } }),
  },
  "POST /api/images/upload": { expect: signedIn(201), request: async () => ({ form: await uploadForm(`matrix-up-${run}`) }) },
  "GET /api/images/temp/{sessionId}": { expect: signedIn(200), request: () => ({ params: { sessionId: SESSION } }), check: ownerFinds(() => fx.imageUrl) },
  "GET /api/images/sessions/{sessionId}": { expect: owned(200), request: () => ({ params: { sessionId: SESSION } }), check: ownerFinds(() => `"sessionId":"${SESSION}"`) },
  "PATCH /api/images/sessions/{sessionId}": {
    expect: owned(200),
    request: () => ({
      params: { sessionId: SESSION },
      body: { motionPrompt: `turns to the camera ${unique()}` },
      state: () => prisma.imageSession.findFirst({ where: { userId: users.owner.id, sessionId: SESSION }, select: { motionPrompt: true, prompt: true, pickedImageId: true } }),
    }),
  },
  "DELETE /api/images/temp/{sessionId}": {
    scenario: "each caller's own session of that name",
    expect: signedIn(204),
    request: async () => {
      const sessionId = `matrix-${unique()}`;
      await tempImage(users.owner, "img1", { sessionId });
      return { params: { sessionId }, state: () => fileStorage.listKeys(storageKeys.tempSessionPrefix({ userId: users.owner.id, sessionId })) };
    },
  },

  // ----- private avatars -----
  "GET /api/avatars/private": { expect: signedIn(200), request: () => ({ query: `?projectId=${fx.projectId}` }), check: ownerFinds(() => fx.avatarId) },
  "POST /api/avatars/private": [
    {
      scenario: "in the owner's project",
      expect: owned(202),
      request: async () => ({ body: { name: "Anna", imageUrl: await fresh.ownerImage(), projectId: fx.projectId, resolution: "480p", duration: 2 } }),
    },
    {
      scenario: "the owner's picture, in the caller's own project (admins may use any)",
      expect: { anonymous: 401, other: 400, owner: 202, admin: 202 },
      request: async (actor) => ({ body: { name: "Anna", imageUrl: await fresh.ownerImage(), projectId: projectOf(actor), resolution: "480p", duration: 2 } }),
    },
  ],
  "GET /api/avatars/private/{id}": [
    { expect: owned(200), request: () => ({ params: { id: fx.avatarId } }) },
    { scenario: "a public avatar's id", expect: signedIn(404), request: () => ({ params: { id: fx.publicAvatarId } }) },
  ],
  "GET /api/avatars/private/{id}/provenance": [
    { expect: owned(200), request: () => ({ params: { id: fx.avatarId } }) },
    { scenario: "a public avatar's id", expect: signedIn(404), request: () => ({ params: { id: fx.publicAvatarId } }) },
  ],
  "DELETE /api/avatars/private/{id}": [
    { expect: owned(204), request: eachFresh(fresh.privateAvatar, rows.avatar) },
    { scenario: "a public avatar's id", expect: signedIn(404), writer: null, request: () => ({ params: { id: fx.publicAvatarId }, state: () => rows.avatar(fx.publicAvatarId) }) },
  ],
  "POST /api/avatars/private/{id}/retry": { scenario: "a failed avatar", expect: owned(202), request: eachFresh(fresh.privateAvatar, rows.avatar) },
  "PATCH /api/avatars/private/{id}": [
    { expect: owned(200), request: eachFresh(fresh.privateAvatar, rows.avatar, { body: { name: `Renamed ${unique()}` } }) },
    { scenario: "a public avatar's id", expect: signedIn(404), writer: null, request: () => ({ params: { id: fx.publicAvatarId }, body: { name: "Stolen" }, state: () => rows.avatar(fx.publicAvatarId) }) },
  ],
  // The original is left as it was, even by its owner: both make a new avatar.
  "POST /api/avatars/private/{id}/duplicate": {
    scenario: "a ready avatar, into the owner's project",
    expect: owned(201),
    writer: null,
    request: async () => ({ ...(await eachFresh(fresh.readyAvatar, rows.avatar)()), body: { projectId: fx.projectId } }),
  },
  "POST /api/avatars/private/{id}/regenerate": {
    scenario: "a failed avatar, another motion",
    expect: owned(202),
    writer: null,
    request: eachFresh(fresh.privateAvatar, rows.avatar, { body: { prompt: "waves at the camera", resolution: "480p", duration: 2 } }),
  },
  "POST /api/avatars/private/variations": {
    scenario: "the owner's picture, in the caller's own project (admins may use any)",
    expect: { anonymous: 401, other: 400, owner: 202, admin: 202 },
    request: async (actor) => ({ body: { name: "Grid", imageUrls: [await fresh.ownerImage()], motions: [{ prompt: "nods" }], projectId: projectOf(actor), resolution: "480p", duration: 2 } }),
  },
  "POST /api/avatars/private/variations/estimate": { expect: signedIn(200), request: () => ({ body: { pictures: 4, motions: [{}, {}, {}], resolution: "480p", duration: 2 } }) },
  "GET /api/avatars/private/variations/{gridId}": { expect: owned(200), request: eachFresh(fresh.grid, rows.grid, {}, "gridId") },
  "POST /api/avatars/private/variations/{gridId}/winner": {
    scenario: "its ready clip, the others deleted",
    expect: owned(200),
    request: async () => {
      const gridId = await fresh.grid();
      const grid = await prisma.avatarVariationGrid.findUniqueOrThrow({ where: { id: gridId }, include: { variations: true } });
      return { params: { gridId }, body: { avatarId: grid.variations[0].id, keepOthers: false }, state: () => rows.grid(gridId) };
    },
  },
  "GET /api/motion-presets": { expect: signedIn(200), request: () => ({}) },
  "POST /api/motion-presets": { expect: adminOnly(201), writer: "admin", request: () => ({ body: { label: `Matrix ${unique()}`, prompt: "nods slowly", cameraFixed: true } }) },
  "PATCH /api/motion-presets/{id}": {
    expect: adminOnly(200),
    writer: "admin",
    request: eachFresh(async () => (await prisma.motionPreset.create({ data: { label: `Matrix ${unique()}`, prompt: "smiles" } })).id, (id) => prisma.motionPreset.findUnique({ where: { id } }), { body: { prompt: "smiles widely" } }),
  },
  "DELETE /api/motion-presets/{id}": {
    expect: adminOnly(204),
    writer: "admin",
    request: eachFresh(async () => (await prisma.motionPreset.create({ data: { label: `Matrix ${unique()}`, prompt: "smiles" } })).id, (id) => prisma.motionPreset.findUnique({ where: { id } })),
  },

  // ----- public avatars -----
  "GET /api/avatars/public": [
    { expect: everyone(200), request: () => ({ query: `?q=${encodeURIComponent(fx.publicAvatarName)}` }), check: (_actor, reply) => expect(reply.text).toContain(fx.publicAvatarId) },
    { scenario: "?status= (admins only)", expect: adminOnly(200), request: () => ({ query: "?status=processing" }) },
    { scenario: "?favorites=true (signed-in users, their own)", expect: signedIn(200), request: () => ({ query: "?favorites=true&sort=most-used" }) },
  ],
  "GET /api/avatars/public/tag-counts": [
    { expect: everyone(200), request: () => ({ query: "?sexe=femme" }) },
    { scenario: "?favorites=true (signed-in users, their own)", expect: signedIn(200), request: () => ({ query: "?favorites=true" }) },
    { scenario: "?status= (admins only)", expect: adminOnly(200), request: () => ({ query: "?status=processing" }) },
  ],
  "PUT /api/avatars/public/{id}/favorite": [
    { expect: signedIn(200), request: () => ({ params: { id: fx.publicAvatarId } }) },
    { scenario: "a private avatar's id", expect: signedIn(404), request: () => ({ params: { id: fx.avatarId } }) },
  ],
  "DELETE /api/avatars/public/{id}/favorite": { expect: signedIn(200), request: () => ({ params: { id: fx.publicAvatarId } }) },
  "POST /api/avatars/public": {
    expect: adminOnly(202),
    request: async () => ({ body: { name: "Library Bruno", imageUrl: await tempImage(users.admin, "img1", { sessionId: `matrix-${unique()}` }), tagSlugs: ["homme"], resolution: "480p", duration: 2 } }),
  },
  "GET /api/avatars/public/{id}": [
    { scenario: "ready", expect: everyone(200), request: () => ({ params: { id: fx.publicAvatarId } }) },
    { scenario: "processing (admins only)", expect: { anonymous: 404, other: 404, owner: 404, admin: 200 }, request: () => ({ params: { id: fx.pendingPublicAvatarId } }) },
    { scenario: "a private avatar's id", expect: everyone(404), request: () => ({ params: { id: fx.avatarId } }) },
  ],
  "GET /api/avatars/public/{id}/provenance": [
    { scenario: "ready", expect: everyone(200), request: () => ({ params: { id: fx.publicAvatarId } }) },
    { scenario: "processing (admins only)", expect: { anonymous: 404, other: 404, owner: 404, admin: 200 }, request: () => ({ params: { id: fx.pendingPublicAvatarId } }) },
    { scenario: "a private avatar's id", expect: everyone(404), request: () => ({ params: { id: fx.avatarId } }) },
  ],
  ...Object.fromEntries(
    ["PUT", "PATCH"].map((method) => [
      `${method} /api/avatars/public/{id}`,
      [
        { expect: adminOnly(200), writer: "admin", request: eachFresh(freshPublicAvatar, rows.avatar, { body: { name: `Renamed ${unique()}`, tagSlugs: ["femme"] } }) },
        { scenario: "a private avatar's id", expect: adminOnly(404), writer: null, request: () => ({ params: { id: fx.avatarId }, body: { name: "Stolen" }, state: () => rows.avatar(fx.avatarId) }) },
      ] satisfies Case[],
    ]),
  ),
  "DELETE /api/avatars/public/{id}": [
    { expect: adminOnly(204), writer: "admin", request: eachFresh(freshPublicAvatar, rows.avatar) },
    { scenario: "a private avatar's id", expect: adminOnly(404), writer: null, request: () => ({ params: { id: fx.avatarId }, state: () => rows.avatar(fx.avatarId) }) },
  ],
  "POST /api/avatars/public/{id}/retry": [
    { scenario: "a failed avatar", expect: adminOnly(202), writer: "admin", request: eachFresh(freshFailedPublicAvatar, rows.avatar) },
    { scenario: "a failed private avatar's id", expect: adminOnly(404), writer: null, request: eachFresh(fresh.privateAvatar, rows.avatar) },
  ],

  // ----- library avatars added to a project -----
  "GET /api/projects/{id}/library-avatars": { expect: owned(200), request: () => ({ params: { id: fx.projectId } }) },
  "PUT /api/projects/{id}/library-avatars/{avatarId}": [
    { expect: owned(200), request: () => ({ params: { id: fx.projectId, avatarId: fx.publicAvatarId }, state: () => rows.libraryLinks(fx.projectId) }) },
    { scenario: "a private avatar's id", expect: owned(404), request: () => ({ params: { id: fx.projectId, avatarId: fx.avatarId }, state: () => rows.libraryLinks(fx.projectId) }) },
  ],
  "DELETE /api/projects/{id}/library-avatars/{avatarId}": {
    expect: owned(204),
    request: async () => {
      await prisma.projectLibraryAvatar.createMany({ data: [{ projectId: fx.projectId, avatarId: fx.publicAvatarId }], skipDuplicates: true });
      return { params: { id: fx.projectId, avatarId: fx.publicAvatarId }, state: () => rows.libraryLinks(fx.projectId) };
    },
  },

  // ----- b-rolls -----
  "GET /api/b-rolls": { expect: signedIn(200), request: () => ({ query: `?projectId=${fx.projectId}` }), check: ownerFinds(() => fx.bRollId) },
  "POST /api/b-rolls": [
    { scenario: "in the owner's project", expect: owned(202), request: () => ({ body: { ...BROLL, projectId: fx.projectId } }) },
    {
      scenario: "the owner's Idempotency-Key and body: a replay for the owner only",
      expect: owned(202),
      request: () => ({ body: { ...BROLL, projectId: fx.projectId }, headers: { "idempotency-key": fx.idempotencyKey } }),
      check: (actor, reply) => {
        if (actor === "owner") expect(reply.json.id).toBe(fx.replayedBRollId);
      },
    },
    {
      scenario: "the owner's picture, in the caller's own project (admins may use any)",
      expect: { anonymous: 401, other: 400, owner: 202, admin: 202 },
      request: (actor) => ({ body: { ...BROLL, imageUrl: fx.imageUrl, projectId: projectOf(actor) } }),
    },
  ],
  "GET /api/b-rolls/{id}": { expect: owned(200), request: () => ({ params: { id: fx.bRollId } }) },
  "GET /api/b-rolls/{id}/provenance": { expect: owned(200), request: () => ({ params: { id: fx.bRollId } }) },
  "PATCH /api/b-rolls/{id}": { expect: owned(200), request: () => ({ params: { id: fx.bRollId }, body: { name: `Renamed ${unique()}` }, state: () => rows.bRoll(fx.bRollId) }) },
  "DELETE /api/b-rolls/{id}": { expect: owned(204), request: eachFresh(fresh.bRoll, rows.bRoll) },
  "POST /api/b-rolls/{id}/retry": { scenario: "a failed b-roll", expect: owned(202), request: eachFresh(fresh.bRoll, rows.bRoll) },
  // The original is left as it was, even by its owner: both make a new b-roll.
  "POST /api/b-rolls/{id}/duplicate": {
    scenario: "a ready b-roll, into the owner's project",
    expect: owned(201),
    writer: null,
    request: async () => ({ ...(await eachFresh(fresh.readyBRoll, rows.bRoll)()), body: { projectId: fx.projectId } }),
  },
  "POST /api/b-rolls/{id}/regenerate": {
    scenario: "a failed b-roll, another prompt",
    expect: owned(202),
    writer: null,
    request: eachFresh(fresh.bRoll, rows.bRoll, { body: { prompt: "a latte art heart, top view", resolution: "480p", duration: 2 } }),
  },

  // ----- tags -----
  "GET /api/tags": [
    { expect: everyone(200), request: () => ({}) },
    { scenario: "?counts=true", expect: everyone(200), request: () => ({ query: "?counts=true" }) },
  ],
  "POST /api/tags": { expect: adminOnly(201), request: () => ({ body: { name: `Matrix ${unique()}`, categorySlug: "industrie" } }) },
  "GET /api/tags/{slugOrId}": { expect: everyone(200), request: () => ({ params: { slugOrId: "sexe" } }) },
  "PATCH /api/tags/{slugOrId}": { expect: adminOnly(200), writer: "admin", request: eachFresh(fresh.tag, rows.tag, { body: { name: `Renamed ${unique()}` } }, "slugOrId") },
  "DELETE /api/tags/{slugOrId}": { expect: adminOnly(204), writer: "admin", request: eachFresh(fresh.tag, rows.tag, {}, "slugOrId") },

  // ----- jobs, estimates, media -----
  "GET /api/jobs/{id}": { expect: ownedAdminsToo(200), request: () => ({ params: { id: fx.jobId } }) },
  "POST /api/estimates": { expect: signedIn(200), request: () => ({ body: { kind: "text-to-video", options: { resolution: "480p", duration: 2 } } }) },
  "GET /api/media/{key}": [
    { scenario: "the owner's picture (admins may read any)", expect: { anonymous: 404, other: 404, owner: 302, admin: 302 }, request: () => asRouted(fx.imageKey), check: redirectsToOwnerPicture },
    { scenario: "the owner's picture, ?download=", expect: { anonymous: 404, other: 404, owner: 302, admin: 302 }, request: () => ({ ...asRouted(fx.imageKey), query: "?download=anna.jpg" }) },
    {
      scenario: "another user's picture, their id put in the owner's key",
      expect: { anonymous: 404, other: 302, owner: 404, admin: 302 },
      request: () => asRouted(fx.otherImageKey),
    },
    { scenario: "a public avatar's picture", expect: everyone(302), request: () => asRouted(fx.publicImageKey) },
    ...mediaTraversals(),
  ],

  // The snapshot as JSON (no Accept: text/event-stream): each caller's own jobs and spend only.
  "GET /api/events": { expect: signedIn(200), request: () => ({}) },

  // ----- admin -----
  "GET /api/admin/jobs": { expect: adminOnly(200), request: () => ({ query: "?page=2&limit=5" }) },
  "GET /api/admin/metrics": { expect: adminOnly(200), request: () => ({}) },
};

const casesOf = (key: string): Case[] => [EXPECTED[key] ?? []].flat();

// ----- the document -----

const document: Json = await (await openapiRoute.GET(new NextRequest("http://localhost:3000/api/openapi.json"))).json();
interface Operation {
  key: string;
  method: string;
  path: string;
  doc: Json;
}
const OPERATIONS: Operation[] = Object.entries(document.paths as Record<string, Json>).flatMap(([path, item]) =>
  Object.keys(item)
    .filter((method) => ["get", "put", "post", "patch", "delete"].includes(method))
    .map((method) => ({ key: `${method.toUpperCase()} ${path}`, method, path, doc: item[method] })),
);
/** Auth.js answers for itself: its document entry has no error replies of ours (not even the `default`). */
const behindOurWrapper = (op: Operation) => op.doc.responses.default !== undefined;

// ----- the cells -----

beforeAll(async () => {
  setEnv({ METRICS_TOKEN });
  await seedBaseTags(prisma);
  users.owner = await newUser();
  users.other = await newUser();
  users.admin = await newUser({ role: "admin" });
  secret(users.owner.id);
  secret(users.owner.email);
  fx.projectName = `Matrix ${unique()}`;
  fx.projectId = secret(await newProject(users.owner, fx.projectName));
  fx.projectOf = { other: await newProject(users.other), admin: await newProject(users.admin) };
  // The owner's studio session, opened as the studio page does.
  await contentGeneration.openImageSession({ user: { ...users.owner, name: null, role: "user" }, sessionId: SESSION });
  fx.imageUrl = secret(await tempImage(users.owner, "img1", { sessionId: SESSION }));
  fx.imageKey = fx.imageUrl.replace("/api/media/", "");
  // The same file name under the other user's id: the owner's key with their id substituted.
  fx.otherImageKey = (await tempImage(users.other, "img1", { sessionId: SESSION })).replace("/api/media/", "");
  ({ bRollId: fx.bRollId, jobId: fx.jobId } = await failedBRoll(users.owner, fx.projectId));
  secret(fx.bRollId);
  secret(fx.jobId);
  fx.avatarId = await fresh.privateAvatar();
  fx.idempotencyKey = `matrix-${unique()}`;
  const first = await post(bRolls.POST, users.owner, { ...BROLL, projectId: fx.projectId }, { "idempotency-key": fx.idempotencyKey });
  expect(first.status).toBe(202);
  fx.replayedBRollId = secret(first.json.id);
  fx.publicAvatarName = `Library ${unique()}`;
  ({ avatarId: fx.publicAvatarId, imageKey: fx.publicImageKey } = await publicAvatar({ name: fx.publicAvatarName, tagSlugs: ["homme"] }));
  fx.pendingPublicAvatarId = (await publicAvatar({ status: "processing" })).avatarId;
  // Rows written straight to the database bypass the services: the cached library replies are stale.
  await invalidatePublicLibrary();
});

afterAll(async () => {
  restoreEnv();
  await prisma.tag.deleteMany({ where: { OR: [{ slug: { startsWith: `matrix-${run}` } }, { name: { startsWith: `Matrix ${run}` } }] } });
  await invalidatePublicLibrary();
});

describe("the table and the OpenAPI document", () => {
  it("has a row for every operation of the document, and none for an operation it does not have", () => {
    const documented = OPERATIONS.map((op) => op.key);
    expect(documented.length).toBeGreaterThan(40);
    expect.soft(documented.filter((key) => !(key in EXPECTED)), "operations without a row").toEqual([]);
    expect.soft(Object.keys(EXPECTED).filter((key) => !documented.includes(key)), "rows without an operation").toEqual([]);
  });

  it("expects only statuses the document declares for the operation", () => {
    for (const op of OPERATIONS.filter(behindOurWrapper)) {
      for (const c of casesOf(op.key)) {
        for (const actor of ACTORS) expect(Object.keys(op.doc.responses), `${op.key} ${c.scenario ?? ""} as ${actor}`).toContain(String(c.expect[actor]));
      }
    }
  });

  it("expects 401 anonymously wherever the document requires a session, and 403 for non-admins where it says admins only", () => {
    const sessionOnly = (op: Operation) => op.doc.security.length > 0 && op.doc.security.every((scheme: Json) => "sessionCookie" in scheme || "sessionBearer" in scheme);
    const adminOnlyOps = OPERATIONS.filter((op) => sessionOnly(op) && /Admins only/.test(op.doc.description ?? ""));
    expect(adminOnlyOps.length).toBeGreaterThan(5);
    for (const op of OPERATIONS.filter(sessionOnly)) for (const c of casesOf(op.key)) expect(c.expect.anonymous, `${op.key} ${c.scenario ?? ""}`).toBe(401);
    for (const op of adminOnlyOps) for (const c of casesOf(op.key)) expect([c.expect.other, c.expect.owner], `${op.key} ${c.scenario ?? ""}`).toEqual([403, 403]);
  });
});

for (const op of OPERATIONS.filter((op) => casesOf(op.key).length)) {
  describe(op.key, () => {
    const cells = casesOf(op.key).flatMap((c) => ACTORS.map((actor) => [`${c.scenario ? `${c.scenario}; ` : ""}${actor} -> ${c.expect[actor]}`, c, actor] as const));
    it.each(cells)("%s", async (_name, c, actor) => {
      const request = await c.request(actor);
      const writer = c.writer === undefined ? "owner" : c.writer;
      const watched = request.state && actor !== writer ? { before: await request.state() } : null;
      const reply = behindOurWrapper(op) ? await callOperation(op, userOf(actor), request) : await callAuthJs(op.method === "get" ? "get" : "post", userOf(actor), request);
      const location = reply.headers.get("location") ?? "";
      const what = `${op.key} ${c.scenario ?? ""} as ${actor}: ${reply.status} ${reply.text.slice(0, 300)}`;
      expect(reply.status, what).toBe(c.expect[actor]);
      if (reply.status >= 400 && behindOurWrapper(op)) {
        expect(Object.keys(reply.json ?? {}), what).toEqual(["error"]);
        expect(reply.json.error.code, what).toEqual(expect.any(String));
        expect(location, what).toBe("");
      }
      if (actor === "anonymous" || actor === "other") {
        for (const id of ownerSecrets) expect(`${reply.text} ${location}`.includes(id), `${what} names the owner's ${id}`).toBe(false);
      }
      if (watched) expect(await request.state!(), `${what}: changed what only the ${writer ?? "nobody"} may change`).toEqual(watched.before);
      c.check?.(actor, reply);
    });
  });
}
