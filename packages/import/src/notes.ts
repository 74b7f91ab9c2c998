/**
 * What the import changed or dropped, one line each, for the user (and CONNECTOR_CONTEXT.md).
 * The same change in many places is one line that lists them.
 */
export class Notes {
  private entries: ({ line: string } | { key: string })[] = [];
  private groups = new Map<string, { render: (where: string) => string; pointers: string[] }>();

  add(line: string): void {
    if (!this.entries.some((e) => "line" in e && e.line === line)) this.entries.push({ line });
  }

  /** One line for many places: `render` receives the pointer, or "N places (/a, /b, …)". */
  count(key: string, pointer: string, render: (where: string) => string): void {
    let group = this.groups.get(key);
    if (!group) {
      this.groups.set(key, (group = { render, pointers: [] }));
      this.entries.push({ key });
    }
    if (!group.pointers.includes(pointer)) group.pointers.push(pointer);
  }

  all(): string[] {
    return this.entries.map((e) => {
      if ("line" in e) return e.line;
      const { render, pointers } = this.groups.get(e.key)!;
      const shown =
        pointers.slice(0, 4).map(showPointer).join(", ") +
        (pointers.length > 4 ? `, … ${pointers.length - 4} more` : "");
      return render(
        pointers.length === 1 ? showPointer(pointers[0]) : `${pointers.length} places (${shown})`,
      );
    });
  }
}

/** A pointer as notes show it: the root is "(root)". */
export function showPointer(pointer: string): string {
  return pointer === "" ? "(root)" : pointer;
}
