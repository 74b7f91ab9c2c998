import { escapePointerToken, mayHoldSecret, valueAt } from "./pointer.js";
import { REDACTED } from "./redact.js";

/** One thing wrong with a config. */
export interface Problem {
  /** JSON pointer of the offending value (for a missing property: where it should be). */
  pointer: string;
  /** The JSON Schema keyword that failed, e.g. "required", "type", "pattern". */
  keyword: string;
  message: string;
}

/** The shape of an ajv error, as produced by precompiled (standalone) ajv validators. */
export interface CompiledError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** A precompiled ajv validation function. */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: CompiledError[] | null;
}

/** A short, single-line rendering of a value for a message ("nothing" when absent). */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? text.slice(0, 57) + "..." : text;
}

/** Where an error points and what it says, without the value received. */
function located(error: CompiledError): { pointer: string; message: string } {
  const params = error.params;
  let pointer = error.instancePath;
  let message = error.message ?? "is invalid";
  switch (error.keyword) {
    case "required":
      pointer += "/" + escapePointerToken(String(params.missingProperty));
      message = "is required";
      break;
    case "additionalProperties":
      pointer += "/" + escapePointerToken(String(params.additionalProperty));
      message = "is not a known property";
      break;
    case "discriminator":
      pointer += "/" + escapePointerToken(String(params.tag));
      message =
        params.error === "mapping"
          ? "does not select any of the allowed options"
          : "must be a string naming one of the options";
      break;
    case "enum":
      message =
        "must be one of: " +
        (params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ");
      break;
    case "const":
      message = "must be " + JSON.stringify(params.allowedValue);
      break;
  }
  return { pointer, message };
}

function problemFor(error: CompiledError, data: unknown, secretPaths: readonly string[]): Problem {
  const { pointer, message: said } = located(error);
  let message = said;
  if (error.keyword !== "required" && error.keyword !== "additionalProperties") {
    const received = mayHoldSecret(pointer, secretPaths)
      ? REDACTED
      : describeValue(valueAt(data, pointer));
    message += ` (received ${received})`;
  }
  return { pointer, keyword: error.keyword, message };
}

/**
 * Every problem in a list of ajv errors, in order and without repeats. A value that is, holds
 * or lies under a secret is shown as `[redacted]`.
 */
export function problemsOf(
  errors: readonly CompiledError[] | null | undefined,
  data: unknown,
  secretPaths: readonly string[],
): Problem[] {
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const e of errors ?? []) {
    const p = problemFor(e, data, secretPaths);
    const key = `${p.pointer}\u0000${p.keyword}\u0000${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out;
}

/**
 * The pointer and keyword of each problem problemsOf would report for the same errors, in the same
 * order with the same repeats dropped, without describing the values received (what a message
 * adds for a pointer is the same for every error at that pointer). For a caller that compares
 * errors only (the fixtures generator checks thousands of configs a connector).
 */
export function problemKeysOf(
  errors: readonly CompiledError[] | null | undefined,
): { pointer: string; keyword: string }[] {
  const seen = new Set<string>();
  const out: { pointer: string; keyword: string }[] = [];
  for (const e of errors ?? []) {
    const { pointer, message } = located(e);
    const key = `${pointer}\u0000${e.keyword}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ pointer, keyword: e.keyword });
  }
  return out;
}
