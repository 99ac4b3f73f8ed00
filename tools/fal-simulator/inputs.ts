import type { JsonObject } from "./http-util";

export interface ErrorDetail {
  loc: (string | number)[];
  msg: string;
  type: string;
  input?: unknown;
  ctx?: JsonObject;
  url?: string;
}

/** A job that ends COMPLETED but whose result is a 422 `{ detail }`, as Fal reports bad inputs. */
export class ModelFailure extends Error {
  constructor(readonly detail: ErrorDetail[]) {
    super(detail.map((d) => d.msg).join("; "));
  }
}

export function fail(field: string, msg: string, type: string, input?: unknown, ctx?: JsonObject): never {
  throw new ModelFailure([{ loc: ["body", field], msg, type, url: errorDocUrl(type), ...(input === undefined ? {} : { input }), ...(ctx ? { ctx } : {}) }]);
}

/** Every model error item links to its entry in Fal's error reference (`url` is a required field there). */
export function errorDocUrl(type: string): string {
  return `https://docs.fal.ai/errors#${type}`;
}

export function readPrompt(input: JsonObject): string {
  const prompt = input.prompt;
  if (prompt === undefined) fail("prompt", "Field required", "missing");
  if (typeof prompt !== "string") fail("prompt", "Input should be a valid string", "string_type", prompt);
  return prompt;
}

/** An optional field of one JSON type, refused as Fal's validator refuses it. */
function readOptional<T extends "string" | "boolean">(input: JsonObject, field: string, type: T): (T extends "string" ? string : boolean) | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== type) fail(field, `Input should be a valid ${type}`, type === "string" ? "string_type" : "bool_type", value);
  return value as T extends "string" ? string : boolean;
}

export function readOptionalString(input: JsonObject, field: string): string | undefined {
  return readOptional(input, field, "string");
}

export function readRequiredUrl(input: JsonObject, field: string): string {
  const value = readOptionalString(input, field);
  if (value === undefined) fail(field, "Field required", "missing");
  return value;
}

export function readIntInRange(input: JsonObject, field: string, min: number, max: number, fallback: number): number {
  const value = input[field];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value)) fail(field, "Input should be a valid integer", "int_type", value);
  if (value < min || value > max) {
    fail(field, `Input should be between ${min} and ${max}`, "value_error", value, { ge: min, le: max });
  }
  return value;
}

export function readSeed(input: JsonObject): number {
  return readIntInRange(input, "seed", 0, 2 ** 32 - 1, Math.floor(Math.random() * 2 ** 31));
}

export function readEnum<T extends string>(input: JsonObject, field: string, allowed: readonly T[], fallback: T): T {
  const value = input[field];
  if (value === undefined || value === null) return fallback;
  const match = allowed.find((option) => option === value);
  if (match === undefined) {
    fail(field, `Input should be ${allowed.map((a) => `'${a}'`).join(", ")}`, "enum", value, {
      expected: allowed.join(", "),
    });
  }
  return match;
}

export function readOptionalBoolean(input: JsonObject, field: string): boolean | undefined {
  return readOptional(input, field, "boolean");
}
