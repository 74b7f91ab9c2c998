/**
 * The fixture tests every connector's config tests share: each valid fixture the fixtures
 * generator wrote parses and maps to the driver's options, each invalid one is rejected with
 * exactly its expected errors and without its secrets in the message.
 */
import { describe, expect, it } from "vitest";
import { ConfigValidationError } from "@onespec/runtime";
import { catchError, problemKey, secretValues } from "./connector-tests.js";

/** A generated fixture: a name and a config, plus the errors an invalid one must produce. */
interface Fixture<Config> {
  name: string;
  config: Config;
}
interface InvalidFixture extends Fixture<unknown> {
  errors: readonly { pointer: string; keyword: string }[];
}

export interface ConfigFixtureSuite<Config, Parsed> {
  /** The connector's name, which its metadata must carry. */
  name: string;
  metadata: { name: string };
  /** What `generated/connectors/<name>/fixtures` exports. */
  valid: readonly Fixture<Config>[];
  invalid: readonly InvalidFixture[];
  /** What `generated/connectors/<name>/validator` exports. */
  secretPaths: readonly string[];
  redact: <V>(value: V) => V;
  /** The connector's own parse (the generated validator plus its defaults). */
  parseConfig: (config: unknown) => Parsed;
  /** A pointer that must be among the secret paths; undefined: the schema has no secret field. */
  secretPath: string | undefined;
  /** What a valid fixture maps to: the connector's assertions on its driver options. */
  maps: (parsed: Parsed, config: Config) => void;
}

export function configFixtureSuite<Config, Parsed>(s: ConfigFixtureSuite<Config, Parsed>): void {
  describe(`${s.name} fixtures`, () => {
    it("has fixtures and the secret paths to test", () => {
      expect(s.metadata.name).toBe(s.name);
      expect(s.valid.length).toBeGreaterThan(0);
      expect(s.invalid.length).toBeGreaterThan(0);
      if (s.secretPath === undefined) expect(s.secretPaths).toEqual([]);
      else expect(s.secretPaths).toContain(s.secretPath);
    });

    it.each(s.valid.map((f) => [f.name, f.config] as const))(
      "valid: %s parses and maps",
      (_name, config) => {
        const parsed = s.parseConfig(config);
        // parse keeps every value given and fills in the defaults of the others.
        expect(parsed).toMatchObject(config as object);
        s.maps(parsed, config);
      },
    );

    it.each(s.invalid.map((f) => [f.name, f] as const))(
      "invalid: %s is rejected with exactly its errors, secrets redacted",
      (_name, fixture) => {
        const error = catchError(() => s.parseConfig(fixture.config));
        expect(error).toBeInstanceOf(ConfigValidationError);
        const { problems } = error as ConfigValidationError;
        expect(new Set(problems.map(problemKey))).toEqual(new Set(fixture.errors.map(problemKey)));

        const text = String(error) + "\n" + JSON.stringify(problems);
        for (const secret of secretValues(fixture.config, s.redact))
          expect(text).not.toContain(secret);
      },
    );
  });
}
