/**
 * Regular expressions written for other engines.
 *
 * JSON Schema's `pattern` (and a `patternProperties` key) is an ECMA-262 regular expression, and
 * the generated validators, forms and fixtures compile it with the unicode flag, as ajv does. Specs
 * shared with Java and Python tools carry their syntax too: `(?i)`, `(?U)`, `\A`, `\Z`. A pattern
 * is read, in this order:
 *
 * 1. as ECMA-262 with the unicode flag: used as it is (`ecma`);
 * 2. as ECMA-262 without it (Annex B): a construct that means the same in every engine is written
 *    the way the unicode flag accepts (`\-` outside a class is `-`; `[\w-.]` is `[\w\-.]`; a lone
 *    `{`, `}` or `]` is escaped) (`non-unicode`, a repair `check --fix` can make permanent);
 * 3. as Java or Python: inline flags and anchors with a faithful ECMA-262 equivalent are written
 *    out (`(?i)abc` is `[aA][bB][cC]`, `\A` is `^`) (`translated`);
 * 4. anything else is not validated: the pattern is kept as documentation (`documentation`, with
 *    the construct that has no ECMA-262 equivalent), unless it is not a regular expression in any
 *    of these dialects (`invalid`, with what is wrong).
 *
 * Only step 1 compiles the input directly. The others parse it once (`Reader`), writing the
 * pattern the unicode flag accepts, and the result is compiled before it is returned.
 */

export type PatternReading =
  /** Valid ECMA-262 with the unicode flag: used as written. */
  | { kind: "ecma" }
  /** ECMA-262 that only compiles without the unicode flag, rewritten to mean the same with it. */
  | { kind: "non-unicode"; pattern: string; notes: string[] }
  /** Java or Python syntax, translated to ECMA-262 that means the same. */
  | { kind: "translated"; pattern: string; notes: string[] }
  /** A construct with no faithful ECMA-262 equivalent (`cause`), and what to write instead (`hint`): kept as documentation, not validated. */
  | { kind: "documentation"; cause: string; hint: string }
  /** Not a regular expression in ECMA-262, Java or Python. */
  | { kind: "invalid"; error: string };

/** Why `new RegExp(pattern, "u")` refuses a pattern, or undefined when it compiles. */
export function unicodeRegexError(pattern: string): string | undefined {
  try {
    new RegExp(pattern, "u");
    return undefined;
  } catch (e) {
    return (e as Error).message.replace(/^Invalid regular expression: /, "");
  }
}

const cache = new Map<string, PatternReading>();

/** How onespec reads a pattern; see the module comment for the order. */
export function readPattern(pattern: string): PatternReading {
  let reading = cache.get(pattern);
  if (reading) return reading;
  reading =
    unicodeRegexError(pattern) === undefined ? { kind: "ecma" } : new Reader(pattern).read();
  if (cache.size > 10_000) cache.clear();
  cache.set(pattern, reading);
  return reading;
}

/**
 * The ECMA-262 pattern (unicode flag) the validators, forms and fixtures use for a pattern as
 * written: the pattern itself, its repair or its translation; undefined when it is not validated.
 */
export function effectivePattern(pattern: string): string | undefined {
  const reading = readPattern(pattern);
  return reading.kind === "ecma"
    ? pattern
    : reading.kind === "non-unicode" || reading.kind === "translated"
      ? reading.pattern
      : undefined;
}

// ---------------------------------------------------------------------------------------------

/** How far any construct looks ahead: group names, `\p{…}` names and quantifiers fit in it. */
const LOOKAHEAD = 256;
/** How many non-ASCII code points of a class range (?i) looks through for letters; beyond, it assumes some. */
const CASE_SCAN_LIMIT = 0x30000;

/** ECMA-262's SyntaxCharacter and `/`: escaped with a backslash in every engine. */
const SYNTAX = new Set([..."^$\\.*+?()[]{}|/"]);
/**
 * Java's `\w` with UNICODE_CHARACTER_CLASS, `(?U)`: `[\p{Alpha}\p{gc=Mn}\p{gc=Me}\p{gc=Mc}\p{Digit}\p{gc=Pc}\p{IsJoin_Control}]`.
 * Here and in `(?U)`'s `\d` and `\s` the ASCII ranges come first: they add nothing to what matches
 * (the properties hold them), but a string sampler that does not know `\p{…}` (randexp, in the
 * fixtures generator) draws from them and finds values that match.
 */
const UNICODE_WORD = String.raw`A-Za-z0-9_\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}`;
const UNICODE_DIGIT = String.raw`0-9\p{Nd}`;
const UNICODE_SPACE = String.raw`\t-\r \p{White_Space}`;
/** Escapes Java or Python give a meaning ECMA-262 has no faithful equivalent for here. */
const FOREIGN_ESCAPES: Record<string, string> = {
  G: "the end of the previous match (Java)",
  Q: "quoting up to \\E (Java)",
  E: "the end of \\Q quoting (Java)",
  h: "horizontal whitespace (Java)",
  H: "not horizontal whitespace (Java)",
  R: "any line break (Java)",
  X: "a grapheme cluster (Java)",
  N: "a named character (Python)",
  e: "the escape character (Java)",
  a: "the bell character (Java, Python)",
};

