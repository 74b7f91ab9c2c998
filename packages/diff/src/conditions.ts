import { isObject, isSecret, type JsonObject } from "@onespec/core";
import { at, jsonEqual, keywordAt, type Effective, type Loc } from "./resolve.js";
import { diffNode, type DiffContext, type NodeChange } from "./node-diff.js";
import { clause, covers, coveredByOld, type Covered } from "./subset.js";
import { matchesNoOld, mayHold } from "./old-values.js";
import type { ChangeKind, Verdict } from "./types.js";

type Add = (
  kind: ChangeKind,
  verdict: Verdict,
  reason: string,
  keyword?: string,
  beforeKeyword?: string,
) => void;

const code = (k: string) => `\`${k}\``;
/** A schema read as written is the same on both sides only when it reaches no other place. */
const sameAsWritten = (x: unknown, y: unknown) =>
  jsonEqual(x, y) && !JSON.stringify(x ?? null).includes('"$ref"');

/**
 * `not`: an old value passed the old `not` (it did not match its schema). Removed: compatible.
 * Added: breaking, unless no old value can match its schema (other types, constants the old node
 * never held, a property no old config holds). Changed: compatible when the new schema accepts
 * no more than the old one did, asked of the diff the other way round.
 */
export function diffNot(ctx: DiffContext, B: Effective, A: Effective, add: Add): void {
  const b = B.node as JsonObject;
  const a = A.node as JsonObject;
  if (!("not" in a)) {
    if ("not" in b)
      add(
        "not-removed",
        "compatible",
        "`not` was removed: the values it excluded are accepted.",
        undefined,
        "not",
      );
    return;
  }
  if ("not" in b && sameAsWritten(b.not, a.not)) return;
  const none = matchesNoOld(ctx, B, at(A, "not"));
  if (!("not" in b)) {
    if (none)
      add(
        "not-added",
        "compatible",
        `\`not\` was added, but no value valid before matches its schema: ${none}.`,
        "not",
      );
    else
      add(
        "not-added",
        "breaking",
        "`not` was added: a value valid before that matches its schema is now rejected.",
        "not",
      );
    return;
  }
  const narrower = coveredByOld(ctx, at(A, "not"), at(B, "not"));
  // The `not` schemas are not marked secret themselves: their reasons would show the values.
  const why = (c: Covered) => (isSecret(b) || isSecret(a) ? "" : `: ${clause(c.why!.reason)}`);
  if (narrower.verdict === "compatible" || none)
    add(
      "not-changed",
      "compatible",
      none
        ? `\`not\` changed, and no value valid before matches its new schema: ${none}.`
        : "`not` changed and excludes no more than before: every value its new schema matches, the old one matched.",
      "not",
    );
  else
    add(
      "not-changed",
      narrower.verdict,
      narrower.verdict === "breaking"
        ? `\`not\` now excludes values it did not before: its new schema matches a value the old one did not (read from the new schema to the old${why(narrower)}).`
        : `\`not\` changed; whether it now excludes a value valid before is not decided${why(narrower) ? ` (${why(narrower).slice(2)})` : ""}.`,
      "not",
    );
}

/** What a `covers` check says, as the end of a reason. */
function because(c: Covered): string {
  return c.verdict === "breaking"
    ? `a config valid before may fail it: ${clause(c.why!.reason)}.`
    : `whether every config valid before passes it is not decided: ${clause(c.why!.reason)}.`;
}

/**
 * `if`/`then`/`else`. The same `if`: each of `then` and `else` is compared with its old self (an
 * old value that matched `if` passed the old `then`). A new or changed `if`: `then` and `else`
 * must each accept the whole old node (checked with the diff itself), unless no old config can
 * match `if` (then `then` applies to none of them). Removed: compatible.
 */
export function diffConditional(
  ctx: DiffContext,
  B: Effective,
  A: Effective,
  add: Add,
): NodeChange[] {
  const b = B.node as JsonObject;
  const a = A.node as JsonObject;
  const out: NodeChange[] = [];
  const bActive = "if" in b && ("then" in b || "else" in b);
  const aActive = "if" in a && ("then" in a || "else" in a);
  if (!aActive) {
    if (bActive)
      add(
        "conditional-removed",
        "compatible",
        "`if`/`then`/`else` was removed: a constraint less.",
        undefined,
        "if",
      );
    return out;
  }
  if (bActive && sameAsWritten(b.if, a.if)) {
    for (const branch of ["then", "else"] as const) {
      if (!(branch in b) && !(branch in a)) continue;
      const when = branch === "then" ? "matches" : "does not match";
      out.push(
        ...diffNode(ctx, at(B, branch), at(A, branch)).map((c) => ({
          ...c,
          reason: `Where \`if\` ${when} (${code(branch)}): ${c.reason}`,
        })),
      );
    }
    return out;
  }
  const kind: ChangeKind = bActive ? "conditional-changed" : "conditional-added";
  const what = bActive
    ? "`if` changed"
    : `\`if\`/${["then", "else"]
        .filter((k) => k in a)
        .map(code)
        .join("/")} was added`;
  const none = matchesNoOld(ctx, B, at(A, "if"));
  let said = false;
  if ("then" in a) {
    if (none)
      add(
        kind,
        "compatible",
        `${what}, but no config valid before matches \`if\` (${none}): \`then\` applies to none of them.`,
        "then",
        "if",
      );
    else {
      const c = covers(ctx, B.holder, at(A, "then"));
      add(
        kind,
        c.verdict,
        c.verdict === "compatible"
          ? `${what}, and every config valid before passes \`then\`.`
          : `${what}: a config valid before that matches \`if\` must now pass \`then\`, and ${because(c)}`,
        "then",
        "if",
      );
    }
    said = true;
  }
  if ("else" in a) {
    const c = covers(ctx, B.holder, at(A, "else"));
    if (c.verdict !== "compatible" || !said)
      add(
        kind,
        c.verdict,
        c.verdict === "compatible"
          ? `${what}, and every config valid before passes \`else\`.`
          : `${what}: a config valid before that does not match \`if\` must now pass \`else\`, and ${because(c)}`,
        "else",
        "if",
      );
  }
  return out;
}

