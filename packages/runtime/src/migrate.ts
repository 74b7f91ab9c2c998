/**
 * Declared config migrations: the step vocabulary and the pure interpreter that applies a chain
 * of them to a saved config. Generated `upgrade.ts` modules import it; `@onespec/migrate` reads
 * migration files into these shapes. Values are moved, never rewritten where that is avoidable,
 * so a secret, a `${ENV}` reference or a `{{secrets.name}}` reference stays exactly as written;
 * no message here ever quotes a config value.
 */
import {
  escapePointerToken,
  joinPointer,
  matchPointers,
  splitPointer,
  unescapePointerToken,
  valueAt,
} from "./pointer.js";

/** Any JSON value. */
export type MigrationValue =
  string | number | boolean | null | MigrationValue[] | { [key: string]: MigrationValue };

/** A config as migrations see it: a JSON object. */
export type MigrationConfig = { [key: string]: unknown };

/** A oneOf branch's discriminator: the property and the value that names the branch. */
export interface BranchDiscriminator {
  property: string;
  value: MigrationValue;
}

/** One declared step. Pointers are JSON pointers into the config; `*` matches every item/key where allowed. */
export type MigrationStep =
  /** Moves the value at `from` to `to` (parents created); nothing when `from` is absent. */
  | { op: "rename" | "move"; from: string; to: string }
  /** Sets `value` at `path` when absent and its parent exists (`*` allowed). */
  | { op: "default"; path: string; value: MigrationValue }
  /**
   * Moves the sibling properties `fields` of `path` into a new object at `path`, with the
   * discriminator set: the old flat fields become one branch of a oneOf. By default the object is
   * made only when one of the fields is present; `create: "always"` makes it regardless.
   */
  | {
      op: "wrap";
      path: string;
      fields: string[];
      discriminator?: BranchDiscriminator;
      create?: "always" | "if-any";
    }
  /** Moves the properties of the object at `path` up beside it (the discriminator dropped) and removes it. */
  | { op: "unwrap"; path: string; discriminator?: BranchDiscriminator }
  /**
   * Splits the string at `from` at `separator`: into an array at `to`, or into the pointers `to`
   * lists (the last keeps the rest); `types` converts each part ("integer", "number").
   */
  | {
      op: "split";
      from: string;
      separator: string;
      to: string | string[];
      types?: ("string" | "integer" | "number")[];
      trim?: boolean;
    }
  /** Joins the values at `from` (pointers, absent ones skipped, or one pointer to an array) into a string at `to`. */
  | { op: "join"; from: string | string[]; separator: string; to: string }
  /** Replaces the string values listed in `values` (old → new) at `path` (`*` allowed); others stay. */
  | { op: "map"; path: string; values: Record<string, MigrationValue> }
  /** Removes the value at `path` (`*` allowed). */
  | { op: "drop"; path: string };

/** One migration: from one connector version to the next, as declared steps or a function (the escape hatch). */
export interface Migration {
  from: string;
  to: string;
  /** The file it was declared in, as shown to users. */
  file?: string;
  steps?: readonly MigrationStep[];
  migrate?: (config: MigrationConfig) => MigrationConfig;
}

/** Why a migration could not be applied: where in the migration, and where in the config. Never a value. */
export interface MigrationProblem {
  /** "1.0.0-2.0.0". */
  migration: string;
  file?: string;
  /** The step in the migration file (`/steps/2`), when a declared step failed. */
  pointer?: string;
  /** The place in the config. */
  configPointer?: string;
  message: string;
}

export class MigrationError extends Error {
  constructor(readonly problems: readonly MigrationProblem[]) {
    super(
      problems
        .map(
          (p) =>
            `${p.file ?? p.migration}${p.pointer ? ` ${p.pointer}` : ""}: ${p.message}${p.configPointer !== undefined ? ` (config ${p.configPointer || "(root)"})` : ""}`,
        )
        .join("\n"),
    );
    this.name = "MigrationError";
  }
}