interface Flags {
  /** Case-insensitive (`i`). */
  i: boolean;
  /** `.` matches line breaks (`s`). */
  s: boolean;
  /** Java's UNICODE_CHARACTER_CLASS (`U`): `\w`, `\d`, `\s`, `\b` are Unicode's. */
  U: boolean;
  /** Case-insensitivity follows Unicode (`iu` in Java and Python, `iU` in Java). */
  unicodeCase: boolean;
}

/** Stops the reading: the syntax is wrong in every dialect. */
class Invalid {
  constructor(readonly error: string) {}
}
/** Stops the reading: what follows cannot be parsed once an unsupported construct is met. */
class Stop {}

type ClassItem = { kind: "char"; cp: number } | { kind: "set"; text: string };

class Reader {
  private pos = 0;
  private readonly repairs = new Set<string>();
  private readonly translations = new Set<string>();
  private unsupported?: { cause: string; hint: string };
  private readonly groups: number;
  private readonly names: Set<string>;
  /** The number of each Python named group, `(?P<name>…)`. */
  private readonly pythonGroups: Map<string, number>;
  private readonly lineAnchors: boolean;
  private readonly classEscapes: boolean;
  /** Something other than `^` has been read at the top level (global flags must come first). */
  private started = false;
  /** The flags of the top level: global inline flags change them. */
  private global: Flags = { i: false, s: false, U: false, unicodeCase: false };

  constructor(private readonly src: string) {
    const scan = prescan(src);
    this.groups = scan.groups;
    this.names = scan.names;
    this.pythonGroups = scan.pythonGroups;
    this.lineAnchors = scan.lineAnchors;
    this.classEscapes = scan.classEscapes;
  }

  read(): PatternReading {
    let out: string;
    try {
      out = this.disjunction(this.global, 0);
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- a sentinel caught below
      if (this.pos < this.src.length) throw new Invalid(`unmatched ")" at ${this.pos + 1}`);
    } catch (e) {
      if (e instanceof Stop) return { kind: "documentation", ...this.unsupported! };
      if (!(e instanceof Invalid)) throw e;
      // Wrong in every dialect onespec writes out; JavaScript without the unicode flag may still
      // take it, with a meaning nobody wrote on purpose.
      if (!nonUnicodeCompiles(this.src)) return { kind: "invalid", error: e.error };
      return {
        kind: "documentation",
        cause: `${e.error} (JavaScript without the unicode flag accepts it, with a meaning onespec cannot tell)`,
        hint: "Fix the pattern in ECMA-262 syntax.",
      };
    }
    if (this.unsupported !== undefined) return { kind: "documentation", ...this.unsupported };
    const error = unicodeRegexError(out);
    if (error !== undefined)
      return {
        kind: "documentation",
        cause: `onespec could not write it as an ECMA-262 pattern (${error})`,
        hint: "Write the pattern in ECMA-262 syntax, and report the pattern to onespec.",
      };
    if (this.translations.size === 0) {
      if (nonUnicodeCompiles(this.src))
        return { kind: "non-unicode", pattern: out, notes: [...this.repairs] };
      return { kind: "invalid", error: unicodeRegexError(this.src)! };
    }
    return { kind: "translated", pattern: out, notes: [...this.translations, ...this.repairs] };
  }

  // --- helpers ---------------------------------------------------------------------------

  private peek(offset = 0): string | undefined {
    return this.src[this.pos + offset];
  }

  /** What follows, as far as any construct needs to look ahead (so a long pattern is read in linear time). */
  private rest(): string {
    return this.src.slice(this.pos, this.pos + LOOKAHEAD);
  }

  /**
   * Records a construct without an ECMA-262 equivalent: what it is and why (`cause`), and what to
   * write instead (`hint`). The first one met is the one said.
   */
  private unsupportedHere(cause: string, hint: string, stop = false): void {
    this.unsupported ??= { cause, hint };
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- caught in read()
    if (stop) throw new Stop();
  }

  private invalid(message: string): never {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- caught in read()
    throw new Invalid(message);
  }

  // --- structure ---------------------------------------------------------------------------

  private disjunction(flags: Flags, depth: number): string {
    let out = this.alternative(flags, depth);
    while (this.peek() === "|") {
      this.pos++;
      if (depth === 0) this.started = true;
      out += "|" + this.alternative(depth === 0 ? this.global : flags, depth);
    }
    return out;
  }

