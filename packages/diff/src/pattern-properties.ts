import { isObject, type JsonObject } from "@onespec/core";
import { at, keywordAt, type Effective } from "./resolve.js";
import { diffNode, under, type DiffContext, type NodeChange } from "./node-diff.js";
import { patternCovers, patternSamples } from "./patterns.js";
import { patternMatches } from "./old-values.js";
import { clause, covers } from "./subset.js";
import type { ChangeKind, Verdict } from "./types.js";

const PP = "patternProperties";
const show = (s: string) => JSON.stringify(s);
const escapeName = (name: string) => "/" + name.replace(/~/g, "~0").replace(/\//g, "~1");
const keysOf = (n: JsonObject) => (isObject(n[PP]) ? Object.keys(n[PP]) : []);
const namesOf = (n: JsonObject) => (isObject(n.properties) ? Object.keys(n.properties) : []);

/**
 * `patternProperties`: the schema of every property whose name matches a pattern. A pattern kept
 * compares its schema with its old self. A pattern removed: the names it matched fall to
 * `additionalProperties` (rejected when it is false: breaking, shown with a name; accepted as
 * anything when it is absent: compatible), unless a new pattern provably matches every one of
 * them (`patternCovers`; then its schema is compared). A pattern added: names it matches were
 * rejected under `additionalProperties: false` (compatible: a widening), or must now match its
 * schema too (declared properties it matches, an old `additionalProperties` schema, an old
 * pattern it may overlap: each checked with the diff itself).
 */
export function diffPatternProperties(ctx: DiffContext, B: Effective, A: Effective): NodeChange[] {
  const b = B.node as JsonObject;
  const a = A.node as JsonObject;
  const bKeys = keysOf(b);
  const aKeys = keysOf(a);
  const out: NodeChange[] = [];
  if (bKeys.length === 0 && aKeys.length === 0) return out;
  const prefix = (what: string, changes: NodeChange[]) =>
    under(
      "/*",
      changes.map((c) => ({ ...c, reason: `For properties ${what}: ${c.reason}` })),
    );
  const ppAt = (eff: Effective, key: string) => at(eff, PP, key);
  const push = (kind: ChangeKind, verdict: Verdict, reason: string, from?: string, to?: string) =>
    out.push({
      kind,
      verdict,
      reason,
      instancePath: "/*",
      before: from !== undefined ? ppAt(B, from) : undefined,
      after: to !== undefined ? ppAt(A, to) : keywordAt(A, PP in a ? PP : undefined),
    });

  for (const key of bKeys.filter((k) => aKeys.includes(k)))
    out.push(...prefix(`matching ${show(key)}`, diffNode(ctx, ppAt(B, key), ppAt(A, key))));

  const added = aKeys.filter((k) => !bKeys.includes(k));
  const removed = bKeys.filter((k) => !aKeys.includes(k));
  // Which removed pattern each added one took over from, when it provably matches all it did.
  const successor = new Map<string, string>();
  for (const key of removed) {
    const next = added.find((k) => patternCovers(key, k));
    if (next !== undefined) {
      successor.set(next, key);
      push(
        "pattern-property-changed",
        "compatible",
        `The pattern ${show(key)} became ${show(next)}, which matches every name the old one did.`,
        key,
        next,
      );
      out.push(...prefix(`matching ${show(next)}`, diffNode(ctx, ppAt(B, key), ppAt(A, next))));
      continue;
    }
    const declared = new Set(namesOf(a));
    // A name the old pattern matched that nothing in the new schema names or matches.
    const orphan = patternSamples(key).find(
      (n) => !declared.has(n) && !aKeys.some((k) => patternMatches(k, n)),
    );
    const replaced =
      added.length > 0
        ? ` (and ${added.map(show).join(", ")} may not match every name it did)`
        : "";
    if (a.additionalProperties === false) {
      if (orphan !== undefined)
        push(
          "pattern-property-removed",
          "breaking",
          `The pattern ${show(key)} was removed: a property named ${show(orphan)} matched it and was valid, and is now rejected (additionalProperties is false).`,
          key,
        );
      else
        push(
          "pattern-property-removed",
          "unknown",
          `The pattern ${show(key)} was removed under additionalProperties: false; no name it matches was found that the new schema rejects, but whether there is one is not decided.`,
          key,
        );
    } else if (isObject(a.additionalProperties)) {
      const c = covers(ctx, ppAt(B, key), at(A, "additionalProperties"));
      const verdict: Verdict =
        c.verdict === "compatible" && added.length > 0 ? "unknown" : c.verdict;
      push(
        "pattern-property-removed",
        verdict,
        `The pattern ${show(key)} was removed: the names it matched now take additionalProperties${
          c.verdict === "compatible"
            ? `, which accepts every value it did${replaced}.`
            : `, and ${c.verdict === "breaking" ? "a value valid before may fail it" : "whether every value valid before passes it is not decided"}: ${clause(c.why!.reason)}.`
        }`,
        key,
      );
    } else
      push(
        "pattern-property-removed",
        "compatible",
        `The pattern ${show(key)} was removed: the names it matched are accepted as anything${replaced ? " or by the new patterns" : ""}.`,
        key,
      );
  }

  for (const key of added) {
    const from = successor.get(key);
    // Declared properties it matches (that the old pattern it replaced did not) must now also match its schema.
    for (const name of namesOf(b)) {
      if (!namesOf(a).includes(name) || !patternMatches(key, name)) continue;
      if (from !== undefined && patternMatches(from, name)) continue;
      const c = covers(ctx, at(B, "properties", name), ppAt(A, key));
      if (c.verdict !== "compatible")
        out.push({
          kind: "pattern-property-added",
          verdict: c.verdict,
          reason: `The new pattern ${show(key)} matches the property ${show(name)}, whose value must now match its schema too, and ${c.verdict === "breaking" ? "an old value may fail it" : "whether every old value passes it is not decided"}: ${clause(c.why!.reason)}.`,
          instancePath: escapeName(name),
          before: at(B, "properties", name),
          after: ppAt(A, key),
        });
    }
    // Undeclared names it matches: what they were allowed to be before. Names another old
    // pattern matched had to match that pattern's schema.
    const overlapping = bKeys.filter((k) => k !== key && k !== from);
    const overlaps = overlapping
      .map((k) => ({ k, c: covers(ctx, ppAt(B, k), ppAt(A, key)) }))
      .filter(({ c }) => c.verdict !== "compatible");
    if (overlaps.length > 0) {
      const { k, c } = overlaps[0];
      const shared = patternSamples(k).find((n) => patternMatches(key, n));
      push(
        "pattern-property-added",
        shared !== undefined && c.verdict === "breaking" ? "breaking" : "unknown",
        shared !== undefined
          ? `The new pattern ${show(key)} also matches names the pattern ${show(k)} matched (${show(shared)}), whose values must now match its schema too: ${clause(c.why!.reason)}.`
          : `The new pattern ${show(key)} may match names the pattern ${show(k)} matched, whose values would have to match its schema too; whether the patterns overlap is not decided (${clause(c.why!.reason)}).`,
        undefined,
        key,
      );
      continue;
    }
    // A pattern that took over from an old one was reported with it; the names it matches and
    // the old one did not were rejected, or took an additionalProperties schema.
    if (from !== undefined) {
      if (!isObject(b.additionalProperties)) continue;
      const c = covers(ctx, at(B, "additionalProperties"), ppAt(A, key));
      if (c.verdict !== "compatible")
        push(
          "pattern-property-added",
          c.verdict,
          `Properties matching ${show(key)} and not ${show(from)} now take its schema instead of additionalProperties, and ${c.verdict === "breaking" ? "a value valid before may fail it" : "whether every value valid before passes it is not decided"}: ${clause(c.why!.reason)}.`,
          undefined,
          key,
        );
      continue;
    }
    if (b.additionalProperties === false)
      push(
        "pattern-property-added",
        "compatible",
        `Properties matching ${show(key)} are accepted now (they were rejected: additionalProperties is false).`,
        undefined,
        key,
      );
    else if (isObject(b.additionalProperties)) {
      const c = covers(ctx, at(B, "additionalProperties"), ppAt(A, key));
      push(
        "pattern-property-added",
        c.verdict,
        c.verdict === "compatible"
          ? `Properties matching ${show(key)} now take its schema instead of additionalProperties, which accepts every value they could hold.`
          : `Properties matching ${show(key)} now take its schema instead of additionalProperties, and ${c.verdict === "breaking" ? "a value valid before may fail it" : "whether every value valid before passes it is not decided"}: ${clause(c.why!.reason)}.`,
        undefined,
        key,
      );
    } else
      push(
        "pattern-property-added",
        "compatible",
        `Properties matching ${show(key)} must match its schema; the declared ones it matches still do, and a config is taken to hold no properties its schema does not declare.`,
        undefined,
        key,
      );
  }
  return out;
}
