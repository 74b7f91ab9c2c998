import { describe, expect, it } from "vitest";
import { tokenizeSql, type SqlDialect, type SqlToken } from "../src/index.js";

const w = (text: string): SqlToken => ({ kind: "word", text });
const id = (text: string): SqlToken => ({ kind: "ident", text });
const str = (text: string): SqlToken => ({ kind: "string", text });
const num = (text: string): SqlToken => ({ kind: "number", text });
const p = (text: string): SqlToken => ({ kind: "punct", text });

const cases: [name: string, { dialect: SqlDialect; sql: string; want: SqlToken[] }][] = [
  [
    "words keep their case",
    { dialect: "standard", sql: "Select x FROM t", want: [w("Select"), w("x"), w("FROM"), w("t")] },
  ],
  [
    "punctuation, one character each",
    {
      dialect: "standard",
      sql: "a.b(c,d);",
      want: [w("a"), p("."), w("b"), p("("), w("c"), p(","), w("d"), p(")"), p(";")],
    },
  ],
  ["numbers", { dialect: "standard", sql: "1 + 2.5e3", want: [num("1"), p("+"), num("2.5e3")] }],
  [
    "non-ASCII and $ inside words",
    { dialect: "standard", sql: "tëst a$b", want: [w("tëst"), w("a$b")] },
  ],
  [
    "standard: double quotes make identifiers, doubled quote inside",
    { dialect: "standard", sql: '"a ""b"""', want: [id('a "b"')] },
  ],
  [
    "standard: a string with a doubled quote",
    { dialect: "standard", sql: "'it''s' x", want: [str("'it''s'"), w("x")] },
  ],
  [
    "standard: -- and block comments",
    { dialect: "standard", sql: "a -- from b\nc /* join d */ e", want: [w("a"), w("c"), w("e")] },
  ],
  [
    "standard: backslash is an ordinary character in a string",
    { dialect: "standard", sql: "'a\\' b", want: [str("'a\\'"), w("b")] },
  ],
  [
    "standard: a backquote is punctuation",
    { dialect: "standard", sql: "`a`", want: [p("`"), w("a"), p("`")] },
  ],
  [
    "mysql: backquoted identifiers with a doubled backquote",
    { dialect: "mysql", sql: "`d``q`.`t`", want: [id("d`q"), p("."), id("t")] },
  ],
  [
    "mysql: double quotes make strings",
    { dialect: "mysql", sql: '"from `a`.`b`" x', want: [str('"from `a`.`b`"'), w("x")] },
  ],
  [
    "mysql: backslash escapes in strings",
    { dialect: "mysql", sql: "'a\\' from `x`' y", want: [str("'a\\' from `x`'"), w("y")] },
  ],
  ["mysql: # comments", { dialect: "mysql", sql: "a # from b\nc", want: [w("a"), w("c")] }],
  [
    "mysql: -- needs white space to start a comment",
    { dialect: "mysql", sql: "5--1 -- x\ny", want: [num("5"), p("-"), p("-"), num("1"), w("y")] },
  ],
  ["mysql: -- at the end", { dialect: "mysql", sql: "a --", want: [w("a")] }],
  [
    "sqlite: three identifier quotes",
    { dialect: "sqlite", sql: '"a""b" `c` [d e]', want: [id('a"b'), id("c"), id("d e")] },
  ],
  ["sqlite: ]] does not escape", { dialect: "sqlite", sql: "[a]]", want: [id("a"), p("]")] }],
  ["sqlite: # is punctuation", { dialect: "sqlite", sql: "a # b", want: [w("a"), p("#"), w("b")] }],
  [
    "an unterminated string runs to the end",
    { dialect: "standard", sql: "a 'b c", want: [w("a"), str("'b c")] },
  ],
  [
    "an unterminated identifier runs to the end",
    { dialect: "sqlite", sql: "[b c", want: [id("b c")] },
  ],
  [
    "an unterminated block comment runs to the end",
    { dialect: "standard", sql: "a /* b", want: [w("a")] },
  ],
];

describe("tokenizeSql", () => {
  it.each(cases)("%s", (_name, { dialect, sql, want }) => {
    expect(tokenizeSql(sql, dialect)).toEqual(want);
  });
});
