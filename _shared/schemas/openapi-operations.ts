// The operations of the REST API for its OpenAPI document (openapi.ts builds it): one entry per route
// method, naming the very schema objects the route passes to the wrapper.
// tests/integration/openapi.test.ts fails when this list and the route files disagree.
import { z, type ZodType } from "zod";
import { ERROR_STATUS, type ErrorBody, type ErrorCode } from "@/_shared/lib/errors";
import { adminMetricsQuery, adminMetricsResponse } from "./admin-metrics";
import { avatarResponse } from "./avatar";
import { chooseWinnerBody, createVariationsBody, estimateVariationsBody, gridParams, variationGridResponse, variationGridWithCost, variationsEstimateResponse } from "./avatar-variations";
import { bRollListResponse, bRollResponse, createBRollBody, createBRollResponse, listBRollsQuery, projectBRollsQuery, regenerateBRollBody, updateBRollBody } from "./b-roll";
import { duplicateBody, idParams } from "./common";
import { estimateBody, estimateResponse } from "./estimate";
import { eventSnapshot } from "./events";
import { generatedImagesResponse, generateImageBody, imageSessionResponse, modifyImageBody, sessionImage, sessionImagesResponse, sessionParams, updateImageSessionBody, uploadFields } from "./image";
import { adminJobListResponse, adminJobsQuery, jobResponse } from "./job";
import { favoriteResponse, linkLibraryAvatarResponse, projectLibraryAvatarListResponse, projectLibraryAvatarParams, tagCountsResponse } from "./library";
import { mediaQuery } from "./media";
import { createMotionPresetBody, motionPresetListResponse, motionPresetResponse, updateMotionPresetBody } from "./motion-preset";
import {
  createPrivateAvatarBody,
  privateAvatarListResponse,
  privateAvatarQuery,
  privateAvatarResponse,
  privateAvatarWithCost,
  regeneratePrivateAvatarBody,
  renamePrivateAvatarBody,
} from "./private-avatar";
import { provenanceResponse } from "./provenance";
import { createProjectBody, deleteProjectQuery, projectListResponse, projectResponse, renameProjectBody } from "./project";
import { createRenditionBody, listRenditionsQuery, projectExportQuery, renditionListResponse, renditionResponse } from "./rendition";
import { createPublicAvatarBody, publicAvatarListQuery, publicAvatarListResponse, publicAvatarWithCost, retryPublicAvatarBody, updatePublicAvatarBody } from "./public-avatar";
import { categoryResponse, createTagBody, listTagsQuery, renameTagBody, slugOrIdParams, tagListResponse, tagResponse } from "./tag";

/** The error envelope of lib/errors.ts; the assignment below keeps the two in step. */
const errorEnvelope = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    details: z.array(z.object({ path: z.string().optional(), message: z.string() })).optional().describe("one entry per problem (400: one per zod issue)"),
  }),
});
const envelopeMatchesErrorBody: ZodType<ErrorBody> = errorEnvelope;

/** Reply schemas of _shared/schemas, published as components. */
export const RESPONSES = {
  Error: envelopeMatchesErrorBody,
  Project: projectResponse,
  ProjectList: projectListResponse,
  GeneratedImages: generatedImagesResponse,
  SessionImages: sessionImagesResponse,
  ImageSession: imageSessionResponse,
  UploadedImage: sessionImage,
  Avatar: avatarResponse,
  PrivateAvatar: privateAvatarResponse,
  PrivateAvatarList: privateAvatarListResponse,
  PrivateAvatarWithCost: privateAvatarWithCost,
  PublicAvatarWithCost: publicAvatarWithCost,
  PublicAvatarList: publicAvatarListResponse,
  BRoll: bRollResponse,
  BRollList: bRollListResponse,
  BRollOrTakes: createBRollResponse,
  Provenance: provenanceResponse,
  Tag: tagResponse,
  TagCategory: categoryResponse,
  TagList: tagListResponse,
  Estimate: estimateResponse,
  Job: jobResponse,
  EventSnapshot: eventSnapshot,
  AdminJobList: adminJobListResponse,
  Favorite: favoriteResponse,
  TagCounts: tagCountsResponse,
  ProjectLibraryAvatarList: projectLibraryAvatarListResponse,
  LinkedLibraryAvatar: linkLibraryAvatarResponse,
  AdminMetrics: adminMetricsResponse,
  VariationGrid: variationGridResponse,
  VariationGridWithCost: variationGridWithCost,
  VariationsEstimate: variationsEstimateResponse,
  MotionPreset: motionPresetResponse,
  MotionPresetList: motionPresetListResponse,
  Rendition: renditionResponse,
  RenditionList: renditionListResponse,
} satisfies Record<string, ZodType>;
export type ResponseName = keyof typeof RESPONSES;

