const RISKY = /<\/|<!--|-->|[\u2028\u2029]/;

/**
 * Schema text as JavaScript source. Every string, number and value taken from a schema reaches
 * the generated code through `lit`: JSON is valid JavaScript; `</`, `<!--` and `-->` are broken
 * up with escapes and U+2028/U+2029 escaped, so the code stays safe inside an HTML script element
 * and in older parsers, and still reads as the schema's text.
 */
export function lit(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new Error("lit: not a JSON value");
  // In an object literal, `"__proto__": v` sets the prototype instead of making a key: a value
  // with such a key is parsed from its JSON text instead, which makes it an own property.
  if (typeof value === "object" && value !== null && hasProtoKey(value))
    return `JSON.parse(${lit(json)})`;
  // One scan for the usual case, where there is nothing to break up.
  if (!RISKY.test(json)) return json;
  return json
    .replace(/<\//g, "<\\/")
    .replace(/<!--/g, "\\u003c!--")
    .replace(/-->/g, "--\\u003e")
    .replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** A JSON pointer token (RFC 6901), as ajv writes instance paths. */
export function escapeJsonPointer(token: string | number): string {
  if (typeof token === "number") return `${token}`;
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** A token of ajv's schemaPath: a URI fragment of a JSON pointer. */
export function escapeFragment(token: string | number): string {
  return encodeURIComponent(escapeJsonPointer(token));
}

/** Whether an object anywhere in a JSON value has an own `__proto__` key. */
function hasProtoKey(value: object): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== "object") continue;
    if (!Array.isArray(node) && Object.prototype.hasOwnProperty.call(node, "__proto__"))
      return true;
    for (const v of Object.values(node)) if (typeof v === "object" && v !== null) stack.push(v);
  }
  return false;
}
