import type { IncomingMessage, ServerResponse } from "node:http";
import { takeForcedOutcome, takeSubmitFailure, type FalSimulatorControls } from "./controls";
import { failPollIfAsked } from "./faults";
import { HttpError, readJsonObject, sendJson, type JsonObject } from "./http-util";
import type { Job, JobRunner, NewJob } from "./jobs";
import { falErrorHeaders } from "./model-errors";
import { isKnownModel, resolveModelKind } from "./models";

const MAX_INPUT_BYTES = 20 * 1024 * 1024;
const REQUEST_ID_HEADER = "x-fal-request-id";

/** One submit (queue or sync run) as the simulator received it, whatever it answered. */
export interface ReceivedRequest {
  /** null when the submit was rejected before a request was created. */
  requestId: string | null;
  modelId: string;
  /** null when the body was not a JSON object. */
  input: JsonObject | null;
  webhookUrl: string | null;
  /** HTTP status the simulator answered to the submit. */
  httpStatus: number;
  receivedAt: string;
}

export interface QueueContext {
  baseUrl: string;
  jobs: JobRunner;
  controls: FalSimulatorControls;
  requests: ReceivedRequest[];
}

/** `/{owner}/{app}/requests/{id}[/status|/cancel]`: the shape of Fal's status, result and cancel URLs. */
export const REQUEST_PATH = /^\/([^/]+\/[^/]+)\/requests\/([^/]+?)(\/status|\/cancel)?\/?$/;

export function requireFalKey(req: IncomingMessage): void {
  const header = req.headers.authorization ?? "";
  if (!/^Key \S+/.test(header)) {
    throw new HttpError(401, { detail: "Missing or invalid Authorization header: expected 'Key <FAL_KEY>'" });
  }
}

/** Shared by queue submit and sync run: validates, applies the failure controls, records the request. */
async function acceptSubmit(ctx: QueueContext, req: IncomingMessage, modelId: string, url: URL): Promise<{ spec: NewJob; record: ReceivedRequest }> {
  const record: ReceivedRequest = { requestId: null, modelId, input: null, webhookUrl: url.searchParams.get("fal_webhook"), httpStatus: 200, receivedAt: new Date().toISOString() };
  ctx.requests.push(record);
  try {
    requireFalKey(req);
    const segments = modelId.split("/");
    if (segments.length < 2 || !isKnownModel(modelId)) {
      throw new HttpError(404, { detail: `Application '${segments[1] ?? modelId}' not found` });
    }
    record.input = await readJsonObject(req, MAX_INPUT_BYTES);
    if (record.webhookUrl !== null && !isHttpUrl(record.webhookUrl)) {
      throw new HttpError(422, { detail: [{ loc: ["query", "fal_webhook"], msg: "Input should be a valid URL", type: "url_parsing", input: record.webhookUrl }] });
    }
    const failure = takeSubmitFailure(ctx.controls);
    if (failure) {
      throw new HttpError(failure.status, { detail: "Simulated infrastructure failure, retry later", error_type: failure.errorType });
    }
    const kind = resolveModelKind(modelId, record.input);
    const prompt = typeof record.input.prompt === "string" ? record.input.prompt : "";
    const forced = takeForcedOutcome(ctx.controls, prompt, { modelId, kind });
    return { spec: { appPath: segments.slice(0, 2).join("/"), modelId, kind, input: record.input, forced, webhookUrl: record.webhookUrl }, record };
  } catch (error) {
    record.httpStatus = error instanceof HttpError ? error.status : 500;
    throw error;
  }
}

export async function handleSubmit(ctx: QueueContext, req: IncomingMessage, res: ServerResponse, modelId: string, url: URL): Promise<void> {
  const { spec, record } = await acceptSubmit(ctx, req, modelId, url);
  const job = ctx.jobs.submit(spec);
  record.requestId = job.id;
  sendJson(res, 200, { ...describeJob(ctx, job), status: "IN_QUEUE", queue_position: ctx.jobs.getQueuePosition(job) }, { [REQUEST_ID_HEADER]: job.id });
}

