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
