export {
  hasErrors,
  countBySeverity,
  sortDiagnostics,
  type Severity,
  type Diagnostic,
  DiagnosticError,
} from "./diagnostics.js";
export { escapeToken, joinPointer, parsePointer, getAtPointer } from "./pointer.js";
export {
  offsetToLocation,
  parseSource,
  sourceTree,
  filePointer,
  locate,
  type SourceFile,
  type Location,
  MAX_NESTING,
} from "./source.js";
export {
  cloneJson,
  isObject,
  setOwn,
  walkSchema,
  type JsonObject,
  SCHEMA_MAP_KEYWORDS,
  SCHEMA_KEYWORDS,
  SCHEMA_ARRAY_KEYWORDS,
} from "./walk.js";
export {
  withoutSecretValues,
  isSecret,
  isHidden,
  isMultiline,
  orderOf,
  groupOf,
  groupsOf,
  typesOf,
  DIALECT_KEYWORDS,
  STANDARD_KEYWORDS,
  CHECKED_FORMATS,
} from "./vocabulary.js";
export {
  pascalCase,
  camelCase,
  constantCase,
  configTypeName,
  validatorExportName,
  connectorNamespace,
  recordTypeName,
} from "./naming.js";
export { nameCollisionsFor, NAME_COLLISION } from "./name-collisions.js";
export {
  refKey,
  refTargets,
  docOf,
  nodeAt,
  followRef,
  sharedDocs,
  reachableDocs,
  connectorsWithErrors,
  withoutConnectors,
  type SchemaDoc,
  type RefTarget,
  type ResolvedNode,
  type ConnectorMetadata,
  type TestConnectionStep,
  type Connector,
  type MigrationSource,
  type BaseSchema,
  type RecordSchema,
  type SchemaFix,
  type SchemaModel,
} from "./model.js";
export {
  loadTree,
  connectorNameFromFile,
  MIGRATION_FILE,
  type LoadOptions,
  type DocChecks,
} from "./loader.js";
export { bundle, derefBundled, ANNOTATION_KEYWORDS } from "./bundle.js";
export { withEffectiveDefaults, defaultsSchema, defaultsOfEffective } from "./defaults.js";
export { connectorBundle, connectorEffectiveSchema } from "./connector-schema.js";
export { stepFieldsFor } from "./step-fields.js";
export { constOf, findDiscriminator, ajvDiscriminatorTag } from "./discriminator.js";
export {
  defineGenerator,
  runConnectorGenerators,
  runTreeGenerators,
  collectOutput,
  runGenerators,
  type OutputFile,
  type RunInfo,
  type Generator,
  type GeneratorOutput,
  type GenerateResult,
} from "./generator.js";
export { isAjvKeywordName, createAjv, type Draft } from "./ajv.js";
export {
  SERVICE_TYPES,
  CAPABILITIES,
  AUTH_KINDS,
  authDefinitionFile,
  authKindOfFile,
} from "./metadata-vocabulary.js";
export { walkInstance, secretPaths } from "./instance-walk.js";
export { unicodeRegexError } from "./regex-dialect.js";
export { type SchemaRepair } from "./repairs.js";
export { SCHEMA_REPAIR_RULES, type SchemaRepairRule, type RepairContext } from "./repair-rules.js";
export { convertDraftKeywords, type SourceDraft } from "./draft-convert.js";
export { unwrapAirbyteSpec } from "./airbyte-spec.js";
export {
  commentText,
  markdownText,
  markdownParagraph,
  markdownCode,
  htmlCommentText,
  markdownUrl,
  uriSegment,
  objectLiteral,
} from "./escape.js";
export { indexResources, type ResourceIndex } from "./base-uri.js";
