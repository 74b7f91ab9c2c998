import { isObject, joinPointer, typesOf, type JsonObject } from "@onespec/core";
import type { ImportRule } from "../rule.js";

/** OpenMetadata's boolean `supports*` properties: they describe the connector, not a setting. */
const isFlag = (name: string, schema: JsonObject) =>
  /^supports[A-Z]/.test(name) && typesOf(schema).includes("boolean");

export const capabilityFlags: ImportRule = {
  name: "capability-flags",
  description:
    "OpenMetadata's boolean `supports*` properties describe the connector rather than a connection setting: dropped from the properties, and (at the root) read as the connector's capabilities.",
  scope: "node",
  applies: (node, { kind, follow }) =>
    kind === "openmetadata" &&
    isObject(node.properties) &&
    Object.entries(node.properties).some(([name, sub]) => isFlag(name, follow(sub))),
  repair(node, { kind: _k, pointer, notes, follow, capabilities }) {
    const map: JsonObject = {};
    for (const [name, sub] of Object.entries(node.properties as JsonObject)) {
      const peek = follow(sub);
      if (!isFlag(name, peek)) {
        map[name] = sub;
        continue;
      }
      if (pointer === "") capabilities.set(name, peek.default !== false);
      notes.count(
        "supports",
        joinPointer(pointer, "properties", name),
        (where) =>
          `Dropped OpenMetadata capability flags (supports*), which describe the connector rather than a connection setting (configs that still carry them are rejected where additionalProperties is false): ${where}.`,
      );
    }
    return { ...node, properties: map };
  },
};
