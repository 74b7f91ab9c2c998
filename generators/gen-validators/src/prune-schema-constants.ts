/**
 * ajv's standalone code keeps a schema as a constant of the module (`const schema31 = {…}`) when
 * its code reads a part of it, such as an enum's values (`schema31.properties.mode.enum`): the
 * whole schema, descriptions, examples and every other property included. Such a constant is
 * built when the module loads, so a validator paid at start-up for text it never reads (a fifth
 * of the bytes of the Airbyte corpus's validators). This keeps of each constant only what the
 * code reads: the value at the end of each property path that follows the constant's name. A
 * constant named without a path, or along a path its value does not have (`.length` of an
 * array), keeps that value whole; so do the parts the code reads of a kept value.
 */

import { setOwn } from "@onespec/core";

// Skipped as they are: regular-expression literals after `=` (as renumber.ts), strings and
// comments; then a constant's declaration, and a name with the property path read from it.
const TOKENS =
  /=\s*\/(?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\[\n])+\/[a-z]*|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\/\*[\s\S]*?\*\/|\bconst (schema\d+) = |\b(schema\d+)\b((?:\.[A-Za-z_$][\w$]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\])*)/g;
const SEGMENT = /\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;

/** The parts of a value the code reads: the whole of it, or some of its members. */
interface Reads {
  whole: boolean;
  members: Map<string, Reads>;
}

const newReads = (): Reads => ({ whole: false, members: new Map() });

function segmentsOf(path: string): string[] {
  const out: string[] = [];
  for (const m of path.matchAll(SEGMENT)) out.push(m[1] ?? m[2] ?? (JSON.parse(m[3]) as string));
  return out;
}

function hasMember(value: unknown, key: string): boolean {
  if (Array.isArray(value)) return /^(0|[1-9]\d*)$/.test(key) && Number(key) < value.length;
  return value !== null && typeof value === "object" && Object.hasOwn(value, key);
}

function member(value: unknown, key: string): unknown {
  return (value as Record<string, unknown>)[key];
}

/** Records that the code reads `segments` of `value`. */
function read(reads: Reads, value: unknown, segments: string[]): void {
  let at = reads;
  let v = value;
  for (const key of segments) {
    if (at.whole) return;
    if (!hasMember(v, key)) break;
    let next = at.members.get(key);
    if (!next) at.members.set(key, (next = newReads()));
    at = next;
    v = member(v, key);
  }
  at.whole = true;
}

/** `value` with only what `reads` names; arrays keep their indices (null where nothing is read). */
function pruned(value: unknown, reads: Reads): unknown {
  if (reads.whole) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const [key, r] of reads.members) out[Number(key)] = pruned(value[Number(key)], r);
    for (let i = 0; i < out.length; i++) if (!(i in out)) out[i] = null;
    return out;
  }
  const out: Record<string, unknown> = {};
  // setOwn: a key "__proto__" is data, as JSON.parse made it.
  for (const [key, r] of reads.members) setOwn(out, key, pruned(member(value, key), r));
  return out;
}

/** Where a JSON literal starting at `start` ends (after its closing bracket). */
function literalEnd(code: string, start: number): number | undefined {
  let depth = 0;
  for (let i = start; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if (c === 34) {
      for (i++; i < code.length && code.charCodeAt(i) !== 34; i++)
        if (code.charCodeAt(i) === 92) i++;
    } else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      if (--depth === 0) return i + 1;
    } else if (depth === 0) return undefined;
  }
  return undefined;
}

/** ajv's own way of writing a constant: JSON, with the two line separators JSON allows escaped. */
const stringify = (value: unknown) =>
  JSON.stringify(value)
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");

export function pruneSchemaConstants(code: string): string {
  const constants = new Map<string, { start: number; end: number; value: unknown; reads: Reads }>();
  const paths: { name: string; path: string }[] = [];
  for (const m of code.matchAll(TOKENS)) {
    const [, declared, name, path] = m;
    if (declared !== undefined) {
      const start = m.index + m[0].length;
      const end = literalEnd(code, start);
      if (end === undefined) continue;
      let value: unknown;
      try {
        value = JSON.parse(code.slice(start, end));
      } catch {
        continue;
      }
      constants.set(declared, { start, end, value, reads: newReads() });
    } else if (name !== undefined) paths.push({ name, path });
  }
  const named = new Set<string>();
  for (const { name, path } of paths) {
    const c = constants.get(name);
    if (c) read(c.reads, c.value, segmentsOf(path));
    named.add(name);
  }
  let out = code;
  // A constant the code never names here is read some way this does not see: kept whole.
  const spans = [...constants]
    .filter(([name]) => named.has(name))
    .map(([, c]) => c)
    .sort((a, b) => b.start - a.start);
  for (const c of spans) {
    if (c.reads.whole) continue;
    out = out.slice(0, c.start) + stringify(pruned(c.value, c.reads)) + out.slice(c.end);
  }
  return out;
}
