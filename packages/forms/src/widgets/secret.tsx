/**
 * Secret fields: a password input (or, for PEM keys and certificates, a textarea whose text is
 * hidden) with a Show/Hide toggle. A secret pasted with line breaks into the password input (a
 * PEM key whose schema does not say `multiline`) keeps them: the field turns into the hidden
 * textarea while its value has more than one line. A value equal to the mask is a secret the server stores and
 * never sends: it shows as an empty field saying so, submitting it unchanged keeps the stored
 * value, typing replaces it, and "Remove" clears it.
 */
import { useState, type ChangeEvent } from "react";
import { ariaDescribedByIds, getTemplate, getUiOptions, type WidgetProps } from "@rjsf/utils";
import { getDefaultRegistry } from "@rjsf/core";
import { formContextOf } from "../context.js";
import { hasLineBreak, holdsText, usePasteKeepingLines } from "./text.js";

const DefaultTextareaWidget = getDefaultRegistry().widgets.TextareaWidget;

/** Show/Hide state, whether the value is a stored secret, and the buttons beside the field. */
function useSecret(props: WidgetProps) {
  const { id, value, registry, options, disabled, readonly, onChange } = props;
  const [shown, setShown] = useState(false);
  const stored = value === formContextOf(registry).mask;
  const controls = (
    <span className="onespec-secret-controls">
      {stored ? (
        <>
          <span className="onespec-secret-stored" id={`${id}__stored`}>
            Saved; leave empty to keep it
          </span>
          <button
            type="button"
            className="onespec-secret-remove"
            onClick={() => onChange(options.emptyValue)}
            disabled={Boolean(disabled || readonly)}
          >
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
          disabled={Boolean(disabled || readonly)}
        >
          {shown ? "Hide" : "Show"}
        </button>
      )}
    </span>
  );
  return {
    visible: shown && !stored,
    stored,
    controls,
    placeholder: stored ? "••••••••" : props.placeholder,
  };
}

export function SecretInputWidget(props: WidgetProps) {
  const { registry, options, value } = props;
  const secret = useSecret(props);
  const text = holdsText(props);
  const paste = usePasteKeepingLines(secret.stored || typeof value !== "string" ? "" : value, (v) =>
    props.onChange(v),
  );
  const BaseInputTemplate = getTemplate("BaseInputTemplate", registry, options);
  if (text && !secret.stored && hasLineBreak(value))
    return <SecretTextareaWidget {...props} autofocus={props.autofocus || paste.pasted} />;
  return (
    <div className="onespec-secret">
      <BaseInputTemplate
        {...props}
        type={secret.visible ? "text" : "password"}
        value={secret.stored ? "" : value}
        placeholder={secret.placeholder}
        options={{ ...options, autocomplete: "new-password" }}
        onPaste={text ? paste.onPaste : undefined}
      />
      {secret.controls}
    </div>
  );
}

/** A multi-line secret (a PEM key or certificate): text hidden until shown. */
export function SecretTextareaWidget(props: WidgetProps) {
  const { id, value, disabled, readonly, autofocus, onChange, onBlur, onFocus, options, uiSchema } =
    props;
  const secret = useSecret(props);
  const rows = getUiOptions(uiSchema).rows;
  const change = (event: ChangeEvent<HTMLTextAreaElement>) =>
    onChange(event.target.value === "" ? options.emptyValue : event.target.value);
  return (
    <div className="onespec-secret onespec-secret-multiline">
      <textarea
        id={id}
        name={id}
        className={`form-control${secret.visible ? "" : " onespec-masked"}`}
        value={secret.stored || value === undefined || value === null ? "" : String(value)}
        placeholder={secret.placeholder}
        required={props.required}
        disabled={disabled}
        readOnly={readonly}
        autoFocus={autofocus}
        rows={typeof rows === "number" ? rows : 5}
        spellCheck={false}
        autoComplete="off"
        aria-describedby={`${ariaDescribedByIds(id)}${secret.stored ? ` ${id}__stored` : ""}`}
        onChange={change}
        onBlur={(event) => onBlur(id, event.target.value)}
        onFocus={(event) => onFocus(id, event.target.value)}
      />
      {secret.controls}
    </div>
  );
}

/** The default textarea, or the secret one when the uiSchema marks the field `secret`. */
export function TextareaWidget(props: WidgetProps) {
  if (props.options.secret === true) return <SecretTextareaWidget {...props} />;
  return <DefaultTextareaWidget {...props} />;
}
