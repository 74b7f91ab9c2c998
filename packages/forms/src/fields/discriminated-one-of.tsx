/**
 * A `oneOf` whose branches are told apart by a constant property (auth, tunnel, pagination):
 * a selector listing the branches by title, and the selected branch's fields below it.
 *
 * The selected branch is read from the discriminator's value: one lookup however many branches
 * there are, and no validation of the data against any branch (RJSF 6.11's own field also
 * short-cuts on a discriminator, after resolving every branch; `npm run bench` compares them).
 * Choosing another branch gives it what the user had in it before in this session (else its
 * defaults), plus the values of the fields both branches declare alike (a host typed once stays);
 * nothing only the branch left declares (its password, its key) is carried into the other.
 */
import { useId, useRef, type ChangeEvent } from "react";
import {
  getDiscriminatorFieldFromSchema,
  getUiOptions,
  type FieldProps,
  type RJSFSchema,
} from "@rjsf/utils";
import { getDefaultRegistry } from "@rjsf/core";

const DefaultOneOfField = getDefaultRegistry().fields.OneOfField;
const DefaultAnyOfField = getDefaultRegistry().fields.AnyOfField;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The constant a branch gives its discriminator (`const`, a one-value `enum`, or `default`). */
export function tagOf(option: RJSFSchema, property: string): unknown {
  const prop = isObject(option.properties) ? option.properties[property] : undefined;
  if (!isObject(prop)) return undefined;
  if ("const" in prop) return prop.const;
  if (Array.isArray(prop.enum) && prop.enum.length === 1) return prop.enum[0];
  return prop.default;
}

/**
 * The values of `data` (the branch being left) for the fields both branches declare with the
 * same type: what the user typed there stays typed (a host, a port). Fields only the branch left
 * has are not carried, so nothing of it is submitted with the other.
 */
export function sharedValues(
  data: unknown,
  from: RJSFSchema | undefined,
  to: RJSFSchema,
  discriminator: string,
): Json {
  if (!isObject(data) || !from || !isObject(from.properties) || !isObject(to.properties)) return {};
  const out: Json = {};
  for (const [key, value] of Object.entries(data)) {
    if (key === discriminator || value === undefined) continue;
    const a = from.properties[key];
    const b = to.properties[key];
    if (!isObject(a) || !isObject(b)) continue;
    if (JSON.stringify(a.type) !== JSON.stringify(b.type) || a.type === undefined) continue;
    out[key] = value;
  }
  return out;
}