  private alternative(outer: Flags, depth: number): string {
    let flags = outer;
    let out = "";
    while (this.pos < this.src.length && this.peek() !== "|" && this.peek() !== ")") {
      const group = /^\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?\)/.exec(this.rest());
      if (group) {
        // (?flags): the whole pattern when it comes first (Java and Python agree there).
        const written = group[0];
        if (group[1] === "" && (group[2] ?? "") === "")
          this.invalid(`"${written}" at ${this.pos + 1} is an empty group of flags`);
        this.pos += written.length;
        if (depth === 0 && !this.started)
          flags = this.global = this.applyFlags(flags, group[1], group[2] ?? "", written);
        else
          this.unsupportedHere(
            `the inline flags "${written}" after the start of the pattern: Java applies them from there on, Python to the whole pattern`,
            `Move "${written}" to the start if it applies to the whole pattern, or write the letters it concerns as classes ([aA]).`,
          );
        continue;
      }
      const c = this.peek()!;
      if (depth === 0 && c !== "^") this.started = true;
      out += this.term(flags, depth);
    }
    return out;
  }

  /** Applies `(?on-off)` to flags, noting what it became. */
  private applyFlags(flags: Flags, on: string, off: string, written: string): Flags {
    const next = { ...flags };
    const notes: string[] = [];
    for (const [letters, value] of [
      [on, true],
      [off, false],
    ] as const)
      for (const f of letters)
        switch (f) {
          case "i":
            next.i = value;
            if (value) notes.push("case-insensitive: letters are written as [aA] classes");
            break;
          case "s":
            next.s = value;
            if (value) notes.push('"." also matches line breaks: written as [\\s\\S]');
            break;
          case "U":
            next.U = value;
            next.unicodeCase = value || next.unicodeCase;
            if (value)
              notes.push(
                "Java's Unicode classes: \\w, \\d, \\s and \\b are written with Unicode properties",
              );
            break;
          case "u":
            if (this.classEscapes)
              this.unsupportedHere(
                `the inline flag "${written}" next to \\w, \\d, \\s or \\b: Java reads (?u) as Unicode case folding only, Python as Unicode classes`,
                `Drop "${written}" and write the classes meant: \\w for ASCII, \\p{L} and \\p{N} for any letter and digit.`,
              );
            next.unicodeCase = value;
            notes.push("Unicode case folding, which nothing here depends on beyond k and s");
            break;
          case "a":
            next.U = false;
            next.unicodeCase = false;
            notes.push("ASCII classes (Python), which is what ECMA-262 has");
            break;
          case "m":
            if (value && this.lineAnchors)
              this.unsupportedHere(
                `the inline flag "${written}" with ^ or $: Java and Python end lines at different characters`,
                `Drop "${written}" if values are one line (^ and $ then mean the same), or write the line starts out: (?<=^|\\n).`,
              );
            notes.push("^ and $ at line breaks, which nothing here uses");
            break;
          case "x":
            this.unsupportedHere(
              `the inline flag "${written}" (comments and free spacing)`,
              `Write the pattern without "${written}": remove the spaces and # comments it allowed.`,
            );
            break;
          case "d":
            this.unsupportedHere(
              `the inline flag "${written}" (Java's UNIX_LINES)`,
              `Drop "${written}" if no value holds a carriage return (it then changes nothing).`,
            );
            break;
          case "L":
            this.unsupportedHere(
              `the inline flag "${written}" (Python's locale-dependent matching)`,
              `Drop "${written}" and write the classes meant ([A-Za-z], \\p{L}).`,
            );
            break;
          default:
            this.invalid(`"${written}": "${f}" is not an inline flag of Java or Python`);
        }
    this.translations.add(
      `the inline flag${on.length + off.length === 1 ? "" : "s"} "${written}" (${notes.join("; ") || "turned off"})`,
    );
    return next;
  }

  /** One atom with its quantifier, or an assertion. */
  private term(flags: Flags, depth: number): string {
    const start = this.pos;
    const c = this.peek()!;
    let atom: string;
    let quantifiable = true;
    if (c === "^" || c === "$") {
      this.pos++;
      atom = c;
      quantifiable = false;
    } else if (c === "(") {
      const group = this.group(flags, depth);
      atom = group.text;
      quantifiable = group.quantifiable;
    } else if (c === "[") {
      atom = this.characterClass(flags);
    } else if (c === "\\") {
      const escape = this.escape(flags);
      atom = escape.text;
      quantifiable = escape.quantifiable;
    } else if (c === ".") {
      this.pos++;
      atom = flags.s ? String.raw`[\s\S]` : ".";
    } else if (c === "*" || c === "+" || c === "?") {
      this.invalid(`nothing to repeat before "${c}" at ${this.pos + 1}`);
    } else if (c === "{") {
      if (quantifierAt(this.src, this.pos))
        this.invalid(`nothing to repeat before "{" at ${this.pos + 1}`);
      this.pos++;
      this.repairs.add('a lone "{" is the character "{": written as \\{');
      atom = "\\{";
    } else if (c === "}" || c === "]") {
      this.pos++;
      this.repairs.add(`a lone "${c}" is the character "${c}": written as \\${c}`);
      atom = "\\" + c;
    } else {
      const cp = this.src.codePointAt(this.pos)!;
      this.pos += cp > 0xffff ? 2 : 1;
      atom = this.literal(cp, flags);
    }
    return atom + this.quantifier(quantifiable, this.src.slice(start, this.pos));
  }

  /** The quantifier after an atom (`written`, as in the pattern), if any. */
  private quantifier(quantifiable: boolean, written: string): string {
    const c = this.peek();
    let q: string | undefined;
    if (c === "*" || c === "+" || c === "?") q = c;
    else if (c === "{") {
      const m = quantifierAt(this.src, this.pos);
      if (m) {
        if (m.max !== undefined && m.min > m.max)
          this.invalid(`the quantifier "${m.text}" has its numbers out of order`);
        q = m.text;
      } else if (/^\{,\d+\}/.test(this.rest()))
        this.unsupportedHere(
          `"${/^\{,\d+\}/.exec(this.rest())![0]}": Python reads it as a repetition from 0, JavaScript as text`,
          "Write {0,n} for a repetition from 0, or \\{ for the text.",
        );
    }
    if (q === undefined) return "";
    if (!quantifiable) {
      if (this.src[this.pos - 1] === ")")
        this.unsupportedHere(
          "a repeated lookaround (only JavaScript without the unicode flag allows it)",
          "Remove the quantifier after the lookaround: it matches no text, so repeating it changes nothing.",
          true,
        );
      this.invalid(`nothing to repeat before "${q}" at ${this.pos + 1}`);
    }
    this.pos += q.length;
    if (this.peek() === "?") {
      this.pos++;
      q += "?";
    } else if (this.peek() === "+") {
      this.unsupportedHere(
        `the possessive quantifier in "${written}${q}+" (Java; Python 3.11)`,
        `Write "${written}${q}" for "${written}${q}+" if giving back characters never changes whether a value matches (it seldom does).`,
      );
      this.pos++;
    }
    return q;
  }

  private group(flags: Flags, depth: number): { text: string; quantifiable: boolean } {
    const rest = this.rest();
    const close = (open: string, inner: Flags, emit = open) => {
      this.pos += open.length;
      const body = this.disjunction(inner, depth + 1);
      if (this.peek() !== ")")
        this.invalid(`the group "${open}" opened at ${this.pos - body.length} is not closed`);
      this.pos++;
      return emit + body + ")";
    };
    if (!rest.startsWith("(?")) return { text: close("(", flags), quantifiable: true };
    if (rest.startsWith("(?:")) return { text: close("(?:", flags), quantifiable: true };
    for (const open of ["(?=", "(?!", "(?<=", "(?<!"])
      if (rest.startsWith(open)) return { text: close(open, flags), quantifiable: false };
    let m = /^\(\?<([A-Za-z_$][\w$]*)>/.exec(rest);
    if (m) return { text: close(m[0], flags), quantifiable: true };
    // Python's named groups: a name means nothing to whether a value matches, so they are
    // written as plain groups (numbered as in Python) and their backreferences by number, which
    // string samplers that know no named groups (randexp, in the fixtures generator) follow.
    m = /^\(\?P<([A-Za-z_][\w]*)>/.exec(rest);
    if (m) {
      this.translations.add(`Python's named group "(?P<${m[1]}>…)" (written as a plain group)`);
      return { text: close(m[0], flags, "("), quantifiable: true };
    }
    m = /^\(\?P=([A-Za-z_][\w]*)\)/.exec(rest);
    if (m) {
      const n = this.pythonGroups.get(m[1]);
      if (n === undefined) this.invalid(`"${m[0]}" refers to no group named "${m[1]}"`);
      if (flags.i)
        this.unsupportedHere(
          `the backreference "${m[0]}" under (?i)`,
          "Drop (?i), or write the group's letters as classes ([aA]) and leave the backreference case-sensitive if that is what is meant.",
        );
      this.pos += m[0].length;
      this.translations.add(`Python's backreference "${m[0]}" (written as "\\${n}")`);
      return { text: `\\${n}`, quantifiable: true };
    }
    if (rest.startsWith("(?#")) {
      const end = this.src.indexOf(")", this.pos);
      if (end < 0) this.invalid("the comment (?#… is not closed");
      this.translations.add("a comment (?#…) (dropped)");
      this.pos = end + 1;
      // An empty group only where a quantifier follows, which then repeats nothing, as in Python.
      return { text: /^[*+?{]/.test(this.rest()) ? "(?:)" : "", quantifiable: true };
    }
    if (rest.startsWith("(?>")) {
      this.unsupportedHere(
        'the atomic group "(?>…)" (Java; Python 3.11)',
        'Write "(?:…)" for "(?>…)" if giving back characters never changes whether a value matches (it seldom does).',
      );
      return { text: close("(?>", flags, "(?:"), quantifiable: true };
    }
    if (rest.startsWith("(?("))
      this.unsupportedHere(
        'the conditional group "(?(…)…|…)" (Python)',
        "Write the cases out as alternatives (a|b).",
        true,
      );
    m = /^\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?:/.exec(rest);
    if (m) {
      const inner = this.applyFlags(flags, m[1], m[2] ?? "", m[0] + "…)");
      return { text: close(m[0], inner, "(?:"), quantifiable: true };
    }
    this.invalid(
      `"${rest.slice(0, 4)}…" at ${this.pos + 1} is not a group in ECMA-262, Java or Python`,
    );
  }

  /** An escape outside a character class. */
  private escape(flags: Flags): { text: string; quantifiable: boolean } {
    const start = this.pos;
    const c = this.src[this.pos + 1];
    if (c === undefined) this.invalid("the pattern ends with a lone backslash");
    this.pos += 2;
    const written = this.src.slice(start, this.pos);
    switch (c) {
      case "d":
      case "D":
      case "s":
      case "S":
      case "w":
      case "W":
        return { text: flags.U ? unicodeClassEscape(c, false) : written, quantifiable: true };
      case "b":
      case "B":
        if (!flags.U) return { text: written, quantifiable: false };
        return {
          text:
            c === "b"
              ? `(?:(?<=[${UNICODE_WORD}])(?![${UNICODE_WORD}])|(?<![${UNICODE_WORD}])(?=[${UNICODE_WORD}]))`
              : `(?:(?<=[${UNICODE_WORD}])(?=[${UNICODE_WORD}])|(?<![${UNICODE_WORD}])(?![${UNICODE_WORD}]))`,
          quantifiable: false,
        };
      case "A":
        this.translations.add('"\\A" (the start of the input, written as "^")');
        return { text: "^", quantifiable: false };
      case "z":
        this.translations.add('"\\z" (the end of the input, written as "$")');
        return { text: "$", quantifiable: false };
      case "Z":
        this.translations.add(
          '"\\Z" (the end of the input, as in Python, written as "$"; Java\'s \\Z would also accept one final line break)',
        );
        return { text: "$", quantifiable: false };
    }
    if (c >= "1" && c <= "9") {
      const digits = /^\d+/.exec(this.src.slice(start + 1, start + 1 + LOOKAHEAD))![0];
      this.pos = start + 1 + digits.length;
      const n = Number(digits);
      if (n > this.groups)
        this.unsupportedHere(
          `"\\${digits}" refers to no group (there ${this.groups === 1 ? "is 1" : `are ${this.groups}`}); JavaScript without the unicode flag reads it as an octal escape`,
          `Write \\x${"HH"} for a character code, or the digit without a backslash.`,
        );
      else if (flags.i)
        this.unsupportedHere(
          `the backreference "\\${digits}" under (?i)`,
          "Drop (?i), or write the group's letters as classes ([aA]) and leave the backreference case-sensitive if that is what is meant.",
        );
      return { text: `\\${digits}`, quantifiable: true };
    }
    if (c === "k") {
      const m = /^\\k<([A-Za-z_$][\w$]*)>/.exec(this.src.slice(start, start + LOOKAHEAD));
      if (!m || !this.names.has(m[1]))
        this.unsupportedHere(
          `"${m?.[0] ?? "\\k"}" refers to no named group; JavaScript without the unicode flag reads it as "k"`,
          'Name the group "(?<name>…)", or write "k" without the backslash.',
        );
      else if (flags.i)
        this.unsupportedHere(
          `the backreference "${m[0]}" under (?i)`,
          "Drop (?i), or write the group's letters as classes ([aA]) and leave the backreference case-sensitive if that is what is meant.",
        );
      if (m) this.pos = start + m[0].length;
      return { text: m ? m[0] : "k", quantifiable: true };
    }
    const single = this.singleCharEscape(start, c, flags, false);
    return {
      text: single.kind === "char" ? this.literal(single.cp, flags) : single.text,
      quantifiable: true,
    };
  }

  /**
   * An escape that stands for one character (or a property class): `\n`, `\x41`, `\u{1F600}`,
   * `\cJ`, `\0`, `\p{L}`, `\-`. `this.pos` is after the escaped letter; it moves past the rest.
   */
  private singleCharEscape(start: number, c: string, flags: Flags, inClass: boolean): ClassItem {
    const after = this.src.slice(start, start + LOOKAHEAD);
    const simple: Record<string, number> = { n: 10, r: 13, t: 9, f: 12, v: 11 };
    if (c in simple) return { kind: "char", cp: simple[c] };
    if (c === "0") {
      if (/^\\0\d/.test(after))
        this.unsupportedHere(
          `the octal escape "${/^\\0\d+/.exec(after)![0]}"`,
          "Write the character as \\xHH.",
        );
      return { kind: "char", cp: 0 };
    }
    if (c === "c") {
      const m = /^\\c([A-Za-z])/.exec(after);
      if (!m) {
        this.unsupportedHere(
          '"\\c" without a control letter',
          "Write \\cA … \\cZ, or \\\\c for a backslash and a c.",
        );
        return { kind: "set", text: "c" };
      }
      this.pos = start + 3;
      return { kind: "char", cp: m[1].toUpperCase().charCodeAt(0) - 64 };
    }
    if (c === "x") {
      let m = /^\\x([0-9a-fA-F]{2})/.exec(after);
      if (m) {
        this.pos = start + 4;
        return { kind: "char", cp: parseInt(m[1], 16) };
      }
      m = /^\\x\{([0-9a-fA-F]{1,6})\}/.exec(after);
      if (m && parseInt(m[1], 16) <= 0x10ffff) {
        this.pos = start + m[0].length;
        this.translations.add(`Java's "${m[0]}" (written as "\\u{${m[1]}}")`);
        return { kind: "char", cp: parseInt(m[1], 16) };
      }
      this.unsupportedHere(
        '"\\x" without two hex digits (JavaScript without the unicode flag reads it as "x")',
        "Write \\xHH, \\u{H…}, or x without the backslash.",
      );
      return { kind: "set", text: "x" };
    }
    if (c === "u") {
      let m = /^\\u([0-9a-fA-F]{4})/.exec(after);
      if (m) {
        this.pos = start + 6;
        let cp = parseInt(m[1], 16);
        const low = /^\\u(d[c-f][0-9a-f]{2})/i.exec(this.src.slice(this.pos, this.pos + 6));
        if (cp >= 0xd800 && cp <= 0xdbff && low) {
          cp = 0x10000 + ((cp - 0xd800) << 10) + (parseInt(low[1], 16) - 0xdc00);
          this.pos += 6;
        }
        return { kind: "char", cp };
      }
      m = /^\\u\{([0-9a-fA-F]+)\}/.exec(after);
      if (m && parseInt(m[1], 16) <= 0x10ffff) {
        this.pos = start + m[0].length;
        return { kind: "char", cp: parseInt(m[1], 16) };
      }
      this.unsupportedHere(
        '"\\u" without four hex digits (JavaScript without the unicode flag reads it as "u")',
        "Write \\uHHHH, \\u{H…}, or u without the backslash.",
      );
      return { kind: "set", text: "u" };
    }
    if (c === "p" || c === "P") {
      const m = /^\\[pP](?:\{([^}]*)\}|([A-Za-z]))/.exec(after);
      if (!m) {
        this.unsupportedHere(
          `"\\${c}" without a property name`,
          `Write \\${c}{L}, \\${c}{Nd} or another Unicode property, or ${c} without the backslash.`,
        );
        return { kind: "set", text: c };
      }
      this.pos = start + m[0].length;
      const name = m[1] ?? m[2];
      const text = `\\${c}{${name}}`;
      if (unicodeRegexError(text) !== undefined)
        this.unsupportedHere(
          `"${m[0]}", a class with no ECMA-262 property of that name (Java's POSIX and java* classes have none)`,
          "Use an ECMA-262 property (\\p{L}, \\p{Lu}, \\p{Nd}, …) or a class such as [A-Za-z].",
        );
      else if (flags.i)
        this.unsupportedHere(
          `the property class "${m[0]}" under (?i)`,
          `Drop (?i) where "${m[0]}" is, or name the case-free property meant (\\p{L} for \\p{Lu} and \\p{Ll}).`,
        );
      else if (m[2] !== undefined) this.translations.add(`Java's "${m[0]}" (written as "${text}")`);
      return { kind: "set", text };
    }
    if (SYNTAX.has(c) || (inClass && c === "-")) return { kind: "char", cp: c.charCodeAt(0) };
    if (/[A-Za-z]/.test(c)) {
      const known = FOREIGN_ESCAPES[c];
      this.unsupportedHere(
        known
          ? `the escape "\\${c}", ${known}`
          : `"\\${c}", which is not an escape in ECMA-262 with the unicode flag, Java or Python (JavaScript without the unicode flag reads it as "${c}")`,
        known
          ? `Write what "\\${c}" stands for in ECMA-262 syntax, or leave it out.`
          : `Write "${c}" without the backslash if the letter is meant.`,
      );
      return { kind: "set", text: c };
    }
    if (/[0-9]/.test(c)) {
      this.unsupportedHere(
        `"\\${c}" in a character class (JavaScript without the unicode flag reads it as an octal escape)`,
        "Write the character as \\xHH, or the digit without a backslash.",
      );
      return { kind: "set", text: c };
    }
    // An identity escape of a character that needs none: the same character everywhere.
    const cp = this.src.codePointAt(start + 1)!;
    this.pos = start + 1 + (cp > 0xffff ? 2 : 1);
    const ch = String.fromCodePoint(cp);
    this.repairs.add(`"\\${ch}" is the character "${ch}" (the unicode flag refuses the backslash)`);
    return { kind: "char", cp };
  }

  /** A literal character outside a class, with its other case under (?i). */
  private literal(cp: number, flags: Flags): string {
    if (flags.i) {
      const variants = this.caseVariants(cp, flags);
      if (variants.length > 1) return "[" + variants.map(classChar).join("") + "]";
    }
    return outerChar(cp);
  }

  private caseVariants(cp: number, flags: Flags): number[] {
    const ch = String.fromCodePoint(cp);
    if (/[A-Za-z]/.test(ch)) {
      const out = [ch.toLowerCase().charCodeAt(0), ch.toUpperCase().charCodeAt(0)];
      if (flags.unicodeCase && (ch === "k" || ch === "K")) out.push(0x212a);
      if (flags.unicodeCase && (ch === "s" || ch === "S")) out.push(0x17f);
      return out;
    }
    if (cp >= 0x80 && isCased(cp))
      this.unsupportedHere(
        `(?i) on the non-ASCII letter "${ch}": Java matches its other case only with (?iu), Python always, and onespec writes out ASCII letters only`,
        `Write both cases of "${ch}" in a class ([${ch.toLowerCase()}${ch.toUpperCase()}]).`,
      );
    return [cp];
  }

  private characterClass(flags: Flags): string {
    const open = this.pos;
    this.pos++;
    let negated = false;
    if (this.peek() === "^") {
      negated = true;
      this.pos++;
    }
    if (this.peek() === "]")
      this.unsupportedHere(
        `"${negated ? "[^]" : "[]"}" at ${open + 1}: Java and Python read a "]" right after "[" as a character, JavaScript as the end of an empty class`,
        'Write "\\]" for a "]" at the start of a class.',
        true,
      );
    const items: string[] = [];
    const extra: string[] = [];
    const addRange = (lo: number, hi: number) => {
      items.push(lo === hi ? classChar(lo) : `${classChar(lo)}-${classChar(hi)}`);
      if (flags.i) extra.push(...this.caseRanges(lo, hi, flags));
    };
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.invalid(`the character class opened at ${open + 1} is not closed`);
      if (c === "]") {
        this.pos++;
        break;
      }
      if (c === "[")
        this.unsupportedHere(
          '"[" inside a character class: Java reads a nested class, JavaScript and Python the character "["',
          'Write "\\[" for the character, or the classes as alternatives ([a-d]|[m-p]) for a union.',
        );
      if (c === "&" && this.peek(1) === "&")
        this.unsupportedHere(
          '"&&" inside a character class: Java reads an intersection, JavaScript and Python two "&"',
          "Write the intersection as one class, or with a lookahead: (?![aeiou])[a-z].",
        );
      const first = this.classAtom(flags);
      if (this.peek() === "-" && this.peek(1) !== "]" && this.peek(1) !== undefined) {
        this.pos++;
        const second = this.classAtom(flags);
        if (first.kind === "char" && second.kind === "char") {
          if (first.cp > second.cp)
            this.invalid(
              `the class range "${String.fromCodePoint(first.cp)}-${String.fromCodePoint(second.cp)}" is out of order`,
            );
          addRange(first.cp, second.cp);
          continue;
        }
        // [\w-.]: next to a class escape, "-" is the character "-" (JavaScript without the unicode flag, Java).
        this.repairs.add(
          '"-" next to a class escape such as \\w in a character class is the character "-": written as \\-',
        );
        for (const item of [first, { kind: "char", cp: 45 } as ClassItem, second]) {
          if (item.kind === "char") addRange(item.cp, item.cp);
          else items.push(item.text);
        }
        continue;
      }
      if (first.kind === "char") addRange(first.cp, first.cp);
      else items.push(first.text);
    }
    return "[" + (negated ? "^" : "") + items.join("") + extra.join("") + "]";
  }

  private classAtom(flags: Flags): ClassItem {
    const c = this.peek()!;
    if (c !== "\\") {
      const cp = this.src.codePointAt(this.pos)!;
      this.pos += cp > 0xffff ? 2 : 1;
      return { kind: "char", cp };
    }
    const start = this.pos;
    const e = this.src[this.pos + 1];
    if (e === undefined) this.invalid("the pattern ends with a lone backslash");
    this.pos += 2;
    if ("dDsSwW".includes(e)) {
      if (!flags.U) return { kind: "set", text: `\\${e}` };
      if (e === "W")
        this.unsupportedHere(
          '"\\W" inside a character class under (?U) (ECMA-262 cannot negate a union of properties there)',
          "Write the class without \\W, as an alternative: (?:[^\\w…]|…).",
        );
      return { kind: "set", text: unicodeClassEscape(e, true) };
    }
    if (e === "b") return { kind: "char", cp: 8 };
    if (e === "B" || e === "A" || e === "Z" || e === "z" || e === "k") {
      this.unsupportedHere(
        `"\\${e}" inside a character class`,
        `Write "${e}" without the backslash if the letter is meant.`,
      );
      return { kind: "set", text: e };
    }
    return this.singleCharEscape(start, e, flags, true);
  }

  /** The other case of the ASCII letters in a class range under (?i). */
  private caseRanges(lo: number, hi: number, flags: Flags): string[] {
    const out: string[] = [];
    const overlap = (a: number, b: number, shift: number) => {
      const from = Math.max(lo, a);
      const to = Math.min(hi, b);
      if (from <= to)
        out.push(
          from === to
            ? classChar(from + shift)
            : `${classChar(from + shift)}-${classChar(to + shift)}`,
        );
    };
    overlap(97, 122, -32);
    overlap(65, 90, 32);
    if (flags.unicodeCase) {
      if ((lo <= 107 && hi >= 107) || (lo <= 75 && hi >= 75)) out.push(classChar(0x212a));
      if ((lo <= 115 && hi >= 115) || (lo <= 83 && hi >= 83)) out.push(classChar(0x17f));
    }
    const from = Math.max(lo, 0x80);
    for (let cp = from; cp <= hi; cp++)
      if (cp - from > CASE_SCAN_LIMIT || isCased(cp)) {
        this.unsupportedHere(
          `(?i) on the class range "${String.fromCodePoint(lo)}-${String.fromCodePoint(hi)}", which holds non-ASCII letters: Java matches their other case only with (?iu), Python always, and onespec writes out ASCII letters only`,
          "List both cases of the non-ASCII letters in the class, and drop (?i) there.",
        );
        break;
      }
    return out;
  }
}

