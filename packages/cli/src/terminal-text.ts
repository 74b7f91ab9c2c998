/**
 * Text that came from a user's files (keys, values, names, lines of a file), shown on a terminal:
 * every character a terminal would act on, or that would hide or reorder what is shown, is
 * written as an escape instead.
 */

/** C0/C1 controls, DEL, bidi and other invisible format characters, line separators, lone surrogates. */
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** The same, less what JSON.stringify already escapes (C0 controls, lone surrogates). */
const UNSAFE_IN_JSON =
  /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;

function hex(c: string): string {
  return "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0");
}

/** Text from a config with every control or invisible character written as an escape (ESC → \u001b). */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, (c) =>
    c === "\n" ? "\\n" : c === "\r" ? "\\r" : c === "\t" ? "\\t" : hex(c),
  );
}

/** A message for a terminal: as escapeControls, but its own line breaks and tabs are kept. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => (c === "\n" || c === "\t" ? c : c === "\r" ? "\\r" : hex(c)));
}

/** The first `max` characters of a text, then "…" when there was more (never splits a surrogate pair). */
export function clip(text: string, max = 60): string {
  if (text.length <= max) return text;
  const end = /[\ud800-\udbff]/.test(text[max - 1]) ? max - 1 : max;
  return text.slice(0, end) + "…";
}

/** A key or value from a config, as shown in a message: quoted, escaped, at most 60 characters. */
export function quoted(text: string, max = 60): string {
  const short = clip(text, max);
  return JSON.stringify(short).replace(UNSAFE_IN_JSON, hex);
}

/** A JSON pointer as shown in a message: each token escaped and clipped. */
export function displayPointer(pointer: string): string {
  return pointer
    .split("/")
    .map((token) => escapeControls(clip(token)))
    .join("/");
}

/** JSON text with the characters JSON.stringify leaves raw (C1 controls, bidi, separators) escaped too. */
export function terminalSafeJson(json: string): string {
  return json.replace(UNSAFE_IN_JSON, hex);
}
