/**
 * Where the import specifiers of a TypeScript module are written: every string after `from`,
 * after a bare `import`, and inside `import(…)` or `require(…)`, found by a scanner that skips
 * comments, strings, template literals and regular expressions (so an import quoted in a string or
 * a comment is not one). Which imports are values is esbuild's to say (see migration-module.ts);
 * this says where each one is written, so that it can be checked and rewritten in place.
 */

export interface ImportSpecifier {
  /** The module specifier, as written between the quotes. */
  specifier: string;
  /** Offsets of the string literal, quotes included. */
  start: number;
  end: number;
  /** 1-based line and column of the literal's opening quote. */
  line: number;
  column: number;
}

/** After these a `/` starts a regular expression; after anything else it divides. */
const BEFORE_REGEX_WORDS = new Set([
  "return",
  "typeof",
  "case",
  "do",
  "else",
  "in",
  "of",
  "new",
  "delete",
  "void",
  "throw",
  "instanceof",
  "yield",
  "await",
]);

type Token = { kind: "word" | "punct" | "string" | "other"; text: string; start: number };

function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++)
    if (text[i] === "\n") {
      line++;
      lineStart = i + 1;
    }
  return { line, column: offset - lineStart + 1 };
}

/** The import specifiers of a TypeScript module's text, in order. */
export function importSpecifiers(text: string): ImportSpecifier[] {
  const out: ImportSpecifier[] = [];
  const tokens: Token[] = [];
  // Open `${` of template literals: the brace depth at which each one closes.
  const templates: number[] = [];
  let depth = 0;
  let i = 0;
  const last = (n = 1) => tokens[tokens.length - n];
  const regexAllowed = () => {
    const t = last();
    if (!t) return true;
    if (t.kind === "word") return BEFORE_REGEX_WORDS.has(t.text);
    if (t.kind === "punct") return !/^[)\]}]$/.test(t.text);
    return false;
  };
  /** Skips a template literal's text from i (after its backquote or a `}` that closes a `${`). */
  const templateText = () => {
    while (i < text.length) {
      const ch = text[i];
      if (ch === "\\") i += 2;
      else if (ch === "`") {
        i++;
        return;
      } else if (ch === "$" && text[i + 1] === "{") {
        i += 2;
        templates.push(depth);
        depth++;
        return;
      } else i++;
    }
  };
  while (i < text.length) {
    const ch = text[i];
    const next = text[i + 1];
    if (/\s/.test(ch)) i++;
    else if (ch === "/" && next === "/") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (ch === "/" && next === "*") {
      const close = text.indexOf("*/", i + 2);
      i = close < 0 ? text.length : close + 2;
    } else if (ch === '"' || ch === "'") {
      const start = i;
      i++;
      while (i < text.length && text[i] !== ch && text[i] !== "\n") i += text[i] === "\\" ? 2 : 1;
      i++;
      const literal = text.slice(start, i);
      tokens.push({ kind: "string", text: literal, start });
      const [a, b] = [last(2), last(3)];
      const isSpecifier =
        (a?.kind === "word" && (a.text === "from" || a.text === "import")) ||
        (a?.text === "(" && b?.kind === "word" && (b.text === "import" || b.text === "require"));
      if (isSpecifier && !literal.slice(1, -1).includes("\\"))
        out.push({
          specifier: literal.slice(1, -1),
          start,
          end: i,
          ...position(text, start),
        });
    } else if (ch === "`") {
      tokens.push({ kind: "other", text: "`", start: i });
      i++;
      templateText();
    } else if (ch === "/" && regexAllowed()) {
      const start = i;
      i++;
      let inClass = false;
      while (i < text.length && text[i] !== "\n") {
        const c = text[i];
        if (c === "\\") i++;
        else if (c === "[") inClass = true;
        else if (c === "]") inClass = false;
        else if (c === "/" && !inClass) break;
        i++;
      }
      i++;
      while (i < text.length && /[a-z]/i.test(text[i])) i++;
      tokens.push({ kind: "other", text: text.slice(start, i), start });
    } else if (/[A-Za-z_$\d]/.test(ch)) {
      const start = i;
      while (i < text.length && /[\w$]/.test(text[i])) i++;
      // `x.import` and `import.meta` are not imports: a word after a dot is a property.
      const word = text.slice(start, i);
      tokens.push({ kind: last()?.text === "." ? "other" : "word", text: word, start });
    } else {
      if (ch === "{") depth++;
      else if (ch === "}") {
        depth--;
        if (templates.length > 0 && templates[templates.length - 1] === depth) {
          templates.pop();
          i++;
          templateText();
          tokens.push({ kind: "other", text: "`", start: i });
          continue;
        }
      }
      tokens.push({ kind: "punct", text: ch, start: i });
      i++;
    }
  }
  return out;
}
