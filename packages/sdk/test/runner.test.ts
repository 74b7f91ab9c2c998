import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SourceError, jsonlSink, runSync } from "../src/index.js";
import { catalogEntityTypes } from "../src/types.js";
import { createFakeConnector, sampleConfig } from "./fake-connector.js";
import {
  SERVICE,
  allCreated,
  describeRunSync,
  sampleFqns,
  type Harness,
  type Stored,
} from "./sink-contract.js";

function listFiles(dir: string, base = dir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full, base) : [path.relative(base, full)];
  });
}

function jsonlHarness(root: string): Harness {
  const dir = path.join(root, "out");
  const serviceDir = path.join(dir, SERVICE);
  return {
    root,
    sink: () => jsonlSink(dir),
    tick: () => {},
    async entities() {
      const all: Stored[] = [];
      for (const type of catalogEntityTypes) {
        const file = path.join(serviceDir, `${type}.jsonl`);
        if (!existsSync(file)) continue;
        for (const line of readFileSync(file, "utf8").split("\n")) {
          if (line === "") continue;
          const e = JSON.parse(line) as Stored & { parent?: string };
          all.push({
            type: e.type,
            fqn: e.fqn,
            name: e.name,
            parent: e.parent ?? null,
            properties: e.properties,
            deleted: e.deleted,
          });
        }
      }
      return all.sort((a, b) => (a.fqn < b.fqn ? -1 : a.fqn > b.fqn ? 1 : 0));
    },
    dump: () =>
      Object.fromEntries(
        listFiles(dir)
          .sort()
          .map((f) => [f, readFileSync(path.join(dir, f), "utf8")]),
      ),
    sameBytes: true,
    checkpoint: () =>
      existsSync(path.join(serviceDir, "state.json")) ||
      listFiles(dir).some((f) => f.endsWith(".partial")),
  };
}

describeRunSync("jsonl", jsonlHarness);

describe("jsonlSink resume", () => {
  it("drops what an interrupted batch left half-written in a partial file", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "onespec-jsonl-"));
    try {
      const h = jsonlHarness(root);
      const fake = createFakeConnector();
      fake.hooks.failures.push({
        stream: "tables",
        fetch: 2,
        error: () => new SourceError("lost"),
      });
      const options = {
        connector: fake.connector,
        config: sampleConfig,
        service: SERVICE,
        batchSize: 2,
      };
      expect((await runSync({ ...options, sink: h.sink() })).status).toBe("failed");
      // A crash between appending a batch and storing its checkpoint leaves a partial line.
      const partial = path.join(root, "out", SERVICE, "table.jsonl.partial");
      expect(existsSync(partial)).toBe(true);
      appendFileSync(partial, '{"deleted":false,"fqn":"warehouse.sales.customers","na');
      const resumed = await runSync({ ...options, sink: h.sink() });
      expect(resumed).toMatchObject({ status: "ok", resumed: true, entities: allCreated });
      expect((await h.entities()).map((e) => e.fqn)).toEqual(sampleFqns);
      expect(
        readFileSync(path.join(root, "out", SERVICE, "table.jsonl"), "utf8").split("\n"),
      ).toHaveLength(6);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
