/**
 * Test connection for a connector whose runtime package is not installed: the server answers
 * that it cannot run it, and every step shows "Not run" with that reason (it showed "Waiting"
 * for ever). A real served tree and the real app in Debian's chromium.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogFromSchemas } from "../../src/index.js";
import { startTestApp, type TestApp } from "./browser.js";

const tree = mkdtempSync(path.join(os.tmpdir(), "onespec-not-run-"));
let app: TestApp;

function write(rel: string, value: unknown) {
  mkdirSync(path.dirname(path.join(tree, rel)), { recursive: true });
  writeFileSync(path.join(tree, rel), JSON.stringify(value, null, 2) + "\n");
}

beforeAll(async () => {
  // "orphan" has a schema but no @onespec/connector-orphan package anywhere.
  write("connectors/orphan/connection.json", {
    $schema: "http://json-schema.org/draft-07/schema#",
    type: "object",
    required: ["endpoint"],
    properties: {
      endpoint: { type: "string", title: "Endpoint", description: "Where it listens." },
    },
  });
  write("connectors/orphan/connector.json", {
    name: "orphan",
    displayName: "Orphan",
    description: "A connector with a schema and no runtime.",
    serviceType: "API",
    capabilities: ["metadata"],
    version: "0.1.0",
    docsUrl: "https://example.com/orphan",
  });
  write("connectors/orphan/test-connection.json", {
    steps: [
      {
        name: "CheckAccess",
        description: "Reach the endpoint.",
        mandatory: true,
        errorMessage: "Check it.",
      },
      {
        name: "ListThings",
        description: "List what is there.",
        mandatory: false,
        errorMessage: "Check rights.",
      },
    ],
  });
  app = await startTestApp({ catalog: await catalogFromSchemas({ schemas: tree, cwd: tree }) });
});

afterAll(async () => {
  await app?.close();
  rmSync(tree, { recursive: true, force: true });
});

describe("test connection that cannot run", () => {
  it("marks every step not run, with the server's reason", async () => {
    const { page, problems } = await app.page();
    await page.goto(`${app.base}/#/connectors/orphan/new`);
    await page.waitForSelector(".onespec-connection-form");
    await page.fill("#root_endpoint", "https://example.com");
    await page.click("button:has-text('Test connection')");
    await page.waitForSelector(".test-outcome.not-ok", { timeout: 30_000 });
    const steps = await page.$$eval(".test-step", (all) =>
      all.map((s) => ({
        name: s.getAttribute("data-step"),
        state: s.getAttribute("data-state"),
        label: s.querySelector(".step-state")?.textContent,
        message: s.querySelector(".step-message")?.textContent ?? "",
      })),
    );
    expect(steps.map((s) => [s.name, s.state, s.label])).toEqual([
      ["CheckAccess", "not-run", "Not run"],
      ["ListThings", "not-run", "Not run"],
    ]);
    for (const s of steps)
      expect(s.message).toMatch(/^Not run: .*No runtime implementation for connector "orphan"/);
    expect(await page.textContent(".test-outcome.not-ok")).toMatch(/No runtime implementation/);
    // The 501 the page received is the one console line a failed request leaves.
    expect(problems.filter((p) => !/501|Not Implemented/.test(p))).toEqual([]);
    await page.context().close();
  });
});
