import { afterEach, describe, expect, it, vi } from "vitest";
import { createAjv, type SourceDraft } from "../src/index.js";
import { takeAjvMessages } from "../src/ajv.js";
import { metaSchemaValidator } from "../src/ajv.js";

afterEach(() => vi.restoreAllMocks());

/** Everything written to the console or to stdout/stderr while `run` runs. */
function printedDuring(run: () => void): string[] {
  const printed: string[] = [];
  const capture = (...args: unknown[]) => {
    printed.push(args.map(String).join(" "));
    return true;
  };
  for (const method of ["log", "info", "warn", "error", "debug"] as const)
    vi.spyOn(console, method).mockImplementation(capture);
  vi.spyOn(process.stderr, "write").mockImplementation(capture);
  vi.spyOn(process.stdout, "write").mockImplementation(capture);
  try {
    run();
  } finally {
    vi.restoreAllMocks();
  }
  return printed;
}

describe("ajv never prints", () => {
  it("an unknown format under strict: false is kept for the caller, not printed", () => {
    const ajv = createAjv({ strict: false });
    const printed = printedDuring(() => {
      ajv.compile({ type: "string", format: "string" });
    });
    expect(printed).toEqual([]);
    expect(new Set(takeAjvMessages(ajv))).toEqual(
      new Set(['unknown format "string" ignored in schema at path "#"']),
    );
    expect(takeAjvMessages(ajv)).toEqual([]); // taken once
  });

  it("keeps a bounded number of messages", () => {
    const ajv = createAjv({ strict: false });
    printedDuring(() => {
      for (let i = 0; i < 300; i++) ajv.compile({ format: `f${i}` });
    });
    expect(takeAjvMessages(ajv).length).toBe(200);
  });

  it.each(["draft-04", "draft-06", "draft-07", "2019-09", "2020-12"] as SourceDraft[])(
    "the %s meta-schema check prints nothing",
    (draft) => {
      const printed = printedDuring(() => {
        const validate = metaSchemaValidator(draft);
        validate({ type: "string", format: "no-such-format", pattern: "[a-" });
      });
      expect(printed).toEqual([]);
    },
  );
});
