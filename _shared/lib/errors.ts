// One error class, one code -> status table, one envelope: { error: { code, message, details? } }.
import { ZodError } from "zod";

export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal_error: 500,
  upstream_error: 502,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorDetail {
  path?: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "ApiError";
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string) => new ApiError("not_found", `${what} not found`);

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: ErrorDetail[] };
}

function zodDetails(error: ZodError): ErrorDetail[] {
  return error.issues.map((issue) => ({ path: issue.path.join(".") || undefined, message: issue.message }));
}

interface KnownDbError {
  code: string;
  meta?: { target?: unknown; modelName?: string };
}

function isKnownDbError(error: unknown): error is KnownDbError {
  return (
    typeof error === "object" &&
    error !== null &&
    "code" in error &&
    typeof error.code === "string" &&
    /^P\d{4}$/.test(error.code) &&
    (error as { name?: string }).name === "PrismaClientKnownRequestError"
  );
}

/** Codes of a backing service (database, storage, cache) that could not be reached or stopped answering. */
const UNREACHABLE_CODES = new Set(["P1001", "P1002", "P1017", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "EPIPE"]);
const UNAVAILABLE_PATTERNS = [/ECONNREFUSED/, /ETIMEDOUT/, /EHOSTUNREACH/, /ENOTFOUND/, /Can't reach database/, /Connection terminated/];

/**
 * PostgreSQL saying "not now" in its own words (SQLSTATE): class 08, the connection failed or broke;
 * 57P01/57P02, the session was ended by a shutdown or a crash of the server; 57P03, the server is
 * starting up, shutting down or recovering and takes no new connection. Through Prisma's driver
 * adapter they arrive as the cause of a DriverAdapterError; from pg itself, as the error's code.
 */
const DATABASE_UNAVAILABLE_SQLSTATE = /^(08\d{3}|57P0[123])$/;

/** True when the error's own code says a backing service could not be reached (or timed out). */
export function hasUnreachableCode(error: unknown): boolean {
  return UNREACHABLE_CODES.has(String((error as { code?: unknown } | null)?.code));
}

function hasUnavailableSqlState(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown; originalCode?: unknown } } | null)?.cause;
  const codes = [(error as { code?: unknown } | null)?.code, cause?.code, cause?.originalCode];
  return codes.some((code) => typeof code === "string" && DATABASE_UNAVAILABLE_SQLSTATE.test(code));
}

function isUnavailable(error: unknown): boolean {
  if (hasUnreachableCode(error) || hasUnavailableSqlState(error)) return true;
  const text = error instanceof Error ? `${error.name} ${error.message} ${String((error as { cause?: unknown }).cause ?? "")}` : "";
  return UNAVAILABLE_PATTERNS.some((pattern) => pattern.test(text));
}

/** Maps anything thrown to an ApiError; unknown errors become a generic 500 that leaks nothing. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof ZodError) return new ApiError("bad_request", "The request is invalid", zodDetails(error));
  if (isKnownDbError(error)) {
    if (error.code === "P2025") return new ApiError("not_found", "Resource not found");
    if (error.code === "P2002") return new ApiError("conflict", "A resource with the same unique value already exists");
    if (error.code === "P2003") return new ApiError("bad_request", "A referenced resource does not exist");
  }
  if (isUnavailable(error)) {
    return new ApiError("service_unavailable", "A backing service (database or storage) is unreachable; try again shortly");
  }
  return new ApiError("internal_error", "Something went wrong on our side; the error was logged");
}

export function errorBody(error: ApiError): ErrorBody {
  return { error: { code: error.code, message: error.message, ...(error.details?.length ? { details: error.details } : {}) } };
}
