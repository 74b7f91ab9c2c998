import type { JsonObject } from "@onespec/core";
import type { Notes } from "./notes.js";

/** "airbyte" | "openmetadata" | "json-schema" (a plain JSON Schema). */
export type ImportKind = "airbyte" | "openmetadata" | "json-schema";

/** What a rule is told about where it works, and where it says what it did. */
export interface RuleContext {
  /** Where the node lands in the imported connection.json (a JSON pointer). */
  pointer: string;
  kind: ImportKind;
  notes: Notes;
  /**
   * A subschema of the node as the source has it, its `$ref`s followed (siblings override): what
   * a property is before it is copied. Without a source (the rule tests), the value itself.
   */
  follow(value: unknown): JsonObject;
  /** Capability flags (`supports*`) read from the source root: name → default. */
  capabilities: Map<string, boolean>;
  /** Output keys of the spec's own definitions (an unused one is worth a note when removed). */
  ownDefinitions: ReadonlySet<string>;
}

/**
 * One named repair of the import. A `node` rule sees each schema object as it is copied (its
 * own keywords, before its subschemas) and returns it repaired: the node itself when nothing
 * changed, else a copy. A `document` rule sees the whole bundled connection once, and repairs
 * it in place.
 */
export interface ImportRule {
  /** kebab-case; its `{name, in, out}` cases are test/rules/<name>.json. */
  name: string;
  /** The defect and the repair, in one sentence. */
  description: string;
  scope: "node" | "document";
  applies(node: JsonObject, ctx: RuleContext): boolean;
  repair(node: JsonObject, ctx: RuleContext): JsonObject;
}
