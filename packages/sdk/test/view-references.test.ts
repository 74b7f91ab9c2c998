import { describe, expect, it } from "vitest";
import { viewReferences, type RelationReference, type SqlDialect } from "../src/index.js";

const t = (name: string, schema?: string): RelationReference =>
  schema === undefined ? { name } : { schema, name };

const cases: [name: string, { dialect: SqlDialect; sql: string; want: RelationReference[] }][] = [
  ["one table", { dialect: "sqlite", sql: "SELECT * FROM a", want: [t("a")] }],
  [
    "joins of every kind",
    {
      dialect: "sqlite",
      sql: "select x from a join b on a.id = b.id left join c using (id)",
      want: [t("a"), t("b"), t("c")],
    },
  ],
  [
    "a FROM list with aliases and a schema",
    {
      dialect: "sqlite",
      sql: "SELECT * FROM a, b AS bb, main.c WHERE a.x = 1",
      want: [t("a"), t("b"), t("c", "main")],
    },
  ],
  [
    "quoted names of every quote",
    {
      dialect: "sqlite",
      sql: 'SELECT * FROM "odd name" JOIN [br] JOIN `bt`',
      want: [t("odd name"), t("br"), t("bt")],
    },
  ],
  [
    "a subquery in the select list",
    {
      dialect: "sqlite",
      sql: "SELECT (SELECT max(y) FROM inner_t) AS m FROM outer_t",
      want: [t("inner_t"), t("outer_t")],
    },
  ],
  [
    "a derived table",
    {
      dialect: "sqlite",
      sql: "SELECT * FROM (SELECT * FROM deep) AS d JOIN other",
      want: [t("deep"), t("other")],
    },
  ],
  [
    "strings and comments",
    {
      dialect: "sqlite",
      sql: "SELECT 'from fake' AS s, x -- from commented\nFROM real_t /* join hidden */",
      want: [t("real_t")],
    },
  ],
  [
    "a CTE (its name is a reference; the caller knows which names are relations)",
    {
      dialect: "sqlite",
      sql: "WITH w AS (SELECT * FROM base) SELECT * FROM w",
      want: [t("base"), t("w")],
    },
  ],
  [
    "a union",
    { dialect: "sqlite", sql: "SELECT * FROM a UNION SELECT * FROM b", want: [t("a"), t("b")] },
  ],
  [
    "a parenthesised join",
    { dialect: "sqlite", sql: "SELECT * FROM (a JOIN b ON a.i = b.i)", want: [t("a"), t("b")] },
  ],
  [
    "commas after WHERE are not a FROM list",
    { dialect: "sqlite", sql: "SELECT * FROM a WHERE x IN (1, 2) ORDER BY x, y", want: [t("a")] },
  ],
  [
    "a table function is not a relation",
    { dialect: "sqlite", sql: "SELECT * FROM json_each(x) JOIN t", want: [t("t")] },
  ],
  [
    "a name once, however often it is read",
    { dialect: "sqlite", sql: "SELECT * FROM a JOIN a AS b", want: [t("a")] },
  ],
  [
    "mysql's normalised definition: nested joins, straight_join, escapes, strings",
    {
      dialect: "mysql",
      sql:
        "select `x`.`id` AS `id`,(select count(0) from `t1`.`a`) AS `c` from ((`t1`.`a` `x` join `t1`.`b` `y` on(`x`.`id` = `y`.`id`)) " +
        "left join (select `t1`.`c`.`id` AS `id` from `t1`.`c`) `w` on(`w`.`id` = `x`.`id`)) straight_join `t2`.`d``q` " +
        "where `x`.`s` <> 'from `t1`.`zz`' and `x`.`s` <> 'it''s from `t1`.`yy`'",
      want: [t("a", "t1"), t("b", "t1"), t("c", "t1"), t("d`q", "t2")],
    },
  ],
  [
    "mysql: a comma list with aliases",
    {
      dialect: "mysql",
      sql: "select 1 AS `1` from `db`.`a` `a`, `db`.`b` as `b`",
      want: [t("a", "db"), t("b", "db")],
    },
  ],
  [
    "mysql: db.table.column is not a relation",
    { dialect: "mysql", sql: "select 1 from `db`.`t`.`c`", want: [] },
  ],
  [
    "mysql: a string in double quotes hides its FROM",
    { dialect: "mysql", sql: 'select "from `a`.`b`" AS `s` from `db`.`t`', want: [t("t", "db")] },
  ],
  [
    "standard: a schema-qualified table function is not a relation",
    { dialect: "standard", sql: 'SELECT * FROM s.f(1) JOIN "S"."T" ON true', want: [t("T", "S")] },
  ],
];

describe("viewReferences", () => {
  it.each(cases)("%s", (_name, { dialect, sql, want }) => {
    expect(viewReferences(sql, dialect)).toEqual(want);
  });
});
