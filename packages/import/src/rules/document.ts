/**
 * Repairs on the bundled connection: what `onespec check` would reject, fixed where that is safe.
 * Each walks the whole document once and repairs it in place.
 */
import {
  createAjv,
  derefBundled,
  findDiscriminator,
  getAtPointer,
  isObject,
  isSecret,
  joinPointer,
  parsePointer,
  typesOf,
  unicodeRegexError,
  walkSchema,
  type JsonObject,
} from "@onespec/core";
import { showPointer } from "../notes.js";
import type { ImportRule } from "../rule.js";

const always = () => true;

export const inlineConstantRefs: ImportRule = {
  name: "inline-constant-refs",
  description:
    'A property that `$ref`s a constant (OpenMetadata\'s `"type": {"$ref": "#/definitions/mysqlType"}`) gets it inline, so oneOf branches can be told apart by it.',
  scope: "document",
  applies: always,
  repair(connection, { notes }) {
    walkSchema(connection, ({ node, pointer }) => {
      if (!isObject(node.properties)) return;
      for (const [name, prop] of Object.entries(node.properties)) {
        if (
          !isObject(prop) ||
          typeof prop.$ref !== "string" ||
          !prop.$ref.startsWith("#/definitions/")
        )
          continue;
        const target = derefBundled(connection, { $ref: prop.$ref });
        const constant =
          "const" in target || (Array.isArray(target.enum) && target.enum.length === 1);
        if (
          !constant ||
          typeof target.$ref === "string" ||
          ["properties", "items", "oneOf", "anyOf", "allOf"].some((k) => k in target)
        )
          continue;
        const { $ref: _ref, ...siblings } = prop;
        node.properties[name] = { ...structuredClone(target), ...siblings };
        notes.count(
          `inline-const`,
          joinPointer(pointer, "properties", name),
          (where) =>
            `Inlined constant definitions into the properties that reference them, so oneOf branches can be told apart by them: ${where}.`,
        );
      }
    });
    return connection;
  },
};

export const undeclaredRequired: ImportRule = {
  name: "undeclared-required",
  description:
    'A required name that is not declared, under `additionalProperties: false`, makes every config invalid: it is removed from "required".',
  scope: "document",
  applies: always,
  repair(connection, { notes }) {
    walkSchema(connection, ({ node, pointer }) => {
      if (node.additionalProperties !== false || !Array.isArray(node.required)) return;
      const declared = isObject(node.properties) ? node.properties : {};
      const patterns = isObject(node.patternProperties) ? Object.keys(node.patternProperties) : [];
      const keep = node.required.filter(
        (r) =>
          typeof r !== "string" ||
          r in declared ||
          patterns.some((p) => !unicodeRegexError(p) && new RegExp(p, "u").test(r)),
      );
      if (keep.length === node.required.length) return;
      notes.add(
        `${showPointer(joinPointer(pointer, "required"))}: removed ${node.required
          .filter((r) => !keep.includes(r))
          .map((r) => JSON.stringify(r))
          .join(
            ", ",
          )} from "required": not declared under properties while additionalProperties is false, so no config could be valid.`,
      );
      if (keep.length > 0) node.required = keep;
      else delete node.required;
    });
    return connection;
  },
};

const DATE_SAMPLES: Record<string, string[]> = {
  date: ["2021-01-10", "2000-12-31", "1999-02-28"],
  "date-time": [
    "2021-01-10T10:20:30Z",
    "2021-01-10T10:20:30.000Z",
    "2021-01-10T10:20:30+00:00",
    "2021-01-10T10:20:30.000000Z",
    "2021-01-10T10:20:30",
  ],
};

export const dateFormatLayout: ImportRule = {
  name: "date-format-layout",
  description:
    '`format: "date"` (or date-time) next to a pattern for another layout: nothing satisfies both, so the format is dropped; the pattern says what the connector expects.',
  scope: "document",
  applies: always,
  repair(connection, { notes }) {
    walkSchema(connection, ({ node, pointer }) => {
      if (
        typeof node.format !== "string" ||
        !DATE_SAMPLES[node.format] ||
        typeof node.pattern !== "string" ||
        unicodeRegexError(node.pattern)
      )
        return;
      const re = new RegExp(node.pattern, "u");
      if (DATE_SAMPLES[node.format].some((s) => re.test(s))) return;
      notes.add(
        `${showPointer(pointer)}: dropped "format": "${node.format}": the pattern ${JSON.stringify(node.pattern)} describes another layout, so no value could satisfy both; the pattern (and the description) say what the connector expects.`,
      );
      delete node.format;
    });
    return connection;
  },
};