/** A string that is resolved when the config is read: its text is not the value, so it cannot be transformed. */
export function isReference(value: unknown): boolean {
  return typeof value === "string" && /\$\{[^}]*\}|\{\{\s*secrets\./.test(value);
}

class StepFailure extends Error {
  constructor(
    message: string,
    readonly configPointer?: string,
  ) {
    super(message);
  }
}

type Container = Record<string, unknown> | unknown[];

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);
const tokens = (pointer: string) => splitPointer(pointer).map(unescapePointerToken);
const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** The container holding `pointer`'s last token and that token; `create` makes missing objects on the way. */
function parentOf(
  root: Record<string, unknown>,
  pointer: string,
  create: boolean,
): { parent: Container; key: string } | undefined {
  const parts = tokens(pointer);
  if (parts.length === 0) throw new StepFailure("the config root cannot be moved or replaced");
  let node: unknown = root;
  for (let i = 0; i < parts.length - 1; i++) {
    const k = parts[i];
    if (Array.isArray(node)) {
      node = /^(0|[1-9]\d*)$/.test(k) ? node[Number(k)] : undefined;
    } else if (isObject(node)) {
      if (!has(node, k) && create) node[k] = {};
      node = has(node, k) ? node[k] : undefined;
    } else node = undefined;
    if (node === undefined) return undefined;
    if (node === null || typeof node !== "object")
      throw new StepFailure(
        "is not an object, so nothing can go under it",
        joinPointer(parts.slice(0, i + 1)),
      );
  }
  return { parent: node as Container, key: parts.at(-1)! };
}

function present(c: Container, key: string): boolean {
  return Array.isArray(c) ? /^(0|[1-9]\d*)$/.test(key) && Number(key) < c.length : has(c, key);
}

function take(root: Record<string, unknown>, pointer: string): { found: boolean; value?: unknown } {
  const at = parentOf(root, pointer, false);
  if (!at || !present(at.parent, at.key)) return { found: false };
  if (Array.isArray(at.parent))
    return { found: true, value: at.parent.splice(Number(at.key), 1)[0] };
  const value = at.parent[at.key];
  delete at.parent[at.key];
  return { found: true, value };
}

function put(root: Record<string, unknown>, pointer: string, value: unknown): void {
  const at = parentOf(root, pointer, true)!;
  if (present(at.parent, at.key))
    throw new StepFailure("is already set, so the step would overwrite it", pointer);
  if (Array.isArray(at.parent)) {
    if (at.key === "-") at.parent.push(value);
    else throw new StepFailure("is an array item; a step can only append (-) to an array", pointer);
  } else at.parent[at.key] = value;
}

function convert(part: string, type: string | undefined, pointer: string): unknown {
  if (type === undefined || type === "string") return part;
  const n = Number(part);
  if (part.trim() === "" || !Number.isFinite(n) || (type === "integer" && !Number.isInteger(n)))
    throw new StepFailure(
      `does not get a part that is an ${type === "integer" ? "integer" : "number"}`,
      pointer,
    );
  return n;
}

