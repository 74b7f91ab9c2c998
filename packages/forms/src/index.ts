export {
  ConnectionForm,
  type ConnectionFormHandle,
  type ConnectionFormProps,
  type ConnectorFormConfig,
  type Config,
} from "./connection-form.js";
export { friendlyErrors, plainMessage, trustMaskedSecrets } from "./errors.js";
export { reportTakenBranches, takenBranchErrors } from "./branch-errors.js";
export { DiscriminatedOneOfField, PlainChoiceField, tagOf } from "./fields/discriminated-one-of.js";
export { focusField, fieldIdOf } from "./focus.js";
export { withSchemaFallback } from "./validator.js";
export { humanizeKey, withFieldTitles } from "./labels.js";
export { matchesSchema } from "./schema-match.js";
