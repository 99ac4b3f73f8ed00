import { z } from "zod";
import { REALISM_DEFAULTS, realismPatchShape, takeServerError, type RealismControls } from "./controls-realism";
import { DEFAULT_FAULT_CONTROLS, faultControlsShape, type FaultControls } from "./faults";

export type AudioMode = "auto" | "always" | "never";

/** Knobs tests and demos turn at run time; the simulator reads them on every request. */
export interface FalSimulatorControls extends RealismControls, FaultControls {
  /** Time from submit to COMPLETED (first third IN_QUEUE, then IN_PROGRESS); media production may extend it. */
  latencyMs: number;
  /**
   * How many of the account's requests run at once (Fal: 2 for a new account, up to 40); the others
   * wait IN_QUEUE with their queue_position and start, timing included, when a slot frees. 0: no limit.
   */
  concurrency: number;
  /**
   * Text-to-video renders one clip per size, duration and audio and serves copies of it (the prompt
   * no longer shows in the picture): for benches, so the simulator's ffmpeg does not compete with
   * the app's for the machine and requests take `latencyMs`.
   */
  reuseMedia: boolean;
  /** The next N submits answer 503 runner_scheduling_failure. */
  failNextSubmits: number;
  /** Probability (0..1) that a submit answers a random retryable 5xx. */
  submitFailureRate: number;
  /** The next N jobs complete with a 422 content_policy_violation. */
  refuseNext: number;
  /** Probability (0..1) that a job is refused. */
  refusalRate: number;
  /** When set, refuseNext/refusalRate only apply to prompts containing it (case-insensitive). */
  matchPrompt?: string;
  /**
   * When set, every image-to-video request to a model whose id contains it (case-insensitive, e.g.
   * "seedance") is refused as ByteDance refuses a photoreal face: 422 content_policy_violation with
   * reason partner_validation_failed. Other models (the fallback) are not. Until cleared (null).
   */
  refuseFacesOn?: string;
  /** The next N jobs complete with a 422 validation error. */
  invalidNext: number;
  /** Complete jobs but never deliver their webhooks. */
  dropWebhooks: boolean;
  /** Deliver every webhook twice. */
  duplicateWebhooks: boolean;
  /** Wait between completion and webhook delivery. */
  webhookDelayMs: number;
  /** Extra delivery attempts after a non-2xx answer or a network error (Fal: 10). */
  webhookRetries: number;
  /** First retry delay on Fal's clock (divided by timeFactor); doubles on each attempt. */
  webhookRetryDelayMs: number;
  /** After the final webhook, deliver a stale copy signed with the (earlier) submit timestamp. */
  outOfOrder: boolean;
  /** "auto": audio track unless input.generate_audio === false; "always"/"never" override the input. */
  audio: AudioMode;
}

export const DEFAULT_CONTROLS: Readonly<FalSimulatorControls> = {
  ...REALISM_DEFAULTS,
  ...DEFAULT_FAULT_CONTROLS,
  latencyMs: 300,
  concurrency: 0,
  reuseMedia: false,
  failNextSubmits: 0,
  submitFailureRate: 0,
  refuseNext: 0,
  refusalRate: 0,
  invalidNext: 0,
  dropWebhooks: false,
  duplicateWebhooks: false,
  webhookDelayMs: 0,
  // Fal retries a failed delivery 10 times over 2 hours: 7 s doubling to 1 h, 7161 s in all.
  webhookRetries: 10,
  webhookRetryDelayMs: 7000,
  outOfOrder: false,
  audio: "auto",
};

const count = z.number().int().min(0);
const probability = z.number().min(0).max(1);

/** Shape accepted by POST /_sim/controls; `matchPrompt: null` clears the filter. */
export const controlsPatchSchema = z
  .object({
    ...realismPatchShape,
    ...faultControlsShape,
    latencyMs: count,
    concurrency: count,
    reuseMedia: z.boolean(),
    failNextSubmits: count,
    submitFailureRate: probability,
    refuseNext: count,
    refusalRate: probability,
    matchPrompt: z.string().min(1).nullable(),
    refuseFacesOn: z.string().min(1).nullable(),
    invalidNext: count,
    dropWebhooks: z.boolean(),
    duplicateWebhooks: z.boolean(),
    webhookDelayMs: count,
    webhookRetries: count,
    webhookRetryDelayMs: count,
    outOfOrder: z.boolean(),
    audio: z.enum(["auto", "always", "never"]),
  })
  .partial()
  .strict();

export type ControlsPatch = z.infer<typeof controlsPatchSchema>;

export function applyControlsPatch(controls: FalSimulatorControls, patch: ControlsPatch): void {
  const { matchPrompt, refuseFacesOn, ...rest } = patch;
  Object.assign(controls, rest);
  if (matchPrompt === null) delete controls.matchPrompt;
  else if (matchPrompt !== undefined) controls.matchPrompt = matchPrompt;
  if (refuseFacesOn === null) delete controls.refuseFacesOn;
  else if (refuseFacesOn !== undefined) controls.refuseFacesOn = refuseFacesOn;
}

/** Resets in place so callers holding `simulator.controls` keep a live reference. */
export function resetControls(controls: FalSimulatorControls, initial: Partial<FalSimulatorControls>): void {
  delete controls.matchPrompt;
  delete controls.refuseFacesOn;
  Object.assign(controls, DEFAULT_CONTROLS, initial);
}

export interface SubmitFailure {
  status: number;
  errorType: string;
}

/** Infrastructure errors Fal answers on submit; all are retryable and unbilled. */
const SCHEDULING_FAILURE: SubmitFailure = { status: 503, errorType: "runner_scheduling_failure" };
const RANDOM_SUBMIT_FAILURES: readonly SubmitFailure[] = [
  SCHEDULING_FAILURE,
  { status: 504, errorType: "request_timeout" },
  { status: 502, errorType: "bad_gateway" },
];

export function takeSubmitFailure(controls: FalSimulatorControls): SubmitFailure | null {
  if (controls.failNextSubmits > 0) {
    controls.failNextSubmits -= 1;
    return SCHEDULING_FAILURE;
  }
  if (Math.random() >= controls.submitFailureRate) return null;
  return RANDOM_SUBMIT_FAILURES[Math.floor(Math.random() * RANDOM_SUBMIT_FAILURES.length)] ?? SCHEDULING_FAILURE;
}

export type ForcedOutcome = "refused" | "invalid" | "server_error" | "internal_error" | null;

export function takeForcedOutcome(controls: FalSimulatorControls, prompt: string, request: { modelId: string; kind: string }): ForcedOutcome {
  const faces = controls.refuseFacesOn?.toLowerCase();
  if (faces && request.kind === "image-to-video" && request.modelId.toLowerCase().includes(faces)) return "refused";
  const matches =
    controls.matchPrompt === undefined || prompt.toLowerCase().includes(controls.matchPrompt.toLowerCase());
  if (matches && controls.refuseNext > 0) {
    controls.refuseNext -= 1;
    return "refused";
  }
  if (matches && Math.random() < controls.refusalRate) return "refused";
  if (controls.invalidNext > 0) {
    controls.invalidNext -= 1;
    return "invalid";
  }
  if (controls.internalErrorNext > 0) {
    controls.internalErrorNext -= 1;
    return "internal_error";
  }
  return takeServerError(controls) ? "server_error" : null;
}