function applyStep(config: Record<string, unknown>, step: MigrationStep): void {
  switch (step.op) {
    case "rename":
    case "move": {
      if (step.to.startsWith(step.from + "/"))
        throw new StepFailure(`cannot move a value into itself (${step.to})`, step.from);
      const got = take(config, step.from);
      if (got.found) put(config, step.to, got.value);
      return;
    }
    case "default": {
      const parent = step.path.slice(0, step.path.lastIndexOf("/"));
      const key = unescapePointerToken(step.path.slice(step.path.lastIndexOf("/") + 1));
      for (const m of matchPointers(config, [parent]))
        if (isObject(m.value) && !has(m.value, key)) m.value[key] = clone(step.value);
      return;
    }
    case "wrap": {
      const at = parentOf(config, step.path, false);
      if (!at || !isObject(at.parent)) return;
      const parent = at.parent;
      const moved = step.fields.filter((f) => has(parent, f));
      if (moved.length === 0 && step.create !== "always") return;
      if (has(parent, at.key))
        throw new StepFailure("is already set, so the fields cannot be wrapped into it", step.path);
      const branch: Record<string, unknown> = {};
      if (step.discriminator) branch[step.discriminator.property] = step.discriminator.value;
      for (const f of moved) {
        if (has(branch, f))
          throw new StepFailure("is the discriminator's name; it cannot be wrapped too", step.path);
        branch[f] = parent[f];
        delete parent[f];
      }
      parent[at.key] = branch;
      return;
    }
    case "unwrap": {
      const at = parentOf(config, step.path, false);
      if (!at || !isObject(at.parent) || !has(at.parent, at.key)) return;
      const parent = at.parent;
      const branch = parent[at.key];
      if (!isObject(branch))
        throw new StepFailure("is not an object, so it cannot be unwrapped", step.path);
      const d = step.discriminator;
      if (d && JSON.stringify(branch[d.property]) !== JSON.stringify(d.value))
        throw new StepFailure(
          `holds another branch than the one this step unwraps (${d.property} is not ${JSON.stringify(d.value)}); add a step for it`,
          step.path,
        );
      delete parent[at.key];
      for (const [k, v] of Object.entries(branch)) {
        if (d && k === d.property) continue;
        if (has(parent, k))
          throw new StepFailure(
            "is already set beside the branch being unwrapped",
            `${step.path.slice(0, step.path.lastIndexOf("/"))}/${escapePointerToken(k)}`,
          );
        parent[k] = v;
      }
      return;
    }
    case "split": {
      const value = valueAt(config, step.from);
      if (value === undefined) return;
      if (typeof value !== "string")
        throw new StepFailure("is not a string, so it cannot be split", step.from);
      if (isReference(value))
        throw new StepFailure(
          "is a ${ENV} or {{secrets.…}} reference: its value is only known when the config is read, so it cannot be split; write the parts",
          step.from,
        );
      const trim = (s: string) => (step.trim === false ? s : s.trim());
      take(config, step.from);
      if (typeof step.to === "string") {
        const parts = value === "" ? [] : value.split(step.separator).map(trim);
        put(
          config,
          step.to,
          parts.map((p) => convert(p, step.types?.[0], step.from)),
        );
        return;
      }
      const all = value.split(step.separator);
      const parts = [
        ...all.slice(0, step.to.length - 1),
        all.slice(step.to.length - 1).join(step.separator),
      ];
      step.to.forEach((target, i) => {
        if (parts[i] === undefined) return;
        put(config, target, convert(trim(parts[i]), step.types?.[i], step.from));
      });
      return;
    }
    case "join": {
      const sources = typeof step.from === "string" ? [step.from] : step.from;
      let parts: unknown[];
      if (typeof step.from === "string") {
        const value = valueAt(config, step.from);
        if (value === undefined) return;
        if (!Array.isArray(value))
          throw new StepFailure("is not an array, so it cannot be joined", step.from);
        parts = value;
      } else parts = sources.map((s) => valueAt(config, s)).filter((v) => v !== undefined);
      if (parts.length === 0) return;
      for (const [i, p] of parts.entries())
        if (typeof p === "object" && p !== null)
          throw new StepFailure(
            "holds an object or array, so it cannot be joined into text",
            typeof step.from === "string" ? `${step.from}/${i}` : sources[i],
          );
      for (const s of sources) take(config, s);
      put(config, step.to, parts.map(String).join(step.separator));
      return;
    }
    case "map": {
      for (const m of matchPointers(config, [step.path])) {
        if (typeof m.value !== "string" || !has(step.values, m.value)) {
          if (isReference(m.value))
            throw new StepFailure(
              "is a ${ENV} or {{secrets.…}} reference: its value is only known when the config is read, so it cannot be mapped; write the value",
              m.pointer,
            );
          continue;
        }
        (m.parent as Record<string, unknown>)[m.key] = clone(step.values[m.value]);
      }
      return;
    }
    case "drop": {
      // Deepest and last first, so that removing an array item does not shift the next match.
      const found = matchPointers(config, [step.path]).reverse();
      for (const m of found) {
        if (!m.parent) throw new StepFailure("the config root cannot be dropped", "");
        if (Array.isArray(m.parent)) m.parent.splice(Number(m.key), 1);
        else delete m.parent[m.key];
      }
      return;
    }
  }
}

const nameOf = (m: Migration) => `${m.from}-${m.to}`;