export async function handleSyncRun(ctx: QueueContext, req: IncomingMessage, res: ServerResponse, modelId: string, url: URL): Promise<void> {
  const { spec, record } = await acceptSubmit(ctx, req, modelId, url);
  const { requestId, result } = await ctx.jobs.runSync(spec);
  record.requestId = requestId;
  record.httpStatus = result.ok ? 200 : result.httpStatus;
  const errorHeaders = result.ok ? {} : falErrorHeaders(result.body, result.retryable);
  sendJson(res, result.ok ? 200 : result.httpStatus, result.ok ? result.output : result.body, { [REQUEST_ID_HEADER]: requestId, ...errorHeaders });
}

export function handleRequestPath(ctx: QueueContext, req: IncomingMessage, res: ServerResponse, match: RegExpExecArray, url: URL): void {
  const [, appPath, requestId, action] = match;
  const expectedMethod = action === "/cancel" ? "PUT" : "GET";
  if (req.method !== expectedMethod) throw new HttpError(405, { detail: "Method Not Allowed" });
  requireFalKey(req);
  const job = ctx.jobs.get(requestId);
  if (!job || job.appPath !== appPath) throw new HttpError(404, { detail: `Request '${requestId}' not found` });
  if (action !== "/cancel") failPollIfAsked(ctx.controls, action === "/status" ? "status" : "result");
  if (action === "/status") sendStatus(ctx, res, job, url.searchParams.get("logs") === "1");
  else if (action === "/cancel") sendCancel(ctx, res, job);
  else sendResult(res, job);
}

function sendStatus(ctx: QueueContext, res: ServerResponse, job: Job, withLogs: boolean): void {
  const logs = withLogs ? job.logs : [];
  const base = { ...describeJob(ctx, job), status: job.phase };
  if (job.phase === "IN_QUEUE") return sendJson(res, 202, { ...base, queue_position: ctx.jobs.getQueuePosition(job) });
  if (job.phase === "IN_PROGRESS") return sendJson(res, 202, { ...base, logs, metrics: {} });
  const inferenceTime = job.inferenceSeconds ?? (job.startedAt && job.completedAt ? (job.completedAt - job.startedAt) / 1000 : null);
  sendJson(res, 200, { ...base, logs, metrics: { inference_time: inferenceTime } });
}

function sendResult(res: ServerResponse, job: Job): void {
  const headers = { [REQUEST_ID_HEADER]: job.id };
  if (!job.result) return sendJson(res, 400, { detail: "Request is still in progress" }, headers);
  // Past its lifetime the result is gone: answered as for an unknown request (what Fal answers is undocumented).
  if (job.expiresAt !== null && Date.now() >= job.expiresAt) return sendJson(res, 404, { detail: `Request '${job.id}' not found` });
  if (job.result.ok) return sendJson(res, 200, job.result.output, headers);
  sendJson(res, job.result.httpStatus, job.result.body, { ...headers, ...falErrorHeaders(job.result.body, job.result.retryable) });
}

function sendCancel(ctx: QueueContext, res: ServerResponse, job: Job): void {
  if (ctx.jobs.cancel(job) === "already_completed") return sendJson(res, 400, { status: "ALREADY_COMPLETED" });
  sendJson(res, 202, { status: "CANCELLATION_REQUESTED" });
}

/** Status, result and cancel URLs keep only `owner/app`, like Fal's (the model's sub-path is dropped). */
function describeJob(ctx: QueueContext, job: Job): JsonObject {
  const responseUrl = `${ctx.baseUrl}/${job.appPath}/requests/${job.id}`;
  return { request_id: job.id, response_url: responseUrl, status_url: `${responseUrl}/status`, cancel_url: `${responseUrl}/cancel` };
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
}
