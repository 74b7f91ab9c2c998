/**
 * An accessibility audit (axe-core, in Debian's chromium) of the app's pages: the catalog, every
 * connector's form (empty, and after a refused submit, when errors show), and the saved
 * connections page. No serious or critical violation may be left.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./browser.js";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe's serious and critical violations on the page as it is, one line each. */
async function audit(page: Page): Promise<string[]> {
  // Evaluated by playwright rather than added as a script tag, which the app's CSP refuses.
  await page.evaluate(AXE);
  const violations = (await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run: (c: unknown, o: unknown) => Promise<{ violations: unknown[] }> };
      }
    ).axe;
    return (await axe.run(document, { resultTypes: ["violations"] })).violations;
  })) as Violation[];
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
    );
}

describe("accessibility (axe-core)", () => {
  it("the catalog", async () => {
    const { page } = await app.page();
    await page.goto(`${app.base}/#/`);
    await page.waitForSelector(".catalog, [data-connector], main");
    await page.waitForLoadState("networkidle");
    expect(await audit(page)).toEqual([]);
    await page.context().close();
  });

  it("every connector's form, empty and with its errors showing", async () => {
    const { page } = await app.page();
    const names = (await (await fetch(`${app.base}/api/connectors`)).json()) as { name: string }[];
    expect(names.length).toBeGreaterThan(0);
    const found: string[] = [];
    for (const { name } of names) {
      await page.goto(`${app.base}/#/connectors/${name}/new`);
      await page.waitForSelector(".onespec-connection-form");
      found.push(...(await audit(page)).map((v) => `${name}, empty: ${v}`));
      await page.click("button[type=submit]");
      await page.waitForSelector(".onespec-error-summary, #connection-name-error");
      found.push(...(await audit(page)).map((v) => `${name}, errors: ${v}`));
    }
    expect(found).toEqual([]);
    await page.context().close();
  });

  it("the saved connections page", async () => {
    app.store.create("sqlite", "a11y sample", { database_path: "/tmp/none.db" }, []);
    const { page } = await app.page();
    await page.goto(`${app.base}/#/connections`);
    await page.waitForSelector("table.connections");
    expect(await audit(page)).toEqual([]);
    await page.context().close();
  });
});
