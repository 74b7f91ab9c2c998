/**
 * `<ConnectionForm connector={…} />`: a connector's connection form, rendered by @rjsf/core
 * from the generated form config (bundled schema, uiSchema, precompiled validator; no schema is
 * compiled in the browser).
 */
import { useImperativeHandle, useMemo, useRef, type ReactNode, type Ref } from "react";
import Form from "@rjsf/core";
import type { IChangeEvent } from "@rjsf/core";
import type {
  RegistryFieldsType,
  RJSFSchema,
  RJSFValidationError,
  UiSchema,
  ValidatorType,
} from "@rjsf/utils";
import { MASK } from "@onespec/runtime";
import { friendlyErrors, trustMaskedSecrets } from "./errors.js";
import { withSchemaFallback } from "./validator.js";
import { reportTakenBranches } from "./branch-errors.js";
import { withFieldTitles, withSectionLabels } from "./labels.js";
import { fieldIdOf, focusField } from "./focus.js";
import { DiscriminatedOneOfField, PlainChoiceField } from "./fields/discriminated-one-of.js";
import { ObjectFieldTemplate } from "./templates/object.js";
import { ErrorSummary } from "./templates/error-summary.js";
import { DescriptionField, FieldHelp } from "./templates/descriptions.js";
import { SecretInputWidget, TextareaWidget } from "./widgets/secret.js";
import { EmailWidget, TextWidget, UpDownWidget, URLWidget } from "./widgets/text.js";
import { ArrayFieldTemplate } from "./templates/array.js";
import { buttonTemplates } from "./templates/buttons.js";
import { FieldTemplate } from "./templates/field.js";
import type { OnespecFormContext } from "./context.js";

/** What a generated `connectors/<name>/form.ts` exports. */
export interface ConnectorFormConfig {
  schema: RJSFSchema;
  uiSchema: UiSchema;
  createFormValidator(): ValidatorType;
}

export type Config = Record<string, unknown>;

export interface ConnectionFormHandle {
  /** Validates what is in the form, shows the errors, and says whether it is valid. */
  validate(): boolean;
  /** The current config (stored secrets still masked). */
  config(): Config | undefined;
}

export interface ConnectionFormProps {
  connector: ConnectorFormConfig;
  /** Initial config, e.g. a saved connection as the server sends it (secrets masked). */
  formData?: Config;
  /** The placeholder the server puts where a stored secret is (default "********"). */
  mask?: string;
  onSubmit?: (config: Config) => void;
  /**
   * A submit the form refused, with its problems (already shown in the summary and inline). A
   * page with fields of its own outside the form checks them here too, so every problem shows
   * in the same round.
   */
  onError?: (errors: RJSFValidationError[]) => void;
  onChange?: (config: Config | undefined) => void;
  /** Problems found elsewhere (the server), shown like the form's own. */
  extraErrors?: RJSFValidationError[];
  /** Buttons to show instead of the default "Save". */
  children?: ReactNode;
  disabled?: boolean;
  /** RJSF fields to use instead of (or besides) onespec's, e.g. your own `OneOfField`. */
  fields?: RegistryFieldsType;
  /** Prefix of every field id (default "root"). */
  idPrefix?: string;
  ref?: Ref<ConnectionFormHandle>;
}

const defaultFields: RegistryFieldsType = {
  OneOfField: DiscriminatedOneOfField,
  AnyOfField: PlainChoiceField,
};
const widgets = {
  PasswordWidget: SecretInputWidget,
  TextareaWidget,
  TextWidget,
  URLWidget,
  EmailWidget,
  UpDownWidget,
};
const templates = {
  ObjectFieldTemplate,
  ArrayFieldTemplate,
  ErrorListTemplate: ErrorSummary,
  DescriptionFieldTemplate: DescriptionField,
  FieldHelpTemplate: FieldHelp,
  FieldTemplate,
  ButtonTemplates: buttonTemplates,
};

export function ConnectionForm(props: ConnectionFormProps) {
  const { connector, mask = MASK, idPrefix = "root" } = props;
  const validator = useMemo(
    () =>
      trustMaskedSecrets(
        reportTakenBranches(withSchemaFallback(connector.createFormValidator())),
        mask,
      ),
    [connector, mask],
  );
  const formContext = useMemo<OnespecFormContext>(() => ({ mask }), [mask]);
  // Fields without a title are labelled from their key, in the form and in its messages alike.
  const uiSchema = useMemo(
    () =>
      withSectionLabels(connector.schema, withFieldTitles(connector.schema, connector.uiSchema)),
    [connector.schema, connector.uiSchema],
  );
  const form = useRef<Form<Config>>(null);
  const fields = useMemo(
    () => (props.fields ? { ...defaultFields, ...props.fields } : defaultFields),
    [props.fields],
  );

  useImperativeHandle(
    props.ref,
    () => ({
      validate: () => form.current?.validateForm() ?? false,
      config: () => form.current?.state.formData,
    }),
    [],
  );

  const extraErrorSchema = useMemo(() => {
    if (!props.extraErrors?.length) return undefined;
    const schema: Record<string, unknown> = {};
    for (const error of props.extraErrors) {
      let node = schema;
      for (const part of (error.property ?? "").split(".").filter(Boolean)) {
        node = (node[part] ??= {}) as Record<string, unknown>;
      }
      ((node.__errors ??= []) as string[]).push(error.message ?? "is invalid");
    }
    return schema;
  }, [props.extraErrors]);

  return (
    <Form<Config>
      ref={form}
      className="onespec-connection-form"
      schema={connector.schema}
      uiSchema={uiSchema}
      validator={validator as ValidatorType<Config>}
      formData={props.formData}
      formContext={formContext}
      fields={fields}
      widgets={widgets}
      templates={templates}
      idPrefix={idPrefix}
      disabled={props.disabled}
      extraErrors={extraErrorSchema as never}
      transformErrors={(errors, uiSchema) => friendlyErrors(errors, uiSchema, connector.schema)}
      showErrorList="top"
      noHtml5Validate
      focusOnFirstError={(error) => {
        focusField(fieldIdOf(error, idPrefix));
      }}
      // The summary and the inline errors show what failed; without a handler RJSF would log it.
      onError={(errors) => props.onError?.(errors)}
      onChange={(event: IChangeEvent<Config>) => props.onChange?.(event.formData)}
      onSubmit={(event: IChangeEvent<Config>) => props.onSubmit?.(event.formData as Config)}
    >
      {props.children ?? (
        <button type="submit" className="btn btn-primary">
          Save
        </button>
      )}
    </Form>
  );
}
