/**
 * Every field as RJSF lays it out, except a discriminated oneOf: its selector carries the
 * field's label and help itself, so they are not printed a second time around it.
 */
import { getDiscriminatorFieldFromSchema, type FieldTemplateProps } from "@rjsf/utils";
import { getDefaultRegistry } from "@rjsf/core";

const DefaultFieldTemplate = getDefaultRegistry().templates.FieldTemplate;

export function FieldTemplate(props: FieldTemplateProps) {
  if (Array.isArray(props.schema.oneOf) && getDiscriminatorFieldFromSchema(props.schema)) {
    return <DefaultFieldTemplate {...props} displayLabel={false} description={undefined} help={undefined} rawDescription={undefined} />;
  }
  return <DefaultFieldTemplate {...props} />;
}
