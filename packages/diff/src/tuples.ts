import type { JsonObject } from "@onespec/core";
import { at, type Effective, type Loc } from "./resolve.js";
import { diffNode, under, type DiffContext, type NodeChange } from "./node-diff.js";
import type { ChangeKind, Verdict } from "./types.js";

type Add = (
  kind: ChangeKind,
  verdict: Verdict,
  reason: string,
  keyword?: string,
  beforeKeyword?: string,
) => void;

/** An array schema as positions: the schema of each leading item, then the one of every item after them. */
interface Shape {
  /** The keyword holding the per-position schemas (`prefixItems`, or draft-07's array `items`). */
  tupleKeyword: string;
  tuple: number;
  /** The keyword holding the schema of the rest (`items`, or draft-07's `additionalItems`). */
  restKeyword: string;
  /** The rest is `false`: no item after the tuple is valid. */
  restClosed: boolean;
  maxItems: number;
}

/**
 * Tuples are spelled per draft: draft-07 `items: [...]` + `additionalItems`, 2020-12
 * `prefixItems` + `items`. A document keeps its own draft, so each side is read in its own; a
 * plain list is a tuple of length 0 whose rest is `items`.
 */
function shapeOf(eff: Effective): Shape {
  const n = eff.node as JsonObject;
  const maxItems =
    typeof n.maxItems === "number" && n.maxItems >= 0 ? Math.floor(n.maxItems) : Infinity;
  if (eff.target.doc.draft === "2020-12") {
    const tuple = Array.isArray(n.prefixItems) ? n.prefixItems.length : 0;
    return {
      tupleKeyword: "prefixItems",
      tuple,
      restKeyword: "items",
      restClosed: n.items === false,
      maxItems,
    };
  }
  if (Array.isArray(n.items))
    return {
      tupleKeyword: "items",
      tuple: n.items.length,
      restKeyword: "additionalItems",
      restClosed: n.additionalItems === false,
      maxItems,
    };
  return {
    tupleKeyword: "items",
    tuple: 0,
    restKeyword: "items",
    restClosed: n.items === false,
    maxItems,
  };
}

/** The schema an item at `index` must match. */
function itemAt(eff: Effective, shape: Shape, index: number): Loc {
  return index < shape.tuple ? at(eff, shape.tupleKeyword, index) : at(eff, shape.restKeyword);
}

/**
 * The items of an array, position by position: each position an old array can have (below its
 * `maxItems`) is compared with the schema the new one gives that position, so a tuple entry
 * added where any item was accepted is as narrow as what it says, and one removed falls back to
 * the rest. Items after both tuples compare rest with rest (instance path `/*`).
 */
export function diffItems(ctx: DiffContext, B: Effective, A: Effective, add: Add): NodeChange[] {
  const bs = shapeOf(B);
  const as = shapeOf(A);
  const out: NodeChange[] = [];
  const positions = Math.min(Math.max(bs.tuple, as.tuple), bs.maxItems);
  for (let i = 0; i < positions; i++) {
    // An old array had nothing valid at this position.
    if (i >= bs.tuple && bs.restClosed) break;
    out.push(...under(`/${i}`, diffNode(ctx, itemAt(B, bs, i), itemAt(A, as, i))));
  }
  const start = Math.max(bs.tuple, as.tuple);
  // No old array reaches the rest: nothing after the tuples was valid, or maxItems stops short.
  if (bs.restClosed || bs.maxItems <= start) return out;
  if (as.restClosed) {
    add(
      "additional-items-closed",
      "breaking",
      `Only ${as.tuple} item${as.tuple === 1 ? "" : "s"} ${as.tuple === 1 ? "is" : "are"} accepted now (${as.restKeyword}: false): an array with more was valid and is now rejected.`,
      as.restKeyword,
    );
    return out;
  }
  out.push(...under("/*", diffNode(ctx, itemAt(B, bs, start), itemAt(A, as, start))));
  return out;
}

/** Items after an old tuple that were rejected and are accepted now: compatible, said once. */
export function itemsOpened(B: Effective, A: Effective, add: Add): void {
  const bs = shapeOf(B);
  const as = shapeOf(A);
  if (bs.restClosed && !as.restClosed && bs.maxItems > bs.tuple)
    add(
      "additional-items-opened",
      "compatible",
      `Items after the first ${bs.tuple} are accepted now (${bs.restKeyword}: false is gone).`,
      as.restKeyword in (A.node as JsonObject) ? as.restKeyword : undefined,
      bs.restKeyword,
    );
}
