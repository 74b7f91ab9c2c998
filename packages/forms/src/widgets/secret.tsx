/**
 * Secret fields: a password input (or, for PEM keys and certificates, a textarea whose text is
 * hidden) with a Show/Hide toggle. A value equal to the mask is a secret the server stores and
 * never sends: it shows as an empty field saying so, submitting it unchanged keeps the stored
 * value, typing replaces it, and "Remove" clears it.
 */
import { useState, type ChangeEvent } from "react";
import { ariaDescribedByIds, getTemplate, getUiOptions, type WidgetProps } from "@rjsf/utils";
import { getDefaultRegistry } from "@rjsf/core";
import { formContextOf } from "../context.js";

const DefaultTextareaWidget = getDefaultRegistry().widgets.TextareaWidget;

function SecretControls(props: {
  id: string;
  shown: boolean;
  setShown: (shown: boolean) => void;
  stored: boolean;
  onRemove: () => void;
  disabled: boolean;
}) {
  const { id, shown, setShown, stored, onRemove, disabled } = props;
  return (
    <span className="onespec-secret-controls">
      {stored ? (
        <>
          <span className="onespec-secret-stored" id={`${id}__stored`}>
            Saved; leave empty to keep it
          </span>
          <button type="button" className="onespec-secret-remove" onClick={onRemove} disabled={disabled}>
            Remove
          </button>
        </>
      ) : (
        <button
          type="button"
          className="onespec-secret-toggle"
          aria-controls={id}
          aria-pressed={shown}
          aria-label={shown ? "Hide value" : "Show value"}
          onClick={() => setShown(!shown)}
          disabled={disabled}
        >
          {shown ? "Hide" : "Show"}
        </button>
      )}
    </span>
  );
}

export function SecretInputWidget(props: WidgetProps) {
  const { id, value, registry, options, disabled, readonly, onChange } = props;
  const [shown, setShown] = useState(false);
  const { mask } = formContextOf(registry);
  const stored = value === mask;
  const BaseInputTemplate = getTemplate("BaseInputTemplate", registry, options);
  return (
    <div className="onespec-secret">
      <BaseInputTemplate
        {...props}
        type={shown && !stored ? "text" : "password"}
        value={stored ? "" : value}
        placeholder={stored ? "••••••••" : props.placeholder}
        options={{ ...options, autocomplete: "new-password" }}
      />
      <SecretControls
        id={id}
        shown={shown}
        setShown={setShown}
        stored={stored}
        onRemove={() => onChange(options.emptyValue)}
        disabled={Boolean(disabled || readonly)}
      />
    </div>
  );
}

/** A multi-line secret (a PEM key or certificate): text hidden until shown. */
export function SecretTextareaWidget(props: WidgetProps) {
  const { id, value, registry, disabled, readonly, autofocus, onChange, onBlur, onFocus, options, uiSchema } = props;
  const [shown, setShown] = useState(false);
  const { mask } = formContextOf(registry);
  const stored = value === mask;
  const rows = typeof getUiOptions(uiSchema).rows === "number" ? (getUiOptions(uiSchema).rows as number) : 5;
  const change = (event: ChangeEvent<HTMLTextAreaElement>) =>
    onChange(event.target.value === "" ? options.emptyValue : event.target.value);
  return (
    <div className="onespec-secret onespec-secret-multiline">
      <textarea
        id={id}
        name={id}
        className={`form-control${shown && !stored ? "" : " onespec-masked"}`}
        value={stored || value === undefined || value === null ? "" : String(value)}
        placeholder={stored ? "••••••••" : props.placeholder}
        required={props.required}
        disabled={disabled}
        readOnly={readonly}
        autoFocus={autofocus}
        rows={rows}
        spellCheck={false}
        autoComplete="off"
        aria-describedby={`${ariaDescribedByIds(id)}${stored ? ` ${id}__stored` : ""}`}
        onChange={change}
        onBlur={(event) => onBlur(id, event.target.value)}
        onFocus={(event) => onFocus(id, event.target.value)}
      />
      <SecretControls
        id={id}
        shown={shown}
        setShown={setShown}
        stored={stored}
        onRemove={() => onChange(options.emptyValue)}
        disabled={Boolean(disabled || readonly)}
      />
    </div>
  );
}

/** The default textarea, or the secret one when the uiSchema marks the field `secret`. */
export function TextareaWidget(props: WidgetProps) {
  if (props.options.secret === true) return <SecretTextareaWidget {...props} />;
  return <DefaultTextareaWidget {...props} />;
}