export const API_TAGS = ["projects", "images", "avatars", "b-rolls", "renditions", "tags", "jobs", "estimates", "admin", "media", "system"] as const;
export type Method = "get" | "post" | "put" | "patch" | "delete";
/** The route wrapper's auth mode, or `metrics`: no session, the METRICS_TOKEN bearer instead. */
export type Auth = "none" | "public" | "user" | "admin" | "metrics";

export interface ApiOperation {
  method: Method;
  path: string;
  tag: (typeof API_TAGS)[number];
  summary: string;
  description?: string;
  auth: Auth;
  params?: ZodType;
  query?: ZodType;
  body?: ZodType;
  /** multipart/form-data: the text fields; the image is the `file` part. */
  form?: ZodType;
  status: number;
  /** The reply's schema, or what the reply holds where _shared/schemas has no schema for it. */
  returns?: ResponseName;
  reply?: string;
  replyType?: string;
  replyHeaders?: Record<string, string>;
  /** Other non-error replies (health's 503, Auth.js redirects). */
  alsoReplies?: Record<number, string>;
  /** Error codes beyond those the wrapper config implies (see errorCodesOf). */
  errors?: ErrorCode[];
  /** Reads Idempotency-Key (readIdempotency). */
  idempotent?: true;
  /** Its service calls enforceGenerationLimits: 429 with Retry-After. */
  generation?: true;
  /** Required request headers the route reads itself. */
  headers?: Record<string, string>;
  /** A body the route reads itself instead of through a zod schema. */
  rawBody?: string;
  /** Descriptions of path variables (required for those no params schema names). */
  pathNotes?: Record<string, string>;
  /** Auth.js is not behind the route wrapper: no X-Request-Id, not our error envelope. */
  wrapped?: false;
}

const spends = { idempotent: true, generation: true } as const;

