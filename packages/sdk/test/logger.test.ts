import { describe, expect, it } from "vitest";
import { REDACTED } from "@onespec/runtime";
import { Redactor, createLogger, type LoggerOptions } from "../src/index.js";

const at = new Date("2025-03-04T05:06:07.089Z");

function capture(options: LoggerOptions = {}) {
  const lines: string[] = [];
  const logger = createLogger({ now: () => at, write: (line) => lines.push(line), ...options });
  return { logger, lines };
}

describe("createLogger (json)", () => {
  it("writes one JSON object per line with time, level, msg and the fields", () => {
    const { logger, lines } = capture({ format: "json", level: "debug" });
    logger.info("stream complete", { stream: "tables", created: 3, nested: { a: [1, null] } });
    logger.debug("batch stored", { records: 0 });
    logger.warn("slow", {});
    logger.error("failed", { error: new Error("connection reset") });
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(line).not.toContain("\n");
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      {
        time: "2025-03-04T05:06:07.089Z",
        level: "info",
        msg: "stream complete",
        stream: "tables",
        created: 3,
        nested: { a: [1, null] },
      },
      { time: "2025-03-04T05:06:07.089Z", level: "debug", msg: "batch stored", records: 0 },
      { time: "2025-03-04T05:06:07.089Z", level: "warn", msg: "slow" },
      // Errors are logged by their message.
      {
        time: "2025-03-04T05:06:07.089Z",
        level: "error",
        msg: "failed",
        error: "connection reset",
      },
    ]);
  });

  it("keeps messages with quotes and newlines on one parseable line", () => {
    const { logger, lines } = capture({ format: "json" });
    logger.info('a "quoted"\nmessage', { path: "C:\\dir" });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ msg: 'a "quoted"\nmessage', path: "C:\\dir" });
  });
});

describe("createLogger level filtering", () => {
  const levels = ["debug", "info", "warn", "error"] as const;

  it.each([
    ["debug", ["debug", "info", "warn", "error"]],
    ["info", ["info", "warn", "error"]],
    ["warn", ["warn", "error"]],
    ["error", ["error"]],
    ["silent", []],
  ] as const)("at level %s writes only %j", (level, expected) => {
    const { logger, lines } = capture({ format: "json", level });
    for (const l of levels) logger[l](`at ${l}`);
    expect(lines.map((line) => (JSON.parse(line) as { level: string }).level)).toEqual(expected);
  });

  it("defaults to info", () => {
    const { logger, lines } = capture({ format: "json" });
    for (const l of levels) logger[l](`at ${l}`);
    expect(lines).toHaveLength(3);
    expect(lines.join("\n")).not.toContain("at debug");
  });
});

describe("createLogger redaction", () => {
  const secret = 'hunter2"pa$$';
  const redactor = new Redactor([secret]);

  it("redacts a secret in a field and in the message of a JSON line", () => {
    const { logger, lines } = capture({ format: "json", redact: (s) => redactor.redact(s) });
    logger.warn(`login with ${secret} failed`, {
      password: secret,
      url: `postgres://u:${encodeURIComponent(secret)}@h/db`,
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain("hunter2");
    const parsed = JSON.parse(lines[0]) as Record<string, string>;
    expect(parsed.msg).toBe(`login with ${REDACTED} failed`);
    expect(parsed.password).toBe(REDACTED);
    expect(parsed.url).toBe(`postgres://u:${REDACTED}@h/db`);
  });

  it("redacts pretty lines too", () => {
    const { logger, lines } = capture({ format: "pretty", redact: (s) => redactor.redact(s) });
    logger.error(`bad ${secret}`, { password: secret, error: new Error(`auth ${secret}`) });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain("hunter2");
    expect(lines[0]).toContain(REDACTED);
  });

  it("passes the whole finished line to the redactor", () => {
    const seen: string[] = [];
    const { logger, lines } = capture({
      format: "json",
      redact: (s) => {
        seen.push(s);
        return "X";
      },
    });
    logger.info("hello", { a: 1 });
    expect(seen).toHaveLength(1);
    expect(JSON.parse(seen[0])).toMatchObject({ msg: "hello", a: 1, level: "info" });
    expect(lines).toEqual(["X"]);
  });
});

describe("createLogger pretty", () => {
  it("writes level, message and key=value fields, quoting values with spaces", () => {
    const { logger, lines } = capture();
    logger.info("stream complete", {
      stream: "tables",
      note: "two words",
      n: 3,
      skipped: undefined,
    });
    expect(lines).toEqual(['info  stream complete stream=tables note="two words" n=3']);
  });
});

describe("createLogger child", () => {
  it("adds base fields to every line of the child, not of the parent", () => {
    const { logger, lines } = capture({ format: "json", base: { app: "onespec" } });
    const child = logger.child({ runId: "r-1", service: "warehouse" });
    child.info("started", { stream: "tables" });
    logger.info("parent");
    const [fromChild, fromParent] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(fromChild).toEqual({
      time: at.toISOString(),
      level: "info",
      msg: "started",
      app: "onespec",
      runId: "r-1",
      service: "warehouse",
      stream: "tables",
    });
    expect(fromParent).toEqual({
      time: at.toISOString(),
      level: "info",
      msg: "parent",
      app: "onespec",
    });
  });

  it("keeps the parent's level, writer and redactor, and nests", () => {
    const redactor = new Redactor(["tok_123"]);
    const { logger, lines } = capture({
      format: "json",
      level: "warn",
      redact: (s) => redactor.redact(s),
    });
    // child() is typed as a plain Logger, though it is itself a createLogger() logger.
    const child = logger.child({ a: 1 }) as ReturnType<typeof createLogger>;
    const grandchild = child.child({ b: 2, token: "tok_123" });
    grandchild.info("dropped");
    grandchild.warn("kept", { a: 3 });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toEqual({
      time: at.toISOString(),
      level: "warn",
      msg: "kept",
      a: 3,
      b: 2,
      token: REDACTED,
    });
  });
});
