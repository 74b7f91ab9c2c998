import {
  derefBundled,
  findDiscriminator,
  isObject,
  isSecret,
  markdownCode,
  markdownText,
  typesOf,
  escapeToken,
  type JsonObject,
} from "@onespec/core";

export interface FieldRow {
  path: string;
  condition?: string;
  type: string;
  required: boolean;
  default?: string;
  secret: boolean;
  description: string;
}

export interface Choice {
  path: string;
  title?: string;
  description?: string;
  discriminator?: string;
  branches: { title: string; value?: string; description?: string; fields: string[] }[];
}

export function typeLabel(root: JsonObject, schema: JsonObject): string {
  if ("const" in schema) return markdownCode(JSON.stringify(schema.const));
  if (Array.isArray(schema.enum))
    return schema.enum.map((v) => markdownCode(JSON.stringify(v))).join(" \\| ");
  const types = typesOf(schema);
  let label = types.length
    ? types.join(" \\| ")
    : isObject(schema.properties)
      ? "object"
      : Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf)
        ? "one of"
        : "any";
  if (types.includes("array") && isObject(schema.items))
    label = `array of ${typeLabel(root, derefBundled(root, schema.items))}`;
  if (typeof schema.format === "string") label += ` (${markdownText(schema.format)})`;
  return label;
}

function text(schema: JsonObject): string {
  const parts = [schema.title, schema.description].filter(
    (s): s is string => typeof s === "string" && s.trim() !== "",
  );
  if (parts.length === 2 && parts[1].startsWith(parts[0])) return parts[1];
  return parts.join(". ").replace(/\.\./g, ".");
}

/** Rows for every field of a bundled schema, branch fields labelled with the choice that enables them. */
export function collectFields(root: JsonObject): { fields: FieldRow[]; choices: Choice[] } {
  const fields: FieldRow[] = [];
  const choices: Choice[] = [];
  // A recursive definition is documented once per path: the meta-schema refers back to itself
  // from most of its 30 properties, and following each of them 8 levels deep never ended.
  const enter = (raw: unknown, onPath: ReadonlySet<string>): ReadonlySet<string> | undefined => {
    const name =
      isObject(raw) && typeof raw.$ref === "string" && raw.$ref.startsWith("#/definitions/")
        ? raw.$ref
        : undefined;
    if (name === undefined) return onPath;
    return onPath.has(name) ? undefined : new Set(onPath).add(name);
  };
  const visitObject = (
    schema: JsonObject,
    path: string,
    condition: string | undefined,
    depth: number,
    onPath: ReadonlySet<string>,
    tag?: string,
  ) => {
    if (depth > 8) return;
    const required = new Set(Array.isArray(schema.required) ? schema.required : []);
    for (const [name, raw] of Object.entries(
      isObject(schema.properties) ? schema.properties : {},
    )) {
      // The choice that selects a branch is documented under Options, not as a field per branch.
      if (name === tag) continue;
      const sub = derefBundled(root, raw);
      const p = `${path}${path ? "." : ""}${name}`;
      fields.push({
        path: p,
        condition,
        type: typeLabel(root, sub),
        required: required.has(name),
        default:
          sub.default !== undefined && !isSecret(sub) ? JSON.stringify(sub.default) : undefined,
        secret: isSecret(sub),
        description: text(sub),
      });
      const inner = enter(raw, onPath);
      if (inner) visitNode(sub, p, condition, depth + 1, inner);
    }
  };
  const visitNode = (
    schema: JsonObject,
    path: string,
    condition: string | undefined,
    depth: number,
    onPath: ReadonlySet<string>,
    tag?: string,
  ) => {
    if (isObject(schema.properties)) visitObject(schema, path, condition, depth, onPath, tag);
    if (Array.isArray(schema.allOf))
      for (const m of schema.allOf) {
        const inner = enter(m, onPath);
        if (inner) visitNode(derefBundled(root, m), path, condition, depth + 1, inner);
      }
    const items = isObject(schema.items) ? enter(schema.items, onPath) : undefined;
    if (items)
      visitNode(derefBundled(root, schema.items), `${path}[]`, condition, depth + 1, items);
    for (const k of ["oneOf", "anyOf"] as const) {
      if (!Array.isArray(schema[k])) continue;
      const branches = (schema[k] as unknown[]).map((b) => derefBundled(root, b));
      const disc = findDiscriminator(branches);
      const choice: Choice = {
        path: path || "(root)",
        title: typeof schema.title === "string" ? schema.title : undefined,
        description: typeof schema.description === "string" ? schema.description : undefined,
        discriminator: disc?.propertyName,
        branches: [],
      };
      branches.forEach((b, i) => {
        const inner = enter((schema[k] as unknown[])[i], onPath);
        const value = disc ? String(disc.values[i]) : undefined;
        const title = typeof b.title === "string" ? b.title : (value ?? `Option ${i + 1}`);
        const cond = disc
          ? `${path ? path + "." : ""}${disc.propertyName} = ${value}`
          : `${path || "(root)"} is ${title}`;
        const before = fields.length;
        if (inner)
          visitNode(
            b,
            path,
            condition ? `${condition}, ${cond}` : cond,
            depth + 1,
            inner,
            disc?.propertyName,
          );
        choice.branches.push({
          title,
          value,
          description: typeof b.description === "string" ? b.description : undefined,
          fields: fields
            .slice(before)
            .filter(
              (f) =>
                f.path.split(".").length === (path ? path.split(".").length + 1 : 1) &&
                f.path.split(".").pop() !== disc?.propertyName,
            )
            .map((f) => f.path.split(".").pop()!),
        });
      });
      choices.push(choice);
    }
  };
  visitNode(root, "", undefined, 0, new Set());
  return { fields, choices };
}

export { escapeToken };
