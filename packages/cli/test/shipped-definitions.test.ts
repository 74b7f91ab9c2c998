import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  AUTH_KINDS,
  CONNECTION_TYPES,
  SERVICE_TYPES,
  type Answers,
} from "../src/scaffold/answers.js";
import { connectionJson } from "../src/scaffold/schemas.js";
import { exampleTree } from "../src/init/example.js";
import {
  SHIPPED_DEFINITIONS,
  referencedDefinitions,
  shippedDefinition,
} from "../src/shipped-definitions.js";
import { REPO } from "./helpers.js";

// The definitions the CLI ships are what a tree made by `init` gets when `scaffold` needs them:
// they must be this repository's own, and cover every $ref the scaffold can write.
describe("the shared definitions the CLI ships", () => {
  it("are byte for byte this repository's schemas/definitions/ files", () => {
    const repo = readdirSync(path.join(REPO, "schemas/definitions"));
    for (const name of SHIPPED_DEFINITIONS) {
      expect(repo, name).toContain(`${name}.json`);
      expect(shippedDefinition(name), name).toBe(
        readFileSync(path.join(REPO, "schemas/definitions", `${name}.json`), "utf8"),
      );
    }
  });

  it("cover every definition a scaffolded connection schema references, and nothing else", () => {
    const referenced = new Set<string>();
    for (const serviceType of SERVICE_TYPES)
      for (const connectionType of CONNECTION_TYPES) {
        const answers: Answers = {
          name: "acme",
          displayName: "Acme",
          serviceType,
          connectionType,
          authTypes: [...AUTH_KINDS] as Answers["authTypes"],
          capabilities: ["metadata"],
          docsUrl: "https://example.com/docs",
          apiEndpoints: [],
        };
        for (const name of referencedDefinitions(connectionJson(answers))) referenced.add(name);
      }
    expect([...referenced].sort()).toEqual(SHIPPED_DEFINITIONS);
  });

  it("include what init's example references, written as shipped", () => {
    const tree = exampleTree();
    const refs = referencedDefinitions(JSON.parse(tree["connectors/example/connection.json"]));
    expect(refs).toEqual(["basic-auth", "tls"]);
    for (const name of refs) expect(tree[`definitions/${name}.json`]).toBe(shippedDefinition(name));
  });

  it("are found only through a connector folder's ../../definitions/ path", () => {
    expect(
      referencedDefinitions({
        properties: {
          a: { $ref: "../../definitions/ssl.json" },
          b: { items: [{ $ref: "../../definitions/tls.json#/properties/ca_certificate" }] },
          c: { $ref: "#/definitions/ssl" },
          d: { $ref: "../definitions/pagination.json" },
          e: { $ref: "../../definitions/nested/x.json" },
        },
      }),
    ).toEqual(["ssl", "tls"]);
  });
});