interface Dependency {
  /** Properties required when the key is present. */
  required: string[];
  requiredAt?: Loc;
  /** The schema the object must match when the key is present. */
  schema?: Loc;
}

/** `dependentRequired`, `dependentSchemas` and draft-07 `dependencies` (either form), by key. */
function dependenciesOf(eff: Effective): Map<string, Dependency> {
  const node = eff.node as JsonObject;
  const out = new Map<string, Dependency>();
  const entry = (key: string) => {
    let d = out.get(key);
    if (!d) out.set(key, (d = { required: [] }));
    return d;
  };
  const requiredFrom = (keyword: string, key: string, list: unknown[]) => {
    const d = entry(key);
    d.required.push(...list.filter((n): n is string => typeof n === "string"));
    d.requiredAt = at(eff, keyword, key);
  };
  if (isObject(node.dependentRequired))
    for (const [key, list] of Object.entries(node.dependentRequired))
      if (Array.isArray(list)) requiredFrom("dependentRequired", key, list);
  if (isObject(node.dependentSchemas))
    for (const key of Object.keys(node.dependentSchemas))
      entry(key).schema = at(eff, "dependentSchemas", key);
  if (isObject(node.dependencies))
    for (const [key, value] of Object.entries(node.dependencies)) {
      if (Array.isArray(value)) requiredFrom("dependencies", key, value);
      else entry(key).schema = at(eff, "dependencies", key);
    }
  return out;
}

/**
 * Dependencies: what a property's presence demands. A requirement or schema removed is
 * compatible; one added is breaking when an old config may hold the key (and not already satisfy
 * it), compatible when none does; a dependent schema that changed is compared with its old self.
 */
export function diffDependencies(ctx: DiffContext, B: Effective, A: Effective): NodeChange[] {
  const out: NodeChange[] = [];
  const b = B.node as JsonObject;
  const before = dependenciesOf(B);
  const after = dependenciesOf(A);
  const oldRequired = new Set(Array.isArray(b.required) ? b.required : []);
  const keywordOf = (eff: Effective) =>
    keywordAt(
      eff,
      ["dependentRequired", "dependentSchemas", "dependencies"].find(
        (k) => k in (eff.node as JsonObject),
      ),
    );
  const push = (
    kind: ChangeKind,
    verdict: Verdict,
    reason: string,
    beforeLoc?: Loc,
    afterLoc?: Loc,
  ) =>
    out.push({
      kind,
      verdict,
      reason,
      instancePath: "",
      before: beforeLoc,
      after: afterLoc ?? keywordOf(A),
    });
  const name = (s: string) => JSON.stringify(s);
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(key) ?? { required: [] };
    const now = after.get(key) ?? { required: [] };
    const held = mayHold(b, key);
    const added = now.required.filter((n) => !was.required.includes(n) && !oldRequired.has(n));
    const dropped = was.required.filter((n) => !now.required.includes(n));
    if (added.length > 0)
      push(
        "dependency-added",
        held ? "breaking" : "compatible",
        held
          ? `With ${name(key)} set, ${added.map(name).join(", ")} ${added.length === 1 ? "is" : "are"} now required: a config with ${name(key)} and without ${added.length === 1 ? "it" : "them"} was valid and is now rejected.`
          : `With ${name(key)} set, ${added.map(name).join(", ")} ${added.length === 1 ? "is" : "are"} now required; no config valid before holds ${name(key)}.`,
        was.requiredAt,
        now.requiredAt,
      );
    if (dropped.length > 0)
      push(
        "dependency-removed",
        "compatible",
        `With ${name(key)} set, ${dropped.map(name).join(", ")} ${dropped.length === 1 ? "is" : "are"} no longer required.`,
        was.requiredAt,
        now.requiredAt,
      );
    if (was.schema && now.schema)
      out.push(
        ...diffNode(ctx, was.schema, now.schema).map((c) => ({
          ...c,
          reason: `Where ${name(key)} is set (dependent schema): ${c.reason}`,
        })),
      );
    else if (was.schema)
      push(
        "dependency-removed",
        "compatible",
        `The schema a config with ${name(key)} had to match was removed.`,
        was.schema,
      );
    else if (now.schema) {
      const c: Covered = held ? covers(ctx, B.holder, now.schema) : { verdict: "compatible" };
      push(
        "dependency-added",
        c.verdict,
        !held
          ? `A config with ${name(key)} must now match a schema; no config valid before holds ${name(key)}.`
          : c.verdict === "compatible"
            ? `A config with ${name(key)} must now match a schema, which every config valid before passes.`
            : `A config with ${name(key)} must now match a schema, and ${because(c)}`,
        undefined,
        now.schema,
      );
    }
  }
  return out;
}
