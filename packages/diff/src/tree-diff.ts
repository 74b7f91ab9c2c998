import { docOf, type Connector, type SchemaModel } from "@onespec/core";
import { describe, type Loc } from "./resolve.js";
import { diffNode, type DiffContext, type NodeChange } from "./node-diff.js";
import type { ConnectorDiff } from "./types.js";

/**
 * Every change of every connector's effective schema between two trees (`$ref`s followed), from
 * the point of view of a config valid under `before`. A shared definition is compared once, and
 * what changed in it is reported on every connector that reaches it (with `shared` naming the
 * file). Connectors are matched by name; in connector order of `after`, then removed ones.
 */
export function diffTrees(before: SchemaModel, after: SchemaModel): ConnectorDiff[] {
  const ctx: DiffContext = { before, after, memo: new Map(), stack: new Set() };
  const out: ConnectorDiff[] = [];
  const old = new Map(before.connectors.map((c) => [c.name, c]));
  const now = new Set(after.connectors.map((c) => c.name));
  for (const connector of after.connectors) {
    const was = old.get(connector.name);
    const entry: Loc = { doc: docOf(after, connector.entry), pointer: "" };
    if (!was) {
      out.push(
        located(connector, {
          kind: "connector-added",
          verdict: "compatible",
          reason: `The connector ${JSON.stringify(connector.name)} is new.`,
          instancePath: "",
          after: entry,
        }),
      );
      continue;
    }
    const changes = diffNode(ctx, { doc: docOf(before, was.entry), pointer: "" }, entry);
    for (const change of changes) out.push(located(connector, change));
  }
  for (const connector of before.connectors)
    if (!now.has(connector.name))
      out.push(
        located(connector, {
          kind: "connector-removed",
          verdict: "breaking",
          reason: `The connector ${JSON.stringify(connector.name)} was removed: its saved configs have no schema.`,
          instancePath: "",
          before: { doc: docOf(before, connector.entry), pointer: "" },
        }),
      );
  return out;
}

function located(connector: Connector, change: NodeChange): ConnectorDiff {
  const before = change.before && describe(change.before);
  const after = change.after && describe(change.after);
  const here = after ?? before!;
  const entryFile = (change.after ?? change.before)!.doc.path;
  return {
    connector: connector.name,
    kind: change.kind,
    verdict: change.verdict,
    reason: change.reason,
    instancePath: change.instancePath,
    side: after ? "after" : "before",
    file: here.file,
    pointer: here.pointer,
    line: here.line,
    column: here.column,
    ...(before ? { before } : {}),
    ...(after ? { after } : {}),
    ...(!after && change.near ? { near: describe(change.near) } : {}),
    ...(entryFile !== connector.entry ? { shared: here.file } : {}),
  };
}
