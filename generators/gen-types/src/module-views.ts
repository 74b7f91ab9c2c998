import type { JsonObject, SchemaDoc, SchemaModel } from "@onespec/core";
import { moduleOf, type TypeName } from "./naming-table.js";
import { tsView, type TsViewContext } from "./ts-view.js";

export interface ModuleViews {
  /** The module's path, and (filled in while the views were built) what it imports. */
  ctx: TsViewContext;
  /** One view per named type of the document, root first, then by pointer. */
  views: { name: string; view: JsonObject }[];
}

/** What json-schema-to-typescript is given for the TypeScript module of one schema document. */
export function moduleViews(
  model: SchemaModel,
  doc: SchemaDoc,
  table: { names: Map<string, TypeName>; used: Set<string> },
  includeRoot: boolean,
): ModuleViews {
  // Names made up inside a module (oneOf branches) only need to avoid the shared names: a module
  // then depends on its own document and the naming table, not on the other modules.
  const ctx: TsViewContext = {
    model,
    doc,
    names: table.names,
    used: namesTakenOver(table.used),
    module: moduleOf(model, doc),
    imports: new Map(),
  };
  const items = (namesByDoc(table.names).get(doc.path) ?? []).filter(
    ({ pointer }) => pointer !== "" || includeRoot,
  );
  items.sort((a, b) =>
    a.pointer === "" ? -1 : b.pointer === "" ? 1 : a.pointer.localeCompare(b.pointer),
  );
  const views = items.map(({ pointer, name }) => {
    const view = tsView(ctx, pointer, name);
    view.tsName = name;
    return { name, view };
  });
  return { ctx, views };
}

const byDoc = new WeakMap<
  Map<string, TypeName>,
  Map<string, { pointer: string; name: string }[]>
>();

/**
 * The named types of each document, in the table's order: grouped once per table, not found by a
 * scan of the whole table for each module (a thousand connectors made that a quarter of a
 * second).
 */
function namesByDoc(names: Map<string, TypeName>) {
  let grouped = byDoc.get(names);
  if (grouped) return grouped;
  grouped = new Map();
  for (const [key, named] of names) {
    const hash = key.indexOf("#");
    const path = key.slice(0, hash);
    let list = grouped.get(path);
    if (!list) grouped.set(path, (list = []));
    list.push({ pointer: key.slice(hash + 1), name: named.name });
  }
  byDoc.set(names, grouped);
  return grouped;
}

/**
 * The names taken in the whole output, and those a module takes on top: the module's own are kept
 * apart instead of copying every name of the tree for each module.
 */
function namesTakenOver(shared: ReadonlySet<string>): TsViewContext["used"] {
  const own = new Set<string>();
  return {
    has: (name) => own.has(name) || shared.has(name),
    add: (name) => void own.add(name),
  };
}
