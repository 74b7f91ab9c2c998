/**
 * An array as RJSF lays it out, with an "Add" button that names what it adds ("Add include
 * pattern", not "Add item" on every array of the form): the items' own title when they have
 * one, else the array's title in the singular.
 */
import { getUiOptions, type ArrayFieldTemplateProps } from "@rjsf/utils";
import { getDefaultRegistry } from "@rjsf/core";

const DefaultArrayFieldTemplate = getDefaultRegistry().templates.ArrayFieldTemplate;

/** "Include Patterns" → "include pattern"; "Policies" → "policy"; "SQL Queries" → "SQL query". */
export function singularLabel(title: string): string {
  const words = title.trim().split(/\s+/);
  const last = words.pop() ?? "";
  const singular = /ies$/i.test(last)
    ? last.replace(/ies$/i, (m) => (m === "IES" ? "Y" : "y"))
    : /sses$/i.test(last)
      ? last.slice(0, -2)
      : /[^siu]s$/i.test(last)
        ? last.slice(0, -1)
        : last;
  const out = [...words, singular];
  // Lower-case what is not an acronym, so the label reads as words after "Add".
  return out.map((w) => (/^[A-Z0-9]{2,}$/.test(w) ? w : w.toLowerCase())).join(" ");
}

/** The Add button's words for an array field. */
export function addLabel(props: Pick<ArrayFieldTemplateProps, "schema" | "title" | "uiSchema">): string {
  const items = props.schema.items;
  const itemTitle =
    items && typeof items === "object" && !Array.isArray(items) && typeof items.title === "string"
      ? items.title
      : undefined;
  const ui = getUiOptions(props.uiSchema);
  const title = (typeof ui.title === "string" ? ui.title : undefined) ?? props.title;
  if (itemTitle) return `Add ${singularLabel(itemTitle)}`;
  return title ? `Add ${singularLabel(title)}` : "Add item";
}

export function ArrayFieldTemplate(props: ArrayFieldTemplateProps) {
  const options = (props.uiSchema?.["ui:options"] ?? {}) as Record<string, unknown>;
  const uiSchema = { ...props.uiSchema, "ui:options": { ...options, onespecAdd: addLabel(props) } };
  return <DefaultArrayFieldTemplate {...props} uiSchema={uiSchema} />;
}
