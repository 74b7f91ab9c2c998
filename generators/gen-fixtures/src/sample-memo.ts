/**
 * Values the sampler already found for a node at a path, shared by the sample() calls of one
 * schema. A connector's fixtures sample the whole config several times (minimal, full, once per
 * oneOf/anyOf branch) and the configs differ only under the branch chosen: everything else is
 * looked up instead of searched again.
 *
 * A value is a function of the nodes (by identity: one bundled schema), the path (it seeds
 * strings), the depth (it bounds recursion), `nth`, `full`, `lenient` and the choices and forced
 * paths at or below the path; nothing else of the options is read below the root, where the
 * validator judges (never memoised). Two things are not in the key, so a value is only kept when
 * it did not depend on them:
 * - the search budget: a value is kept only when finding it spent none of it (the budget is read
 *   only when a first try fails, so such a search would go the same way with any budget);
 * - `taken`: the branches chosen on the way are recorded with the value and set again on reuse.
 */
import type { Verdicts } from "./matches.js";
import type { ObjectFacts, SampleOptions } from "./sample.js";

interface Entry {
  value: unknown;
  /** The `taken` entries set while the value was found, in order. */
  taken: [string, number][];
}

export class SampleMemo {
  private readonly entries = new Map<string, Entry>();
  private readonly ids = new WeakMap<object, number>();
  private nextId = 0;
  private readonly leaves = new WeakMap<object, Map<string, unknown>>();
  private readonly facts = new WeakMap<object, ObjectFacts>();
  /** What matches() said of the values built so far (their parts are shared by later ones). */
  readonly verdicts: Verdicts = new WeakMap();
  /** Where the `taken` entries of the value being searched are recorded, when one is. */
  private log: [string, number][] | undefined;

  /** The value `search` finds, or the one it found before for the same key. */
  value(
    raws: unknown[],
    path: string,
    opts: SampleOptions,
    depth: number,
    nth: number,
    search: () => unknown,
  ): unknown {
    const key = this.key(raws, path, opts, depth, nth);
    const hit = this.entries.get(key);
    if (hit) {
      for (const [p, i] of hit.taken) this.noteTaken(opts, p, i);
      return hit.value;
    }
    const outer = this.log;
    const log: [string, number][] = [];
    this.log = log;
    const budget = opts.budget?.left;
    let value: unknown;
    try {
      value = search();
    } finally {
      this.log = outer;
    }
    outer?.push(...log);
    if (opts.budget?.left === budget) this.entries.set(key, { value, taken: log });
    return value;
  }

  /**
   * A plain leaf's value (or what `make` says instead): a function of the node, the path, `nth`
   * and `lenient` only, and a leaf neither takes branches nor spends budget.
   */
  leaf(node: object, path: string, nth: number, lenient: boolean, make: () => unknown): unknown {
    let byPlace = this.leaves.get(node);
    if (!byPlace) {
      byPlace = new Map();
      this.leaves.set(node, byPlace);
    }
    // Paths are "" or start with "/": the rarer keys, starting with NUL, cannot be taken for one.
    const key = nth === 0 && !lenient ? path : `\u0000${nth}\u0000${lenient ? 1 : 0}${path}`;
    if (byPlace.has(key)) return byPlace.get(key);
    const value = make();
    byPlace.set(key, value);
    return value;
  }

  /** What an object node says of its properties (a function of the node, in one schema). */
  objectFacts(node: object, make: () => ObjectFacts): ObjectFacts {
    let facts = this.facts.get(node);
    if (!facts) {
      facts = make();
      this.facts.set(node, facts);
    }
    return facts;
  }

  /** Records that the value at `path` took branch `index` (and tells the value being memoised). */
  noteTaken(opts: SampleOptions, path: string, index: number): void {
    opts.taken?.set(path, index);
    this.log?.push([path, index]);
  }

  private key(
    raws: unknown[],
    path: string,
    opts: SampleOptions,
    depth: number,
    nth: number,
  ): string {
    let key = "";
    for (const r of raws) key += `${this.id(r)},`;
    key += `\u0000${depth}\u0000${nth}\u0000${opts.full ? 1 : 0}${opts.lenient ? 1 : 0}`;
    const below = `${path}/`;
    for (const [p, i] of opts.choices)
      if (p === path || p.startsWith(below)) key += `\u0000${JSON.stringify(p)}=${i}`;
    for (const f of opts.force)
      if (f === path || f.startsWith(below)) key += `\u0000+${JSON.stringify(f)}`;
    return `${key}\u0000${path}`;
  }

  private id(raw: unknown): string {
    if (typeof raw !== "object" || raw === null) return JSON.stringify(raw) ?? "undefined";
    let id = this.ids.get(raw);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(raw, id);
    }
    return `#${id}`;
  }
}