/**
 * Applies the migrations in order to a copy of `config` (the input is not changed) and returns
 * it. A step that cannot be applied throws MigrationError naming the migration, the step and the
 * place in the config, never a value. The result is not validated: `upgrade` does that.
 */
export function applyMigrations(
  config: unknown,
  chain: readonly Migration[],
): { config: MigrationConfig; applied: string[] } {
  if (!isObject(config))
    throw new MigrationError([
      {
        migration: chain[0] ? nameOf(chain[0]) : "",
        message: "the config is not a JSON object",
        configPointer: "",
      },
    ]);
  let current = JSON.parse(JSON.stringify(config)) as MigrationConfig;
  const applied: string[] = [];
  for (const m of chain) {
    if (m.migrate) {
      let out: unknown;
      try {
        out = m.migrate(JSON.parse(JSON.stringify(current)));
      } catch (error) {
        // The module's own message could quote a value; only its kind is reported.
        throw new MigrationError([
          {
            migration: nameOf(m),
            ...(m.file !== undefined && { file: m.file }),
            message: `its migrate() threw ${error instanceof Error ? `${/^[aeiou]/i.test(error.name) ? "an" : "a"} ${error.name}` : "an error"}`,
          },
        ]);
      }
      if (!isObject(out))
        throw new MigrationError([
          {
            migration: nameOf(m),
            ...(m.file !== undefined && { file: m.file }),
            message: "its migrate() did not return a JSON object",
          },
        ]);
      current = JSON.parse(JSON.stringify(out)) as MigrationConfig;
    }
    for (const [i, step] of (m.steps ?? []).entries()) {
      try {
        applyStep(current, step);
      } catch (error) {
        if (!(error instanceof StepFailure)) throw error;
        throw new MigrationError([
          {
            migration: nameOf(m),
            ...(m.file !== undefined && { file: m.file }),
            pointer: `/steps/${i}`,
            ...(error.configPointer !== undefined && { configPointer: error.configPointer }),
            message: `step ${i + 1} (${step.op}): ${error.configPointer !== undefined ? `config ${error.configPointer || "(root)"} ` : ""}${error.message}`,
          },
        ]);
      }
    }
    applied.push(nameOf(m));
  }
  return { config: current, applied };
}

/** [major, minor, patch] of a semver version, or undefined. */
export function versionParts(version: string): [number, number, number] | undefined {
  const m = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:[-+].*)?$/.exec(version.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** Compares two semver versions (prerelease tags ignored); NaN when either is not one. */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [versionParts(a), versionParts(b)];
  if (!x || !y) return NaN;
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

/**
 * The migrations that take a config written for `from` to `to`, in order. A migration
 * `<a>-<b>` applies to configs of any version in [a, b): the versions between had compatible
 * changes only. Versions from the last migration's target up to `to` need nothing. Throws
 * MigrationError when `from` is newer than `to`, not a version, or no migration covers it.
 */
export function planChain(migrations: readonly Migration[], from: string, to: string): Migration[] {
  const fail = (message: string): never => {
    throw new MigrationError([{ migration: `${from}-${to}`, message }]);
  };
  if (!versionParts(from)) fail(`${JSON.stringify(from)} is not a semver version`);
  const order = compareVersions(from, to);
  if (order > 0)
    fail(
      `the config was written for ${from}, newer than this connector (${to}); upgrade the connector`,
    );
  const chain: Migration[] = [];
  let at = from;
  while (compareVersions(at, to) < 0) {
    const covering = migrations
      .filter((m) => compareVersions(m.from, at) <= 0 && compareVersions(at, m.to) < 0)
      .sort((a, b) => compareVersions(b.from, a.from));
    const next = covering[0];
    if (!next) {
      // Nothing covers `at`: the versions up to the next migration had no declared change (the
      // validator judges the result), so the chain goes on from there.
      const later = migrations
        .filter((m) => compareVersions(m.from, at) > 0 && compareVersions(m.from, to) < 0)
        .sort((a, b) => compareVersions(a.from, b.from))[0];
      if (!later) break;
      at = later.from;
      continue;
    }
    if (compareVersions(next.to, to) > 0)
      fail(`the migration ${nameOf(next)} goes past this connector's version ${to}`);
    chain.push(next);
    at = next.to;
  }
  return chain;
}
