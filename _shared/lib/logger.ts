// Structured JSON logs (pino), one line per event on stdout. Call sites pass a message and fields:
// `logger.info("generation submitted", { jobId, model })`. Whatever the fields hold, secrets are
// redacted, presigned URL signatures are cut and long texts (prompts) are capped before writing.
import pino from "pino";
import { getEnv } from "./env";

type Fields = Record<string, unknown>;

const SECRET_KEY = /(authorization|cookie|password|secret|token|api[-_]?key|^key$|fal_key|signature)/i;
// Query strings of presigned S3 URLs and Fal's signed CDN links carry credentials.
const SIGNED_QUERY = /([?&](X-Amz-[A-Za-z-]+|Signature|Expires|AWSAccessKeyId|token)=)[^&\s"']+/g;
const MAX_DEPTH = 6;

const unsign = (text: string) => text.replace(SIGNED_QUERY, "$1[redacted]");

/** A log-safe copy of a value: redacted secrets, unsigned URLs, texts cut at `maxChars`. */
export function scrubForLog(value: unknown, maxChars: number, depth = 0): unknown {
  if (typeof value === "string") {
    const unsigned = unsign(value);
    return unsigned.length > maxChars ? `${unsigned.slice(0, maxChars)}… (${unsigned.length} chars)` : unsigned;
  }
  if (value instanceof Error) {
    // The stack's first line repeats the message: it is unsigned and capped too.
    const stack = value.stack?.split("\n").slice(0, 8).join("\n");
    return { name: value.name, message: scrubForLog(value.message, 1000, depth + 1), stack: stack && scrubForLog(stack, 2000, depth + 1) };
  }
  if (value === null || typeof value !== "object") return value;
  // A Buffer or typed array would otherwise become one key per byte.
  if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  if (value instanceof Date) return value.toISOString();
  if (depth >= MAX_DEPTH) return "[…]";
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => scrubForLog(item, maxChars, depth + 1));
  const out: Fields = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) && item !== undefined ? "[redacted]" : scrubForLog(item, maxChars, depth + 1);
  }
  return out;
}

type Level = "debug" | "info" | "warn" | "error";
const RANK: Record<Level | "silent", number> = { debug: 20, info: 30, warn: 40, error: 50, silent: Number.POSITIVE_INFINITY };

/** A tap on the log lines this process writes (tests read them; nothing else is printed for it). */
export interface LogTap {
  /** Parsed entries at or above the tap's level, in order. */
  readonly entries: Array<Record<string, unknown>>;
  /** The same lines as written (JSON text). */
  readonly raw: string[];
  stop(): void;
}

type TapState = { level: Level; entries: Array<Record<string, unknown>>; raw: string[] };
const globalForLogger = globalThis as typeof globalThis & { pinoLogger?: pino.Logger; logTaps?: Set<TapState> };
const taps = (globalForLogger.logTaps ??= new Set());

// Lines go to stdout at LOG_LEVEL; a tap may ask for more, which it receives without printing.
const destination = {
  write(line: string) {
    if (taps.size) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      const rank = RANK[entry.level as Level] ?? 0;
      for (const tap of taps) {
        if (rank >= RANK[tap.level]) {
          tap.entries.push(entry);
          tap.raw.push(line);
        }
      }
      if (rank < RANK[getEnv().LOG_LEVEL]) return;
    }
    process.stdout.write(line);
  },
};

function base(): pino.Logger {
  if (!globalForLogger.pinoLogger) {
    const env = getEnv();
    globalForLogger.pinoLogger = pino(
      {
        level: env.LOG_LEVEL,
        base: { service: "better-ads", pid: process.pid },
        messageKey: "msg",
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
      },
      destination,
    );
  }
  return globalForLogger.pinoLogger;
}

function applyLevel() {
  const wanted = [getEnv().LOG_LEVEL, ...[...taps].map((tap) => tap.level)].reduce((a, b) => (RANK[b] < RANK[a] ? b : a));
  base().level = wanted;
}

/** Starts receiving this process's log entries at `level` and above (after scrubbing). */
export function tapLogs(level: Level = "info"): LogTap {
  const tap: TapState = { level, entries: [], raw: [] };
  taps.add(tap);
  applyLevel();
  return {
    entries: tap.entries,
    raw: tap.raw,
    stop() {
      taps.delete(tap);
      applyLevel();
    },
  };
}

function write(level: Level, message: string, fields?: Fields) {
  const log = base();
  if (!log.isLevelEnabled(level)) return;
  const maxChars = getEnv().LOG_PROMPT_MAX_CHARS;
  log[level](fields ? (scrubForLog(fields, maxChars) as Fields) : {}, unsign(message));
}

export const logger = {
  debug: (message: string, fields?: Fields) => write("debug", message, fields),
  info: (message: string, fields?: Fields) => write("info", message, fields),
  warn: (message: string, fields?: Fields) => write("warn", message, fields),
  error: (message: string, fields?: Fields) => write("error", message, fields),
};
