import type { Diagnostic } from "./diagnostics.js";
import type { SchemaModel } from "./model.js";
import {
  configTypeName,
  connectorNamespace,
  recordTypeName,
  validatorExportName,
} from "./naming.js";
import type { RunInfo } from "./generator.js";

/** The stable code of a name collision. */
export const NAME_COLLISION = "schema/name-collision";

interface Owner {
  kind: "connector" | "record";
  name: string;
  /** Absolute path of its entry document. */
  entry: string;
}

/** The identifiers generated code declares for a connector or a record, at module scope or as exports. */
function identifiersOf(owner: Owner): string[] {
  return owner.kind === "connector"
    ? [configTypeName(owner.name), validatorExportName(owner.name), connectorNamespace(owner.name)]
    : [recordTypeName(owner.name)];
}

function describe(owner: Owner): string {
  return `${owner.kind} ${JSON.stringify(owner.name)}`;
}

/**
 * Connectors and record schemas whose names become the same identifier (`my-db` and `my_db`
 * both become `MyDbConfig`, `myDb`): generated modules would declare it twice and not compile.
 * One error per name that loses, on that name's entry document, naming every name it collides
 * with; `connector` is set, so `--keep-going` leaves out the later connector and keeps the first.
 */
export function nameCollisions(model: SchemaModel): Diagnostic[] {
  const owners: Owner[] = [
    ...model.connectors.map((c) => ({ kind: "connector" as const, name: c.name, entry: c.entry })),
    ...(model.records ?? []).map((r) => ({
      kind: "record" as const,
      name: r.name,
      entry: r.entry,
    })),
  ];
  const claimedBy = new Map<string, Owner>();
  const clashes = new Map<Owner, { with: Owner[]; identifiers: string[] }>();
  for (const owner of owners) {
    for (const id of identifiersOf(owner)) {
      const first = claimedBy.get(id);
      if (!first) {
        claimedBy.set(id, owner);
        continue;
      }
      if (first === owner) continue;
      const clash = clashes.get(owner) ?? { with: [], identifiers: [] };
      if (!clash.with.includes(first)) clash.with.push(first);
      clash.identifiers.push(id);
      clashes.set(owner, clash);
    }
  }
  const diagnostics: Diagnostic[] = [];
  for (const [owner, clash] of clashes) {
    const doc = model.docs.get(owner.entry);
    const all = [...clash.with, owner];
    const named = all.every((o) => o.kind === all[0].kind)
      ? `${all[0].kind === "connector" ? "Connectors" : "Record schemas"} ${all.map((o) => JSON.stringify(o.name)).join(" and ")}`
      : all
          .map(describe)
          .join(" and ")
          .replace(/^./, (c) => c.toUpperCase());
    diagnostics.push({
      severity: "error",
      code: NAME_COLLISION,
      message: `${named} become the same identifier${clash.identifiers.length === 1 ? "" : "s"} in generated code (${clash.identifiers.join(", ")}), which would then be declared twice.`,
      ...(doc ? { file: doc.source.displayPath, pointer: "", line: 1, column: 1 } : {}),
      ...(owner.kind === "connector" ? { connector: owner.name } : {}),
      hint: `Generated identifiers keep only the letters and digits of a name, so names that differ only in "-", "_", "." or the case of a word collide. Rename one of them (its folder, or its file or sidecar name) so that their letters or digits differ.`,
    });
  }
  return diagnostics;
}

/** The built-in generators whose `tree()` reports name collisions (each declares such identifiers). */
const NAME_CHECKING = ["types", "registry"];

/**
 * For a generator's `tree()`: the name collisions of the model, reported by the first
 * name-checking generator of the run only (so each appears once), and not at all when the
 * model already carries them (a loader that checks names itself).
 */
export function nameCollisionsFor(
  model: SchemaModel,
  run: RunInfo,
  generator: string,
): Diagnostic[] {
  const reporter = run.generators.find((g) => NAME_CHECKING.includes(g));
  if (reporter !== generator) return [];
  if (model.diagnostics.some((d) => d.code === NAME_COLLISION)) return [];
  return nameCollisions(model);
}