export const nestedGroups: ImportRule = {
  name: "nested-groups",
  description:
    '"group" on a field below the top level is dropped: groups only apply to top-level fields.',
  scope: "document",
  applies: always,
  repair(connection, { notes }) {
    walkSchema(connection, ({ node, pointer }) => {
      if (!isObject(node.properties)) return;
      if (pointer.split("/properties/").length - 1 < 1) return;
      for (const [name, prop] of Object.entries(node.properties)) {
        if (!isObject(prop) || !("group" in prop)) continue;
        delete prop.group;
        notes.add(
          `${joinPointer(pointer, "properties", name)}: dropped "group": groups only apply to top-level fields.`,
        );
      }
    });
    return connection;
  },
};

export const requiredAlwaysShow: ImportRule = {
  name: "required-always-show",
  description: '"always_show" on a required field changes nothing (it is always shown): dropped.',
  scope: "document",
  applies: always,
  repair(connection, { notes }) {
    walkSchema(connection, ({ node, pointer }) => {
      if (!isObject(node.properties)) return;
      const required = Array.isArray(node.required) ? node.required : [];
      for (const [name, prop] of Object.entries(node.properties)) {
        if (!isObject(prop) || prop.always_show !== true || !required.includes(name)) continue;
        delete prop.always_show;
        notes.count(
          "always_show",
          joinPointer(pointer, "properties", name),
          (where) => `Dropped "always_show" on required fields (they are always shown): ${where}.`,
        );
      }
    });
    return connection;
  },
};

export const discriminatorRequired: ImportRule = {
  name: "discriminator-required",
  description:
    "A oneOf told apart by a constant property: that property is made required in every branch (in the definition, where a branch is a $ref).",
  scope: "document",
  applies: always,
  repair(connection, { notes }) {
    const resolve = (n: unknown): JsonObject => (isObject(n) ? derefBundled(connection, n) : {});
    walkSchema(connection, ({ node, pointer }) => {
      if (!Array.isArray(node.oneOf) || node.oneOf.length < 2) return;
      const disc = findDiscriminator(node.oneOf, resolve);
      if (!disc) return;
      const fixed: number[] = [];
      node.oneOf.forEach((b, i) => {
        if (disc.required[i] || !isObject(b)) return;
        // A branch that is a $ref: the definition is what declares the property.
        let target: JsonObject = b;
        for (
          let hops = 0;
          hops < 32 && typeof target.$ref === "string" && target.$ref.startsWith("#/definitions/");
          hops++
        ) {
          const next = getAtPointer(connection, target.$ref.slice(1));
          if (!isObject(next)) break;
          target = next;
        }
        target.required = [
          ...(Array.isArray(target.required) ? target.required : []),
          disc.propertyName,
        ];
        fixed.push(i);
      });
      if (fixed.length)
        notes.add(
          `${pointer}/oneOf: "${disc.propertyName}" tells the branches apart; added it to "required" in branch${fixed.length === 1 ? "" : "es"} ${fixed.join(", ")}.`,
        );
    });
    return connection;
  },
};

export const secretValues: ImportRule = {
  name: "secret-values",
  description:
    "Secrets never carry a default or an example: they would end up in docs, forms and fixtures.",
  scope: "document",
  applies: always,
  repair(connection, { notes }) {
    walkSchema(connection, ({ node, pointer }) => {
      if (!isSecret(node)) return;
      for (const k of ["default", "examples"] as const)
        if (k in node) {
          delete node[k];
          notes.count(
            `secret-${k}`,
            pointer,
            (where) =>
              `Removed the ${k === "default" ? "default" : "examples"} of secret fields (a credential must not appear in docs, forms or fixtures): ${where}.`,
          );
        }
    });
    return connection;
  },
};

let valueAjv: ReturnType<typeof createAjv> | undefined;

/** Why `value` does not match `schema` (as lint/invalid-default judges it), or undefined when it does or cannot be judged. */
function valueProblem(schema: JsonObject, value: unknown): string | undefined {
  valueAjv ??= createAjv({ strict: false, allErrors: false }, "draft-07");
  const { default: _d, examples: _e, $id: _i, $schema: _s, ...rest } = schema;
  if (JSON.stringify(rest).includes('"$ref"')) return undefined;
  try {
    const validate = valueAjv.compile(rest);
    if (validate(value)) return undefined;
    const e = validate.errors?.[0];
    return e ? `${e.instancePath || "value"} ${e.message}` : "invalid";
  } catch {
    return undefined;
  }
}

