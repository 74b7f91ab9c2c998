import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import pc from "picocolors";
import { countBySeverity, sortDiagnostics, type Diagnostic } from "@onespec/core";
import { escapeControls, terminalSafe, terminalSafeJson } from "./terminal-text.js";

export type OutputFormat = "pretty" | "json" | "github";

/** Diagnostics about a secret's value written in a file: their line is never shown, whatever points at it. */
// Diagnostics located at a secret's value: their source line is never shown (the second is
// @onespec/engine's SECRET_VALUE_LEFT_OUT, named here so reporting does not load the engine).
const SECRET_VALUE_CODES = new Set(["lint/secret-with-value", "generate/secret-value-left-out"]);

/** Most bytes read to show one source line; a line beyond them is not shown. */
const MAX_SOURCE_BYTES = 1024 * 1024;
/** A longer line (minified JSON, binary) is not shown: it would flood the terminal. */
const MAX_LINE = 400;

/**
 * The lines of a file, for the excerpts. Only a regular file is read (never a FIFO or device,
 * never through a final symlink), and only its first megabyte: a diagnostic about a huge file
 * must not read it whole. `complete` is false when the file went on past what was read.
 */
function readLines(file: string): { lines: string[]; complete: boolean } | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
    const stat = fstatSync(fd);
    if (!stat.isFile()) return undefined;
    const buffer = Buffer.alloc(Math.min(stat.size, MAX_SOURCE_BYTES));
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return {
      lines: buffer.subarray(0, read).toString("utf8").split(/\r?\n/),
      complete: read === stat.size,
    };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The line a diagnostic points at, for the excerpt; each file is read once per report (a file with thousands of problems is not read thousands of times). */
function sourceLine(
  cache: Map<string, ReturnType<typeof readLines>>,
  file: string | undefined,
  line: number | undefined,
): string | undefined {
  if (!file || !line) return undefined;
  if (!cache.has(file)) cache.set(file, readLines(file));
  const source = cache.get(file);
  if (!source) return undefined;
  // The last piece may be cut off by the limit: show only whole lines.
  const text = line < source.lines.length || source.complete ? source.lines[line - 1] : undefined;
  return text !== undefined && text.length > MAX_LINE ? undefined : text;
}

function where(d: Diagnostic): string {
  let s = escapeControls(d.file ?? "");
  if (d.line) s += `:${d.line}${d.column ? `:${d.column}` : ""}`;
  return s;
}

/** Diagnostics for people (grouped, with the source line and a caret), for tools (JSON) or for GitHub. */
export function formatDiagnostics(
  diagnostics: readonly Diagnostic[],
  format: OutputFormat,
  {
    color = pc.isColorSupported,
    showSource = true,
  }: { color?: boolean; showSource?: boolean } = {},
): string {
  const sorted = sortDiagnostics(diagnostics);
  // Messages, names and lines can hold text from the user's files: what a terminal would act on
  // (escape sequences, C1 controls, bidi overrides) is written as an escape in every format.
  if (format === "json") return terminalSafeJson(JSON.stringify(sorted, null, 2));
  if (format === "github") {
    const esc = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
    return sorted
      .map((d) => {
        const level = d.severity === "info" ? "notice" : d.severity;
        const props = [
          d.file && `file=${escapeControls(d.file)}`,
          d.line && `line=${d.line}`,
          d.column && `col=${d.column}`,
          `title=${d.code}`,
        ]
          .filter(Boolean)
          .join(",");
        return `::${level} ${props}::${esc(terminalSafe(d.message + (d.pointer ? ` (at ${d.pointer})` : "") + (d.hint ? ` ${d.hint}` : "")))}`;
      })
      .join("\n");
  }
  const c = color
    ? pc
    : { red: String, yellow: String, blue: String, dim: String, bold: String, cyan: String };
  const lines: string[] = [];
  const sources = new Map<string, ReturnType<typeof readLines>>();
  const secretLines = new Set(
    sorted
      .filter((d) => SECRET_VALUE_CODES.has(d.code) && d.file && d.line)
      .map((d) => `${d.file}:${d.line}`),
  );
  let lastFile: string | undefined;
  for (const d of sorted) {
    if (d.file !== lastFile) {
      if (d.file) lines.push(c.bold(escapeControls(d.file)));
      lastFile = d.file;
    }
    const label =
      d.severity === "error"
        ? c.red("error")
        : d.severity === "warning"
          ? c.yellow("warning")
          : c.blue("info");
    lines.push(
      `  ${where(d) ? c.dim(where(d)) + " " : ""}${label} ${terminalSafe(d.message)} ${c.dim(`[${escapeControls(d.code)}]`)}`,
    );
    if (d.pointer !== undefined && d.pointer !== "")
      lines.push(`    ${c.dim("at")} ${c.cyan(escapeControls(d.pointer))}`);
    const src =
      showSource && !secretLines.has(`${d.file}:${d.line}`)
        ? sourceLine(sources, d.file, d.line)
        : undefined;
    if (src !== undefined && d.column) {
      // Escaped (tabs kept), and the caret moved by what the escapes add before the column.
      const shown =
        terminalSafe(src.length > 160 ? src.slice(0, 160) : src) + (src.length > 160 ? "…" : "");
      const before = terminalSafe(src.slice(0, Math.min(d.column - 1, 160))).replace(/[^\t]/g, " ");
      lines.push(`    ${c.dim("|")} ${shown}`);
      lines.push(`    ${c.dim("|")} ${before}${c.red("^")}`);
    }
    if (d.hint) lines.push(`    ${c.dim("hint:")} ${terminalSafe(d.hint)}`);
  }
  const counts = countBySeverity(diagnostics);
  if (diagnostics.length > 0)
    lines.push(`${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info`);
  return lines.join("\n");
}

/**
 * Prints a report where its reader looks: GitHub's workflow commands (`::error file=…::`) on
 * stdout, where the runner reads them; the other formats on stderr, beside the command's own
 * messages, so stdout stays free for output a script consumes.
 */
export function printDiagnostics(
  diagnostics: readonly Diagnostic[],
  format: OutputFormat,
  options?: Parameters<typeof formatDiagnostics>[2],
): void {
  const text = formatDiagnostics(diagnostics, format, options);
  if (!text) return;
  if (format === "github") console.log(text);
  else console.error(text);
}
