/**
 * What the browser tests run against: `buildApp` from @onespec/server serving the built app
 * (packages/web/dist) and the API on a free loopback port, with a throwaway SQLite store, and
 * Debian's chromium driven by playwright-core. Every page records console errors and warnings,
 * uncaught exceptions and CSP violations; a test fails when any appear.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { REPO_SCHEMAS } from "@onespec/test-fixtures";
import { launchChromium } from "@onespec/test-servers";
import { createRequire } from "node:module";
import {
  ConnectionStore,
  buildApp,
  catalogFromSchemas,
  type Catalog,
  type RunQueueView,
} from "../../src/index.js";

/** The built app, as the server finds it: the @onespec/web package's dist/. */
export const WEB_ROOT = path.join(
  path.dirname(createRequire(import.meta.url).resolve("@onespec/web/package.json")),
  "dist",
);

export interface TestApp {
  base: string;
  store: ConnectionStore;
  browser: Browser;
  /** A fresh page (own context) whose console problems end up in `problems`. */
  page(): Promise<{ page: Page; problems: string[] }>;
  close(): Promise<void>;
}

/** The app on this repository's schema tree, or on `options.catalog`; `queue`: serve --database. */
export async function startTestApp(
  options: { catalog?: Catalog; queue?: RunQueueView } = {},
): Promise<TestApp> {
  if (!existsSync(path.join(WEB_ROOT, "index.html")))
    throw new Error(`the web app is not built (${WEB_ROOT}): run \`npm run build\` first`);
  const tmp = mkdtempSync(path.join(os.tmpdir(), "onespec-web-"));
  const store = new ConnectionStore(path.join(tmp, "connections.db"));
  const app = buildApp({
    catalog: options.catalog ?? (await catalogFromSchemas({ schemas: REPO_SCHEMAS })),
    store,
    webRoot: WEB_ROOT,
    ...(options.queue && { queue: options.queue }),
  });
  const base = await app.listen({ host: "127.0.0.1", port: 0 });
  const browser = await launchChromium();
  return {
    base,
    store,
    browser,
    async page() {
      const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error" || message.type() === "warning")
          problems.push(`console ${message.type()}: ${message.text()}`);
      });
      page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
      await page.addInitScript(() => {
        document.addEventListener("securitypolicyviolation", (event) =>
          console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`),
        );
      });
      return { page, problems };
    },
    async close() {
      await browser.close().catch(() => undefined);
      await app.close();
      store.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Presses Tab until the focused element matches `selector` (keyboard only, like a user would). */
export async function tabTo(page: Page, selector: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press("Tab");
  }
  const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
  throw new Error(`Tab never reached ${selector} (${max} presses; focus is on ${focused})`);
}
