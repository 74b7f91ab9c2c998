/** What a change does to a config that was valid before. */
export type Verdict = "breaking" | "compatible" | "unknown";

/** The kinds of change the diff names; each has one verdict, or a verdict that depends on the case (see docs/diff.md). */
export type ChangeKind =
  | "connector-added"
  | "connector-removed"
  | "required-added"
  | "required-removed"
  | "property-added"
  | "optional-added"
  | "property-removed"
  | "additional-properties-closed"
  | "additional-properties-opened"
  | "type-narrowed"
  | "type-widened"
  | "enum-narrowed"
  | "enum-widened"
  | "const-changed"
  | "range-narrowed"
  | "range-widened"
  | "pattern-changed"
  | "format-changed"
  | "unique-items-added"
  | "additional-items-closed"
  | "additional-items-opened"
  | "pattern-property-added"
  | "pattern-property-removed"
  | "pattern-property-changed"
  | "not-added"
  | "not-removed"
  | "not-changed"
  | "conditional-added"
  | "conditional-removed"
  | "conditional-changed"
  | "dependency-added"
  | "dependency-removed"
  | "all-of-member-added"
  | "all-of-member-removed"
  | "oneOf-branch-removed"
  | "branch-added"
  | "discriminator-changed"
  | "combinator-changed"
  | "secret-removed"
  | "secret-added"
  | "default-changed"
  | "default-added"
  | "default-removed"
  | "doc-changed"
  | "keyword-changed";

/** A place in one of the two trees. */
export interface DiffLocation {
  /** The file as shown to users (relative to the working directory when inside it). */
  file: string;
  /** JSON pointer in the schema (in the file when the schema is wrapped or renamed, see core's `locate`). */
  pointer: string;
  line?: number;
  column?: number;
}

/** One change of one connector's effective schema, from the point of view of a config valid before. */
export interface ConnectorDiff {
  connector: string;
  kind: ChangeKind;
  verdict: Verdict;
  /** Why this verdict; for `unknown`, why it cannot be decided. */
  reason: string;
  /**
   * Where in a config the change applies, as a JSON pointer over the config (`*` for every item
   * of an array or value of a map): what a migration step would name.
   */
  instancePath: string;
  /** Where the change is: in the new schema when the node still exists there, else in the old one (`side`). */
  side: "after" | "before";
  file?: string;
  pointer?: string;
  line?: number;
  column?: number;
  /** The node in the old schema, when there is one. */
  before?: DiffLocation;
  /** The node in the new schema, when there is one. */
  after?: DiffLocation;
  /**
   * When the node is gone from the new schema: the nearest node of the new schema that holds
   * where it was (its parent), so that an annotation lands on a line of the new file.
   */
  near?: DiffLocation;
  /** The shared definition file the change is in, when it is not the connector's own schema: the change is reported on every connector that reaches it. */
  shared?: string;
}
