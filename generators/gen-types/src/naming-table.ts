import {
  configTypeName,
  pascalCase,
  recordTypeName,
  refKey,
  refTargets,
  sharedDocs,
  type SchemaDoc,
  type SchemaModel,
} from "@onespec/core";

/** Where a named type lives and what it is called. */
export interface TypeName {
  module: string;
  name: string;
}

/** Output module of a schema document, relative to the output directory. */
export function moduleOf(model: SchemaModel, doc: SchemaDoc): string {
  const connector = model.connectors.find((c) => c.entry === doc.path);
  if (connector) return `connectors/${connector.name}/types.ts`;
  return `definitions/${doc.rel.replace(/^definitions\//, "").replace(/\.json$/, "")}.ts`;
}

function rootName(model: SchemaModel, doc: SchemaDoc): string {
  const connector = model.connectors.find((c) => c.entry === doc.path);
  if (connector) return configTypeName(connector.name);
  const record = model.records?.find((r) => r.entry === doc.path);
  if (record) return recordTypeName(record.name);
  const stem = doc.rel
    .replace(/\.json$/, "")
    .split("/")
    .pop()!;
  return pascalCase(stem);
}

/**
 * One name per `$ref` target (plus every document root), unique across the whole output so a
 * module can import any of them without aliasing.
 */
export function buildNamingTable(model: SchemaModel): {
  names: Map<string, TypeName>;
  used: Set<string>;
} {
  const names = new Map<string, TypeName>();
  const used = new Set<string>();
  const claim = (key: string, module: string, base: string) => {
    if (names.has(key)) return;
    let name = base;
    for (let i = 2; used.has(name); i++) name = `${base}${i}`;
    used.add(name);
    names.set(key, { module, name });
  };
  // Roots get a name only when something uses them (a connector, or a $ref to the whole file),
  // so a file that only holds definitions does not take its title away from one of them.
  const usedRoots = new Set(
    refTargets(model)
      .filter((t) => t.pointer === "")
      .map((t) => t.doc),
  );
  for (const r of model.records ?? []) usedRoots.add(r.entry);
  // Connector and record roots first: other generators spell their names without this table
  // (`PostgresConfig`, `OrderRecord`), so a definition that would take one gets the suffix.
  const records = (model.records ?? []).map((r) => model.docs.get(r.entry)!);
  const recordPaths = new Set(records.map((d) => d.path));
  const docs = [
    ...model.connectors.map((c) => model.docs.get(c.entry)!),
    ...records,
    ...sharedDocs(model).filter((d) => usedRoots.has(d.path) && !recordPaths.has(d.path)),
  ];
  for (const doc of docs) claim(refKey(doc.path, ""), moduleOf(model, doc), rootName(model, doc));
  const targets = refTargets(model).sort((a, b) =>
    refKey(a.doc, a.pointer).localeCompare(refKey(b.doc, b.pointer)),
  );
  for (const t of targets) {
    if (t.pointer === "") continue;
    const doc = model.docs.get(t.doc)!;
    claim(refKey(t.doc, t.pointer), moduleOf(model, doc), pascalCase(t.pointer.split("/").pop()!));
  }
  return { names, used };
}
