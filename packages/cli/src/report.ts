import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import pc from "picocolors";
import { countBySeverity, sortDiagnostics, type Diagnostic } from "@onespec/core";

export type OutputFormat = "pretty" | "json" | "github";

/** Most bytes read to show one source line; a line beyond them is not shown. */
const MAX_SOURCE_BYTES = 1024 * 1024;
/** A longer line (minified JSON, binary) is not shown: it would flood the terminal. */
const MAX_LINE = 400;

/**
 * The line a diagnostic points at, for the excerpt. Only a regular file is read (never a FIFO or
 * device, never through a final symlink), and only its first megabyte: a diagnostic about a huge
 * file must not read it whole.
 */
function sourceLine(file: string | undefined, line: number | undefined): string | undefined {
  if (!file || !line) return undefined;
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
    const stat = fstatSync(fd);
    if (!stat.isFile()) return undefined;
    const buffer = Buffer.alloc(Math.min(stat.size, MAX_SOURCE_BYTES));
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    const lines = buffer.subarray(0, read).toString("utf8").split(/\r?\n/);
    // The last piece may be cut off by the limit: show only whole lines.
    const text = line < lines.length || read === stat.size ? lines[line - 1] : undefined;
    return text !== undefined && text.length > MAX_LINE ? undefined : text;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function where(d: Diagnostic): string {
  let s = d.file ?? "";
  if (d.line) s += `:${d.line}${d.column ? `:${d.column}` : ""}`;
  return s;
}

/** Diagnostics for people (grouped, with the source line and a caret), for tools (JSON) or for GitHub. */
export function formatDiagnostics(
  diagnostics: readonly Diagnostic[],
  format: OutputFormat,
  { color = pc.isColorSupported, showSource = true }: { color?: boolean; showSource?: boolean } = {},
): string {
  const sorted = sortDiagnostics(diagnostics);
  if (format === "json") return JSON.stringify(sorted, null, 2);
  if (format === "github") {
    const esc = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
    return sorted
      .map((d) => {
        const level = d.severity === "info" ? "notice" : d.severity;
        const props = [d.file && `file=${d.file}`, d.line && `line=${d.line}`, d.column && `col=${d.column}`, `title=${d.code}`].filter(Boolean).join(",");
        return `::${level} ${props}::${esc(d.message + (d.pointer ? ` (at ${d.pointer})` : "") + (d.hint ? ` ${d.hint}` : ""))}`;
      })
      .join("\n");
  }
  const c = color ? pc : { red: String, yellow: String, blue: String, dim: String, bold: String, cyan: String };
  const lines: string[] = [];
  let lastFile: string | undefined;
  for (const d of sorted) {
    if (d.file !== lastFile) {
      if (d.file) lines.push(c.bold(d.file));
      lastFile = d.file;
    }
    const label = d.severity === "error" ? c.red("error") : d.severity === "warning" ? c.yellow("warning") : c.blue("info");
    lines.push(`  ${where(d) ? c.dim(where(d)) + " " : ""}${label} ${d.message} ${c.dim(`[${d.code}]`)}`);
    if (d.pointer !== undefined && d.pointer !== "") lines.push(`    ${c.dim("at")} ${c.cyan(d.pointer)}`);
    const src = showSource ? sourceLine(d.file, d.line) : undefined;
    if (src !== undefined && d.column) {
      const shown = src.length > 160 ? src.slice(0, 160) + "…" : src;
      lines.push(`    ${c.dim("|")} ${shown}`);
      lines.push(`    ${c.dim("|")} ${" ".repeat(Math.min(d.column - 1, 160))}${c.red("^")}`);
    }
    if (d.hint) lines.push(`    ${c.dim("hint:")} ${d.hint}`);
  }
  const counts = countBySeverity(diagnostics);
  if (diagnostics.length > 0) lines.push(`${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info`);
  return lines.join("\n");
}
