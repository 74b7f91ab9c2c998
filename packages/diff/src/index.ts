export type { ChangeKind, ConnectorDiff, DiffLocation, Verdict } from "./types.js";
export { diffTrees } from "./tree-diff.js";
export {
  proposeBump,
  checkVersions,
  type Bump,
  type DeclaredMigrations,
  type VersionCheck,
} from "./bump.js";
export { diffDiagnostics } from "./diagnostics.js";
