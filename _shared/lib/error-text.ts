// One line saying what went wrong, for status reports (the health check): never empty, never huge.

/** Prisma's call-site preamble ("Invalid `prisma.$queryRaw()` invocation:"), which says nothing of the cause. */
const PREAMBLE = /^Invalid `[^`]*` invocation:?$/;
const MAX_LENGTH = 300;

function firstLine(message: unknown): string {
  if (typeof message !== "string") return "";
  return message.split("\n").map((line) => line.trim()).find((line) => line && !PREAMBLE.test(line)) ?? "";
}

/**
 * The error's first meaningful message line with its code (`P2010: Raw query failed ... Can't reach
 * database server at 127.0.0.1:5432`). Prisma messages start with a blank line and a preamble; a
 * failed connection to several addresses is an AggregateError with an empty message (its errors
 * and code say it); otherwise the name, or the value itself, says something.
 */
export function errorText(error: unknown): string {
  const err = (error ?? {}) as { message?: unknown; code?: unknown; name?: unknown; errors?: unknown };
  const code = typeof err.code === "string" || typeof err.code === "number" ? String(err.code) : "";
  let text = firstLine(err.message);
  if (!text && Array.isArray(err.errors)) text = err.errors.map((inner) => errorText(inner)).join("; ");
  if (!text && !code) text = error instanceof Error ? error.name || "Error" : String(error) || "unknown error";
  const line = code && !text.includes(code) ? (text ? `${code}: ${text}` : code) : text;
  return line.length > MAX_LENGTH ? `${line.slice(0, MAX_LENGTH - 1)}…` : line;
}
