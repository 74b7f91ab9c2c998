/**
 * The fixture tests every connector's config tests share: each valid fixture the fixtures
 * generator wrote parses and maps to the driver's options, each invalid one is rejected with
 * exactly its expected errors and without its secrets in the message.
 */
import { describe, expect, it } from "vitest";
import { ConfigValidationError } from "@onespec/runtime";
import { catchError, PLACEHOLDER, problemKey, secretValues } from "./connector-tests.js";

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
  /** `generated/connectors/<name>/fixtures`. */
  fixtures: { valid: readonly Fixture<Config>[]; invalid: readonly InvalidFixture[] };
  /** `generated/connectors/<name>/validator`. */
  validator: { secretPaths: readonly string[]; redact: <V>(value: V) => V };
  /** The connector's own parse (the generated validator plus its defaults). */
  parseConfig: (config: unknown) => Parsed;
  /** A pointer that must be among the secret paths; undefined: the schema has no secret field. */
  secretPath: string | undefined;
  /** What a valid fixture maps to: the connector's assertions on its driver options. */
  maps: (parsed: Parsed, config: Config) => void;
  /**
   * For a connector whose schema uses the shared SSH tunnel definition: the SDK's
   * `tunnelOptions`, checked on every branch of the tunnel's oneOf.
   */
  sshTunnel?: (tunnel: never) => unknown;
}

export function configFixtureSuite<Config, Parsed>(s: ConfigFixtureSuite<Config, Parsed>): void {
  const { valid, invalid } = s.fixtures;
  const { secretPaths, redact } = s.validator;
  describe(`${s.name} fixtures`, () => {
    it("has fixtures and the secret paths to test", () => {
      expect(s.metadata.name).toBe(s.name);
      expect(valid.length).toBeGreaterThan(0);
      expect(invalid.length).toBeGreaterThan(0);
      if (s.secretPath === undefined) expect(secretPaths).toEqual([]);
      else expect(secretPaths).toContain(s.secretPath);
    });

    it.each(valid.map((f) => [f.name, f.config] as const))(
      "valid: %s parses and maps",
      (_name, config) => {
        const parsed = s.parseConfig(config);
        // parse keeps every value given and fills in the defaults of the others.
        expect(parsed).toMatchObject(config as object);
        s.maps(parsed, config);
        if (s.sshTunnel) {
          const tunnel = (parsed as { ssh_tunnel?: never }).ssh_tunnel;
          expect(() => s.sshTunnel!(tunnel as never)).not.toThrow();
        }
      },
    );

    it.each(invalid.map((f) => [f.name, f] as const))(
      "invalid: %s is rejected with exactly its errors, secrets redacted",
      (_name, fixture) => {
        const error = catchError(() => s.parseConfig(fixture.config));
        expect(error).toBeInstanceOf(ConfigValidationError);
        const { problems } = error as ConfigValidationError;
        expect(new Set(problems.map(problemKey))).toEqual(new Set(fixture.errors.map(problemKey)));

        const text = String(error) + "\n" + JSON.stringify(problems);
        for (const secret of secretValues(fixture.config, redact))
          expect(text).not.toContain(secret);
      },
    );

    if (s.sshTunnel) {
      const tunnelOptions = s.sshTunnel;
      it("maps every ssh tunnel branch", () => {
        const tunnel = (branch: string) =>
          (valid.find((f) => f.name.endsWith(branch))!.config as { ssh_tunnel: never }).ssh_tunnel;
        expect(tunnelOptions(tunnel("NO_TUNNEL"))).toBeNull();
        expect(tunnelOptions(tunnel("SSH_PASSWORD_AUTH"))).toEqual({
          host: "bastion.example.com",
          port: 22,
          username: "ec2-user",
          password: PLACEHOLDER,
        });
        expect(tunnelOptions(tunnel("SSH_KEY_AUTH"))).toMatchObject({
          host: "bastion.example.com",
          port: 22,
          username: "ec2-user",
          privateKey: expect.stringContaining("BEGIN PRIVATE KEY"),
        });
      });
    }
  });
}
