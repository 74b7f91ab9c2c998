/**
 * Choices in the form, in a real served tree and the real app in Debian's chromium: a oneOf (or
 * anyOf) with a single option is no choice (its fields, no selector, its discriminator
 * submitted); switching branches keeps the fields they share, restores a branch's own values
 * when the user comes back to it, and submits nothing of a branch not chosen.
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
  write("connectors/duo/connection.json", {
    $schema: "http://json-schema.org/draft-07/schema#",
    type: "object",
    required: ["target"],
    properties: {
      target: {
        title: "Target",
        type: "object",
        discriminator: { propertyName: "kind" },
        oneOf: [
          {
            title: "Password",
            type: "object",
            required: ["kind", "host", "password"],
            properties: {
              kind: { type: "string", const: "password" },
              host: { type: "string", title: "Host" },
              password: { type: "string", title: "Password", secret: true },
            },
          },
          {
            title: "Key",
            type: "object",
            required: ["kind", "host", "key_id"],
            properties: {
              kind: { type: "string", const: "key" },
              host: { type: "string", title: "Host" },
              key_id: { type: "string", title: "Key ID" },
            },
          },
        ],
      },
    },
  });
  write("connectors/duo/connector.json", {
    name: "duo",
    displayName: "Duo",
    description: "Two branches sharing a field.",
    serviceType: "API",
    capabilities: ["metadata"],
    version: "0.1.0",
    docsUrl: "https://example.com/duo",
  });
  write("connectors/duo/test-connection.json", {
    steps: [
      { name: "CheckAccess", description: "Reach it.", mandatory: true, errorMessage: "Check it." },
    ],
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

  it("switching branches keeps the shared fields, restores a branch's own values, and submits only the chosen branch", async () => {
    const { page, problems } = await app.page();
    await page.goto(`${app.base}/#/connectors/duo/new`);
    await page.waitForSelector(".onespec-connection-form");
    const select = ".onespec-oneof-select";
    await page.fill("#connection-name", "duo one");
    await page.fill("#root_target_host", "db.internal");
    await page.fill("#root_target_password", "pa55-word");
    // To "Key": the host stays, the password does not come along.
    await page.selectOption(select, { label: "Key" });
    expect(await page.inputValue("#root_target_host")).toBe("db.internal");
    expect(await page.$("#root_target_password")).toBeNull();
    await page.fill("#root_target_key_id", "key-7");
    await page.fill("#root_target_host", "db2.internal");
    // Back to "Password": its password is restored, the host is the one typed last.
    await page.selectOption(select, { label: "Password" });
    expect(await page.inputValue("#root_target_password")).toBe("pa55-word");
    expect(await page.inputValue("#root_target_host")).toBe("db2.internal");
    // And to "Key" again, to save it: nothing of the password branch goes with it.
    await page.selectOption(select, { label: "Key" });
    expect(await page.inputValue("#root_target_key_id")).toBe("key-7");
    await page.click("button[type=submit]");
    await page.waitForFunction(() => location.hash.includes("saved=1"));
    const saved = app.store.list().find((c) => c.name === "duo one")!;
    expect(saved.config).toEqual({
      target: { kind: "key", host: "db2.internal", key_id: "key-7" },
    });
    expect(app.store.secrets(saved.id)).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
