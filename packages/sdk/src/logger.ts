/**
 * Structured logs: JSON lines (`--log-format json`) or one readable line per event. Every line
 * passes through the run's redactor before it is written, so a secret that reaches a log
 * field or an error message is replaced by "[redacted]".
 */
import type { Logger } from "./types.js";

export type LogFormat = "pretty" | "json";
export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

const RESERVED = new Set(["time", "level", "msg"]);

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface LoggerOptions {
  format?: LogFormat;
  level?: LogLevel;
  /** Where a finished line goes (without the newline). Defaults to stderr. */
  write?: (line: string) => void;
  /** Applied to every finished line. */
  redact?: (text: string) => string;
  now?: () => Date;
  /** Fields added to every line (run id, service). */
  base?: Record<string, unknown>;
}

function pretty(value: unknown): string {
  if (typeof value === "string")
    return /[\s"=]/.test(value) || value === "" ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}

export function createLogger(
  options: LoggerOptions = {},
): Logger & { child(fields: Record<string, unknown>): Logger } {
  const format = options.format ?? "pretty";
  const min = rank[options.level ?? "info"];
  const write = options.write ?? ((line: string) => process.stderr.write(line + "\n"));
  const redact = options.redact ?? ((s: string) => s);
  const now = options.now ?? (() => new Date());
  const base = options.base ?? {};

  const log =
    (level: Exclude<LogLevel, "silent">) =>
    (message: string, fields: Record<string, unknown> = {}) => {
      if (rank[level] < min) return;
      const all = { ...base, ...fields };
      let line: string;
      if (format === "json") {
        // A field named like a core key cannot overwrite it; it is kept with a leading "_".
        const fieldsOut = Object.fromEntries(
          Object.entries(all).map(([k, v]) => [RESERVED.has(k) ? `_${k}` : k, v]),
        );
        line = JSON.stringify(
          { time: now().toISOString(), level, msg: message, ...fieldsOut },
          (_k, v: unknown) => (v instanceof Error ? v.message : v),
        );
      } else {
        const extras = Object.entries(all)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => `${k}=${pretty(v instanceof Error ? v.message : v)}`)
          .join(" ");
        line = `${level.padEnd(5)} ${message}${extras ? " " + extras : ""}`;
      }
      write(redact(line));
    };
  const logger = {
    debug: log("debug"),
    info: log("info"),
    warn: log("warn"),
    error: log("error"),
    child: (fields: Record<string, unknown>) =>
      createLogger({ ...options, base: { ...base, ...fields } }),
  };
  return logger;
}
