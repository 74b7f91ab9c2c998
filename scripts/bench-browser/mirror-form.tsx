/**
 * A copy of the `<Form>` that `<ConnectionForm>` (packages/forms/src/connection-form.tsx)
 * renders, with the same props, templates and widgets, except that the OneOfField is chosen by
 * the caller: ConnectionForm hardcodes DiscriminatedOneOfField, and the bench compares it with
 * RJSF's default. With `oneOf="discriminated"` it must time the same as ConnectionForm (the bench
 * prints both, so a drift of this copy shows).
 */
import { useImperativeHandle, useMemo, useRef } from "react";
import Form, { getDefaultRegistry, type IChangeEvent } from "@rjsf/core";
import type { RegistryFieldsType, ValidatorType } from "@rjsf/utils";
import {
  DiscriminatedOneOfField,
  MASK,
  fieldIdOf,
  focusField,
  friendlyErrors,
  trustMaskedSecrets,
  type Config,
  type ConnectionFormHandle,
  type ConnectorFormConfig,
} from "@onespec/forms";
import { ObjectFieldTemplate } from "../../packages/forms/src/templates/object.js";
import { ErrorSummary } from "../../packages/forms/src/templates/error-summary.js";
import { DescriptionField, FieldHelp } from "../../packages/forms/src/templates/descriptions.js";
import { SecretInputWidget, TextareaWidget } from "../../packages/forms/src/widgets/secret.js";
import { buttonTemplates } from "../../packages/forms/src/templates/buttons.js";
import { FieldTemplate } from "../../packages/forms/src/templates/field.js";

const discriminatedFields = { OneOfField: DiscriminatedOneOfField } as Partial<RegistryFieldsType>;
/** RJSF's own OneOfField (MultiSchemaField), named explicitly so the choice is visible. */
const rjsfFields = { OneOfField: getDefaultRegistry().fields.OneOfField } as Partial<RegistryFieldsType>;
const widgets = { PasswordWidget: SecretInputWidget, TextareaWidget };
const templates = {
  ObjectFieldTemplate,
  ErrorListTemplate: ErrorSummary,
  DescriptionFieldTemplate: DescriptionField,
  FieldHelpTemplate: FieldHelp,
  FieldTemplate,
  ButtonTemplates: buttonTemplates,
};

export function MirrorForm(props: { connector: ConnectorFormConfig; formData?: Config; oneOf: "discriminated" | "rjsf" }) {
  const { connector } = props;
  const mask = MASK;
  const idPrefix = "root";
  const validator = useMemo(() => trustMaskedSecrets(connector.createFormValidator(), mask), [connector, mask]);
  const formContext = useMemo(() => ({ mask }), [mask]);
  const form = useRef<Form<Config>>(null);
  const handle = useRef<ConnectionFormHandle>(null);
  useImperativeHandle(
    handle,
    () => ({
      validate: () => form.current?.validateForm() ?? false,
      config: () => form.current?.state.formData as Config | undefined,
    }),
    [],
  );
  return (
    <Form<Config>
      ref={form}
      className="onespec-connection-form"
      schema={connector.schema}
      uiSchema={connector.uiSchema}
      validator={validator as ValidatorType<Config>}
      formData={props.formData}
      formContext={formContext}
      fields={props.oneOf === "rjsf" ? rjsfFields : discriminatedFields}
      widgets={widgets}
      templates={templates}
      idPrefix={idPrefix}
      extraErrors={undefined}
      transformErrors={(errors, uiSchema) => friendlyErrors(errors, uiSchema)}
      showErrorList="top"
      noHtml5Validate
      focusOnFirstError={(error) => {
        focusField(fieldIdOf(error, idPrefix));
      }}
      onChange={(_event: IChangeEvent<Config>) => undefined}
      onSubmit={(_event: IChangeEvent<Config>) => undefined}
    >
      <button type="submit" className="btn btn-primary">
        Save
      </button>
    </Form>
  );
}
