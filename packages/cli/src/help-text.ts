/** One line of a help section: a command, option or example, and what it does. */
export interface HelpRow {
  left: string;
  right: string;
}

/** What `--help` prints, before it is laid out for the terminal's width. */
export interface HelpPage {
  usage: string;
  description?: string;
  sections: { title: string; rows: HelpRow[] }[];
  epilog?: string;
}

/** A left column wider than this share of the width goes on a line of its own. */
const LEFT_SHARE = 0.45;
/** Narrower than this, descriptions go under their names instead of beside them. */
const MIN_RIGHT = 30;

/** Words filled into lines of at most `width` characters; a longer word is cut. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (let word of text.split(/\s+/).filter(Boolean)) {
    while (word.length > width) {
      if (line) lines.push(line);
      lines.push(word.slice(0, width));
      word = word.slice(width);
      line = "";
    }
    if (!word) continue;
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

/** Text whose own line breaks are kept, each paragraph wrapped. */
function paragraphs(text: string, width: number): string[] {
  return text.split("\n").flatMap((p) => (p.trim() === "" ? [""] : wrap(p, width)));
}

/**
 * Rows as two columns: names indented by 2, descriptions lined up after the widest name that
 * fits. A name too wide for that (a long example command) gets its own lines, and its
 * description starts on the next line at the column, so one long row does not squeeze the rest.
 */
function columns(rows: HelpRow[], width: number): string[] {
  const maxLeft = Math.floor(width * LEFT_SHARE);
  const fitting = rows.map((r) => r.left.length).filter((n) => n <= maxLeft);
  const column = 2 + Math.max(0, ...fitting) + 2;
  const stacked = width - column < MIN_RIGHT;
  const indent = stacked ? 6 : column;
  const out: string[] = [];
  for (const { left, right } of rows) {
    const text = right ? wrap(right, width - indent) : [];
    if (!stacked && left.length <= maxLeft) {
      const [first = "", ...rest] = text;
      out.push(`  ${left.padEnd(column - 2)}${first}`.trimEnd());
      for (const line of rest) out.push(" ".repeat(column) + line);
    } else {
      // continuation lines of a wrapped name are indented, so they do not read as a new row
      wrap(left, width - 4).forEach((line, i) => out.push(`${i === 0 ? "  " : "    "}${line}`));
      for (const line of text) out.push(" ".repeat(indent) + line);
    }
  }
  return out;
}

/** The help page as text for a terminal `width` columns wide. */
export function renderHelp(page: HelpPage, width: number): string {
  const blocks: string[][] = [paragraphs(page.usage, width)];
  if (page.description) blocks.push(paragraphs(page.description, width));
  for (const { title, rows } of page.sections)
    if (rows.length > 0) blocks.push([`${title}:`, ...columns(rows, width)]);
  if (page.epilog) blocks.push(paragraphs(page.epilog, width));
  return blocks.map((b) => b.join("\n")).join("\n\n");
}
