import { afterAll, describe, expect, it } from "vitest";
import {
  connectorNamespace,
  loadTree,
  NAME_COLLISION,
  nameCollisionsFor,
  type SchemaModel,
} from "../src/index.js";
import { nameCollisions } from "../src/name-collisions.js";
import { connectorFiles } from "./fixtures.js";
import { cleanupTestdirs, testdir } from "./testdir.js";

afterAll(cleanupTestdirs);

/** A model holding only what the check looks at: names and entry paths. */
function model(connectors: string[], records: string[] = []): SchemaModel {
  return {
    root: "/s",
    docs: new Map(),
    refs: new Map(),
    connectors: connectors.map((name) => ({
      name,
      entry: `/s/connectors/${name}/connection.json`,
      metadata: {} as never,
      steps: [],
    })),
    records: records.map((name) => ({ name, entry: `/s/records/${name}.json` })),
    diagnostics: [],
  };
}

describe("nameCollisions", () => {
  it.each<[string, { connectors: string[]; records?: string[]; want: string[] }]>([
    ["distinct names", { connectors: ["mysql", "postgres", "my-sql-2"], want: [] }],
    [
      "- and _",
      {
        connectors: ["my-db", "my_db"],
        want: [
          'Connectors "my-db" and "my_db" become the same identifiers in generated code (MyDbConfig, validateMyDbConfig, myDb)',
        ],
      },
    ],
    ["a dot", { connectors: ["my.db", "my-db"], want: ['Connectors "my.db" and "my-db"'] }],
    ["a word's case", { connectors: ["myDb", "my-db"], want: ['Connectors "myDb" and "my-db"'] }],
    [
      "digits",
      {
        connectors: ["s3", "s-3"],
        want: [
          'Connectors "s3" and "s-3" become the same identifiers in generated code (S3Config, validateS3Config, s3)',
        ],
      },
    ],
    ["letters that differ", { connectors: ["mydb", "my-db"], want: [] }],
    [
      "three names: one error per extra",
      {
        connectors: ["a-b", "a_b", "a.b"],
        want: ['Connectors "a-b" and "a_b"', 'Connectors "a-b" and "a.b"'],
      },
    ],
    [
      "a reserved namespace and its suffixed spelling",
      {
        connectors: ["connectors", "connectors-connector"],
        want: [
          'Connectors "connectors" and "connectors-connector" become the same identifier in generated code (connectorsConnector)',
        ],
      },
    ],
    [
      "records",
      {
        connectors: [],
        records: ["order-line", "order_line"],
        want: [
          'Record schemas "order-line" and "order_line" become the same identifier in generated code (OrderLineRecord)',
        ],
      },
    ],
  ])("%s", (_name, { connectors, records, want }) => {
    const found = nameCollisions(model(connectors, records));
    expect(found).toHaveLength(want.length);
    found.forEach((d, i) => {
      expect(d.severity).toBe("error");
      expect(d.code).toBe(NAME_COLLISION);
      expect(d.message).toContain(want[i]);
      expect(d.hint).toMatch(/Rename one of them/);
    });
  });

  it("puts the error on the later connector, so --keep-going keeps the first", () => {
    const [d] = nameCollisions(model(["my-db", "my_db"]));
    expect(d.connector).toBe("my_db");
  });

  it("gives the registry's namespaces for reserved words and its own names", () => {
    expect(connectorNamespace("my-db")).toBe("myDb");
    expect(connectorNamespace("delete")).toBe("deleteConnector");
    expect(connectorNamespace("is-connector-name")).toBe("isConnectorNameConnector");
    expect(connectorNamespace("connector-names")).toBe("connectorNamesConnector");
  });

  it("is located at the entry document of the loser", async () => {
    const connection = { type: "object", properties: { host: { type: "string" } } };
    const root = await testdir({
      ...connectorFiles("my-db", connection),
      ...connectorFiles("my_db", connection),
    });
    const loaded = await loadTree({ root, cwd: root });
    expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(
      nameCollisions(loaded).map((d) => ({
        file: d.file,
        pointer: d.pointer,
        line: d.line,
        column: d.column,
        connector: d.connector,
      })),
    ).toEqual([
      {
        file: "connectors/my_db/connection.json",
        pointer: "",
        line: 1,
        column: 1,
        connector: "my_db",
      },
    ]);
  });
});

describe("nameCollisionsFor", () => {
  const m = model(["my-db", "my_db"]);
  it("is reported by the first name-checking generator of the run only", () => {
    const run = { generators: ["validators", "types", "registry"] };
    expect(nameCollisionsFor(m, run, "types")).toHaveLength(1);
    expect(nameCollisionsFor(m, run, "registry")).toEqual([]);
    expect(nameCollisionsFor(m, { generators: ["registry"] }, "registry")).toHaveLength(1);
  });

  it("is not reported again when the model already has it", () => {
    const withIt = { ...m, diagnostics: nameCollisions(m) };
    expect(nameCollisionsFor(withIt, { generators: ["types"] }, "types")).toEqual([]);
  });
});
