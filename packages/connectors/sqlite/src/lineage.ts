/**
 * Table references in a SQL query, for view lineage where the database keeps no dependency
 * catalog (SQLite). Tokenises the statement (strings, comments and quoted identifiers
 * understood) and takes the names that follow FROM or JOIN, or a comma in a FROM list.
 * Names are returned as written (unquoted), with a schema prefix (`main.t`) dropped.
 */
/** Words that end a FROM list at its own depth. */
const END_FROM = new Set([
  "where", "group", "order", "having", "limit", "union", "intersect", "except", "window",
  "select", "values", "returning",
]);

type Token = { kind: "word" | "ident" | "punct"; text: string };

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (/\s/.test(c)) i++;
    else if (c === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      i = end < 0 ? sql.length : end;
    } else if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (c === "'") {
      i++;
      while (i < sql.length && !(sql[i] === "'" && sql[i + 1] !== "'")) i += sql[i] === "'" ? 2 : 1;
      i++;
      tokens.push({ kind: "punct", text: "'" });
    } else if (c === '"' || c === "`" || c === "[") {
      const close = c === "[" ? "]" : c;
      let text = "";
      i++;
      while (i < sql.length) {
        if (sql[i] === close && sql[i + 1] === close && close !== "]") {
          text += close;
          i += 2;
        } else if (sql[i] === close) {
          i++;
          break;
        } else text += sql[i++];
      }
      tokens.push({ kind: "ident", text });
    } else if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      let j = i + 1;
      while (j < sql.length && /[A-Za-z0-9_$\u0080-\uffff]/.test(sql[j]!)) j++;
      tokens.push({ kind: "word", text: sql.slice(i, j) });
      i = j;
    } else {
      tokens.push({ kind: "punct", text: c });
      i++;
    }
  }
  return tokens;
}

export function referencedTables(sql: string): string[] {
  const tokens = tokenize(sql);
  const found = new Set<string>();
  // Parenthesis depths at which a FROM list is open.
  const fromAt: number[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const word = t.kind === "word" ? t.text.toLowerCase() : "";
    if (t.text === "(") depth++;
    else if (t.text === ")") {
      while (fromAt.length && fromAt[fromAt.length - 1]! >= depth) fromAt.pop();
      depth--;
    }
    const inFrom = fromAt.length > 0 && fromAt[fromAt.length - 1] === depth;
    if (word === "from") fromAt.push(depth);
    else if (inFrom && END_FROM.has(word)) fromAt.pop();
    const takesName = word === "from" || word === "join" || (inFrom && t.text === ",");
    if (!takesName) continue;
    const next = tokens[i + 1];
    if (!next || next.kind === "punct") continue; // a subquery or a table-valued expression
    if (next.kind === "word" && next.text.toLowerCase() === "select") continue;
    const qualified = tokens[i + 2]?.text === "." && tokens[i + 3] && tokens[i + 3]!.kind !== "punct";
    found.add(qualified ? tokens[i + 3]!.text : next.text);
  }
  return [...found];
}
