import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { REPO } from "./helpers.js";

// Every fixture the generator wrote is a test vector for the validators it wrote: the valid ones
// must pass (the server/CLI validator and the browser form's precompiled validator alike), and
// each invalid one must fail with exactly the pointer(s) and keyword(s) it records.
const GENERATED = path.join(REPO, "generated");
const connectors = readdirSync(path.join(GENERATED, "connectors")).sort();

interface Fixtures {
  valid: { name: string; config: unknown }[];
  invalid: { name: string; config: unknown; errors: { pointer: string; keyword: string }[] }[];
}
interface ValidatorModule {
  validate(x: unknown): boolean;
  problems(x: unknown): { pointer: string; keyword: string; message: string }[];
  parse(x: unknown): unknown;
  redact<V>(x: V): V;
  secretPaths: readonly string[];
}
interface FormModule {
  schema: object;
  createFormValidator(): { validateFormData(data: unknown, schema: object): { errors: unknown[] } };
}

const load = async <T>(name: string, file: string) =>
  (await import(pathToFileURL(path.join(GENERATED, "connectors", name, file)).href)) as T;

/** Every string in a value found at a secret path (by comparing with its redacted copy). */
function secretValues(value: unknown, redacted: unknown): string[] {
  // Very short values ("", " ", "!!!" from pattern mutations) would match any text.
  if (typeof value === "string" && redacted === "[redacted]")
    return value.trim().length >= 4 ? [value] : [];
  if (value && typeof value === "object" && redacted && typeof redacted === "object")
    return Object.keys(value).flatMap((k) =>
      secretValues((value as Record<string, unknown>)[k], (redacted as Record<string, unknown>)[k]),
    );
  return [];
}

describe.each(connectors)("%s", (name) => {
  const fixtures = JSON.parse(
    readFileSync(path.join(GENERATED, "connectors", name, "fixtures.json"), "utf8"),
  ) as Fixtures;

  it("has valid and invalid fixtures", () => {
    expect(fixtures.valid.map((f) => f.name)).toContain("minimal");
    expect(fixtures.invalid.length).toBeGreaterThan(10);
  });

  it("accepts every valid fixture", async () => {
    const v = await load<ValidatorModule>(name, "validator.ts");
    for (const f of fixtures.valid) expect(v.problems(f.config), f.name).toEqual([]);
  });

  it("rejects every invalid fixture with exactly the recorded errors", async () => {
    const v = await load<ValidatorModule>(name, "validator.ts");
    for (const f of fixtures.invalid) {
      expect(v.validate(f.config), f.name).toBe(false);
      const got = v
        .problems(f.config)
        .map((p) => `${p.pointer} ${p.keyword}`)
        .sort();
      const want = f.errors.map((e) => `${e.pointer} ${e.keyword}`).sort();
      expect(got, f.name).toEqual(want);
    }
  });

  it("never shows a secret value in an error", async () => {
    const v = await load<ValidatorModule>(name, "validator.ts");
    for (const f of [...fixtures.valid, ...fixtures.invalid]) {
      const secrets = secretValues(f.config, v.redact(f.config));
      // Break a non-secret field so the error path runs while secrets are present.
      const broken = { ...(f.config as object), unexpected_for_test: true };
      let message = "";
      try {
        v.parse(broken);
      } catch (e) {
        message = String(e) + JSON.stringify((e as { problems: unknown }).problems);
      }
      expect(message, f.name).not.toBe("");
      for (const s of secrets) expect(message, f.name).not.toContain(s);
    }
  });

  it("the form's precompiled RJSF validator agrees", async () => {
    const form = await load<FormModule>(name, "form.ts");
    const validator = form.createFormValidator();
    for (const f of fixtures.valid)
      expect(validator.validateFormData(f.config, form.schema).errors, f.name).toEqual([]);
    for (const f of fixtures.invalid) {
      const errors = validator.validateFormData(f.config, form.schema).errors as { name: string }[];
      // Same failing keywords as the server-side validator: the form schema discriminates
      // oneOf options the same way, so no errors from options the user did not choose.
      expect([...new Set(errors.map((e) => e.name))].sort(), f.name).toEqual(
        [...new Set(f.errors.map((e) => e.keyword))].sort(),
      );
    }
  });
});
