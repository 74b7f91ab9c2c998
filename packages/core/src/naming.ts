/** Identifier helpers shared by every generator, so a connector gets the same names everywhere. */
export function words(input: string): string[] {
  return input
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

export function pascalCase(input: string): string {
  const result = words(input)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())
    .join("");
  if (result === "") return "Unnamed";
  // A letter after a digit is upper-cased (E2e → E2E), as json-schema-to-typescript does to every
  // name it emits; doing it here keeps the names we import and the names it declares identical.
  const safe = result.replace(/(\d)([a-z])/g, (_m, d: string, c: string) => d + c.toUpperCase());
  return /^[0-9]/.test(safe) ? `T${safe}` : safe;
}

export function camelCase(input: string): string {
  const p = pascalCase(input);
  return p.charAt(0).toLowerCase() + p.slice(1);
}

export function constantCase(input: string): string {
  return words(input)
    .map((w) => w.toUpperCase())
    .join("_");
}

/** Type name of a connector's config: `postgres` → `PostgresConfig`. */
export function configTypeName(connector: string): string {
  return `${pascalCase(connector)}Config`;
}

/** Name of a connector's validator export: `postgres` → `validatePostgresConfig`. */
export function validatorExportName(connector: string): string {
  return `validate${configTypeName(connector)}`;
}

/**
 * Words an identifier made from a connector name may not be in the registry's `index.ts`:
 * JavaScript's reserved words and the names that module declares itself.
 */
const RESERVED_NAMESPACES = new Set(
  "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await async arguments eval undefined connectors connectorNames isConnectorName runtime".split(
    " ",
  ),
);

/** The namespace a connector is imported as in the registry: `my-db` → `myDb`, `delete` → `deleteConnector`. */
export function connectorNamespace(connector: string): string {
  const id = camelCase(connector);
  return RESERVED_NAMESPACES.has(id) ? `${id}Connector` : id;
}

/** Type name of a record schema: `order-line` → `OrderLineRecord`. */
export function recordTypeName(record: string): string {
  return `${pascalCase(record)}Record`;
}
