/**
 * Every connector of the Airbyte corpus (346 real specs nobody here wrote), of every case tree
 * and of the OpenMetadata-style tree, in a real browser against `onespec serve`'s app: each
 * form opens every collapsed section, picks every option of every oneOf/anyOf selector (the
 * selectors inside a branch too, for each branch), and submits after each choice. Any console
 * error or warning, uncaught exception or CSP violation fails the test. Connectors that do not
 * generate (as `generate --keep-going` leaves them out) are left out here too.
 *
 * One page and one app for all of them: a form is opened by changing the URL's hash, and the
 * walk through the selectors runs inside the page, so the whole run takes about a minute.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { caseNames, CASES_DIR, CORPUS_DIR, OPENMETADATA_DIR } from "@onespec/test-fixtures";
import { catalogFromSchemas, type Catalog, type ServedConnector } from "../../src/index.js";
import { startTestApp, type TestApp } from "./browser.js";

interface Tree {
  label: string;
  schemas: string;
  entries?: string[];
}

/**
 * The form defects of issue 20, as one spec: a oneOf without a tag inside a branch of another,
 * `format: password` on a number, a secret marker on a oneOf container (with a tag and
 * without), a PEM key marked secret without `multiline`.
 */
const ISSUE_20 = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "Form defects",
  type: "object",
  required: ["auth"],
  properties: {
    auth: {
      title: "Authentication",
      type: "object",
      oneOf: [
        {
          title: "Token",
          type: "object",
          required: ["kind", "token"],
          properties: {
            kind: { type: "string", const: "token" },
            token: { type: "string", airbyte_secret: true },
          },
        },
        {
          title: "Login",
          type: "object",
          required: ["kind", "user"],
          properties: {
            kind: { type: "string", const: "login" },
            user: { type: "string", title: "User" },
            method: {
              title: "Login method",
              type: "object",
              oneOf: [
                {
                  title: "Password",
                  type: "object",
                  additionalProperties: false,
                  required: ["password"],
                  properties: { password: { type: "string", airbyte_secret: true } },
                },
                {
                  title: "Code",
                  type: "object",
                  additionalProperties: false,
                  required: ["digits"],
                  properties: { digits: { type: "integer", minimum: 4, default: 6 } },
                },
              ],
            },
          },
        },
      ],
    },
    pin: { type: "number", format: "password", title: "PIN" },
    private_key: {
      type: "string",
      title: "Private key",
      airbyte_secret: true,
      description: "The PEM private key.",
    },
    credentials: {
      title: "Credentials",
      type: "object",
      airbyte_secret: true,
      oneOf: [
        {
          title: "Key",
          type: "object",
          required: ["kind", "key"],
          properties: {
            kind: { type: "string", const: "key" },
            key: { type: "string", title: "Key" },
            mode: { type: "string", enum: ["a", "b"] },
          },
        },
        {
          title: "None",
          type: "object",
          required: ["kind"],
          properties: { kind: { type: "string", const: "none" } },
        },
      ],
    },
    tunnel: {
      title: "Tunnel",
      type: "object",
      secret: true,
      oneOf: [
        {
          title: "SSH key",
          type: "object",
          required: ["ssh_key"],
          properties: { ssh_key: { type: "string", title: "SSH key" } },
        },
        {
          title: "Password",
          type: "object",
          required: ["password"],
          properties: { password: { type: "string", title: "Password" } },
        },
      ],
    },
    region: {
      title: "Region",
      anyOf: [
        { title: "Named", type: "string", enum: ["eu", "us"] },
        { title: "Custom", type: "string", pattern: "^[a-z]+-[0-9]+$" },
      ],
    },
  },
};
const ISSUE_20_DIR = mkdtempSync(path.join(os.tmpdir(), "onespec-form-defects-"));
writeFileSync(path.join(ISSUE_20_DIR, "form-defects.json"), JSON.stringify(ISSUE_20, null, 2));

const TREES: Tree[] = [
  { label: "airbyte", schemas: CORPUS_DIR, entries: ["*.json"] },
  ...caseNames().map((name) => ({ label: `case ${name}`, schemas: path.join(CASES_DIR, name) })),
  {
    label: "openmetadata",
    schemas: OPENMETADATA_DIR,
    entries: ["entity/services/connections/**/*Connection.json"],
  },
  { label: "issue 20", schemas: ISSUE_20_DIR, entries: ["*.json"] },
];

/** What the walk through one form did. */
interface Walk {
  sections: number;
  selectors: number;
  options: number;
  submits: number;
  /** Selectors whose option did not take (the branch shown is not the one picked). */
  stuck: string[];
}

/**
 * Runs in the page: opens every collapsed section, then for each selector (a `[data-selector]`
 * container: onespec's discriminated oneOf or RJSF's own oneOf/anyOf field) picks each option
 * in turn, walks the selectors that option shows, and submits the form.
 */