/** `\d`, `\s`, `\w` and their negations under Java's (?U), outside a class or as class items. */
function unicodeClassEscape(c: string, inClass: boolean): string {
  switch (c) {
    case "d":
      return inClass ? UNICODE_DIGIT : `[${UNICODE_DIGIT}]`;
    case "D":
      return String.raw`\P{Nd}`;
    case "s":
      return inClass ? UNICODE_SPACE : `[${UNICODE_SPACE}]`;
    case "S":
      return String.raw`\P{White_Space}`;
    case "w":
      return inClass ? UNICODE_WORD : `[${UNICODE_WORD}]`;
    default:
      return `[^${UNICODE_WORD}]`;
  }
}

function isCased(cp: number): boolean {
  const ch = String.fromCodePoint(cp);
  return ch.toLowerCase() !== ch.toUpperCase() || ch.toLowerCase() !== ch;
}

/** A character outside a class, escaped where the unicode flag needs it. */
function outerChar(cp: number): string {
  const ch = String.fromCodePoint(cp);
  if (SYNTAX.has(ch)) return "\\" + ch;
  return printable(cp) ?? ch;
}

/** A character inside a class, escaped where the unicode flag needs it. */
function classChar(cp: number): string {
  const ch = String.fromCodePoint(cp);
  if (ch === "\\" || ch === "]" || ch === "[" || ch === "-" || ch === "^") return "\\" + ch;
  return printable(cp) ?? ch;
}

