/**
 * Text from a schema (titles, descriptions, names, file paths) made safe for where a generator
 * puts it. Every generator that copies schema text into its output goes through one of these.
 */

/** Inside a block or JSDoc comment: `*\/` cannot close it; control characters become spaces. */
export function commentText(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f\u2028\u2029]/g, " ")
    .replace(/\*\//g, "*\\/");
}

/** Text inside a line of Markdown (a heading, a table cell, a list item): nothing in it is markup or HTML. */
export function markdownText(text: string): string {
  return text
    .replace(/\s*[\r\n]+\s*/g, " ")
    .replace(/[\\`*[\]|<>&]/g, (c) =>
      c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === "&" ? "&amp;" : `\\${c}`,
    )
    .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, "\\_");
}

/** A paragraph of its own: as markdownText, and it cannot start a heading, list, quote or rule. */
export function markdownParagraph(text: string): string {
  return markdownText(text)
    .replace(/^(\s*)([#+\-=>])/, "$1\\$2")
    .replace(/^(\s*\d+)([.)])/, "$1\\$2");
}

/** An inline code span holding `text` exactly, safe inside a Markdown table cell. */
export function markdownCode(text: string): string {
  const oneLine = text.replace(/[\r\n]+/g, " ");
  const longest = Math.max(0, ...[...oneLine.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(oneLine) ? " " : "";
  return `${fence}${pad}${oneLine.replace(/\|/g, "\\|")}${pad}${fence}`;
}

/** Inside an HTML comment: `--` cannot end it early. */
export function htmlCommentText(text: string): string {
  return text.replace(/-(?=-)/g, "- ").replace(/[<>]/g, " ");
}

/** An http(s) URL for a Markdown autolink, or undefined when the text is not one that is safe there. */
export function markdownUrl(text: string): string | undefined {
  return /^https?:\/\/[^\s<>"'`|\\]+$/.test(text) ? text : undefined;
}

/**
 * One path segment or fragment token of a URI, with every character outside the unreserved set
 * percent-encoded (encodeURIComponent leaves `*'()!`). ajv writes schema URIs into comments of
 * the code it compiles, so a URI must never hold `*\/`.
 */
export function uriSegment(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * JSON data as a JavaScript/TypeScript object literal for generated code. Pretty-printed JSON is
 * a valid literal except for one key: `"__proto__": {…}` in a literal sets the object's
 * prototype instead of making a property, so it is written as the computed key
 * `["__proto__"]: {…}`, which makes an own data property. (Each line of pretty-printed JSON
 * starts with a key, a value or a bracket, since strings never span lines.)
 */
export function objectLiteral(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/^(\s*)"__proto__":/gm, '$1["__proto__"]:');
}
