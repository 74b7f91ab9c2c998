import { describe, expect, it } from "vitest";
import type { ConnectorMetadata } from "@onespec/core";
import { connectorPage, indexPage, type ConnectorPage } from "../src/pages.js";

// Text that would break out of where it lands if it were not escaped for that place.
const HOSTILE =
  "a | b\n# not a heading <script>alert(1)</script> `tick` *em* [x](javascript:y) -->";

const metadata: ConnectorMetadata = {
  name: "acme",
  displayName: HOSTILE,
  description: HOSTILE,
  serviceType: HOSTILE,
  capabilities: ["metadata", "a|b"],
  version: HOSTILE,
  docsUrl: "javascript:alert(1)",
};

function page(over: Partial<ConnectorPage> = {}): ConnectorPage {
  return {
    source: "connectors/--><script>/connection.json",
    metadata,
    schemaDescription: HOSTILE,
    fields: [
      {
        path: "a|b",
        condition: HOSTILE,
        type: "string",
        required: true,
        default: '"x|y"',
        secret: false,
        description: HOSTILE,
      },
    ],
    choices: [
      {
        path: "auth",
        title: HOSTILE,
        description: HOSTILE,
        discriminator: "kind",
        branches: [{ title: HOSTILE, value: "v|w", description: HOSTILE, fields: ["a`b"] }],
      },
    ],
    steps: [
      {
        name: HOSTILE,
        description: HOSTILE,
        mandatory: true,
        shortCircuit: true,
        errorMessage: HOSTILE,
      },
    ],
    hasShortCircuit: true,
    exampleYaml: "a: 1\n",
    fence: "```",
    ...over,
  };
}

/** The cells of a table row, split at the pipes Markdown reads as cell borders. */
const cells = (row: string) => row.split(/(?<!\\)\|/).slice(1, -1);

describe("the connector page", () => {
  const text = connectorPage(page());
  const lines = text.split("\n");

  it("lets no schema or metadata text open HTML, a heading, a link or a table cell", () => {
    expect(text).not.toContain("<script>");
    expect(text).not.toMatch(/(?<!\\)\]\(javascript:/);
    expect(lines.filter((l) => l.startsWith("#")).map((l) => l.split(" ")[0])).toEqual([
      "#",
      "##",
      "##",
      "###",
      "##",
      "##",
    ]);
    // A paragraph of schema text cannot start a heading, a list or a quote either.
    for (const [start, line] of [
      ["# h", "\\# h"],
      ["- item", "\\- item"],
      ["> quote", "&gt; quote"],
      ["1. one", "1\\. one"],
    ]) {
      const own = connectorPage(page({ metadata: { ...metadata, description: start } }));
      expect(own.split("\n")).toContain(line);
    }
  });

  it("keeps each table row on one line with its own cells", () => {
    const field = lines.find((l) => l.startsWith("| `a\\|b`"))!;
    expect(cells(field)).toHaveLength(6);
    const step = lines.find((l) => l.includes("(short-circuit)"))!;
    expect(cells(step)).toHaveLength(4);
    const capabilities = lines.find((l) => l.startsWith("| Capabilities |"))!;
    expect(cells(capabilities)).toHaveLength(2);
  });

  it("cannot end the header comment early", () => {
    expect(lines[0].startsWith("<!-- ")).toBe(true);
    expect(lines[0].indexOf("-->")).toBe(lines[0].length - 3);
  });

  it("links only http(s) documentation", () => {
    expect(lines.find((l) => l.startsWith("| Documentation |"))).toBe(
      "| Documentation | javascript:alert(1) |",
    );
    const safe = connectorPage(page({ metadata: { ...metadata, docsUrl: "https://x.test/d" } }));
    expect(safe).toContain("| Documentation | <https://x.test/d> |");
  });

  it("leaves out what is not there, and says so for a missing example", () => {
    const bare = connectorPage(
      page({
        metadata: { ...metadata, description: undefined, docsUrl: "" },
        schemaDescription: undefined,
        choices: [],
        hasShortCircuit: false,
        exampleYaml: "",
      }),
    );
    expect(bare).not.toContain("| Documentation |");
    expect(bare).not.toContain("## Options");
    expect(bare).toContain("runs these steps in order. The step names");
    expect(bare).toContain("onespec found no config this schema accepts");
    expect(bare).not.toContain("```");
  });
});

describe("the index page", () => {
  it("keeps each connector on one row of its own cells", () => {
    const text = indexPage([metadata, { ...metadata, name: "b", docsUrl: "https://x.test" }]);
    const rows = text.split("\n").filter((l) => l.startsWith("| ["));
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(cells(row)).toHaveLength(6);
    expect(text).not.toContain("<script>");
    expect(rows[1]).toContain("<https://x.test>");
    expect(text.endsWith("\n2 connectors.\n")).toBe(true);
  });
});
