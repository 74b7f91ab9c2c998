import {
  bundle,
  createAjv,
  docOf,
  locate,
  parseSource,
  secretPaths,
  type Connector,
  type JsonObject,
  type SchemaModel,
} from "@onespec/core";
import { fixturesFor } from "@onespec/gen-fixtures";
import {
  applyMigrations,
  escapePointerToken,
  isSecretPointer,
  MigrationError,
  planChain,
  type Migration,
  type MigrationStep,
} from "@onespec/runtime";
import { randomValue, rng } from "./random-config.js";

/** One old config a chain did not turn into a valid new one, or a step that would unmask a secret. */
export interface MigrationFailure {
  /** Which old config: "fixture minimal", "random config 7"; absent for a step's own problem. */
  config?: string;
  /** The migration file, and the step in it when one is to blame. */
  file?: string;
  pointer?: string;
  line?: number;
  column?: number;
  /** What went wrong; never a config value. */
  message: string;
}

/** Whether a connector's migrations take every config valid under the base schema to a valid one now. */
export interface MigrationCheck {
  connector: string;
  from: string;
  to: string;
  /** The migrations applied, in order ("1.0.0-2.0.0"). */
  chain: string[];
  /** How many old configs were tried (the old schema's valid fixtures and random configs it accepts). */
  configs: number;
  failures: MigrationFailure[];
  /** A chain exists, it was tried on at least one config, and nothing failed. */
  handled: boolean;
}

export interface CheckOptions {
  /** Random configs drawn from the old schema (kept when the old validator accepts them); default 40. */
  random?: number;
  /** Failures listed at most (the count says how many there were); default 20. */
  maxFailures?: number;
}

/**
 * One error of the new validator, naming the place in the config: ajv's messages name the
 * schema's constraint, never the config's value, but its additionalProperties message does not
 * say which property (the one a migration misspelt or forgot to move).
 */
function describeError(e: {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}): string {
  if (e.keyword === "additionalProperties" && typeof e.params.additionalProperty === "string")
    return `${e.instancePath}/${escapePointerToken(e.params.additionalProperty)} is not a known property`;
  return `${e.instancePath || "(root)"} ${e.message ?? "is invalid"}`;
}

/** A connector's bundled schema compiled in the draft its generated validator uses (formats asserted, as there). */
function validatorOf(model: SchemaModel, connector: Connector, schema: JsonObject) {
  return createAjv({}, docOf(model, connector.entry).draft).compile(schema);
}

/** Where a step is written in its migration file. */
function stepLocation(connector: Connector, file: string | undefined, pointer: string | undefined) {
  const source = connector.migrations?.find((m) => m.displayPath === file);
  if (!source || pointer === undefined || !file?.endsWith(".json")) return {};
  const parsed = parseSource(source.displayPath, source.text).source;
  if (!parsed) return {};
  const { line, column } = locate(parsed, pointer);
  return { line, column };
}

/** Where each declared step moves a value from and to, for the secret check. */
function moves(step: MigrationStep, oldSecrets: readonly string[]): [string, string][] {
  const parentOf = (p: string) => p.slice(0, p.lastIndexOf("/"));
  switch (step.op) {
    case "rename":
    case "move":
      return [[step.from, step.to]];
    case "wrap":
      return step.fields.map((f) => [`${parentOf(step.path)}/${f}`, `${step.path}/${f}`]);
    case "unwrap":
      return oldSecrets
        .filter((s) => s.startsWith(step.path + "/"))
        .map((s) => [s, parentOf(step.path) + s.slice(step.path.length)]);
    default:
      return [];
  }
}

/**
 * Checks a connector's migration chain from its version in `before` to its version in `after`:
 * every valid fixture of the old schema and `random` random configs it accepts are migrated and
 * validated with the new schema. A declared step that moves a secret to where the new schema
 * has no secret fails too: the value would be shown and stored in plain text. Only the chain's
 * first migration file's steps are checked against the old schema's secrets (later ones start
 * from an intermediate version this tree does not have).
 */
export function checkMigrations(
  before: SchemaModel,
  after: SchemaModel,
  connectorName: string,
  migrations: readonly Migration[],
  options: CheckOptions = {},
): MigrationCheck | undefined {
  const was = before.connectors.find((c) => c.name === connectorName);
  const now = after.connectors.find((c) => c.name === connectorName);
  if (!was || !now) return undefined;
  const from = was.metadata.version;
  const to = now.metadata.version;
  const base = { connector: connectorName, from, to };
  let chain: Migration[];
  try {
    chain = planChain(migrations, from, to);
  } catch (error) {
    if (!(error instanceof MigrationError)) throw error;
    return {
      ...base,
      chain: [],
      configs: 0,
      failures: error.problems.map((p) => ({ message: p.message })),
      handled: false,
    };
  }
  const names = chain.map((m) => `${m.from}-${m.to}`);
  if (chain.length === 0)
    return { ...base, chain: names, configs: 0, failures: [], handled: false };

  const oldSchema = bundle(before, { doc: was.entry, pointer: "" });
  const newSchema = bundle(after, { doc: now.entry, pointer: "" });
  const failures: MigrationFailure[] = [];
  const [oldSecrets, newSecrets] = [secretPaths(oldSchema), secretPaths(newSchema)];
  const first = chain[0];
  for (const [i, step] of (first.steps ?? []).entries())
    for (const [source, target] of moves(step, oldSecrets))
      if (isSecretPointer(source, oldSecrets) && !isSecretPointer(target, newSecrets))
        failures.push({
          file: first.file,
          pointer: `/steps/${i}`,
          ...stepLocation(now, first.file, `/steps/${i}`),
          message: `step ${i + 1} (${step.op}) moves the secret ${source} to ${target}, which the new schema does not mark secret: its value would be shown and stored in plain text. Mark ${target} secret.`,
        });

  const validOld = validatorOf(before, was, oldSchema);
  const validNew = validatorOf(after, now, newSchema);
  const random = rng(connectorName);
  const configs: [string, unknown][] = [
    ...fixturesFor(connectorName, oldSchema).valid.map(
      (f) => [`fixture ${f.name}`, f.config] as [string, unknown],
    ),
    ...Array.from(
      { length: options.random ?? 40 },
      (_, i) =>
        [`random config ${i + 1}`, randomValue(oldSchema, oldSchema, random)] as [string, unknown],
    ),
  ].filter(([, config]) => validOld(config));
  let failed = 0;
  const max = options.maxFailures ?? 20;
  for (const [name, config] of configs) {
    let upgraded: unknown;
    try {
      upgraded = applyMigrations(config, chain).config;
    } catch (error) {
      if (!(error instanceof MigrationError)) throw error;
      failed++;
      for (const p of error.problems)
        if (failures.length < max)
          failures.push({
            config: name,
            ...(p.file !== undefined && { file: p.file }),
            ...(p.pointer !== undefined && { pointer: p.pointer }),
            ...stepLocation(now, p.file, p.pointer),
            message: p.message,
          });
      continue;
    }
    if (validNew(upgraded)) continue;
    failed++;
    if (failures.length >= max) continue;
    const problems = (validNew.errors ?? []).slice(0, 3).map(describeError);
    const last = chain.at(-1)!;
    failures.push({
      config: name,
      ...(last.file !== undefined && { file: last.file }),
      message: `the migrated config is not valid under ${to}: ${problems.join("; ")}`,
    });
  }
  return {
    ...base,
    chain: names,
    configs: configs.length,
    failures,
    handled: configs.length > 0 && failed === 0 && failures.length === 0,
  };
}
