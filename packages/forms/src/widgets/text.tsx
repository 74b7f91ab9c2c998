/**
 * A one-line text input keeps what is pasted into it: text with line breaks (a PEM key, a
 * certificate, a JSON document) would lose them in an `<input>`, which strips line breaks
 * from its value. Such a paste goes into the value as is, and the field becomes a textarea
 * while its value has more than one line.
 */
import { useState, type ClipboardEvent, type ComponentType } from "react";
import type { WidgetProps } from "@rjsf/utils";
import { getDefaultRegistry } from "@rjsf/core";

const DefaultTextWidget = getDefaultRegistry().widgets.TextWidget;
const DefaultTextareaWidget = getDefaultRegistry().widgets.TextareaWidget;

export function hasLineBreak(value: unknown): value is string {
  return typeof value === "string" && /[\r\n]/.test(value);
}

/** Whether the field holds text (a string, or a string or null). */
export function holdsText(props: WidgetProps): boolean {
  const type = props.schema.type;
  return type === "string" || (Array.isArray(type) && type.includes("string"));
}

/**
 * A paste handler for a one-line input: pasted text with a line break replaces the selection
 * in `current` (the field's value) with the text as is, and `onPasted` is told.
 */
export function usePasteKeepingLines(current: string, onChange: (value: string) => void) {
  const [pasted, setPasted] = useState(false);
  const onPaste = (event: ClipboardEvent<HTMLInputElement>) => {
    const text = event.clipboardData.getData("text/plain");
    if (!hasLineBreak(text)) return;
    event.preventDefault();
    const input = event.currentTarget;
    const start = input.selectionStart ?? current.length;
    const end = input.selectionEnd ?? current.length;
    setPasted(true);
    onChange(current.slice(0, start) + text + current.slice(end));
  };
  return { onPaste, pasted };
}

/**
 * The schema without `examples`: RJSF turns them into a `<datalist>`, which gives a text input a
 * ▼ and makes it look like a select whose list is the whole choice. The first example is the
 * field's placeholder instead (the form config's `ui:placeholder`).
 */
export function withoutExamples(schema: WidgetProps["schema"]): WidgetProps["schema"] {
  if (!("examples" in schema)) return schema;
  const { examples: _examples, ...rest } = schema;
  return rest;
}

export function TextWidget(props: WidgetProps) {
  const current = typeof props.value === "string" ? props.value : "";
  const paste = usePasteKeepingLines(current, (value) => props.onChange(value));
  const schema = withoutExamples(props.schema);
  if (!holdsText(props)) return <DefaultTextWidget {...props} schema={schema} />;
  if (hasLineBreak(props.value))
    return (
      <DefaultTextareaWidget
        {...props}
        schema={schema}
        autofocus={props.autofocus || paste.pasted}
      />
    );
  return <DefaultTextWidget {...props} schema={schema} onPaste={paste.onPaste} />;
}

/** One of RJSF's own input widgets (URL, email, number) without the examples list. */
function noExampleList(Widget: ComponentType<WidgetProps>) {
  const Wrapped = (props: WidgetProps) => (
    <Widget {...props} schema={withoutExamples(props.schema)} />
  );
  Wrapped.displayName = `NoExampleList(${Widget.displayName ?? Widget.name ?? "Widget"})`;
  return Wrapped;
}

const defaults = getDefaultRegistry().widgets;
export const URLWidget = noExampleList(defaults.URLWidget as never);
export const EmailWidget = noExampleList(defaults.EmailWidget as never);
export const UpDownWidget = noExampleList(defaults.UpDownWidget as never);
