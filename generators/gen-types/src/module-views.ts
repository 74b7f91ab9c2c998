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
    used: new Set(table.used),
    module: moduleOf(model, doc),
    imports: new Map(),
  };
  const items: { pointer: string; name: string }[] = [];
  for (const [key, named] of table.names) {
    const hash = key.indexOf("#");
    if (key.slice(0, hash) !== doc.path) continue;
    const pointer = key.slice(hash + 1);
    if (pointer === "" && !includeRoot) continue;
    items.push({ pointer, name: named.name });
  }
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
