/** Diagnostics as data: every problem a user can cause is one of these, never a thrown stack trace. */
export type Severity = "error" | "warning" | "info";

export interface Diagnostic {
  severity: Severity;
  /** Stable identifier, e.g. `ref/unresolved`. */
  code: string;
  message: string;
  /** File path relative to the working directory (or absolute when outside it). */
  file?: string;
  /** JSON pointer inside `file`. */
  pointer?: string;
  line?: number;
  column?: number;
  /** What to do about it. */
  hint?: string;
  /** The connector this problem stops from generating, when it is known. */
  connector?: string;
}

/** Thrown only across internal boundaries; the CLI turns it back into diagnostics. */
export class DiagnosticError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => d.message).join("; "));
    this.name = "DiagnosticError";
    this.diagnostics = diagnostics;
  }
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

export function countBySeverity(diagnostics: readonly Diagnostic[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return counts;
}

/** Stable order: file, line, column, code. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.file ?? "").localeCompare(b.file ?? "") ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      a.code.localeCompare(b.code),
  );
}
