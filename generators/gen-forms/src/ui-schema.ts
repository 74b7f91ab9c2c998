import {
  derefBundled,
  findDiscriminator,
  groupOf,
  groupsOf,
  isHidden,
  isMultiline,
  isObject,
  isSecret,
  setOwn,
  orderOf,
  typesOf,
  type JsonObject,
} from "@onespec/core";

export interface UiGroup {
  id: string;
  title: string;
  fields: string[];
  collapsed: boolean;
}

/** Properties of an object schema in display order: by `order`, then as declared. */
export function orderedProperties(schema: JsonObject): string[] {
  const props = isObject(schema.properties) ? Object.keys(schema.properties) : [];
  return props
    .map((name, index) => ({
      name,
      index,
      order: orderOf((schema.properties as JsonObject)[name]),
    }))
    .sort(
      (a, b) =>
        (a.order ?? Number.MAX_SAFE_INTEGER) - (b.order ?? Number.MAX_SAFE_INTEGER) ||
        a.index - b.index,
    )
    .map((p) => p.name);
}

/**
 * Whether a field holds a value of its own (a string or a number) rather than other fields: only
 * such a field gets an input widget. A secret marker on an object, an array or a oneOf container
 * makes the values inside it secret instead (a widget on the container would replace its fields,
 * or its option selector, with one password box).
 */
function isScalarField(schema: JsonObject): boolean {
  if (
    [
      "properties",
      "items",
      "oneOf",
      "anyOf",
      "allOf",
      "additionalProperties",
      "patternProperties",
    ].some((k) => k in schema)
  )
    return false;
  const types = typesOf(schema).filter((t) => t !== "null");
  return (
    types.length > 0 && types.every((t) => t === "string" || t === "number" || t === "integer")
  );
}

function fieldUi(root: JsonObject, raw: unknown, depth: number, insideSecret = false): JsonObject {
  const schema = derefBundled(root, raw);
  const ui: JsonObject = {};
  const options: JsonObject = {};
  const scalar = isScalarField(schema);
  // Inside a secret container, a choice (enum, const) stays a choice; a value typed in is secret.
  const secret = isSecret(schema) || (insideSecret && !("enum" in schema) && !("const" in schema));
  if (isHidden(schema)) ui["ui:widget"] = "hidden";
  else if (isMultiline(schema)) {
    ui["ui:widget"] = "textarea";
    if (secret) options.secret = true;
  } else if (secret && scalar) {
    // RJSF maps the name "password" to a widget for strings only; a secret number (`format:
    // password` on a PIN) names the registered widget itself, which takes any type.
    ui["ui:widget"] = typesOf(schema).includes("string") ? "password" : "PasswordWidget";
  }
  if (typeof schema.description === "string") ui["ui:help"] = schema.description;
  if (Array.isArray(schema.examples) && schema.examples.length > 0 && !secret) {
    const ex = schema.examples[0];
    if (typeof ex === "string" || typeof ex === "number") ui["ui:placeholder"] = String(ex);
  }
  if (typeof schema.pattern_descriptor === "string")
    options.patternDescriptor = schema.pattern_descriptor;
  if (schema.always_show === true) options.alwaysShow = true;
  if (Object.keys(options).length) ui["ui:options"] = options;
  if (depth < 12) Object.assign(ui, objectUi(root, schema, depth + 1, secret));
  return ui;
}

/** uiSchema entries for an object's properties, including those of its oneOf/anyOf/allOf branches. */
function objectUi(
  root: JsonObject,
  schema: JsonObject,
  depth: number,
  insideSecret = false,
): JsonObject {
  const ui: JsonObject = {};
  const members: JsonObject[] = [schema];
  for (const k of ["allOf", "oneOf", "anyOf"] as const)
    if (Array.isArray(schema[k]))
      for (const b of schema[k] as unknown[]) members.push(derefBundled(root, b));
  const order: string[] = [];
  for (const member of members) {
    for (const name of orderedProperties(member)) {
      if (!order.includes(name)) order.push(name);
      const child = fieldUi(root, (member.properties as JsonObject)[name], depth, insideSecret);
      const existing = Object.prototype.hasOwnProperty.call(ui, name) ? ui[name] : undefined;
      setOwn(ui, name, { ...(isObject(existing) ? existing : {}), ...child });
    }
  }
  for (const k of ["oneOf", "anyOf"] as const) {
    if (!Array.isArray(schema[k])) continue;
    const disc = findDiscriminator(schema[k] as unknown[], (n) => derefBundled(root, n));
    // The option selector already chooses the branch; the constant field would only repeat it.
    if (disc) {
      const existing = Object.prototype.hasOwnProperty.call(ui, disc.propertyName)
        ? ui[disc.propertyName]
        : undefined;
      setOwn(ui, disc.propertyName, {
        ...(isObject(existing) ? existing : {}),
        "ui:widget": "hidden",
      });
    }
  }
  if (isObject(schema.items)) ui.items = fieldUi(root, schema.items, depth, insideSecret);
  if (order.length > 1) ui["ui:order"] = [...order, "*"];
  return ui;
}

/**
 * The uiSchema of a bundled connection schema: field order, password and textarea widgets,
 * help and placeholders, hidden fields, and groups with the advanced one collapsed.
 */
export function buildUiSchema(root: JsonObject): JsonObject {
  const ui = objectUi(root, root, 0);
  const declared = groupsOf(root);
  const order = orderedProperties(root);
  const groups: UiGroup[] = declared.map((g) => ({
    id: g.id,
    title: g.title,
    fields: [],
    collapsed: g.id === "advanced",
  }));
  const byId = new Map(groups.map((g) => [g.id, g]));
  for (const name of order) {
    const id = groupOf((root.properties as JsonObject)[name]);
    let group = id ? byId.get(id) : undefined;
    if (!group && id) {
      group = {
        id,
        title: id.charAt(0).toUpperCase() + id.slice(1),
        fields: [],
        collapsed: id === "advanced",
      };
      groups.push(group);
      byId.set(id, group);
    }
    if (!group) {
      group = byId.get("general") ?? {
        id: "general",
        title: "General",
        fields: [],
        collapsed: false,
      };
      if (!byId.has("general")) {
        groups.unshift(group);
        byId.set("general", group);
      }
    }
    group.fields.push(name);
  }
  const nonEmpty = groups.filter((g) => g.fields.length > 0);
  if (nonEmpty.length > 0)
    ui["ui:options"] = {
      ...(isObject(ui["ui:options"]) ? ui["ui:options"] : {}),
      groups: nonEmpty,
    };
  return ui;
}
