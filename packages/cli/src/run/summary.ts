/** The end-of-run summary as a table. */
import { orderEntityTypes, type Counts, type RunSummary } from "@onespec/sdk";

const columns: (keyof Counts)[] = ["read", "created", "updated", "unchanged", "deleted", "failed"];

/** `where`: where the error's value sits ("workflow.yaml:5:20"), when the error names one. */
export function formatSummary(summary: RunSummary, where?: string): string {
  const rows: string[][] = [["entity", ...columns]];
  for (const type of orderEntityTypes(Object.keys(summary.entities))) {
    const counts = summary.entities[type];
    rows.push([type, ...columns.map((c) => String(counts[c]))]);
  }
  rows.push(["total", ...columns.map((c) => String(summary.total[c]))]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const table = rows.map((r) =>
    r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  "),
  );
  const seconds = (summary.durationMs / 1000).toFixed(2);
  const head =
    summary.status === "ok"
      ? `onespec run: ${summary.connector} → ${summary.sink}, service ${summary.service}: ok in ${seconds}s` +
        (summary.resumed ? " (resumed an interrupted run)" : "") +
        (summary.dryRun ? " (dry run: nothing was written)" : "")
      : `onespec run: ${summary.connector} → ${summary.sink}, service ${summary.service}: failed after ${seconds}s`;
  const lines = [head, ...table];
  if (summary.error) {
    lines.push(`error (${summary.error.kind}): ${summary.error.message}`);
    if (where !== undefined) lines.push(`at ${where}`);
    if (summary.error.hint) lines.push(`hint: ${summary.error.hint}`);
  }
  return lines.join("\n");
}
