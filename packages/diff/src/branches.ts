import { isObject, type JsonObject } from "@onespec/core";
import { at, jsonEqual, resolve, type Effective } from "./resolve.js";
import { diffNode, type DiffContext, type NodeChange } from "./node-diff.js";
import type { ChangeKind, Verdict } from "./types.js";

type Add = (
  kind: ChangeKind,
  verdict: Verdict,
  reason: string,
  keyword?: string,
  beforeKeyword?: string,
) => void;

interface Branch {
  index: number;
  eff: Effective;
  title?: string;
}

interface Tag {
  property: string;
  values: unknown[];
  /** Whether every branch requires the property. */
  required: boolean;
}

/** The property whose constant tells the branches apart: declared in every branch, a distinct constant in each. */
function tagOf(ctx: DiffContext, branches: Branch[], side: "before" | "after"): Tag | undefined {
  if (branches.length === 0) return undefined;
  const model = side === "before" ? ctx.before : ctx.after;
  const first = branches[0].eff.node;
  if (first === false || !isObject(first.properties)) return undefined;
  for (const property of Object.keys(first.properties)) {
    const values: unknown[] = [];
    let required = true;
    for (const br of branches) {
      const node = br.eff.node;
      if (node === false || !isObject(node.properties) || !Object.hasOwn(node.properties, property))
        break;
      const prop = resolve(model, at(br.eff, "properties", property)).node;
      if (prop === false) break;
      const value =
        "const" in prop
          ? prop.const
          : Array.isArray(prop.enum) && prop.enum.length === 1
            ? prop.enum[0]
            : undefined;
      if (value === undefined || values.some((v) => jsonEqual(v, value))) break;
      values.push(value);
      if (!(Array.isArray(node.required) && node.required.includes(property))) required = false;
    }
    if (values.length === branches.length) return { property, values, required };
  }
  return undefined;
}

function branchesOf(
  ctx: DiffContext,
  eff: Effective,
  keyword: "oneOf" | "anyOf",
  side: "before" | "after",
): Branch[] {
  const node = eff.node as JsonObject;
  const list = Array.isArray(node[keyword]) ? (node[keyword] as unknown[]) : [];
  return list.map((_, index) => {
    const branch = resolve(side === "before" ? ctx.before : ctx.after, at(eff, keyword, index));
    const title =
      branch.node !== false && typeof branch.node.title === "string"
        ? branch.node.title
        : undefined;
    return { index, eff: branch, title };
  });
}

/**
 * oneOf/anyOf: branches are matched by their discriminator's constant, else by title, else by
 * position (each matched pair says how), and compared pair by pair. A branch removed or whose
 * discriminator value changed breaks the configs that chose it; a new branch is compatible when
 * no old config can match it too (a oneOf rejects a value that matches two branches).
 */