async function walkForm(): Promise<Walk> {
  const walk: Walk = { sections: 0, selectors: 0, options: 0, submits: 0, stuck: [] };
  const form = document.querySelector<HTMLFormElement>(".onespec-connection-form")!;
  const settle = async () => {
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  };
  const openSections = async () => {
    for (const details of form.querySelectorAll<HTMLDetailsElement>("details:not([open])")) {
      details.querySelector("summary")?.click();
      walk.sections++;
    }
    await settle();
  };
  /** A selector's path: the data-selector values of it and the selectors it is inside. */
  const pathOf = (container: Element): string => {
    const parts: string[] = [];
    for (
      let node: Element | null = container;
      node;
      node = node.parentElement?.closest("[data-selector]") ?? null
    )
      parts.unshift(node.getAttribute("data-selector") ?? "");
    return parts.join(" > ");
  };
  const containers = () => [...form.querySelectorAll("[data-selector]")];
  const find = (path: string) => containers().find((c) => pathOf(c) === path);
  /** The selectors directly inside the one at `owner` ("" for the form itself). */
  const childrenOf = (owner: string) =>
    containers()
      .filter(
        (c) =>
          (c.parentElement?.closest("[data-selector]")
            ? pathOf(c.parentElement.closest("[data-selector]")!)
            : "") === owner,
      )
      .map(pathOf);
  const submit = async () => {
    form.querySelector<HTMLButtonElement>("button[type=submit]")?.click();
    walk.submits++;
    await settle();
  };
  const visit = async (owner: string, depth: number): Promise<void> => {
    if (depth > 8) return;
    for (const path of childrenOf(owner)) {
      const first = find(path)?.querySelector("select");
      if (!first || first.disabled) continue;
      const values = [...first.options].map((o) => o.value).filter((v) => v !== "");
      walk.selectors++;
      for (const value of values) {
        const select = find(path)?.querySelector("select");
        if (!select) break;
        if (select.value !== value) {
          select.value = value;
          select.dispatchEvent(new Event("change", { bubbles: true }));
          await settle();
        }
        walk.options++;
        if (find(path)?.querySelector("select")?.value !== value)
          walk.stuck.push(`${path} = ${value}`);
        await openSections();
        await visit(path, depth + 1);
        await submit();
      }
    }
  };
  await openSections();
  await visit("", 0);
  await submit();
  return walk;
}

let app: TestApp;
let catalog: Catalog;
/** The connectors served from each tree. */
const trees: { label: string; names: string[] }[] = [];

beforeAll(async () => {
  const all = new Map<string, ServedConnector>();
  for (const tree of TREES) {
    const part = await catalogFromSchemas({
      schemas: tree.schemas,
      entries: tree.entries,
      cwd: tree.schemas,
      keepGoing: true,
    });
    const names = [...part.keys()].sort();
    for (const name of names) {
      if (all.has(name))
        throw new Error(`${tree.label}: a connector named ${name} is in another tree too`);
      all.set(name, part.get(name)!);
    }
    trees.push({ label: tree.label, names });
  }
  catalog = all;
  app = await startTestApp({ catalog });
}, 300_000);

afterAll(async () => {
  await app?.close();
  rmSync(ISSUE_20_DIR, { recursive: true, force: true });
});

async function openForm(page: Page, name: string): Promise<void> {
  await page.goto(`${app.base}/#/connectors/${encodeURIComponent(name)}/new`);
  await page.waitForSelector(
    `main.editor[data-connector="${name}"] :is(.onespec-connection-form, .notice-error)`,
    { timeout: 60_000 },
  );
  const loadError = await page.$eval(
    `main.editor[data-connector="${name}"]`,
    (main) => main.querySelector(".notice-error")?.textContent ?? undefined,
  );
  if (loadError) throw new Error(loadError);
}

