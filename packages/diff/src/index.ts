export type { ChangeKind, ConnectorDiff, DiffLocation, Verdict } from "./types.js";
export { diffTrees } from "./tree-diff.js";
export {
  proposeBump,
  bumpBetween,
  checkVersions,
  parseVersion,
  type Bump,
  type VersionCheck,
} from "./bump.js";
export { diffDiagnostics, suggest, DIFF_CODES } from "./diagnostics.js";