export function diffBranches(ctx: DiffContext, B: Effective, A: Effective, add: Add): NodeChange[] {
  const b = B.node as JsonObject;
  const a = A.node as JsonObject;
  const bKind = Array.isArray(b.oneOf) ? "oneOf" : Array.isArray(b.anyOf) ? "anyOf" : undefined;
  const aKind = Array.isArray(a.oneOf) ? "oneOf" : Array.isArray(a.anyOf) ? "anyOf" : undefined;
  const out: NodeChange[] = [];
  if (!bKind && !aKind) return out;
  if (bKind && !aKind) {
    add(
      "combinator-changed",
      "compatible",
      `The ${bKind} was removed: its branches no longer constrain the value.`,
      undefined,
      bKind,
    );
    return out;
  }
  if (!bKind && aKind) {
    add(
      "combinator-changed",
      "unknown",
      `A ${aKind} was added: whether every config valid before matches ${aKind === "oneOf" ? "exactly one" : "one"} of its branches is not decided.`,
      aKind,
    );
    return out;
  }
  if (bKind === "anyOf" && aKind === "oneOf")
    add(
      "combinator-changed",
      "unknown",
      "anyOf became oneOf: a config that matched two branches was valid and is now rejected, and whether one exists is not decided.",
      "oneOf",
      "anyOf",
    );
  if (bKind === "oneOf" && aKind === "anyOf")
    add(
      "combinator-changed",
      "compatible",
      "oneOf became anyOf: a config matching exactly one branch matches at least one.",
      "anyOf",
      "oneOf",
    );

  const before = branchesOf(ctx, B, bKind!, "before");
  const after = branchesOf(ctx, A, aKind!, "after");
  const bTag = tagOf(ctx, before, "before");
  const aTag = tagOf(ctx, after, "after");
  const sameTag = bTag && aTag && bTag.property === aTag.property ? bTag.property : undefined;
  if (bTag && aTag && !sameTag)
    add(
      "discriminator-changed",
      "breaking",
      `The branches are now told apart by ${JSON.stringify(aTag.property)} instead of ${JSON.stringify(bTag.property)}: a config that chose a branch by ${JSON.stringify(bTag.property)} now means something else or is rejected.`,
      aKind,
    );

  const pairs: { b: Branch; a: Branch; by: "discriminator" | "title" | "content" | "position" }[] =
    [];
  const freeB = new Set(before);
  const freeA = new Set(after);
  const pair = (x: Branch, y: Branch, by: "discriminator" | "title" | "content" | "position") => {
    pairs.push({ b: x, a: y, by });
    freeB.delete(x);
    freeA.delete(y);
  };
  if (sameTag)
    for (const x of before) {
      const y = after.find(
        (br) => freeA.has(br) && jsonEqual(aTag!.values[br.index], bTag!.values[x.index]),
      );
      if (y) pair(x, y, "discriminator");
    }
  const uniqueTitle = (list: Branch[], title: string | undefined) =>
    title !== undefined && list.filter((br) => br.title === title).length === 1;
  for (const x of [...freeB]) {
    if (!uniqueTitle(before, x.title)) continue;
    const y = [...freeA].find((br) => br.title === x.title && uniqueTitle(after, br.title));
    if (y) pair(x, y, "title");
  }
  // Unchanged branches pair with each other; then what is left, in order, by position.
  for (const x of [...freeB]) {
    const y = [...freeA].find((br) => jsonEqual(br.eff.node, x.eff.node));
    if (y) pair(x, y, "content");
  }
  const restA = [...freeA];
  [...freeB].slice(0, restA.length).forEach((x, i) => pair(x, restA[i], "position"));

  const label = (br: Branch, side: "before" | "after") => {
    const tag = side === "before" ? bTag : aTag;
    const parts = [br.title !== undefined ? JSON.stringify(br.title) : `#${br.index}`];
    if (tag) parts.push(`${tag.property}: ${JSON.stringify(tag.values[br.index])}`);
    return `branch ${parts.join(", ")}`;
  };
  for (const { b: x, a: y, by } of pairs) {
    let changes = diffNode(ctx, x.eff.holder, y.eff.holder);
    if (
      sameTag &&
      by !== "discriminator" &&
      !jsonEqual(bTag!.values[x.index], aTag!.values[y.index])
    ) {
      out.push({
        kind: "discriminator-changed",
        verdict: "breaking",
        reason: `${label(x, "before")} now has ${sameTag}: ${JSON.stringify(aTag!.values[y.index])} (matched by ${by}): a config with the old value is rejected.`,
        instancePath: "/" + sameTag.replace(/~/g, "~0").replace(/\//g, "~1"),
        before: at(x.eff, "properties", sameTag),
        after: at(y.eff, "properties", sameTag),
      });
      // Said once, as the discriminator's change.
      const tagPath = "/" + sameTag.replace(/~/g, "~0").replace(/\//g, "~1");
      changes = changes.filter(
        (c) =>
          !(
            c.instancePath === tagPath &&
            (c.kind === "const-changed" || c.kind === "enum-narrowed")
          ),
      );
    }
    const context = `In ${label(y, "after")} (matched by ${by}${by === "position" ? ", which may pair unrelated branches" : ""}): `;
    out.push(...changes.map((c) => ({ ...c, reason: context + c.reason })));
  }
  for (const x of freeB)
    out.push({
      kind: "oneOf-branch-removed",
      verdict: "breaking",
      reason: `${label(x, "before")} was removed: a config that chose it is rejected.`,
      instancePath: "",
      before: x.eff.holder,
      after: A.viaRef ? A.target : A.holder,
    });
  const disjoint = aKind === "anyOf" || (aTag !== undefined && aTag.required);
  for (const y of freeA)
    out.push({
      kind: "branch-added",
      verdict: disjoint ? "compatible" : "unknown",
      reason: disjoint
        ? `${label(y, "after")} was added${aKind === "oneOf" ? `; its ${aTag!.property} value is new, so no old config matches it` : ""}.`
        : `${label(y, "after")} was added to a oneOf without a required discriminator: an old config that also matches it would match two branches and be rejected, which is not decided.`,
      instancePath: "",
      after: y.eff.holder,
    });
  return out;
}