/** Control characters, line separators and the like are written as escapes, so the pattern stays readable. */
function printable(cp: number): string | undefined {
  if (
    cp < 0x20 ||
    cp === 0x7f ||
    (cp >= 0x80 && cp < 0xa0) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    (cp >= 0xd800 && cp <= 0xdfff) ||
    cp === 0x212a ||
    cp === 0x17f
  )
    return cp === 10
      ? "\\n"
      : cp === 13
        ? "\\r"
        : cp === 9
          ? "\\t"
          : `\\u${cp.toString(16).padStart(4, "0")}`;
  return undefined;
}

/** A quantifier in braces at `at`: `{n}`, `{n,}`, `{n,m}`. */
function quantifierAt(
  src: string,
  at: number,
): { text: string; min: number; max?: number } | undefined {
  const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(at, at + LOOKAHEAD));
  if (!m) return undefined;
  return {
    text: m[0],
    min: Number(m[1]),
    max: m[2] === undefined ? Number(m[1]) : m[3] === "" ? undefined : Number(m[3]),
  };
}

function nonUnicodeCompiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

/** Capture groups, group names, and whether the pattern uses ^/$ or \w-like escapes, from one pass. */
function prescan(src: string): {
  groups: number;
  names: Set<string>;
  pythonGroups: Map<string, number>;
  lineAnchors: boolean;
  classEscapes: boolean;
} {
  let groups = 0;
  const names = new Set<string>();
  const pythonGroups = new Map<string, number>();
  let lineAnchors = false;
  let classEscapes = false;
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === "\\") {
      if ("dDsSwWbB".includes(src[i + 1] ?? "") && !(inClass && /[bB]/.test(src[i + 1])))
        classEscapes = true;
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") {
      inClass = true;
      if (src[i + 1] === "^") i++;
      if (src[i + 1] === "]") i++;
    } else if (c === "^" || c === "$") lineAnchors = true;
    else if (c === "(") {
      const m = /^\((?:\?(P)?<([A-Za-z_$][\w$]*)>|(?!\?))/.exec(src.slice(i, i + LOOKAHEAD));
      if (m) {
        groups++;
        if (m[2] && m[1]) pythonGroups.set(m[2], groups);
        else if (m[2]) names.add(m[2]);
      }
    }
  }
  return { groups, names, pythonGroups, lineAnchors, classEscapes };
}
