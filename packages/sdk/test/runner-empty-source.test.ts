/**
 * A run that cannot read its source writes nothing, and a source that suddenly returns nothing
 * does not mark the catalog deleted: the source is opened and its streams listed before the
 * sink is touched, and a type read empty while the sink holds entities of it is refused unless
 * `allowEmpty` says so. The suites are in sink-contract.ts; here they run against JSON lines folders.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EmptySourceError, SourceError, jsonlSink } from "../src/index.js";
import { SERVICE, describeEmptySource, filesUnder, type Store } from "./sink-contract.js";

function jsonlStore(root: string): Store {
  const dir = path.join(root, "out");
  return {
    location: dir,
    sink: () => jsonlSink(dir),
    bytes: () => filesUnder(dir),
    entities: () => {
      const folder = path.join(dir, SERVICE);
      const all: [string, boolean][] = [];
      for (const name of readdirSync(folder).filter((n) => n.endsWith(".jsonl")))
        for (const line of readFileSync(path.join(folder, name), "utf8").split("\n"))
          if (line !== "") {
            const e = JSON.parse(line) as { fqn: string; deleted: boolean };
            all.push([e.fqn, e.deleted]);
          }
      return all.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    },
    checkpoint: () =>
      existsSync(path.join(dir, SERVICE, "state.json")) ||
      readdirSync(path.join(dir, SERVICE)).some((f) => f.endsWith(".partial")),
  };
}

describeEmptySource("jsonl", jsonlStore);

describe("EmptySourceError", () => {
  it("is a non-retryable source error listing the types in catalog order", () => {
    const error = new EmptySourceError("svc", { view: 3, table: 1 });
    expect(error).toBeInstanceOf(SourceError);
    expect(error.retryable).toBe(false);
    expect(error.message).toBe(
      "the source returned no table and view entities, but the catalog holds 1 table and 3 view entities of service svc; nothing was marked deleted",
    );
  });
});