/** Values close to `value` that a schema of these types may accept: "5432" → 5432, 2002 → "2002", "x" → ["x"]. */
function coercions(value: unknown, schema: JsonObject): unknown[] {
  const types = typesOf(schema);
  const out: unknown[] = [];
  if (
    typeof value === "string" &&
    (types.includes("integer") || types.includes("number")) &&
    /^-?\d+(\.\d+)?$/.test(value.trim())
  )
    out.push(Number(value));
  if ((typeof value === "number" || typeof value === "boolean") && types.includes("string"))
    out.push(String(value));
  if (
    typeof value === "string" &&
    types.includes("boolean") &&
    (value === "true" || value === "false")
  )
    out.push(value === "true");
  if (types.includes("array") && !Array.isArray(value)) out.push([value]);
  return out;
}

const PLACEHOLDER = /\b(Y{2,4}|M{2}|D{2}|hh|HH|mm|ss)\b|%[YmdHMSz]/;

export const valueTypes: ImportRule = {
  name: "value-types",
  description:
    'Defaults and examples that do not match their own schema: coerced when obvious ("5432" → 5432, items listed for an array), a date layout moved to pattern_descriptor, else dropped.',
  scope: "document",
  applies: always,
  repair(connection, { notes }) {
    walkSchema(connection, ({ node, pointer }) => {
      if ("default" in node && valueProblem(node, node.default)) {
        const problem = valueProblem(node, node.default)!;
        const better = coercions(node.default, node).find((c) => !valueProblem(node, c));
        if (better !== undefined) {
          notes.add(
            `${joinPointer(pointer, "default")}: default ${JSON.stringify(node.default)} written as ${JSON.stringify(better)} to match the field's type.`,
          );
          node.default = better;
        } else {
          notes.add(
            `${joinPointer(pointer, "default")}: removed the default ${JSON.stringify(node.default).slice(0, 60)}: it does not match its own schema (${problem}).`,
          );
          delete node.default;
        }
      }
      if (!Array.isArray(node.examples)) return;
      const examples = node.examples;
      const at = joinPointer(pointer, "examples");
      if (examples.every((e) => !valueProblem(node, e))) return;
      // Scalars listed for an array field: together they are one example of the array.
      if (
        typesOf(node).includes("array") &&
        examples.length > 0 &&
        examples.every((e) => !Array.isArray(e)) &&
        !valueProblem(node, examples)
      ) {
        node.examples = [examples];
        notes.add(
          `${at}: the examples ${JSON.stringify(examples).slice(0, 60)} are items, not arrays; written as one example array.`,
        );
        return;
      }
      const kept: unknown[] = [];
      for (const e of examples) {
        const problem = valueProblem(node, e);
        if (!problem) {
          kept.push(e);
          continue;
        }
        const better = coercions(e, node).find((c) => !valueProblem(node, c));
        if (better !== undefined) {
          kept.push(better);
          notes.count(
            `coerce-example`,
            at,
            (where) =>
              `Examples written with the field's type ("5432" → 5432, 2002 → "2002"): ${where}.`,
          );
          continue;
        }
        if (typeof e === "string" && PLACEHOLDER.test(e) && !("pattern_descriptor" in node)) {
          node.pattern_descriptor = e;
          notes.add(
            `${at}: the example ${JSON.stringify(e)} is a layout, not a value; moved it to "pattern_descriptor".`,
          );
          continue;
        }
        notes.add(
          `${at}: removed the example ${JSON.stringify(e).slice(0, 60)}: it does not match its own schema (${problem}).`,
        );
      }
      if (kept.length > 0) node.examples = kept;
      else delete node.examples;
    });
    return connection;
  },
};

export const unusedDefinitions: ImportRule = {
  name: "unused-definitions",
  description:
    "Definitions nothing references (any more: constants were inlined) are removed; the spec's own are noted.",
  scope: "document",
  applies: (connection) => isObject(connection.definitions),
  repair(connection, { notes, ownDefinitions }) {
    const defs = connection.definitions as JsonObject;
    const reached = new Set<string>();
    const scan = (value: unknown) => {
      walkSchema(value, ({ node }) => {
        if (typeof node.$ref !== "string" || !node.$ref.startsWith("#/definitions/")) return;
        const name = parsePointer(node.$ref.slice(1))[1];
        if (reached.has(name)) return;
        reached.add(name);
        scan(defs[name]);
      });
    };
    const { definitions: _d, ...root } = connection;
    scan(root);
    const unused = Object.keys(defs).filter((k) => !reached.has(k));
    for (const k of unused) delete defs[k];
    const own = unused.filter((k) => ownDefinitions.has(k));
    if (own.length)
      notes.add(
        `Removed definitions nothing references (any more): ${own.map((k) => `#/definitions/${k}`).join(", ")}.`,
      );
    if (Object.keys(defs).length === 0) delete connection.definitions;
    return connection;
  },
};
