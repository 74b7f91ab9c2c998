/**
 * Regenerates the screenshots of docs/serve.md (docs/screenshots/*.png): the connector catalog, the
 * postgres form, and a connection test that passed against a throwaway PostgreSQL loaded with the
 * retail test database (an empty one fails GetTables: system schemas are filtered out). Needs the
 * built app (`npm run build`) and Debian's chromium. Run: npx tsx scripts/screenshots.ts
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ConnectionStore, buildApp, catalogFromSchemas } from "@onespec/server";
import { POSTGRES_RETAIL_SQL } from "@onespec/test-fixtures";
import { launchChromium, startPostgres } from "@onespec/test-servers";

const repo = fileURLToPath(new URL("../", import.meta.url));
const out = path.join(repo, "docs/screenshots");
const tmp = mkdtempSync(path.join(os.tmpdir(), "onespec-shots-"));
const store = new ConnectionStore(path.join(tmp, "connections.db"));
const app = buildApp({
  catalog: await catalogFromSchemas({ schemas: path.join(repo, "schemas") }),
  store,
  webRoot: path.join(repo, "packages/web/dist"),
});
const pg = await startPostgres({ name: "shots" });
const browser = await launchChromium();
try {
  await pg.createDatabase("retail");
  await pg.runSql("retail", readFileSync(POSTGRES_RETAIL_SQL, "utf8"));
  const base = await app.listen({ host: "127.0.0.1", port: 0 });
  const page = await browser.newPage({
    viewport: { width: 1100, height: 640 },
    deviceScaleFactor: 1,
  });
  await page.goto(`${base}/`);
  await page.waitForSelector(".catalog-card");
  await page.screenshot({ path: path.join(out, "catalog.png") });

  await page.setViewportSize({ width: 1100, height: 1250 });
  await page.goto(`${base}/#/connectors/postgres/new`);
  await page.waitForSelector("#root_host");
  const c = pg.connection("retail");
  await page.fill("#connection-name", "analytics");
  await page.fill("#root_host", c.host);
  await page.fill("#root_port", String(c.port));
  await page.fill("#root_database", "retail");
  await page.fill("#root_username", c.user);
  await page.fill("#root_password", c.password);
  await page.selectOption("#root_ssl_mode", "disable");
  await page.screenshot({ path: path.join(out, "postgres-form.png") });
  await page.click("button:has-text('Test connection')");
  await page.waitForSelector(".test-outcome");
  await (await page.$(".test-results"))!.screenshot({
    path: path.join(out, "test-connection.png"),
  });
  console.log(`screenshots written to ${path.relative(repo, out)}/`);
} finally {
  await browser.close();
  await app.close();
  store.close();
  await pg.stop();
  rmSync(tmp, { recursive: true, force: true });
}
