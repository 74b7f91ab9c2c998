import { diffNode, type DiffContext, type NodeChange } from "./node-diff.js";
import type { Loc } from "./resolve.js";
import type { Verdict } from "./types.js";

/** Whether every value one schema accepts, another accepts too, with the change that says why not. */
export interface Covered {
  verdict: Verdict;
  /** The first change that breaks (or cannot be decided), when the verdict is not compatible. */
  why?: NodeChange;
}

/**
 * Whether every value `b` (in the old tree) accepts, `a` (in the new tree) accepts too: the
 * diff's own decision procedure, asked about validity alone (a default or secret marker that
 * differs does not matter here). Used where a keyword lays a schema over the node: an old config
 * stays valid under `then`, `else` or a dependent schema when the old node is covered by it.
 */
export function covers(ctx: DiffContext, b: Loc, a: Loc): Covered {
  return verdictOf(diffNode(ctx, b, a));
}

/**
 * The same question the other way round: whether every value `a` (in the new tree) accepts, `b`
 * (in the old tree) accepts too. A `not` that now excludes no more than before is one whose
 * schema accepts less.
 */
export function coveredByOld(ctx: DiffContext, a: Loc, b: Loc): Covered {
  ctx.reverse ??= {
    before: ctx.after,
    after: ctx.before,
    // Keys are file paths, the same in both trees: the other direction keeps its own memo.
    memo: new Map(),
    stack: new Set(),
    reverse: ctx,
  };
  return verdictOf(diffNode(ctx.reverse, a, b));
}

function verdictOf(changes: NodeChange[]): Covered {
  const validity = changes.filter((c) => !c.meaningOnly);
  const breaking = validity.find((c) => c.verdict === "breaking");
  if (breaking) return { verdict: "breaking", why: breaking };
  const unknown = validity.find((c) => c.verdict === "unknown");
  if (unknown) return { verdict: "unknown", why: unknown };
  return { verdict: "compatible" };
}

/** Another change's reason as part of a sentence: no capital to start, no full stop to end. */
export function clause(reason: string): string {
  const trimmed = reason.replace(/\.$/, "");
  return /^[A-Z][a-z]/.test(trimmed) ? trimmed[0].toLowerCase() + trimmed.slice(1) : trimmed;
}