export function DiscriminatedOneOfField(props: FieldProps) {
  const { schema, registry, formData, onChange, fieldPathId, uiSchema, disabled, readonly, name } =
    props;
  const selectId = `${useId()}-select`;
  // What the user had in each branch they left, by branch: restored when they come back to it
  // (this form session only; nothing of a branch left is submitted).
  const left = useRef(new Map<number, Json>());
  const property = getDiscriminatorFieldFromSchema(schema);
  const options = (props.options ?? []) as RJSFSchema[];
  const tags = property ? options.map((o) => tagOf(o, property)) : [];
  // Without a discriminator every branch would have to be tried: leave that to RJSF.
  if (!property || tags.some((t) => t === undefined)) return <PlainChoiceField {...props} />;

  const current = isObject(formData) ? formData[property] : undefined;
  const found = tags.findIndex((t) => t === current);
  const selected = found >= 0 ? found : current === undefined ? 0 : -1;
  const option = selected >= 0 ? options[selected] : undefined;
  const { schemaUtils, fields } = registry;
  const SchemaField = fields.SchemaField;
  const ui = getUiOptions(uiSchema, registry.globalUiOptions);
  const title = (typeof ui.title === "string" ? ui.title : undefined) ?? schema.title ?? name;
  const help = typeof ui.help === "string" ? ui.help : schema.description;
  const helpId = `${selectId}-help`;
  const branchUi = {
    ...uiSchema,
    "ui:options": { ...getUiOptions(uiSchema), onespecBranch: true },
  };

  const choose = (event: ChangeEvent<HTMLSelectElement>) => {
    const index = Number(event.target.value);
    if (index === selected || !options[index]) return;
    if (selected >= 0 && isObject(formData)) left.current.set(selected, formData);
    const defaults = schemaUtils.getDefaultFormState(
      options[index],
      undefined,
      "excludeObjectChildren",
    );
    const base = left.current.get(index) ?? (isObject(defaults) ? defaults : {});
    const next = {
      ...base,
      ...sharedValues(formData, option, options[index], property),
      [property]: tags[index],
    };
    onChange(next, fieldPathId.path, undefined, selectId);
  };

  let optionSchema: RJSFSchema | undefined;
  if (option) {
    optionSchema = schema.required
      ? { ...option, required: [...new Set([...(option.required ?? []), ...schema.required])] }
      : option;
  }
  // One option is no choice: its fields, under the field's title, with no selector.
  if (options.length === 1 && selected === 0 && optionSchema)
    return (
      <div className="onespec-oneof onespec-oneof-single" data-selector={fieldPathId.$id}>
        {ui.onespecSectionLabel !== true && <div className="control-label">{title}</div>}
        {help && <div className="help-block">{help}</div>}
        {optionSchema.type !== "null" && (
          <div className="onespec-oneof-branch">
            <SchemaField {...props} schema={optionSchema} uiSchema={branchUi} />
          </div>
        )}
      </div>
    );
  return (
    <div className="onespec-oneof" data-selector={fieldPathId.$id}>
      <label
        className={
          ui.onespecSectionLabel === true
            ? "control-label onespec-visually-hidden"
            : "control-label"
        }
        htmlFor={selectId}
      >
        {title}
      </label>
      <select
        id={selectId}
        className="form-control onespec-oneof-select"
        name={`${name}__oneof_select`}
        value={selected >= 0 ? String(selected) : ""}
        disabled={disabled || readonly}
        onChange={choose}
        aria-describedby={help ? helpId : undefined}
        data-discriminator={property}
      >
        {selected < 0 && <option value="">Unknown ({String(current)})</option>}
        {options.map((o, i) => (
          <option key={String(tags[i])} value={String(i)}>
            {o.title ?? String(tags[i])}
          </option>
        ))}
      </select>
      {help && (
        <div className="help-block" id={helpId}>
          {help}
        </div>
      )}
      {optionSchema && optionSchema.type !== "null" && (
        <div className="onespec-oneof-branch">
          <SchemaField {...props} schema={optionSchema} uiSchema={branchUi} />
        </div>
      )}
    </div>
  );
}

/**
 * RJSF's own oneOf/anyOf field (an option selector that tries the data against each branch),
 * in a container marked like the discriminated one: `data-selector` names the field whose
 * branch is chosen, for styling and for tests that go through every branch.
 */
export function PlainChoiceField(props: FieldProps) {
  const key = Array.isArray(props.schema.oneOf) ? "oneOf" : "anyOf";
  const Field = key === "oneOf" ? DefaultOneOfField : DefaultAnyOfField;
  const options = props.schema[key];
  // One option is no choice: RJSF would still show a selector. Its selector widget becomes
  // nothing, and the option keeps the field's own uiSchema (RJSF takes an option's from ui oneOf).
  if (Array.isArray(options) && options.length === 1) {
    const { "ui:widget": _widget, ...own } = (props.uiSchema ?? {}) as Record<string, unknown>;
    const given = (props.uiSchema as Record<string, unknown> | undefined)?.[key];
    const uiSchema = {
      ...own,
      "ui:widget": NoSelector,
      [key]: [Array.isArray(given) && given[0] ? given[0] : own],
    };
    return (
      <div className="onespec-choice onespec-choice-single" data-selector={props.fieldPathId.$id}>
        <Field {...props} uiSchema={uiSchema as never} />
      </div>
    );
  }
  return (
    <div className="onespec-choice" data-selector={props.fieldPathId.$id}>
      <Field {...props} />
    </div>
  );
}

/** The selector of a choice with one option: nothing to choose, nothing shown. */
function NoSelector(): null {
  return null;
}
