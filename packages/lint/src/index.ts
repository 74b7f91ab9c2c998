export { suggestKeyword } from "./rules.js";
export { lint } from "./run.js";
export { scoreConnectors, type ConnectorScore } from "./score.js";
export { applyFixes, type FixResult } from "./fix.js";
export {
  AREAS,
  type Area,
  type Finding,
  type Fix,
  type LintDiagnostic,
  type LintRule,
  type RuleSetting,
} from "./rule.js";
