import type { JsonObject } from "@onespec/core";
import { at, jsonEqual, type Effective } from "./resolve.js";
import { diffNode, type DiffContext, type NodeChange } from "./node-diff.js";
import { clause, covers } from "./subset.js";

/**
 * allOf: member by member when the list keeps its length. Otherwise members written the same on
 * both sides pair up (and are compared, for what their `$ref`s reach); an old member left over is
 * a constraint less; a new one must accept every old config: the whole old node, or an old member
 * (say the one it replaced), must be covered by it, asked of the diff itself.
 */
export function diffAllOf(ctx: DiffContext, B: Effective, A: Effective): NodeChange[] {
  const b = B.node as JsonObject;
  const a = A.node as JsonObject;
  const bAll = Array.isArray(b.allOf) ? b.allOf : [];
  const aAll = Array.isArray(a.allOf) ? a.allOf : [];
  const out: NodeChange[] = [];
  if (bAll.length === aAll.length) {
    for (let i = 0; i < bAll.length; i++)
      out.push(...diffNode(ctx, at(B, "allOf", i), at(A, "allOf", i)));
    return out;
  }
  const freeB = new Set(bAll.keys());
  const added: number[] = [];
  aAll.forEach((member, j) => {
    const i = [...freeB].find((k) => jsonEqual(bAll[k], member));
    if (i === undefined) return added.push(j);
    freeB.delete(i);
    out.push(...diffNode(ctx, at(B, "allOf", i), at(A, "allOf", j)));
  });
  for (const i of freeB)
    out.push({
      kind: "all-of-member-removed",
      verdict: "compatible",
      reason: `allOf member #${i} was removed: a constraint less.`,
      instancePath: "",
      before: at(B, "allOf", i),
      after: at(A, "allOf"),
    });
  for (const j of added) {
    const member = at(A, "allOf", j);
    // An old config passed every old member: one that is covered by the new member will do.
    const replaced = [...bAll.keys()].find(
      (i) => covers(ctx, at(B, "allOf", i), member).verdict === "compatible",
    );
    const whole = replaced === undefined ? covers(ctx, B.holder, member) : undefined;
    const verdict = whole?.verdict ?? "compatible";
    out.push({
      kind: "all-of-member-added",
      verdict,
      reason:
        replaced !== undefined
          ? `allOf member #${j} is new, and accepts every value old member #${replaced} did.`
          : verdict === "compatible"
            ? `allOf member #${j} is new, and every config valid before passes it.`
            : `allOf member #${j} is new: every config must now pass it, and ${verdict === "breaking" ? "a config valid before may fail it" : "whether every config valid before passes it is not decided"}: ${clause(whole!.why!.reason)}.`,
      instancePath: "",
      after: member,
    });
  }
  return out;
}
