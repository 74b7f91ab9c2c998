import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { exampleYaml, plainYaml } from "../src/example-yaml.js";

const yaml = (value: unknown) => stringify(value, { lineWidth: 0 });

/** A small deterministic generator (the same values on every run). */
function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
}

// Strings at the edges of what yaml writes plain: indicators, `: ` and ` #`, numbers, booleans,
// nulls, document markers, control characters, long keys, and what example configs hold.
const STRINGS = [
  "",
  "a",
  "db.example.com",
  "example-user",
  "${ACME_AUTH_TOKEN}",
  "https://x.test/a?b=c#d",
  "user@example.com",
  "a b",
  "a: b",
  "a:b",
  "a #b",
  "a#b",
  "a:",
  " a",
  "a ",
  "-",
  "- a",
  "-a",
  "?",
  "? a",
  "?a",
  "#a",
  "&a",
  "*a",
  "!a",
  "|a",
  ">a",
  "'a",
  '"a',
  "%a",
  "@a",
  "`a",
  ",a",
  "[a",
  "]a",
  "{a",
  "}a",
  "a,b",
  "a[b]",
  "{a: b}",
  "42",
  "-1",
  "+1",
  "0o17",
  "0x1F",
  "1e3",
  "1.5",
  ".5",
  ".inf",
  "-.Inf",
  ".nan",
  "true",
  "False",
  "TRUE",
  "yes",
  "no",
  "on",
  "off",
  "null",
  "Null",
  "~",
  "---",
  "--- a",
  "...",
  "a\nb",
  "a\tb",
  "\u0007",
  "\u0085",
  "\ud800",
  "é ü 中文",
  "<<",
  "=",
  "0.1.0",
  "1:2",
  "---x",
  "...x",
  "%x",
  "-----BEGIN CERTIFICATE-----x-----END CERTIFICATE-----",
  "-----BEGIN CERTIFICATE-----x-----END CERTIFICATE----- ",
  'say "hi"',
  '"quoted"',
  "it's",
  "'single'",
  `both " and '`,
  "back\\slash",
  "\\",
  "a\u2028b",
  "a\u00a0b",
  "\u00a0",
  "x".repeat(1000),
  "x".repeat(1001),
  "x".repeat(1025),
];

function value(r: () => number, depth: number): unknown {
  const pick = r();
  if (depth > 0 && pick < 0.2) return map(r, depth - 1);
  if (depth > 0 && pick < 0.35)
    return Array.from({ length: Math.floor(r() * 4) }, () => value(r, depth - 1));
  if (pick < 0.45) return [null, true, false][Math.floor(r() * 3)];
  if (pick < 0.55)
    return [0, -0, 1, -7, 5432, 1.5, -0.25, 1e21, 2 ** 53, 1e-7][Math.floor(r() * 10)];
  return STRINGS[Math.floor(r() * STRINGS.length)];
}

function map(r: () => number, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = Math.floor(r() * 4); i > 0; i--)
    out[r() < 0.7 ? `k${Math.floor(r() * 5)}` : STRINGS[Math.floor(r() * STRINGS.length)]] = value(
      r,
      depth,
    );
  return out;
}

describe("the example config's YAML", () => {
  it("is yaml's, byte for byte, for every value written without yaml", () => {
    const r = random(11);
    let written = 0;
    for (let i = 0; i < 20000; i++) {
      const v = map(r, 4);
      const ours = plainYaml(v);
      if (ours !== undefined) written++;
      expect(ours ?? yaml(v), JSON.stringify(v)).toBe(yaml(v));
    }
    // Not everything left to yaml: the cases above reach the writer.
    expect(written).toBeGreaterThan(2000);
  });

  it("writes a typical example config without yaml", () => {
    const config = {
      host: "db.example.com",
      port: 5432,
      ssl: false,
      auth: { auth_type: "oauth2", client_id: "example-id", scopes: [], token: "${ACME_TOKEN}" },
      tags: ["a", "b"],
      servers: [{ host: "a.example.com", ports: [1, 2] }, {}],
      nested: [[1, [2, 3]], []],
      extra: null,
      ratio: 0.5,
      quoted: ["", "42", "true", "a: b", 'say "hi"', "-----BEGIN CERTIFICATE-----"],
      "---": "root key",
    };
    expect(plainYaml(config)).toBe(yaml(config));
  });

  it("leaves to yaml what it escapes, folds, anchors or writes as a block", () => {
    const shared = { a: 1 };
    for (const v of [
      { a: "line\nbreak" },
      { a: "tab\there" },
      { a: "bell\u0007" },
      { ["k".repeat(1001)]: 1 },
      { a: shared, b: shared },
      { a: undefined },
      { a: [1, undefined] },
      [1, 2],
      "text",
      null,
    ]) {
      expect(plainYaml(v), JSON.stringify(v)).toBeUndefined();
      expect(exampleYaml(v)).toBe(yaml(v));
    }
  });
});
