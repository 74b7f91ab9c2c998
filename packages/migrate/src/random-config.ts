/// <reference path="./randexp.d.ts" />
/*
 * Random configs from a bundled schema, for checking that a migration chain turns every old
 * config into a valid new one. The one generator of random configs: the diff's property test
 * (packages/diff/test/pairs.test.ts) imports it from here too.
 */

import { derefBundled, isObject, typesOf, type JsonObject } from "@onespec/core";
import { sample } from "@onespec/gen-fixtures";
import RandExp from "randexp";

/** A seeded random source (mulberry32), so every run tests the same configs. */
export function rng(seed: string): () => number {
  let h = 1779033703;
  for (const c of seed) h = Math.imul(h ^ c.charCodeAt(0), 3432918353);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALL_TYPES = ["string", "integer", "number", "boolean", "null", "object", "array"];

/** A node with its allOf members and one chosen oneOf/anyOf branch laid over it (properties and required merged). */
function flatten(
  root: JsonObject,
  raw: unknown,
  random: () => number,
  depth = 0,
): JsonObject | false {
  if (raw === false) return false;
  let node = derefBundled(root, raw);
  const parts: JsonObject[] = [];
  if (Array.isArray(node.allOf))
    parts.push(...node.allOf.map((m) => flatten(root, m, random, depth + 1)).filter(isObject));
  const choice = Array.isArray(node.oneOf)
    ? node.oneOf
    : Array.isArray(node.anyOf)
      ? node.anyOf
      : undefined;
  if (choice && choice.length > 0) {
    const picked = flatten(root, choice[Math.floor(random() * choice.length)], random, depth + 1);
    if (picked === false) return false;
    parts.push(picked);
  }
  for (const part of parts) {
    node = {
      ...node,
      ...part,
      properties: {
        ...(isObject(node.properties) ? node.properties : {}),
        ...(isObject(part.properties) ? part.properties : {}),
      },
      required: [
        ...(Array.isArray(node.required) ? node.required : []),
        ...(Array.isArray(part.required) ? part.required : []),
      ],
    };
  }
  const { allOf: _a, oneOf: _o, anyOf: _n, ...rest } = node;
  return rest;
}

const int = (random: () => number, lo: number, hi: number) =>
  lo + Math.floor(random() * (hi - lo + 1));

/**
 * A random value for a node of a bundled schema: a guess that follows the node's types, enums,
 * bounds, properties and items, choosing optional properties and branches at random. Strings with
 * a pattern or format come from the fixtures sampler. Not always valid: callers keep the values
 * the schema's validator accepts.
 */
export function randomValue(
  root: JsonObject,
  raw: unknown,
  random: () => number,
  depth = 0,
): unknown {
  const node = flatten(root, raw, random);
  if (node === false || depth > 8) return null;
  if ("const" in node) return node.const;
  if (Array.isArray(node.enum) && node.enum.length > 0)
    return node.enum[Math.floor(random() * node.enum.length)];
  const declared = typesOf(node);
  const types = declared.length > 0 ? declared : ALL_TYPES;
  const type = types[Math.floor(random() * types.length)];
  const num = (k: string) => (typeof node[k] === "number" ? node[k] : undefined);
  switch (type) {
    case "string": {
      if (typeof node.pattern === "string" || typeof node.format === "string")
        return sample(root, node, "", {
          full: false,
          choices: new Map(),
          force: new Set(),
          lenient: true,
        });
      const min = num("minLength") ?? 0;
      const max = Math.min(num("maxLength") ?? min + 12, min + 12);
      return Array.from(
        { length: int(random, min, Math.max(min, max)) },
        () => "abcdefxyz0123456789-_"[Math.floor(random() * 21)],
      ).join("");
    }
    case "integer":
    case "number": {
      const lo =
        num("minimum") ??
        (num("exclusiveMinimum") !== undefined ? num("exclusiveMinimum")! + 1 : -1000);
      const hi =
        num("maximum") ??
        (num("exclusiveMaximum") !== undefined ? num("exclusiveMaximum")! - 1 : 1000);
      const m = num("multipleOf");
      let value = int(random, Math.ceil(lo), Math.floor(Math.max(lo, hi)));
      if (m) value = Math.round(value / m) * m;
      if (type === "number" && random() < 0.3) value += 0.5;
      return value;
    }
    case "boolean":
      return random() < 0.5;
    case "null":
      return null;
    case "object": {
      const out: JsonObject = {};
      const required = new Set(Array.isArray(node.required) ? node.required : []);
      for (const [name, sub] of Object.entries(isObject(node.properties) ? node.properties : {}))
        if (required.has(name) || random() < 0.5)
          out[name] = randomValue(root, sub, random, depth + 1);
      if (isObject(node.additionalProperties))
        for (let i = int(random, 0, 2); i > 0; i--)
          out[random() < 0.5 ? `extra${i}` : shortName(random)] = randomValue(
            root,
            node.additionalProperties,
            random,
            depth + 1,
          );
      // Names a pattern matches, so that patternProperties have values to check.
      for (const [pattern, sub] of Object.entries(
        isObject(node.patternProperties) ? node.patternProperties : {},
      ))
        for (let i = int(random, 0, 2); i > 0; i--) {
          const name = nameFor(pattern, random);
          if (name !== undefined) out[name] = randomValue(root, sub, random, depth + 1);
        }
      return out;
    }
    default: {
      const min = num("minItems") ?? 0;
      const max = Math.min(num("maxItems") ?? min + 3, min + 12);
      // Tuples as either draft spells them: 2020-12 prefixItems + items, draft-07 items: [...] + additionalItems.
      const prefix = Array.isArray(node.prefixItems)
        ? node.prefixItems
        : Array.isArray(node.items)
          ? node.items
          : [];
      const rest = Array.isArray(node.items) ? node.additionalItems : node.items;
      const items: unknown[] = [];
      // Mostly the whole tuple and some more, now and then a shorter array.
      const length =
        random() < 0.2
          ? int(random, 0, prefix.length)
          : Math.max(prefix.length, int(random, min, Math.max(min, max)));
      for (let i = 0, n = rest === false ? Math.min(length, prefix.length) : length; i < n; i++)
        // Now and then a repeated item, so that uniqueItems has something to reject.
        items.push(
          i >= prefix.length && i > 0 && random() < 0.3
            ? items[i - 1]
            : randomValue(root, prefix[i] ?? rest ?? {}, random, depth + 1),
        );
      return items;
    }
  }
}

/** A property name the pattern matches, drawn with the test's random source. */
function nameFor(pattern: string, random: () => number): string | undefined {
  try {
    const generator = new RandExp(new RegExp(pattern, "u"));
    generator.max = 4;
    generator.randInt = (from: number, to: number) => int(random, from, to);
    const name = generator.gen();
    // A pattern that is not anchored at the end matches longer names too.
    const longer = name + shortName(random).slice(1);
    return random() < 0.5 && new RegExp(pattern, "u").test(longer) ? longer : name;
  } catch {
    return undefined;
  }
}

/** A short name from a few letters patterns in the pairs use (`x_`, `n_`, `x-`…). */
function shortName(random: () => number): string {
  return Array.from({ length: int(random, 1, 4) }, () => "abnxy_-"[int(random, 0, 6)]).join("");
}
