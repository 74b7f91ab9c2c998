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
