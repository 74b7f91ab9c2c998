/**
 * The generated uiSchema repeats each field's description as `ui:help`. A plain field shows it
 * once, as help under the input; an object (a section) shows it once, as a description under
 * its heading.
 */
import type { DescriptionFieldProps, FieldHelpProps } from "@rjsf/utils";
import { getDefaultRegistry } from "@rjsf/core";

const defaults = getDefaultRegistry().templates;

/**
 * A field that holds others: an object (a section), a choice, or an array, whose description
 * belongs under its title, before its items and its Add button, not under all of them.
 */
function isContainer(schema: {
  type?: unknown;
  oneOf?: unknown;
  anyOf?: unknown;
  properties?: unknown;
  items?: unknown;
}): boolean {
  return (
    schema.type === "object" ||
    schema.type === "array" ||
    schema.items !== undefined ||
    schema.properties !== undefined ||
    schema.oneOf !== undefined ||
    schema.anyOf !== undefined
  );
}

export function DescriptionField(props: DescriptionFieldProps) {
  const help = props.uiSchema?.["ui:help"];
  if (!isContainer(props.schema) && typeof help === "string" && help === props.description) return null;
  return <defaults.DescriptionFieldTemplate {...props} />;
}

export function FieldHelp(props: FieldHelpProps) {
  if (isContainer(props.schema)) return null;
  return <defaults.FieldHelpTemplate {...props} />;
}
