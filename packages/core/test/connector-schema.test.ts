import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  bundle,
  connectorBundle,
  connectorEffectiveSchema,
  loadTree,
  withEffectiveDefaults,
  type JsonObject,
} from "../src/index.js";
import { DRAFT7, connectorFiles, happyTree } from "./fixtures.js";
import { cleanupTestdirs, testdir } from "./testdir.js";

afterAll(cleanupTestdirs);

const tree = {
  ...happyTree,
  ...connectorFiles("gamma", {
    $schema: DRAFT7,
    type: "object",
    default: { port: 5432 },
    properties: {
      port: { type: "integer", default: 1 },
      auth: { $ref: "../../definitions/x.json" },
    },
  }),
};

async function load() {
  const root = await testdir(tree);
  const model = await loadTree({ root, cwd: root });
  expect(model.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const entry = (name: string) => path.join(root, "connectors", name, "connection.json");
  return { model, entry };
}

describe("connectorBundle / connectorEffectiveSchema", () => {
  it("is the entry's bundle and its effective defaults, the same object for each reader", async () => {
    const { model, entry } = await load();
    const bundled = connectorBundle(model, entry("gamma"));
    expect(bundled).toEqual(bundle(model, { doc: entry("gamma"), pointer: "" }));
    expect(connectorBundle(model, entry("gamma"))).toBe(bundled);
    const effective = connectorEffectiveSchema(model, entry("gamma"));
    expect(effective).toEqual(withEffectiveDefaults(bundled));
    expect((effective.properties as JsonObject).port).toMatchObject({ default: 5432 });
    expect(connectorEffectiveSchema(model, entry("gamma"))).toBe(effective);
  });

  it("keeps one connector per model: another entry gives its own bundle", async () => {
    const { model, entry } = await load();
    const gamma = connectorBundle(model, entry("gamma"));
    const beta = connectorBundle(model, entry("beta"));
    expect(beta).toEqual(bundle(model, { doc: entry("beta"), pointer: "" }));
    expect(beta).not.toEqual(gamma);
    // Back to the first: bundled again, equal but not the object kept before.
    const again = connectorBundle(model, entry("gamma"));
    expect(again).toEqual(gamma);
    expect(again).not.toBe(gamma);
  });

  it("is frozen all the way down: a reader cannot change what the next one reads", async () => {
    const { model, entry } = await load();
    const effective = connectorEffectiveSchema(model, entry("gamma"));
    const auth = (effective.properties as JsonObject).auth as JsonObject;
    expect(Object.isFrozen(effective)).toBe(true);
    expect(Object.isFrozen(auth)).toBe(true);
    expect(() => {
      (effective.properties as JsonObject).port = {};
    }).toThrow(TypeError);
    // The copies readers make to change them are not frozen.
    expect(Object.isFrozen(withEffectiveDefaults(effective))).toBe(false);
  });
});