export const API_OPERATIONS: readonly ApiOperation[] = [
  // ----- system -----
  { method: "get", path: "/api/health", tag: "system", auth: "none", summary: "Database, storage and cache reachability", status: 200, reply: "`{ status: \"ok\", services: { database, storage, cache } }`, each `{ ok, kind, error? }`", replyHeaders: { "Cache-Control": "no-store" }, alsoReplies: { 503: "`status: \"degraded\"`: the same body, naming what is down" } },
  { method: "get", path: "/api/metrics", tag: "system", auth: "metrics", summary: "Prometheus metrics", description: "A session grants nothing; 404 while METRICS_TOKEN is unset.", status: 200, reply: "Prometheus text exposition format", replyType: "text/plain", replyHeaders: { "Cache-Control": "no-store" }, errors: ["not_found"] },
  { method: "post", path: "/api/webhooks/fal", tag: "system", auth: "none", summary: "Fal.ai completion webhook", description: "The raw body is read up to MAX_WEBHOOK_BODY_BYTES (413 past it) and its signature verified before anything is parsed (503 when Fal's signing keys cannot be fetched); the outcome is recorded once per Fal request id.", status: 200, reply: "`{ received: true, outcome: \"recorded\" | \"recorded_late\" | \"duplicate\" | \"unknown_request\" }`", rawBody: "Fal's webhook payload (`request_id`, `status`, `payload`, `error`), exactly as signed", headers: { "X-Fal-Webhook-Request-Id": "Fal's request id", "X-Fal-Webhook-User-Id": "Fal's user id", "X-Fal-Webhook-Timestamp": "Unix seconds", "X-Fal-Webhook-Signature": "ED25519 signature (hex)" }, errors: ["bad_request", "unauthorized", "payload_too_large", "service_unavailable"] },
  { method: "get", path: "/api/bench/ceiling", tag: "system", auth: "none", summary: "Benches only: a fixed listing page of 10 avatars with no I/O, the server's ceiling (bench/listing.ts)", description: "404 unless the server runs with BENCH_ROUTES=1, as the bench stack starts it; a normal deployment has no such route.", status: 200, returns: "PublicAvatarList", errors: ["not_found"] },
  { method: "get", path: "/api/openapi.json", tag: "system", auth: "none", summary: "This document: the OpenAPI 3.1 description of the API, generated from the zod schemas", status: 200, reply: "An OpenAPI 3.1 document", replyHeaders: { "Cache-Control": "public, max-age=300" } },
  ...(["get", "post"] as const).map((method): ApiOperation => ({
    method, path: "/api/auth/{nextauth}", tag: "system", auth: "none", wrapped: false,
    summary: `Auth.js (sign-in, callbacks, sign-out, session), ${method.toUpperCase()}`,
    description: "Handled by Auth.js (NextAuth 4), not by this API's wrapper: its own replies and redirects.",
    pathNotes: { nextauth: "the Auth.js action, e.g. `session`, `csrf`, `providers`, `signin/email`, `callback/github`, `signout` (it spans several segments)" },
    status: 200, reply: "Auth.js's JSON or HTML", alsoReplies: { 302: "redirect (sign-in flows)" },
  })),
  // ----- projects -----
  { method: "get", path: "/api/projects", tag: "projects", auth: "user", summary: "The caller's projects, newest first", status: 200, returns: "ProjectList" },
  { method: "post", path: "/api/projects", tag: "projects", auth: "user", summary: "Create a project", body: createProjectBody, status: 201, returns: "Project", errors: ["conflict"] },
  { method: "get", path: "/api/projects/{id}", tag: "projects", auth: "user", summary: "One of the caller's projects", params: idParams, status: 200, returns: "Project", errors: ["not_found"] },
  { method: "patch", path: "/api/projects/{id}", tag: "projects", auth: "user", summary: "Rename a project", params: idParams, body: renameProjectBody, status: 200, returns: "Project", errors: ["not_found", "conflict"] },
  { method: "delete", path: "/api/projects/{id}", tag: "projects", auth: "user", summary: "Delete a project with its b-rolls and their objects; its avatars are kept (detached) unless deleteAvatars=true", params: idParams, query: deleteProjectQuery, status: 204, errors: ["not_found"] },
  { method: "get", path: "/api/projects/{id}/library-avatars", tag: "projects", auth: "user", summary: "The public library avatars added to the project, last added first", params: idParams, status: 200, returns: "ProjectLibraryAvatarList", errors: ["not_found"] },
  {
    method: "put", path: "/api/projects/{id}/library-avatars/{avatarId}", tag: "projects", auth: "user", summary: "Add a library avatar to the project (free: a link to its clip, no generation)",
    description: "Idempotent: adding it again answers the same link with `created: false`. 404 for another user's project or an avatar the library does not show. Each new link counts one use of the avatar (`sort=most-used`).",
    params: projectLibraryAvatarParams, status: 200, returns: "LinkedLibraryAvatar", errors: ["not_found"],
  },
  { method: "delete", path: "/api/projects/{id}/library-avatars/{avatarId}", tag: "projects", auth: "user", summary: "Remove a library avatar from the project (204, also when it was not in it)", params: projectLibraryAvatarParams, status: 204, errors: ["not_found"] },
  { method: "get", path: "/api/projects/{id}/b-rolls", tag: "b-rolls", auth: "user", summary: "The project's b-rolls, newest first (status/type filters, page/limit)", params: idParams, query: projectBRollsQuery, status: 200, returns: "BRollList", errors: ["not_found"] },
  // ----- images -----
  { method: "post", path: "/api/images/generate", tag: "images", auth: "user", summary: "FLUX text-to-image into a temporary session (synchronous)", body: generateImageBody, status: 200, returns: "GeneratedImages", errors: ["forbidden", "unprocessable", "upstream_error"], ...spends },
  { method: "post", path: "/api/images/modify", tag: "images", auth: "user", summary: "FLUX Kontext edit of one of the caller's images (synchronous)", body: modifyImageBody, status: 200, returns: "GeneratedImages", errors: ["unprocessable", "upstream_error"], ...spends },
  { method: "post", path: "/api/images/upload", tag: "images", auth: "user", summary: "Upload one JPEG/PNG/WebP into a temporary session", description: "At most 10 MB and 40 megapixels.", form: uploadFields, status: 201, returns: "UploadedImage", errors: ["payload_too_large", "unsupported_media_type", "unprocessable"] },
  { method: "get", path: "/api/images/temp/{sessionId}", tag: "images", auth: "user", summary: "The caller's images of a session (empty when unknown)", params: sessionParams, status: 200, returns: "SessionImages" },
  { method: "delete", path: "/api/images/temp/{sessionId}", tag: "images", auth: "user", summary: "Delete a session's images (and its record: pick, prompts)", params: sessionParams, status: 204 },
  {
    method: "get", path: "/api/images/sessions/{sessionId}", tag: "images", auth: "user", summary: "A session as the studio shows it: pictures in order with their edits, the pick, the prompts, requests still running",
    description: "A session is the caller's own (another user's id is theirs, not this one): it exists once the studio opened it or a picture was made in it, else 404. Pictures are recorded when their request completes, whether or not the caller still waits for the answer; while `pending` is not empty, ask again.",
    params: sessionParams, status: 200, returns: "ImageSession", errors: ["not_found"],
  },
  {
    method: "patch", path: "/api/images/sessions/{sessionId}", tag: "images", auth: "user", summary: "Change a session's pick and/or prompts",
    description: "`pickedImageUrl` must be one of the session's pictures (400 otherwise) or null. Texts may be empty (cleared).",
    params: sessionParams, body: updateImageSessionBody, status: 200, returns: "ImageSession", errors: ["not_found"],
  },
  // ----- private avatars -----
  { method: "get", path: "/api/avatars/private", tag: "avatars", auth: "user", summary: "All of the caller's private avatars, every project (filters: projectId, status)", query: privateAvatarQuery, status: 200, returns: "PrivateAvatarList" },
  { method: "post", path: "/api/avatars/private", tag: "avatars", auth: "user", summary: "Create a private avatar from one of the caller's images (processing)", body: createPrivateAvatarBody, status: 202, returns: "PrivateAvatarWithCost", errors: ["not_found"], ...spends },
  { method: "get", path: "/api/avatars/private/{id}", tag: "avatars", auth: "user", summary: "One of the caller's private avatars", params: idParams, status: 200, returns: "PrivateAvatar", errors: ["not_found"] },
  { method: "patch", path: "/api/avatars/private/{id}", tag: "avatars", auth: "user", summary: "Rename a private avatar", params: idParams, body: renamePrivateAvatarBody, status: 200, returns: "PrivateAvatar", errors: ["not_found"] },
  { method: "get", path: "/api/avatars/private/{id}/provenance", tag: "avatars", auth: "user", summary: "The provenance record of one of the caller's private avatars", description: "How it was made: its clip's generations (models, prompt, options, seed, estimated cost, who, when; retries included), its input picture (origin, SHA-256, the FLUX request that made it) and the likeness consent when the picture came from an upload.", params: idParams, status: 200, returns: "Provenance", errors: ["not_found"] },
  { method: "delete", path: "/api/avatars/private/{id}", tag: "avatars", auth: "user", summary: "Delete a private avatar, its image and its clip", params: idParams, status: 204, errors: ["not_found"] },
  { method: "post", path: "/api/avatars/private/{id}/retry", tag: "avatars", auth: "user", summary: "Generate a failed avatar's clip again (processing; 409 unless failed)", params: idParams, status: 202, returns: "PrivateAvatarWithCost", errors: ["not_found"], ...spends },
  {
    method: "post", path: "/api/avatars/private/{id}/regenerate", tag: "avatars", auth: "user", summary: "A new avatar from the same picture with another motion prompt (processing); the original is kept",
    description: "The new avatar gets its own copy of the picture, the original's project and, unless the body names them, the original's format (`request`); the name defaults to the original's + \" (edited)\". Priced and capped like a create; 409 when the original's picture is gone.",
    params: idParams, body: regeneratePrivateAvatarBody, status: 202, returns: "PrivateAvatarWithCost", errors: ["not_found"], ...spends,
  },
  {
    method: "post", path: "/api/avatars/private/{id}/duplicate", tag: "avatars", auth: "user", summary: "Copy a ready avatar into one of the caller's projects (201)",
    description: "A new avatar row with its own copies of the picture and the clip: deleting either avatar leaves the other whole. No generation, no cost. 409 unless the avatar is ready; 404 for a project that is not the caller's.",
    params: idParams, body: duplicateBody, status: 201, returns: "PrivateAvatar", errors: ["not_found", "conflict"],
  },
  // ----- avatar variations grids, motion presets -----
  {
    method: "post", path: "/api/avatars/private/variations", tag: "avatars", auth: "user", summary: "A variations grid: 1-4 pictures x 1-3 motions, one private avatar clip each (processing)",
    description: "Every clip is priced before anything starts and the daily cap counts the whole grid (a refusal creates nothing); one Idempotency-Key covers the grid. A motion's `presetId` adds that preset's options (camera_fixed, duration). One seed for every clip: the body's, else one chosen for the grid. The clips are private avatars with `variationGridId`, hidden from avatar listings until a winner is chosen.",
    body: createVariationsBody, status: 202, returns: "VariationGridWithCost", errors: ["not_found"], ...spends,
  },
  { method: "post", path: "/api/avatars/private/variations/estimate", tag: "avatars", auth: "user", summary: "The price of a whole variations grid before it starts, per motion and in all, and what is left of today's cap", body: estimateVariationsBody, status: 200, returns: "VariationsEstimate" },
  { method: "get", path: "/api/avatars/private/variations/{gridId}", tag: "avatars", auth: "user", summary: "One of the caller's variations grids with its clips (row: picture, column: motion)", params: gridParams, status: 200, returns: "VariationGrid", errors: ["not_found"] },
  {
    method: "post", path: "/api/avatars/private/variations/{gridId}/winner", tag: "avatars", auth: "user", summary: "Choose a grid's winner: it becomes the avatar (name, project); the others are deleted with their objects, or kept",
    description: "The winner must be ready (409 otherwise); a grid is decided once (409 after). With `keepOthers: false` the other clips' rows and objects are deleted (those still processing too).",
    params: gridParams, body: chooseWinnerBody, status: 200, returns: "VariationGrid", errors: ["not_found", "conflict"],
  },
  { method: "get", path: "/api/motion-presets", tag: "avatars", auth: "user", summary: "The motion presets the studio offers, in order, each with the options it needs", status: 200, returns: "MotionPresetList" },
  { method: "post", path: "/api/motion-presets", tag: "admin", auth: "admin", summary: "Add a motion preset", body: createMotionPresetBody, status: 201, returns: "MotionPreset", errors: ["conflict"] },
  { method: "patch", path: "/api/motion-presets/{id}", tag: "admin", auth: "admin", summary: "Change a motion preset", params: idParams, body: updateMotionPresetBody, status: 200, returns: "MotionPreset", errors: ["not_found", "conflict"] },
  { method: "delete", path: "/api/motion-presets/{id}", tag: "admin", auth: "admin", summary: "Remove a motion preset", params: idParams, status: 204, errors: ["not_found"] },
  // ----- public avatars -----
  {
    method: "get", path: "/api/avatars/public", tag: "avatars", auth: "public", summary: "The public avatar library",
    description: "Every parameter other than page, limit, sort, q, status and favorites names a tag category (`?sexe=homme&industrie=medical,tech`): OR within a category, AND across. `status` is for admins. `favorites=true` keeps the signed-in caller's starred avatars (401 anonymously); signed-in callers get `favorite` on each avatar. `sort=most-used` orders by `usageCount`: each time the avatar was added to a project plus each clip started from its picture.",
    query: publicAvatarListQuery, status: 200, returns: "PublicAvatarList", errors: ["unauthorized", "forbidden"],
  },
  {
    method: "get", path: "/api/avatars/public/tag-counts", tag: "avatars", auth: "public", summary: "Avatars per tag for the library's filters",
    description: "Takes the listing's query (page, limit and sort do not matter). A tag's count applies the search, `favorites` and the other categories' filters, not its own category's (tags of one category are OR-ed): what selecting the tag shows. `total` is the listing's total.",
    query: publicAvatarListQuery, status: 200, returns: "TagCounts", errors: ["unauthorized", "forbidden"],
  },
  { method: "put", path: "/api/avatars/public/{id}/favorite", tag: "avatars", auth: "user", summary: "Star a library avatar for the caller (idempotent; 404 unless public and ready)", params: idParams, status: 200, returns: "Favorite", errors: ["not_found"] },
  { method: "delete", path: "/api/avatars/public/{id}/favorite", tag: "avatars", auth: "user", summary: "Remove the caller's star from a library avatar (idempotent)", params: idParams, status: 200, returns: "Favorite", errors: ["not_found"] },
  { method: "post", path: "/api/avatars/public", tag: "avatars", auth: "admin", summary: "Create a public avatar from one of our images (processing)", body: createPublicAvatarBody, status: 202, returns: "PublicAvatarWithCost", ...spends },
  { method: "get", path: "/api/avatars/public/{id}", tag: "avatars", auth: "public", summary: "One library avatar (404 unless ready; admins see any status)", params: idParams, status: 200, returns: "Avatar", errors: ["not_found"] },
  { method: "get", path: "/api/avatars/public/{id}/provenance", tag: "avatars", auth: "public", summary: "The provenance record of a library avatar (404 unless ready; admins see any status)", description: "How it was made: its clip's generations (models, prompt, options, seed, estimated cost, who, when; retries included), its input picture (origin, SHA-256, the FLUX request that made it) and the likeness consent when the picture came from an upload. Who made it and who attested consent are shown to admins only (null for others).", params: idParams, status: 200, returns: "Provenance", errors: ["not_found"] },
  { method: "put", path: "/api/avatars/public/{id}", tag: "avatars", auth: "admin", summary: "Rename and/or retag a public avatar", params: idParams, body: updatePublicAvatarBody, status: 200, returns: "Avatar", errors: ["not_found"] },
  { method: "patch", path: "/api/avatars/public/{id}", tag: "avatars", auth: "admin", summary: "Rename and/or retag a public avatar (the same as PUT)", params: idParams, body: updatePublicAvatarBody, status: 200, returns: "Avatar", errors: ["not_found"] },
  { method: "delete", path: "/api/avatars/public/{id}", tag: "avatars", auth: "admin", summary: "Delete a public avatar with its image and clip", params: idParams, status: 204, errors: ["not_found"] },
  { method: "post", path: "/api/avatars/public/{id}/retry", tag: "avatars", auth: "admin", summary: "Generate a failed public avatar's clip again (processing; 409 unless failed)", params: idParams, body: retryPublicAvatarBody, status: 202, returns: "PublicAvatarWithCost", errors: ["not_found"], ...spends },
  // ----- b-rolls -----
  { method: "get", path: "/api/b-rolls", tag: "b-rolls", auth: "user", summary: "The caller's b-rolls (all projects), newest first (projectId/status/type filters, page/limit)", query: listBRollsQuery, status: 200, returns: "BRollList" },
  { method: "post", path: "/api/b-rolls", tag: "b-rolls", auth: "user", summary: "Create a b-roll, or 2-4 takes of it (processing)", description: "With `imageUrl` (one of the caller's images or a public avatar's) or `avatarId` (one of the caller's avatars, or a public one; its picture) the clip is image-to-video, else text-to-video. `takes` (1-4, default 1) makes that many clips of the same request, each with its own seed (`seed`, `seed`+1... or random distinct ones), priced and counted against the daily cap together before anything starts. With one take the reply is the b-roll; with more, `{ takeGroupId, takes: [BRoll...] }`. One Idempotency-Key covers the whole group.", body: createBRollBody, status: 202, returns: "BRollOrTakes", errors: ["not_found"], ...spends },
  { method: "get", path: "/api/b-rolls/{id}", tag: "b-rolls", auth: "user", summary: "One of the caller's b-rolls", params: idParams, status: 200, returns: "BRoll", errors: ["not_found"] },
  { method: "get", path: "/api/b-rolls/{id}/provenance", tag: "b-rolls", auth: "user", summary: "The provenance record of one of the caller's b-rolls", description: "How it was made: its clip's generations (models, prompt, options, seed, estimated cost, who, when; retries included), its input picture (origin, SHA-256, the FLUX request that made it) and the likeness consent when the picture came from an upload.", params: idParams, status: 200, returns: "Provenance", errors: ["not_found"] },
  { method: "patch", path: "/api/b-rolls/{id}", tag: "b-rolls", auth: "user", summary: "Rename a b-roll and/or keep it (favorite)", params: idParams, body: updateBRollBody, status: 200, returns: "BRoll", errors: ["not_found"] },
  { method: "delete", path: "/api/b-rolls/{id}", tag: "b-rolls", auth: "user", summary: "Delete a b-roll, its video and its thumbnail", params: idParams, status: 204, errors: ["not_found"] },
  { method: "post", path: "/api/b-rolls/{id}/retry", tag: "b-rolls", auth: "user", summary: "Generate a failed b-roll again, same request (processing; 409 unless failed)", params: idParams, status: 202, returns: "BRoll", errors: ["not_found"], ...spends },
  {
    method: "post", path: "/api/b-rolls/{id}/regenerate", tag: "b-rolls", auth: "user", summary: "A new b-roll from the same source with another prompt (processing); the original is kept",
    description: "What to do with a b-roll whose prompt was refused (`errorCode: content_refused`), or to try a variation: the new b-roll is made in the same project from the original's source image (a copy of its own) and, unless the body names them, its format (`request`); the name defaults to the original's + \" (edited)\". Priced and capped like a create; 409 when the original's source image is gone. \"More like this\": send the original's `seed` (and `takes`, 1-4) for takes close to it; with more than one take the reply is the group, as for a create.",
    params: idParams, body: regenerateBRollBody, status: 202, returns: "BRollOrTakes", errors: ["not_found"], ...spends,
  },
  {
    method: "post", path: "/api/b-rolls/{id}/duplicate", tag: "b-rolls", auth: "user", summary: "Copy a ready b-roll into one of the caller's projects (201)",
    description: "A new b-roll row with its own copies of the clip, thumbnail and source image: deleting either leaves the other whole. No generation, no cost. 409 unless the b-roll is ready; 404 for a project that is not the caller's.",
    params: idParams, body: duplicateBody, status: 201, returns: "BRoll", errors: ["not_found", "conflict"],
  },
  // ----- tags -----
  { method: "get", path: "/api/tags", tag: "tags", auth: "public", summary: "Every tag category with its tags, sorted by name (`category` narrows to one; `counts=true` adds each tag's avatarCount)", query: listTagsQuery, status: 200, returns: "TagList", errors: ["not_found"] },
  { method: "post", path: "/api/tags", tag: "tags", auth: "admin", summary: "Create a tag in a category (its slug is made from the name)", body: createTagBody, status: 201, returns: "Tag", errors: ["conflict"] },
  { method: "get", path: "/api/tags/{slugOrId}", tag: "tags", auth: "public", summary: "One tag category with its tags", params: slugOrIdParams, pathNotes: { slugOrId: "the category's slug" }, status: 200, returns: "TagCategory", errors: ["not_found"] },
  { method: "patch", path: "/api/tags/{slugOrId}", tag: "tags", auth: "admin", summary: "Rename a tag (its slug stays)", params: slugOrIdParams, pathNotes: { slugOrId: "the tag's id" }, body: renameTagBody, status: 200, returns: "Tag", errors: ["not_found", "conflict"] },
  { method: "delete", path: "/api/tags/{slugOrId}", tag: "tags", auth: "admin", summary: "Delete a tag and remove it from every avatar", params: slugOrIdParams, pathNotes: { slugOrId: "the tag's id" }, status: 204, errors: ["not_found"] },
  // ----- jobs, estimates, media -----
  { method: "get", path: "/api/jobs/{id}", tag: "jobs", auth: "user", summary: "One of the caller's generation jobs: queue state, attempts, timings, error", params: idParams, status: 200, returns: "Job", errors: ["not_found"] },
  {
    method: "get", path: "/api/events", tag: "jobs", auth: "user", summary: "The caller's job and rendition progress and today's spend, pushed as Server-Sent Events",
    description:
      "With `Accept: text/event-stream` (what EventSource sends): a stream of `snapshot` (first: `EventSnapshot`), `job` (one `jobs` item: stage, queue position, progress, ETA), `rendition` (a `Rendition` the caller may see, at each change: created, progress, ready, failed), `rendition-deleted` (`{ id }` of a rendition the caller could see, once deleted) and `spend` (the `spend` object, after a charge) events, a `: ping` comment every 15 s. Otherwise the snapshot as JSON, once.",
    status: 200, returns: "EventSnapshot",
  },
  { method: "post", path: "/api/estimates", tag: "estimates", auth: "user", summary: "The price of a generation before it is made, and what is left of the caller's daily cap", body: estimateBody, status: 200, returns: "Estimate" },
  {
    method: "get", path: "/api/media/{key}", tag: "media", auth: "public", summary: "Authorise the caller for a stored object, then redirect to a short-lived URL",
    pathNotes: { key: "the storage key; it spans several path segments (`/api/media/images/...`)" },
    query: mediaQuery, status: 302, replyHeaders: { Location: "the presigned URL", "Cache-Control": "private, no-store" }, errors: ["not_found"],
  },
  // ----- renditions and exports (docs/exports.md) -----
  {
    method: "post", path: "/api/renditions", tag: "renditions", auth: "user", summary: "A format (9:16, 4:5, 1:1, 16:9; crop around a focus or pad over a blur; optional trim) or a poster frame (kind `poster`, JPEG and WebP) of a ready clip (processing)",
    description: "The clip is the caller's b-roll or avatar, or any public avatar (whose renditions are shared). The same request answers the same rendition (deduplicated; a failed one is made again), so a replay starts nothing new. 409 while the clip is not ready; a focus or trim that does not fit is 400 naming the field.",
    body: createRenditionBody, status: 202, returns: "Rendition", errors: ["not_found", "conflict"],
  },
  { method: "get", path: "/api/renditions", tag: "renditions", auth: "user", summary: "A clip's renditions and posters, newest first", query: listRenditionsQuery, status: 200, returns: "RenditionList", errors: ["not_found"] },
  { method: "get", path: "/api/renditions/{id}", tag: "renditions", auth: "user", summary: "One rendition: status, progress (0..100), URLs once ready", params: idParams, status: 200, returns: "Rendition", errors: ["not_found"] },
  { method: "delete", path: "/api/renditions/{id}", tag: "renditions", auth: "user", summary: "Delete a rendition and its objects (a public avatar's shared renditions: admins only)", params: idParams, status: 204, errors: ["not_found", "forbidden"] },
  {
    method: "get", path: "/api/projects/{id}/export", tag: "projects", auth: "user", summary: "Download the project: its ready clips (and, with `include`, their ready renditions and posters) as one ZIP, streamed as it is built",
    description: "Entries: `b-rolls/`, `avatars/`, `renditions/`, `posters/` with readable unique names, plus `manifest.csv` and `manifest.json` (file, name, type, clip, prompt, model, seed, durationSeconds, resolution, format, estimatedCostUsd, createdAt).",
    params: idParams, query: projectExportQuery, status: 200, reply: "a ZIP archive", replyType: "application/zip", replyHeaders: { "Content-Disposition": "attachment; filename=\"<project>.zip\"", "Cache-Control": "no-store" }, errors: ["not_found"],
  },
  // ----- admin -----
  { method: "get", path: "/api/admin/jobs", tag: "admin", auth: "admin", summary: "Generation jobs newest first, a page at a time, with status, model, duration, cost, error and what each made", query: adminJobsQuery, status: 200, returns: "AdminJobList" },
  { method: "get", path: "/api/admin/metrics", tag: "admin", auth: "admin", summary: "Usage of the period [from, to) (UTC; default the last 30 days)", description: "Jobs, success rates, p50/p95 generation time, estimated spend per day/user/project/model, stuck jobs, alerts.", query: adminMetricsQuery, status: 200, returns: "AdminMetrics" },
];
