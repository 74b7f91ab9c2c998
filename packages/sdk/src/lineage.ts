/** Lineage entities, built the same way by every connector that finds view dependencies. */
import { lineageFqn } from "./fqn.js";
import type { Entity } from "./types.js";

/**
 * The edge `from` → `to` (two relation FQNs) found in a view's definition, named for people as
 * `name` ("sales.orders -> sales.order_totals"); its parent is the view.
 */
export function viewLineage(from: string, to: string, name: string): Entity {
  return {
    type: "lineage",
    fqn: lineageFqn(from, to),
    name,
    parent: to,
    properties: { from, to, source: "view definition" },
  };
}
