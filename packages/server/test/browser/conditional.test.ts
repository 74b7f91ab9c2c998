/**
 * Conditional fields (if/then/else, dependentRequired, dependentSchemas, draft-07
 * dependencies) in the real app and Debian's chromium: fields appear, disappear and become
 * required as the user types, and the server validates the same rules (it answers with the
 * connector's own compiled validator).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogFromSchemas } from "../../src/index.js";
import { startTestApp, type TestApp } from "./browser.js";

const tree = mkdtempSync(path.join(os.tmpdir(), "onespec-conditional-"));
let app: TestApp;

function write(rel: string, value: unknown) {
  mkdirSync(path.dirname(path.join(tree, rel)), { recursive: true });
  writeFileSync(path.join(tree, rel), JSON.stringify(value, null, 2) + "\n");
}

function connector(name: string, schema: object) {
  write(`connectors/${name}/connection.json`, schema);
  write(`connectors/${name}/connector.json`, {
    name,
    displayName: name,
    description: "Conditional fields.",
    serviceType: "API",
    capabilities: ["metadata"],
    version: "0.1.0",
    docsUrl: `https://example.com/${name}`,
  });
  write(`connectors/${name}/test-connection.json`, {
    steps: [
      { name: "CheckAccess", description: "Reach it.", mandatory: true, errorMessage: "Check it." },
    ],
  });
}

beforeAll(async () => {
  connector("cond-if", {
    $schema: "http://json-schema.org/draft-07/schema#",
    type: "object",
    required: ["mode"],
    properties: {
      mode: { type: "string", title: "Mode", enum: ["simple", "proxy"], default: "simple" },
    },
    if: { properties: { mode: { const: "proxy" } } },
    then: {
      required: ["proxy_host"],
      properties: { proxy_host: { type: "string", title: "Proxy host" } },
    },
  });
  connector("cond-deps", {
    $schema: "http://json-schema.org/draft-07/schema#",
    type: "object",
    properties: {
      username: { type: "string", title: "Username" },
      password: { type: "string", title: "Password", secret: true },
      region: { type: "string", title: "Region" },
    },
    dependencies: {
      username: ["password"],
      region: {
        required: ["endpoint"],
        properties: { endpoint: { type: "string", title: "Regional endpoint" } },
      },
    },
  });
  connector("cond-dep-oneof", {
    $schema: "http://json-schema.org/draft-07/schema#",
    type: "object",
    required: ["kind"],
    properties: {
      kind: { type: "string", title: "Source kind", enum: ["file", "http"], default: "file" },
    },
    dependencies: {
      kind: {
        oneOf: [
          {
            properties: { kind: { const: "file" }, path: { type: "string", title: "File path" } },
            required: ["path"],
          },
          {
            properties: {
              kind: { const: "http" },
              url: { type: "string", title: "Source URL" },
              retries: { type: "integer", title: "Retries", minimum: 0 },
            },
            required: ["url"],
          },
        ],
      },
    },
  });
  app = await startTestApp({ catalog: await catalogFromSchemas({ schemas: tree, cwd: tree }) });
});

afterAll(async () => {
  await app?.close();
  rmSync(tree, { recursive: true, force: true });
});

async function open(page: Page, name: string) {
  await page.goto(`${app.base}/#/connectors/${name}/new`);
  await page.waitForSelector(".onespec-connection-form");
  await page.fill("#connection-name", `${name} one`);
  // Optional fields sit in collapsed sections; open them all.
  await page.$$eval("details", (all) => all.forEach((d) => (d.open = true)));
}

const summary = (page: Page) =>
  page.$$eval(".onespec-error-summary li", (items) => items.map((i) => i.textContent));

describe("conditional fields", () => {
  it("if/then: a field appears when its condition holds, is required then, and goes when it does not", async () => {
    const { page, problems } = await app.page();
    await open(page, "cond-if");
    expect(await page.$("#root_proxy_host")).toBeNull();
    await page.selectOption("#root_mode", "proxy");
    await page.waitForSelector("#root_proxy_host");
    await page.click("button[type=submit]");
    await page.waitForSelector(".onespec-error-summary");
    expect(await summary(page)).toEqual(["Proxy host is required"]);
    await page.selectOption("#root_mode", "simple");
    await page.waitForFunction(() => !document.querySelector("#root_proxy_host"));
    await page.click("button[type=submit]");
    await page.waitForFunction(() => location.hash.includes("saved=1"));
    expect(app.store.list().find((c) => c.name === "cond-if one")!.config).toEqual({
      mode: "simple",
    });
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("dependencies: a filled field requires another, or brings a field of its own", async () => {
    const { page, problems } = await app.page();
    await open(page, "cond-deps");
    await page.fill("#root_username", "reader");
    await page.click("button[type=submit]");
    await page.waitForSelector(".onespec-error-summary");
    expect(await summary(page)).toEqual(["Password is required when Username is set"]);
    await page.fill("#root_password", "pa55");
    expect(await page.$("#root_endpoint")).toBeNull();
    await page.fill("#root_region", "eu-west-1");
    await page.waitForSelector("#root_endpoint");
    await page.click("button[type=submit]");
    await page.waitForSelector(".onespec-error-summary");
    expect(await summary(page)).toEqual(["Regional endpoint is required"]);
    // Cleared, the region takes its field away again.
    await page.fill("#root_region", "");
    await page.waitForFunction(() => !document.querySelector("#root_endpoint"));
    await page.click("button[type=submit]");
    await page.waitForFunction(() => location.hash.includes("saved=1"));
    const saved = app.store.list().find((c) => c.name === "cond-deps one")!;
    // Nothing of the cleared region is kept; the password's place holds the mask, its value the store.
    expect(Object.keys(saved.config as object).sort()).toEqual(["password", "username"]);
    expect((saved.config as { username: string }).username).toBe("reader");
    expect(app.store.secrets(saved.id)).toEqual([{ pointer: "/password", value: "pa55" }]);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("a oneOf inside dependencies reports the problems of the branch chosen, not the other's", async () => {
    const { page, problems } = await app.page();
    await open(page, "cond-dep-oneof");
    await page.waitForSelector("#root_path");
    await page.selectOption("#root_kind", "http");
    await page.waitForSelector("#root_url");
    expect(await page.$("#root_path")).toBeNull();
    await page.fill("#root_retries", "-1");
    await page.click("button[type=submit]");
    await page.waitForSelector(".onespec-error-summary");
    // Not "Source kind must be "file"" nor "File path is required": those are the file branch's.
    expect(await summary(page)).toEqual(["Source URL is required", "Retries must be 0 or more"]);
    await page.fill("#root_url", "https://example.com/data.csv");
    await page.fill("#root_retries", "2");
    await page.click("button[type=submit]");
    await page.waitForFunction(() => location.hash.includes("saved=1"));
    expect(app.store.list().find((c) => c.name === "cond-dep-oneof one")!.config).toEqual({
      kind: "http",
      url: "https://example.com/data.csv",
      retries: 2,
    });
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("the server validates the same rules", async () => {
    const post = (name: string, config: unknown) =>
      fetch(`${app.base}/api/connectors/${name}/validate`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: app.base },
        body: JSON.stringify({ config }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as unknown }));
    const bad = await post("cond-if", { mode: "proxy" });
    expect(JSON.stringify(bad.body)).toMatch(/proxy_host/);
    const good = await post("cond-if", { mode: "proxy", proxy_host: "p.internal" });
    expect(JSON.stringify(good.body)).not.toMatch(/proxy_host/);
    const deps = await post("cond-deps", { username: "reader" });
    expect(JSON.stringify(deps.body)).toMatch(/password/);
    const region = await post("cond-deps", { region: "eu-west-1" });
    expect(JSON.stringify(region.body)).toMatch(/endpoint/);
  });
});
