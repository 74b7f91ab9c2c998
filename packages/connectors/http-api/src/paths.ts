/**
 * Reads a value inside a JSON document by a location as the schema allows it: a JSON Pointer
 * (RFC 6901, starting with "/") or a dot path ("data.items", "meta.next").
 */
export function valueAt(document: unknown, location: string): unknown {
  if (location === "" || location === "/")
    return location === "" ? document : (document as Record<string, unknown>)?.[""];
  const tokens = location.startsWith("/")
    ? location
        .slice(1)
        .split("/")
        .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"))
    : location.split(".");
  let node: unknown = document;
  for (const token of tokens) {
    if (Array.isArray(node) && /^(0|[1-9]\d*)$/.test(token)) node = node[Number(token)];
    else if (node !== null && typeof node === "object" && Object.hasOwn(node, token))
      node = (node as Record<string, unknown>)[token];
    else return undefined;
  }
  return node;
}
