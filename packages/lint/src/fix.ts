import { readFile, writeFile } from "node:fs/promises";
import { applyEdits, modify, parseTree, findNodeAtLocation, type Edit } from "jsonc-parser";
import { createTwoFilesPatch } from "diff";
import type { Fix } from "./rule.js";

export interface FixResult {
  file: string;
  diff: string;
}

/**
 * Applies safe fixes, editing the JSON text in place (formatting and key order are kept), and
 * returns a unified diff per changed file. `display` names files in the diff.
 */
export async function applyFixes(
  fixes: readonly Fix[],
  display: (file: string) => string,
  write = true,
): Promise<FixResult[]> {
  const byDoc = new Map<string, Fix[]>();
  for (const f of fixes) byDoc.set(f.doc, [...(byDoc.get(f.doc) ?? []), f]);
  const results: FixResult[] = [];
  for (const [doc, list] of [...byDoc].sort(([a], [b]) => a.localeCompare(b))) {
    const before = await readFile(doc, "utf8");
    let text = before;
    const indent = /\n(\s+)"/.exec(before)?.[1] ?? "  ";
    const formattingOptions = {
      insertSpaces: !indent.includes("\t"),
      tabSize: indent.includes("\t") ? 1 : indent.length,
      eol: before.includes("\r\n") ? "\r\n" : "\n",
    };
    // Renames first, deepest first, so paths of other fixes stay valid.
    for (const raw of [...list].sort((a, b) =>
      a.kind === b.kind ? b.path.length - a.path.length : a.kind === "rename" ? -1 : 1,
    )) {
      const fix = { ...raw, path: jsonPath(text, raw.path) };
      let edits: Edit[] = [];
      if (fix.kind === "set") edits = modify(text, fix.path, fix.value, { formattingOptions });
      else {
        const node = findNodeAtLocation(parseTree(text)!, fix.path);
        const key = node?.parent?.children?.[0];
        if (key)
          edits = [{ offset: key.offset, length: key.length, content: JSON.stringify(fix.to) }];
        if (key && fix.value !== undefined) {
          text = applyEdits(text, edits);
          edits = modify(text, [...fix.path.slice(0, -1), fix.to], fix.value, {
            formattingOptions,
          });
        }
      }
      text = applyEdits(text, edits);
    }
    if (text === before) continue;
    if (write) await writeFile(doc, text);
    const name = display(doc);
    results.push({
      file: name,
      diff: createTwoFilesPatch(`a/${name}`, `b/${name}`, before, text, "", "", { context: 2 }),
    });
  }
  return results;
}

/** Array indices must be numbers for jsonc-parser; pointer tokens are all strings. */
function jsonPath(text: string, path: readonly (string | number)[]): (string | number)[] {
  let node: unknown = JSON.parse(text);
  return path.map((token) => {
    const step = Array.isArray(node) && /^\d+$/.test(String(token)) ? Number(token) : token;
    node =
      node !== null && typeof node === "object"
        ? (node as Record<string | number, unknown>)[step]
        : undefined;
    return step;
  });
}
