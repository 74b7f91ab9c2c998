/**
 * Source text built line by line with its indentation, so the output is formatted by
 * construction (one statement a line, two spaces a level) and no formatter runs over it.
 */
import { unsupported } from "./unsupported.js";

/** Levels of indentation written at most; deeper code keeps this one. */
const MAX_INDENT = 32;
/** Levels of nesting at most. */
const MAX_NESTING = 1000;

export class Emitter {
  readonly lines: string[] = [];
  private depth: number;
  private readonly counters = new Map<string, number>();

  constructor(depth = 0) {
    this.depth = depth;
  }

  /** A fresh local name: `prefix0`, `prefix1`, … */
  name(prefix: string): string {
    const n = this.counters.get(prefix) ?? 0;
    this.counters.set(prefix, n + 1);
    return `${prefix}${n}`;
  }

  line(text: string): void {
    // Indented to MAX_INDENT levels at most: code nested once per branch of a schema's anyOf
    // (as ajv's is) would otherwise grow with the square of the branches (3,000 made 90 MB).
    this.lines.push("  ".repeat(Math.min(this.depth, MAX_INDENT)) + text);
  }

  /** `head {` and one level deeper. */
  open(head: string): void {
    this.line(`${head} {`);
    // V8 cannot parse code nested this deep (an anyOf of 5,000 branches nests once per branch):
    // left to ajv, which refuses it with a located error instead of writing a module that
    // cannot load.
    if (++this.depth > MAX_NESTING) unsupported(`code nested more than ${MAX_NESTING} levels deep`);
  }

  /** `} else {` at the level of the block it continues. */
  orElse(head = "} else {"): void {
    this.depth--;
    this.line(head);
    this.depth++;
  }

  /** Where the text is now, for `dropIfEmpty`. */
  mark(): number {
    return this.lines.length;
  }

  /**
   * Removes a block opened at `mark` that is still empty (a group of keywords that wrote
   * nothing); true when it did. Otherwise the block stays open.
   */
  dropIfEmpty(mark: number): boolean {
    if (this.lines.length !== mark + 1) return false;
    this.lines.length = mark;
    this.depth--;
    return true;
  }

  close(): void {
    this.depth--;
    this.line("}");
  }

  text(): string {
    return this.lines.join("\n");
  }
}
