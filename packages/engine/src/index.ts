/**
 * @onespec/engine: load → generate → format → plan → emit, as a library. The `onespec` CLI is a
 * thin shell over it; programs and build tools can call it directly.
 */
export {
  generate,
  type GenerateOptions,
  type GenerateOutcome,
  type GenerateStats,
} from "./generate.js";
export { type GeneratorSpec, type LoadedGenerator } from "./generators.js";
export {
  defineConfig,
  loadConfig,
  findConfigFiles,
  type OnespecConfig,
  type LoadedProjectConfig,
  type LintSetting,
} from "./config.js";
export { SECRET_VALUE_LEFT_OUT } from "./secret-values.js";
export { type Plan } from "./emit.js";
export { placeStaged, type StagedChanges, type PlacedChanges } from "./staged-write.js";
// The generator API: what a generator is given and what it returns.
export {
  defineGenerator,
  DiagnosticError,
  bundle,
  secretPaths,
  configTypeName,
  pascalCase,
  camelCase,
  type Generator,
  type RunInfo,
  type OutputFile,
  type SchemaModel,
  type SchemaDoc,
  type Connector,
  type ConnectorMetadata,
  type TestConnectionStep,
  type RecordSchema,
  type RefTarget,
  type Diagnostic,
  type Severity,
  type JsonObject,
} from "@onespec/core";
export { watchAndGenerate, type WatchOptions, type Watcher } from "./watch.js";
