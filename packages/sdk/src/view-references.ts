/**
 * The relations a view definition reads, for lineage where the database keeps no dependency
 * catalog (SQLite) or only the definition text (MySQL's information_schema.VIEWS). Takes the
 * names after FROM and JOIN (past opening parentheses) and after a comma in a FROM list, skipping
 * subqueries, table functions, column references, strings and comments.
 */
import { tokenizeSql, type SqlDialect, type SqlToken } from "./sql-tokens.js";

/** A relation as the definition names it: `schema` only when it is qualified. */
export interface RelationReference {
  schema?: string;
  name: string;
}

/** Words that end a FROM list at its own depth. */
const END_FROM = new Set([
  "where",
  "group",
  "order",
  "having",
  "limit",
  "union",
  "intersect",
  "except",
  "window",
  "select",
  "values",
  "returning",
]);
const JOINS = new Set(["join", "straight_join"]);
/** Words that start a subquery where a relation could stand. */
const QUERIES = new Set(["select", "values", "with"]);

const isPunct = (t: SqlToken | undefined, text: string) => t?.kind === "punct" && t.text === text;
const isName = (t: SqlToken | undefined): t is SqlToken =>
  t?.kind === "ident" || (t?.kind === "word" && !QUERIES.has(t.text.toLowerCase()));

/** The relation named at `i` (after any opening parentheses), if a relation is named there. */
function relationAt(tokens: SqlToken[], i: number): RelationReference | undefined {
  while (isPunct(tokens[i], "(")) i++;
  const first = tokens[i];
  if (!isName(first)) return undefined;
  if (isPunct(tokens[i + 1], ".")) {
    const second = tokens[i + 2];
    // db.t.column is never a relation; schema.f(…) is a table function.
    if (!isName(second) || isPunct(tokens[i + 3], ".") || isPunct(tokens[i + 3], "("))
      return undefined;
    return { schema: first.text, name: second.text };
  }
  if (isPunct(tokens[i + 1], "(")) return undefined; // a table function
  return { name: first.text };
}

/** Every relation the definition names, once each, in order of first mention. */
export function viewReferences(
  definition: string,
  dialect: SqlDialect = "standard",
): RelationReference[] {
  const tokens = tokenizeSql(definition, dialect);
  const found: RelationReference[] = [];
  const seen = new Set<string>();
  // Parenthesis depths at which a FROM list is open.
  const fromAt: number[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const word = t.kind === "word" ? t.text.toLowerCase() : "";
    if (isPunct(t, "(")) depth++;
    else if (isPunct(t, ")")) {
      while (fromAt.length > 0 && fromAt.at(-1)! >= depth) fromAt.pop();
      depth--;
    }
    const inFrom = fromAt.at(-1) === depth;
    if (word === "from") fromAt.push(depth);
    else if (inFrom && END_FROM.has(word)) fromAt.pop();
    if (word !== "from" && !JOINS.has(word) && !(inFrom && isPunct(t, ","))) continue;
    const ref = relationAt(tokens, i + 1);
    if (!ref) continue;
    const key = `${ref.schema ?? ""}\u0000${ref.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    found.push(ref);
  }
  return found;
}
