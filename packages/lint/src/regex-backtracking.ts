/**
 * Finds the regular-expression shapes that make a backtracking engine (ajv's, JavaScript's)
 * take exponential time on a near-miss: a repeated group whose body can itself repeat without
 * a mandatory delimiter, as in `(a+)+`, `(\w+\s?)*` or `(a|aa)+`. Such a pattern lets one input
 * be split between the inner and outer repetition in exponentially many ways. A heuristic: it
 * looks at the pattern's structure, not at what the classes match.
 */

interface Group {
  /** The body can repeat by itself (an unbounded quantifier inside that nothing mandatory follows). */
  trailingRepeat: boolean;
  /** The source of that trailing repeated atom. */
  trailingAtom?: string;
  /** The character the body must start with, when it starts with a literal. */
  firstLiteral?: string;
  /** Nothing has been read in the body yet. */
  empty: boolean;
  /** Something that must match (a literal, a class, a group) came after the last inner repeat. */
  hasAlternation: boolean;
  alternatives: string[];
  start: number;
}

/** The quantifier at `i` and its length, or undefined; `unbounded` for *, + and {n,}. */
function quantifierAt(
  p: string,
  i: number,
): { length: number; unbounded: boolean; optional: boolean } | undefined {
  const c = p[i];
  let length: number;
  let unbounded: boolean;
  let optional: boolean;
  if (c === "*" || c === "+" || c === "?") {
    length = 1;
    unbounded = c !== "?";
    optional = c !== "+";
  } else if (c === "{") {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i));
    if (!m) return undefined;
    length = m[0].length;
    unbounded = m[2] !== undefined && (m[3] === "" || Number(m[3]) > 16);
    optional = m[1] === "0";
  } else return undefined;
  if (p[i + length] === "?" || p[i + length] === "+") length++; // lazy or possessive marker
  return { length, unbounded, optional };
}

/** Where in `pattern` a nested repetition starts (the offending group's index), or undefined. */
export function catastrophicBacktracking(pattern: string): number | undefined {
  const stack: Group[] = [
    { trailingRepeat: false, hasAlternation: false, alternatives: [], start: -1, empty: true },
  ];
  let branchStart = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    const top = stack[stack.length - 1];
    let atomEnd = i + 1;
    let group: Group | undefined;
    if (c === "\\") atomEnd = i + 2;
    else if (c === "[") {
      let j = i + 1;
      if (pattern[j] === "^") j++;
      if (pattern[j] === "]") j++;
      while (j < pattern.length && pattern[j] !== "]") j += pattern[j] === "\\" ? 2 : 1;
      atomEnd = j + 1;
    } else if (c === "(") {
      stack.push({
        trailingRepeat: false,
        hasAlternation: false,
        alternatives: [],
        start: i,
        empty: true,
      });
      branchStart =
        i + (/^\(\?(?:[:=!]|<[=!]|<[A-Za-z]\w*>)/.exec(pattern.slice(i))?.[0].length ?? 1);
      i = branchStart - 1; // past "(?:", "(?=", "(?<name>" …
      continue;
    } else if (c === "|") {
      top.hasAlternation = true;
      top.alternatives.push(pattern.slice(branchStart, i));
      top.trailingRepeat = false;
      branchStart = i + 1;
      continue;
    } else if (c === ")") {
      group = stack.pop();
      if (!group || stack.length === 0) return undefined; // unbalanced: the loader reports it
      group.alternatives.push(pattern.slice(branchStart, i));
    } else if (c === "^" || c === "$") continue;
    const q = quantifierAt(pattern, atomEnd);
    const parent = stack[stack.length - 1];
    if (group) {
      // The same text matched by two alternatives, or a body that repeats by itself, repeated;
      // unless each round must start with a character the repeating part cannot match, as the
      // "&" in (&[a-z]+=[^&]*)* or the "/" in (\/\w+)+: then there is one way to split a value.
      const ambiguousAlternatives =
        group.hasAlternation && new Set(group.alternatives).size < group.alternatives.length;
      const prefixAlternatives =
        group.hasAlternation &&
        group.alternatives.some(
          (a, k) => a !== "" && group.alternatives.some((b, l) => l !== k && b.startsWith(a)),
        );
      const delimited =
        !group.hasAlternation &&
        group.firstLiteral !== undefined &&
        group.trailingAtom !== undefined &&
        !matches(group.trailingAtom, group.firstLiteral);
      if (
        q?.unbounded &&
        ((group.trailingRepeat && !delimited) || ambiguousAlternatives || prefixAlternatives)
      )
        return group.start;
      parent.trailingRepeat = q ? q.unbounded || group.trailingRepeat : group.trailingRepeat && !q;
      if (!q && !group.trailingRepeat) parent.trailingRepeat = false;
      if (parent.trailingRepeat)
        parent.trailingAtom = group.trailingAtom ?? pattern.slice(group.start, atomEnd);
      parent.empty = false;
    } else {
      const atom = pattern.slice(i, atomEnd);
      if (parent.empty && !q && (c === "\\" ? /^\\[^\w]$|^\\[nrtf]$/.test(atom) : !/[.[]/.test(c)))
        parent.firstLiteral = c === "\\" ? unescapeLiteral(atom) : c;
      parent.empty = false;
      if (q) {
        if (q.unbounded) {
          parent.trailingRepeat = true;
          parent.trailingAtom = atom;
        }
        // an optional bounded atom (x? or x{0,3}) keeps an earlier repeat trailing
      } else parent.trailingRepeat = false;
    }
    i = atomEnd - 1 + (q?.length ?? 0);
  }
  return undefined;
}

function unescapeLiteral(atom: string): string {
  return { "\\n": "\n", "\\r": "\r", "\\t": "\t", "\\f": "\f" }[atom] ?? atom.slice(1);
}

/** Whether the atom (a class, an escape, a character, a group) can match the character. */
function matches(atom: string, char: string): boolean {
  try {
    return new RegExp(`^(?:${atom})`, "u").test(char);
  } catch {
    return true; // unsure: count it as ambiguous
  }
}
