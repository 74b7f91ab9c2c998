/**
 * The SQL tokenizer every connector that reads SQL text (view definitions) uses: words, quoted
 * identifiers, string literals and single punctuation characters, with white space and
 * comments dropped. Dialects differ only in how they quote and comment.
 */

/**
 * standard: "identifiers", 'strings', -- and block comments (PostgreSQL).
 * mysql: `identifiers`, 'strings' and "strings" with backslash escapes, # and "-- " comments.
 * sqlite: "identifiers", `identifiers` and [identifiers], 'strings'.
 */
export type SqlDialect = "standard" | "mysql" | "sqlite";

export interface SqlToken {
  /**
   * word: a keyword or bare name, as written; number: a numeric literal; ident: a quoted
   * identifier, unquoted (`a``b` is a`b); string: a literal, as written with its quotes;
   * punct: one other character.
   */
  kind: "word" | "number" | "ident" | "string" | "punct";
  text: string;
}

interface Rules {
  /** Opening quote of an identifier → its closing quote. */
  identifierQuotes: Readonly<Record<string, string>>;
  stringQuotes: string;
  backslashEscapes: boolean;
  /** MySQL: `#` starts a comment, and `--` only when white space (or the end) follows. */
  mysqlComments: boolean;
}

const RULES: Readonly<Record<SqlDialect, Rules>> = {
  standard: {
    identifierQuotes: { '"': '"' },
    stringQuotes: "'",
    backslashEscapes: false,
    mysqlComments: false,
  },
  mysql: {
    identifierQuotes: { "`": "`" },
    stringQuotes: "'\"",
    backslashEscapes: true,
    mysqlComments: true,
  },
  sqlite: {
    identifierQuotes: { '"': '"', "`": "`", "[": "]" },
    stringQuotes: "'",
    backslashEscapes: false,
    mysqlComments: false,
  },
};

const WORD = /[A-Za-z0-9_$\u0080-\uffff]/;
const NUMBER = /[0-9A-Za-z_.]/;

export function tokenizeSql(sql: string, dialect: SqlDialect = "standard"): SqlToken[] {
  const rules = RULES[dialect];
  const tokens: SqlToken[] = [];
  let i = 0;
  const skipToLineEnd = () => {
    const end = sql.indexOf("\n", i);
    i = end < 0 ? sql.length : end;
  };
  while (i < sql.length) {
    const c = sql[i];
    const next = sql[i + 1];
    if (/\s/.test(c)) i++;
    else if (c === "/" && next === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (
      c === "-" &&
      next === "-" &&
      (!rules.mysqlComments || i + 2 >= sql.length || /\s/.test(sql[i + 2]))
    )
      skipToLineEnd();
    else if (c === "#" && rules.mysqlComments) skipToLineEnd();
    else if (rules.stringQuotes.includes(c)) {
      const start = i++;
      while (i < sql.length) {
        if (rules.backslashEscapes && sql[i] === "\\") i += 2;
        else if (sql[i] === c && sql[i + 1] === c) i += 2;
        else if (sql[i++] === c) break;
      }
      tokens.push({ kind: "string", text: sql.slice(start, Math.min(i, sql.length)) });
    } else if (Object.hasOwn(rules.identifierQuotes, c)) {
      const close = rules.identifierQuotes[c];
      // A doubled closing quote stands for itself, except for ] (SQLite has no escape there).
      const doubles = close !== "]";
      let text = "";
      i++;
      while (i < sql.length) {
        if (doubles && sql[i] === close && sql[i + 1] === close) {
          text += close;
          i += 2;
        } else if (sql[i] === close) {
          i++;
          break;
        } else text += sql[i++];
      }
      tokens.push({ kind: "ident", text });
    } else if (/[0-9]/.test(c)) {
      const start = i;
      while (i < sql.length && NUMBER.test(sql[i])) i++;
      tokens.push({ kind: "number", text: sql.slice(start, i) });
    } else if (WORD.test(c)) {
      const start = i;
      while (i < sql.length && WORD.test(sql[i])) i++;
      tokens.push({ kind: "word", text: sql.slice(start, i) });
    } else {
      tokens.push({ kind: "punct", text: c });
      i++;
    }
  }
  return tokens;
}
