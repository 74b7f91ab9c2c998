/**
 * A oneOf (or anyOf) with a single option is no choice: the form shows that option's fields
 * with no selector, and what it submits is the option's, its discriminator included. A real
 * served tree and the real app in Debian's chromium.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogFromSchemas } from "../../src/index.js";
import { startTestApp, type TestApp } from "./browser.js";

const tree = mkdtempSync(path.join(os.tmpdir(), "onespec-single-option-"));
let app: TestApp;

function write(rel: string, value: unknown) {
  mkdirSync(path.dirname(path.join(tree, rel)), { recursive: true });
  writeFileSync(path.join(tree, rel), JSON.stringify(value, null, 2) + "\n");
}

beforeAll(async () => {
  write("connectors/solo/connection.json", {
    $schema: "http://json-schema.org/draft-07/schema#",
    type: "object",
    required: ["endpoint", "auth", "proxy"],
    properties: {
      endpoint: { type: "string", title: "Endpoint", description: "Where it listens." },
      auth: {
        title: "Authentication",
        type: "object",
        discriminator: { propertyName: "method" },
        oneOf: [
          {
            title: "API token",
            type: "object",
            required: ["method", "token"],
            properties: {
              method: { type: "string", const: "token" },
              token: { type: "string", title: "Token", secret: true },
            },
          },
        ],
      },
      proxy: {
        title: "Proxy",
        anyOf: [
          {
            title: "HTTP proxy",
            type: "object",
            properties: { proxy_host: { type: "string", title: "Proxy host" } },
          },
        ],
      },
    },
  });
  write("connectors/solo/connector.json", {
    name: "solo",
    displayName: "Solo",
    description: "Choices with one option.",
    serviceType: "API",
    capabilities: ["metadata"],
    version: "0.1.0",
    docsUrl: "https://example.com/solo",
  });
  write("connectors/solo/test-connection.json", {
    steps: [
      { name: "CheckAccess", description: "Reach it.", mandatory: true, errorMessage: "Check it." },
    ],
  });
  app = await startTestApp({ catalog: await catalogFromSchemas({ schemas: tree, cwd: tree }) });
});

afterAll(async () => {
  await app?.close();
  rmSync(tree, { recursive: true, force: true });
});

describe("a choice with one option", () => {
  it("shows the option's fields with no selector, and submits the option with its discriminator", async () => {
    const { page, problems } = await app.page();
    await page.goto(`${app.base}/#/connectors/solo/new`);
    await page.waitForSelector(".onespec-connection-form");
    expect(await page.$$eval(".onespec-connection-form select", (all) => all.length)).toBe(0);
    expect(await page.textContent(".onespec-oneof-single .control-label")).toBe("Authentication");
    await page.fill("#connection-name", "solo one");
    await page.fill("#root_endpoint", "https://example.com");
    await page.fill("#root_auth_token", "t0ken-value");
    await page.fill("#root_proxy_proxy_host", "proxy.internal");
    await page.click("button[type=submit]");
    await page.waitForFunction(() => location.hash.includes("saved=1"));
    const saved = app.store.list().find((c) => c.name === "solo one");
    expect(saved).toBeDefined();
    // The secret is stored apart (encrypted); the config holds its place.
    expect(saved!.config).toMatchObject({
      endpoint: "https://example.com",
      auth: { method: "token" },
      proxy: { proxy_host: "proxy.internal" },
    });
    expect(app.store.secrets(saved!.id)).toEqual([
      { pointer: "/auth/token", value: "t0ken-value" },
    ]);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
