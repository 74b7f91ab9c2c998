/**
 * A connection saved for an older connector version, in the app: the list and the editor say it
 * was upgraded, and saving it stores the upgrade. The catalog is built from real specs' next
 * versions (tooling/test-fixtures/history/v3); the connection was saved for 1.0.0.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HISTORY_DIR } from "@onespec/test-fixtures";
import { catalogFromSchemas } from "../../src/index.js";
import { startTestApp, type TestApp } from "./browser.js";

let app: TestApp;
const SECRET = "sk_live_Upgr4ded";

beforeAll(async () => {
  app = await startTestApp({
    catalog: await catalogFromSchemas({ schemas: path.join(HISTORY_DIR, "v3") }),
  });
});
afterAll(async () => {
  await app?.close();
});

describe("a connection saved for an older connector version", () => {
  it("is shown upgraded in the list and the editor, and saving stores the upgrade", async () => {
    const saved = app.store.create(
      "source-stripe",
      "Stripe (1.0.0)",
      { account_id: "acct_1", client_secret: SECRET, start_date: "2023-01-01T00:00:00Z" },
      ["/client_secret"],
      "1.0.0",
    );
    const { page, problems } = await app.page();
    const bodies: string[] = [];
    page.on("response", (r) => {
      if (r.url().includes("/api/"))
        void r.text().then(
          (t) => bodies.push(t),
          () => undefined,
        );
    });

    await page.goto(`${app.base}/#/connections`);
    const row = `tr[data-connection="${saved.id}"]`;
    await page.waitForSelector(row);
    expect(await page.textContent(`${row} [data-upgraded-from]`)).toContain(
      "upgraded from 1.0.0; save to keep",
    );

    await page.click(`${row} a`);
    await page.waitForSelector(".onespec-connection-form");
    expect(await page.textContent(".notice-ok")).toBe(
      "Upgraded from Stripe 1.0.0 to 3.0.0: check it, and save to store it for this version.",
    );
    // The renamed secret is in its new field, masked.
    expect(await page.inputValue("#root_account_id")).toBe("acct_1");
    expect(await page.$("#root_client_secret")).toBeNull();

    await page.click("button:has-text('Save')");
    await page.waitForSelector(".notice-ok:has-text('Saved')");
    expect(app.store.get(saved.id)!.connectorVersion).toBe("3.0.0");
    expect(app.store.secrets(saved.id)).toEqual([{ pointer: "/secret_key", value: SECRET }]);

    await page.goto(`${app.base}/#/connections`);
    await page.waitForSelector(row);
    expect(await page.$(`${row} [data-upgraded-from]`)).toBeNull();
    expect(problems).toEqual([]);
    for (const body of bodies) expect(body).not.toContain(SECRET);
  });
});
