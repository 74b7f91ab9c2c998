/**
 * Lays out the declarations json-schema-to-typescript prints unformatted: each line indented
 * two spaces per open `{` or `[`, JSDoc continuation lines one more space, members and one-line
 * aliases ended with `;`. Formatting by construction, so generate runs no formatter (prettier was most of a
 * cold run's time). Brackets inside strings and comments do not count.
 */
export function layOutDeclarations(code: string): string {
  const out: string[] = [];
  let depth = 0;
  let inComment = false;
  for (const raw of code.split("\n")) {
    const line = raw.trim();
    if (line === "") {
      out.push("");
      continue;
    }
    if (inComment || line.startsWith("/*")) {
      // A comment line: "/**" at the current depth, " * …" and " */" one space in.
      const pad = "  ".repeat(depth) + (line.startsWith("*") ? " " : "");
      out.push(pad + line);
      inComment = !line.endsWith("*/") || (line.startsWith("/*") && line === "/*");
      if (line.startsWith("/*") && line.endsWith("*/") && line.length > 3) inComment = false;
      continue;
    }
    const { opens, closes, leadingCloses } = brackets(line);
    const indent = Math.max(0, depth - leadingCloses);
    const after = Math.max(0, depth + opens - closes);
    const open = /[{[(,;|&=]$/.test(line) || line.startsWith("|");
    // A member (or the close of a nested type) inside a type ends with ";", as does a one-line alias.
    const semi =
      !open && (after > 0 || (depth === 0 && opens === closes && line.startsWith("export type ")))
        ? ";"
        : "";
    out.push("  ".repeat(indent) + unwrapParens(line) + semi);
    depth = Math.max(0, depth + opens - closes);
  }
  return out.join("\n");
}

/** Brackets opened and closed on a line of code (outside string literals), and how many it starts by closing. */
function brackets(line: string): { opens: number; closes: number; leadingCloses: number } {
  let opens = 0;
  let closes = 0;
  let leadingCloses = 0;
  let leading = true;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") {
      quote = c;
      leading = false;
    } else if (c === "/" && line[i + 1] === "/") break;
    else if (c === "{" || c === "[") {
      opens++;
      leading = false;
    } else if (c === "}" || c === "]") {
      closes++;
      if (leading) leadingCloses++;
    } else if (c !== " ") leading = false;
  }
  return { opens, closes, leadingCloses };
}

/** `a: (B | C)` → `a: B | C`: the parentheses json-schema-to-typescript puts around a whole member type. */
function unwrapParens(line: string): string {
  // Most lines do not end in `)` or `);`: no need to try the pattern (its `.*?` backtracks).
  const end = line.endsWith(";") ? line.length - 2 : line.length - 1;
  if (line[end] !== ")") return line;
  const m = /^(.*?(?::|=) )\((.*)\)(;?)$/.exec(line);
  if (!m) return line;
  const inner = m[2];
  // Only when the outer pair encloses everything: the inner text never closes more than it opens.
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "(") depth++;
    else if (c === ")" && --depth < 0) return line;
  }
  return quote || depth !== 0 ? line : `${m[1]}${inner}${m[3]}`;
}
