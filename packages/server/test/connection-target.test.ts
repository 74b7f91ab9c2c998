/** Which fields are a connector's connection target, and when a target counts as changed. */
import { connectors } from "@onespec/generated";
import { describe, expect, it } from "vitest";
import { MASK } from "@onespec/runtime";
import {
  TargetChangedError,
  changedTarget,
  connectionTarget,
  fillStoredSecrets,
  isTargetName,
} from "../src/connection-target.js";

describe("isTargetName", () => {
  it.each([
    ["host", true],
    ["Hostname", true],
    ["tunnel_host", true],
    ["tunnel_port", true],
    ["base_url", true],
    ["baseUrl", true],
    ["token_url", true],
    ["endpoint_uri", true],
    ["account", true],
    ["bootstrap_servers", true],
    ["hosts", true],
    ["ip_addresses", true],
    ["database_path", true],
    ["DATABASE_PATH", true],
    ["username", false],
    ["database", false],
    ["security", false], // "uri" inside a word is not the word
    ["support", false],
    ["transport_mode", false],
    ["portfolio", false],
    ["password", false],
  ])("%s → %s", (name, want) => {
    expect(isTargetName(name)).toBe(want);
  });
});

describe("the target of each connector, from its schema", () => {
  const target = (name: keyof typeof connectors) => {
    const c = connectors[name];
    return connectionTarget(c.form.schema, c.validator.secretPaths).map((f) => f.pattern);
  };
  it.each([
    [
      "postgres",
      [
        "/host",
        "/port",
        "/ssl/verify_server_certificate",
        "/ssh_tunnel/tunnel_host",
        "/ssh_tunnel/tunnel_port",
      ],
    ],
    [
      "mysql",
      [
        "/host",
        "/port",
        "/get_server_public_key",
        "/ssl/verify_server_certificate",
        "/ssh_tunnel/tunnel_host",
        "/ssh_tunnel/tunnel_port",
      ],
    ],
    ["snowflake", ["/account", "/auth/token_url"]],
    ["sqlite", ["/database_path"]],
    [
      "http-api",
      [
        "/base_url",
        "/auth/credentials/token_url",
        "/pagination/cursor_path",
        "/endpoints/*/path",
        "/endpoints/*/records_path",
        "/endpoints/*/pagination/cursor_path",
        "/ssl/verify_server_certificate",
      ],
    ],
  ] as const)("%s", (name, want) => {
    expect(target(name)).toEqual(want);
  });
});

describe("connectionTarget on hand-written schemas", () => {
  const schema = {
    type: "object",
    properties: {
      server: {
        type: "object",
        properties: { address: { type: "string" }, label: { type: "string" } },
      },
      hosts: { type: "array", items: { type: "string" } },
      mirrors: {
        type: "array",
        items: {
          type: "object",
          properties: { url: { type: "string" }, weight: { type: "integer" } },
        },
      },
      port: { type: "integer", default: 443 },
      endpoint_secret: { type: "string" },
      tunnel: {
        oneOf: [
          { properties: { kind: { const: "none" } } },
          {
            properties: {
              kind: { const: "ssh" },
              ssh_host: { type: "string" },
              ssh_port: { type: "integer", default: 22 },
            },
          },
          { properties: { kind: { const: "alt" }, ssh_port: { type: "integer", default: 2222 } } },
        ],
      },
      extra: {
        type: "object",
        additionalProperties: { type: "object", properties: { uri: { type: "string" } } },
      },
    },
  };
  const secretPaths = ["/endpoint_secret"];
  const target = connectionTarget(schema, secretPaths, ["/custom"]);

  it("descends objects, arrays and oneOf branches; skips secrets; adds explicit pointers", () => {
    expect(target).toEqual([
      { pattern: "/server/address" },
      { pattern: "/hosts" },
      { pattern: "/mirrors/*/url" },
      { pattern: "/port", defaultJson: "443" },
      { pattern: "/tunnel/ssh_host" },
      { pattern: "/tunnel/ssh_port" }, // the branches disagree on the default: none is assumed
      { pattern: "/extra/*/uri" },
      { pattern: "/custom" },
    ]);
  });

  const stored = {
    server: { address: "a", label: "x" },
    hosts: ["h1"],
    mirrors: [{ url: "u1", weight: 1 }],
    endpoint_secret: MASK,
  };
  it.each([
    ["nothing", stored, []],
    ["a label", { ...stored, server: { address: "a", label: "y" } }, []],
    ["a weight", { ...stored, mirrors: [{ url: "u1", weight: 9 }] }, []],
    ["the default port spelled out", { ...stored, port: 443 }, []],
    ["the secret itself", { ...stored, endpoint_secret: "typed" }, []],
    ["the address", { ...stored, server: { address: "b" } }, ["/server/address"]],
    ["a host added", { ...stored, hosts: ["h1", "h2"] }, ["/hosts"]],
    [
      "a mirror added",
      { ...stored, mirrors: [{ url: "u1", weight: 1 }, { url: "u2" }] },
      ["/mirrors/1/url"],
    ],
    ["the port", { ...stored, port: 444 }, ["/port"]],
    ["an explicit pointer", { ...stored, custom: 1 }, ["/custom"]],
    [
      "the tunnel turned on",
      { ...stored, tunnel: { kind: "ssh", ssh_host: "j" } },
      ["/tunnel/ssh_host"],
    ],
  ])("changing %s → %j", (_what, submitted, want) => {
    expect(changedTarget(target, stored, submitted, secretPaths)).toEqual(want);
  });

  it("fillStoredSecrets fills the mask for the same target and refuses it for another", () => {
    const saved = { config: stored, secrets: [{ pointer: "/endpoint_secret", value: "real" }] };
    expect(fillStoredSecrets({ ...stored, port: 443 }, saved, secretPaths, target)).toMatchObject({
      endpoint_secret: "real",
    });
    expect(() =>
      fillStoredSecrets({ ...stored, hosts: ["evil"] }, saved, secretPaths, target),
    ).toThrow(TargetChangedError);
    // A typed secret with a new target is fine: nothing stored is used.
    expect(
      fillStoredSecrets(
        { ...stored, hosts: ["evil"], endpoint_secret: "new" },
        saved,
        secretPaths,
        target,
      ),
    ).toMatchObject({
      endpoint_secret: "new",
    });
  });
});