describe("every form of the corpus and the case trees", () => {
  it("renders, opens every section, takes every option of every selector and submits, with no console error", async () => {
    const { page, problems } = await app.page();
    const totals = { connectors: 0, sections: 0, selectors: 0, options: 0, submits: 0 };
    const byConnector: string[] = [];
    const stuck: string[] = [];
    for (const tree of trees) {
      const before = { ...totals };
      for (const name of tree.names) {
        const seen = problems.length;
        totals.connectors++;
        try {
          await openForm(page, name);
          const walk = await page.evaluate(walkForm);
          totals.sections += walk.sections;
          totals.selectors += walk.selectors;
          totals.options += walk.options;
          totals.submits += walk.submits;
          stuck.push(...walk.stuck.map((s) => `${name}: ${s}`));
        } catch (error) {
          problems.push(`the walk stopped: ${(error as Error).message.split("\n")[0]}`);
        }
        if (problems.length > seen) {
          for (const problem of problems.slice(seen)) byConnector.push(`${name}: ${problem}`);
          // An exception in a render unmounts the app: start the next form on a fresh page.
          await page.reload();
        }
      }
      console.log(
        `${tree.label}: ${totals.connectors - before.connectors} connectors, ${totals.sections - before.sections} sections, ` +
          `${totals.selectors - before.selectors} selectors, ${totals.options - before.options} options, ${totals.submits - before.submits} submits`,
      );
    }
    console.log(`all: ${JSON.stringify(totals)}`);
    expect(byConnector).toEqual([]);
    expect(stuck).toEqual([]);
    // The corpus has 346 specs, one with a defect no config can satisfy; every case tree has a connector.
    expect(trees.find((t) => t.label === "airbyte")!.names.length).toBeGreaterThanOrEqual(345);
    for (const tree of trees) expect(tree.names.length, tree.label).toBeGreaterThan(0);
    await page.context().close();
  }, 600_000);
});

/** The config the app sends when it saves a connection. */
function savedConfig(page: Page): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    page.on("request", (request) => {
      if (request.method() === "POST" && new URL(request.url()).pathname === "/api/connections")
        resolve((request.postDataJSON() as { config: Record<string, unknown> }).config);
    });
  });
}

describe("the form defects of issue 20", () => {
  it("a PEM key pasted into a secret field without multiline keeps its line breaks; a secret number is a password input", async () => {
    const { page, problems } = await app.page();
    await openForm(page, "form-defects");
    const pem =
      "-----BEGIN PRIVATE KEY-----\nMIIBVwIBADANBgkqhkiG9w0BAQEFAASCAUEwggE9\nAgEAAkEAq7BFUpkGp3+LQmlQ\n-----END PRIVATE KEY-----\n";
    await page.$$eval("details", (all) => all.forEach((d) => (d.open = true)));
    await page.locator("#root_private_key").focus();
    await page.evaluate((text) => {
      const data = new DataTransfer();
      data.setData("text/plain", text);
      document.activeElement!.dispatchEvent(
        new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }),
      );
    }, pem);
    // The field is now a textarea holding every line, its text hidden, and still focused.
    await page.waitForSelector("textarea#root_private_key");
    expect(await page.$eval("#root_private_key", (e) => (e as HTMLTextAreaElement).value)).toBe(
      pem,
    );
    expect(
      await page.$eval("#root_private_key", (e) => [
        e.classList.contains("onespec-masked"),
        document.activeElement === e,
      ]),
    ).toEqual([true, true]);
    // format: password on a number: a password input whose value is sent as a number.
    expect(await page.$eval("#root_pin", (e) => (e as HTMLInputElement).type)).toBe("password");
    await page.fill("#root_pin", "1234");
    // The secret oneOf container keeps its selector; the value typed in its branch is secret.
    expect(await page.$eval("#root_credentials_key", (e) => (e as HTMLInputElement).type)).toBe(
      "password",
    );
    expect(await page.$eval("#root_credentials_mode", (e) => e.tagName)).toBe("SELECT");
    await page.fill("#root_credentials_key", "k-123");
    expect(await page.$eval("#root_tunnel_ssh_key", (e) => (e as HTMLInputElement).type)).toBe(
      "password",
    );
    await page.selectOption("#root_tunnel__oneof_select", "1");
    await page.fill("#root_tunnel_password", "p-123");
    await page.fill("#root_auth_token", "t-123");
    await page.fill("#connection-name", "defects");
    const sent = savedConfig(page);
    await page.click(".onespec-connection-form button[type=submit]");
    const config = await sent;
    expect(config.private_key).toBe(pem);
    expect(config.pin).toBe(1234);
    expect(config.credentials).toEqual({ kind: "key", key: "k-123" });
    expect(config.tunnel).toEqual({ password: "p-123" });
    await page.waitForURL(/#\/connections\/.+\?saved=1$/);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("switching to a branch holding a oneOf without a tag, and into that oneOf's branches, validates with no error", async () => {
    const { page, problems } = await app.page();
    await openForm(page, "form-defects");
    await page.selectOption('[data-selector="root_auth"] select', "1");
    await page.selectOption("#root_auth_method__oneof_select", "1");
    expect(await page.$eval("#root_auth_method_digits", (e) => (e as HTMLInputElement).value)).toBe(
      "6",
    );
    await page.fill("#root_auth_method_digits", "2");
    await page.click(".onespec-connection-form button[type=submit]");
    await page.waitForSelector(
      ".onespec-connection-form .error-detail, .onespec-connection-form [role=alert]",
    );
    expect(await page.textContent(".onespec-connection-form")).toMatch(/must be 4 or more/);
    await page.selectOption("#root_auth_method__oneof_select", "0");
    await page.selectOption('[data-selector="root_auth"] select', "0");
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
