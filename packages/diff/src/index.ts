export type { ChangeKind, ConnectorDiff, DiffLocation, Verdict } from "./types.js";
export { diffTrees } from "./tree-diff.js";
export {
  proposeBump,
  bumpBetween,
  checkVersions,
  parseVersion,
  suggest,
  type Bump,
  type DeclaredMigrations,
  type VersionCheck,
} from "./bump.js";
export { diffDiagnostics, DIFF_CODES } from "./diagnostics.js";
