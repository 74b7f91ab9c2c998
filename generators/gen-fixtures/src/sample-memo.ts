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
  /** What the search read of `choices` (see Trace), in order, noted again on reuse. */
  read: [string, boolean][];
  /** Whether a forced path made an object hold a property it would not have held otherwise. */
  forced: boolean;
  /** Paths of the optional properties left out, noted again on reuse. */
  skipped: string[];
}

/**
 * What the sample() calls of one config read of their options besides what any sample reads:
 * how fixturesFor tells, without sampling again, that a config with one choice more or one
 * forced path less would come out the same.
 */
export interface Trace {
  /**
   * Paths of a oneOf/anyOf whose branch `choices` was read, each with whether, every time, no
   * branch was named there and the first one led to a value: naming the first branch there would
   * have changed nothing (not even the search budget, spent only past a first try).
   */
  read: Map<string, boolean>;
  /** Whether `force` made an object hold a property it would not have held otherwise. */
  forced: boolean;
  /** Paths of the optional properties objects left out: forcing none of them would change nothing. */
  readonly skipped: Set<string>;
}

/** A leaf with no value, kept as such (so one lookup tells a miss from it). */
const NONE = Symbol("none");

interface FactsLevel {
  /** The facts of the nodes on the way here. */
  facts?: ObjectFacts;
  /** Longer lists of nodes, by their next node. */
  next?: WeakMap<object, FactsLevel>;
}

export class SampleMemo {
  /**
   * Entries by node (the usual single node) or by the nodes' ids, then by path, then by the rest
   * of the key: paths are the sampler's own strings, hashed once, and the rest is short.
   */
  private readonly byNode = new WeakMap<object, Map<string, Map<string, Entry>>>();
  private readonly byNodes = new Map<string, Map<string, Map<string, Entry>>>();
  private readonly ids = new WeakMap<object, number>();
  private nextId = 0;
  private readonly leaves = new WeakMap<object, Map<string, unknown>>();
  /** Facts by their nodes, one level per node (weakly: a node made for one call goes with it). */
  private readonly facts = new WeakMap<object, FactsLevel>();
  /** What matches() said of the values built so far (their parts are shared by later ones). */
  readonly verdicts: Verdicts = new WeakMap();
  /** Where the `taken` entries of the value being searched are recorded, when one is. */
  private log: [string, number][] | undefined;
  /** The trace so far (beginTrace): what was read of `choices`, and the forced properties' count. */
  private read: [string, boolean][] = [];
  private forcedCount = 0;
  private skipped: string[] = [];

  /** The value `search` finds, or the one it found before for the same key. */
  value(
    raws: unknown[],
    path: string,
    opts: SampleOptions,
    depth: number,
    nth: number,
    search: () => unknown,
  ): unknown {
    const entries = this.entriesAt(raws, path);
    const key = this.key(path, opts, depth, nth);
    const hit = entries.get(key);
    if (hit) {
      for (const [p, i] of hit.taken) this.noteTaken(opts, p, i);
      for (const r of hit.read) this.read.push(r);
      if (hit.forced) this.forcedCount++;
      for (const p of hit.skipped) this.skipped.push(p);
      return hit.value;
    }
    const outer = this.log;
    const log: [string, number][] = [];
    this.log = log;
    const budget = opts.budget?.left;
    const read = this.read.length;
    const forced = this.forcedCount;
    const skipped = this.skipped.length;
    let value: unknown;
    try {
      value = search();
    } finally {
      this.log = outer;
    }
    outer?.push(...log);
    if (opts.budget?.left === budget)
      entries.set(key, {
        value,
        taken: log,
        read: this.read.slice(read),
        forced: this.forcedCount !== forced,
        skipped: this.skipped.slice(skipped),
      });
    return value;
  }

  /** Starts the trace of one config's sample() calls. */
  beginTrace(): void {
    this.read = [];
    this.forcedCount = 0;
    this.skipped = [];
  }

  /** The trace since beginTrace(). */
  endTrace(): Trace {
    const read = new Map<string, boolean>();
    for (const [p, first] of this.read) read.set(p, first && read.get(p) !== false);
    // A minimal config leaves out every optional property: made into a set only when asked.
    const list = this.skipped;
    let skipped: Set<string> | undefined;
    return {
      read,
      forced: this.forcedCount > 0,
      get skipped() {
        return (skipped ??= new Set(list));
      },
    };
  }

  /** The search at `path` read which branch `choices` names there; `first`: see Trace. */
  noteRead(path: string, first: boolean): void {
    this.read.push([path, first]);
  }

  /** An object left out the optional property at `path`. */
  noteSkipped(path: string): void {
    this.skipped.push(path);
  }

  /** A forced path made an object hold a property it would not have held otherwise. */
  noteForced(): void {
    this.forcedCount++;
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
    const known = byPlace.get(key);
    if (known !== undefined) return known === NONE ? undefined : known;
    const value = make();
    byPlace.set(key, value === undefined ? NONE : value);
    return value;
  }

  /** What object nodes say of their properties (a function of the nodes, in one schema). */
  objectFacts(nodes: readonly object[], make: () => ObjectFacts): ObjectFacts {
    if (nodes.length === 0) return make();
    let levels = this.facts;
    let level: FactsLevel | undefined;
    for (let i = 0; ; i++) {
      level = levels.get(nodes[i]);
      if (!level) levels.set(nodes[i], (level = {}));
      if (i === nodes.length - 1) break;
      levels = level.next ??= new WeakMap();
    }
    return (level.facts ??= make());
  }

  /** Records that the value at `path` took branch `index` (and tells the value being memoised). */
  noteTaken(opts: SampleOptions, path: string, index: number): void {
    opts.taken?.set(path, index);
    this.log?.push([path, index]);
  }

  /** The entries for these nodes at this path. */
  private entriesAt(raws: unknown[], path: string): Map<string, Entry> {
    let byPath: Map<string, Map<string, Entry>> | undefined;
    const only = raws.length === 1 && typeof raws[0] === "object" && raws[0] !== null;
    if (only) byPath = this.byNode.get(raws[0] as object);
    else {
      let ids = "";
      for (const r of raws) ids += `${this.id(r)},`;
      byPath = this.byNodes.get(ids);
      if (!byPath) this.byNodes.set(ids, (byPath = new Map()));
    }
    if (!byPath) this.byNode.set(raws[0] as object, (byPath = new Map()));
    let entries = byPath.get(path);
    if (!entries) byPath.set(path, (entries = new Map()));
    return entries;
  }

  /** The rest of a value's key: what of the options it may depend on. */
  private key(path: string, opts: SampleOptions, depth: number, nth: number): string {
    let key = `${depth}\u0000${nth}\u0000${opts.full ? 1 : 0}${opts.lenient ? 1 : 0}`;
    if (opts.choices.size === 0 && opts.force.size === 0) return key;
    const below = `${path}/`;
    for (const [p, i] of opts.choices)
      if (p === path || p.startsWith(below)) key += `\u0000${JSON.stringify(p)}=${i}`;
    for (const f of opts.force)
      if (f === path || f.startsWith(below)) key += `\u0000+${JSON.stringify(f)}`;
    return key;
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
