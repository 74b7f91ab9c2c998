import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  AUTH_KINDS,
  authDefinitionFile,
  authKindOfFile,
  CAPABILITIES,
  SERVICE_TYPES,
} from "../src/index.js";
import { validateMetadataFile } from "../src/metadata.js";
import type { Diagnostic } from "../src/diagnostics.js";
import { parseSource } from "../src/source.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** The diagnostics connector.json validation gives `fields` on top of valid metadata. */
async function metadataProblems(fields: Record<string, unknown>): Promise<Diagnostic[]> {
  const json = {
    name: "x",
    displayName: "X",
    serviceType: "API",
    capabilities: [],
    version: "0.1.0",
    docsUrl: "https://example.com",
    ...fields,
  };
  const out: Diagnostic[] = [];
  await validateMetadataFile(
    "connector.json",
    "connector",
    async (file) => parseSource(file, JSON.stringify(json)).source,
    (d) => out.push(d),
    (p) => p,
  );
  return out;
}

describe("the connector vocabulary", () => {
  it("is what connector.json validation accepts, and nothing else", async () => {
    expect(SERVICE_TYPES).toContain("Database");
    expect(CAPABILITIES).toContain("profiling");
    for (const serviceType of SERVICE_TYPES)
      expect(await metadataProblems({ serviceType })).toEqual([]);
    expect(await metadataProblems({ capabilities: [...CAPABILITIES] })).toEqual([]);
    expect((await metadataProblems({ serviceType: "database" }))[0]?.message).toContain(
      SERVICE_TYPES.join(", "),
    );
    expect((await metadataProblems({ capabilities: ["profiler"] }))[0]?.pointer).toBe(
      "/capabilities/0",
    );
  });

  it("names a shared definition of this repository for every auth kind", () => {
    expect(AUTH_KINDS.length).toBeGreaterThan(0);
    for (const kind of AUTH_KINDS)
      expect(existsSync(path.join(REPO, "schemas", authDefinitionFile(kind))), kind).toBe(true);
  });

  it.each([
    ["definitions/basic-auth.json", "basic-auth"],
    ["schemas/definitions/bearer-token.json", "bearer-token"],
    ["definitions/ssl.json", undefined],
    ["connectors/x/basic-auth.json", undefined],
    ["definitions/nested/api-key.json", undefined],
  ])("authKindOfFile(%j) is %j", (rel, kind) => {
    expect(authKindOfFile(rel)).toBe(kind);
  });

  it("cannot be changed by a caller", () => {
    expect(() => (SERVICE_TYPES as string[]).push("Mine")).toThrow(TypeError);
  });
});
