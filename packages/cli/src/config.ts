/**
 * What an onespec.config.ts imports: `import { defineConfig } from "@onespec/cli/config"`, and
 * for a generator of your own, `defineGenerator` and the types of the model it receives.
 */
export {
  defineConfig,
  defineGenerator,
  bundle,
  secretPaths,
  configTypeName,
  pascalCase,
  camelCase,
  DiagnosticError,
  type OnespecConfig,
  type Generator,
  type GeneratorSpec,
  type RunInfo,
  type OutputFile,
  type SchemaModel,
  type SchemaDoc,
  type Connector,
  type ConnectorMetadata,
  type TestConnectionStep,
  type Diagnostic,
  type JsonObject,
} from "@onespec/engine";
