/**
 * The connection forms in a real browser (Debian's chromium) against `onespec serve`'s app and
 * API, with a real PostgreSQL for test connection. No mouse is needed in the keyboard test;
 * every page fails its test on a console error, an uncaught exception or a CSP violation.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { startPostgres, type PostgresServer } from "@onespec/test-servers";
import { connectors } from "@onespec/generated";
import { startTestApp, tabTo, type TestApp } from "./browser.js";

let app: TestApp;
let pg: PostgresServer;

beforeAll(async () => {
  [app, pg] = await Promise.all([startTestApp(), startPostgres({ name: "web" })]);
  // The form's schema filter leaves out pg_catalog and information_schema by default, as the
  // CLI does, so test connection needs a table of the user's own to list.
  await pg.runSql("postgres", "CREATE TABLE public.customers (id integer PRIMARY KEY);");
});

afterAll(async () => {
  await app?.close();
  await pg?.stop();
});

async function openNew(page: Page, connector: string) {
  await page.goto(`${app.base}/#/connectors/${connector}/new`);
  await page.waitForSelector(".onespec-connection-form");
}

/** Fills the postgres form for a test server (password given or not), SSL off. */
async function fillPostgres(
  page: Page,
  name: string,
  password: string | undefined,
  server: PostgresServer = pg,
) {
  const c = server.connection("postgres");
  await page.fill("#connection-name", name);
  await page.fill("#root_host", c.host);
  await page.fill("#root_port", String(c.port));
  await page.fill("#root_database", "postgres");
  await page.fill("#root_username", c.user);
  if (password !== undefined) await page.fill("#root_password", password);
  await page.selectOption("#root_ssl_mode", "disable");
}

async function runTest(page: Page) {
  await page.click("button:has-text('Test connection')");
  await page.waitForSelector(".test-outcome", { timeout: 30_000 });
  return page.$$eval(".test-step", (steps) =>
    steps.map((s) => ({
      name: s.getAttribute("data-step"),
      state: s.getAttribute("data-state"),
      message: s.querySelector(".step-message")?.textContent ?? "",
    })),
  );
}

/** Every response the page receives, to check that none carries a secret. */
function recordResponses(page: Page): string[] {
  const bodies: string[] = [];
  page.on("response", (response) => {
    if (response.url().includes("/api/"))
      void response.text().then(
        (t) => bodies.push(t),
        () => undefined,
      );
  });
  return bodies;
}

describe("every connector's form", () => {
  it("renders every section and every oneOf branch with no console error", async () => {
    const { page, problems } = await app.page();
    const listed = (await (await fetch(`${app.base}/api/connectors`)).json()) as { name: string }[];
    expect(listed.map((c) => c.name).sort()).toEqual(Object.keys(connectors).sort());
    for (const { name } of listed) {
      await openNew(page, name);
      // Open every collapsed section, then show each branch of each discriminated oneOf.
      await page.$$eval("details", (all) => all.forEach((d) => (d.open = true)));
      const selects = await page.$$("select.onespec-oneof-select");
      for (const select of selects) {
        const values = await select.$$eval("option", (os) => os.map((o) => o.value));
        for (const value of values) await select.selectOption(value);
        await select.selectOption(values[0]);
      }
      // Every top-level field of the schema has a control on the page.
      const schema = connectors[name as keyof typeof connectors].form.schema as {
        properties: Record<string, object>;
      };
      for (const property of Object.keys(schema.properties)) {
        const found = await page.$(`[id="root_${property}"], [name="${property}__oneof_select"]`);
        expect(found, `${name}: no control for ${property}`).not.toBeNull();
      }
      expect(await page.$$eval("input, select, textarea", (els) => els.length)).toBeGreaterThan(3);
    }
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("shows examples as placeholders, never as a drop-down list", async () => {
    for (const connector of ["postgres", "http-api"]) {
      const { page, problems } = await app.page();
      await openNew(page, connector);
      expect(await page.$$eval("datalist", (all) => all.length), connector).toBe(0);
      expect(await page.$$eval("input[list]", (all) => all.map((i) => i.id)), connector).toEqual(
        [],
      );
      expect(problems).toEqual([]);
      await page.context().close();
    }
    const { page } = await app.page();
    await openNew(page, "postgres");
    expect(await page.getAttribute("#root_host", "placeholder")).toBeTruthy();
    await page.context().close();
  });

  it("says Advanced once: each section's optional fields are its 'More … settings'", async () => {
    const { page, problems } = await app.page();
    await openNew(page, "postgres");
    const headings = await page.$$eval("summary, h3", (all) => all.map((e) => e.textContent));
    expect(headings.filter((t) => t === "Advanced")).toHaveLength(1);
    expect(headings).toContain("More connection settings");
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("a field titled like its section does not show the title twice", async () => {
    const { page, problems } = await app.page();
    await openNew(page, "http-api");
    const visibleTexts = await page.$$eval(
      "#onespec-group-auth h3, #onespec-group-auth label, #onespec-group-auth legend",
      (all) =>
        all
          .filter((e) => (e as HTMLElement).offsetWidth > 1 && (e as HTMLElement).offsetHeight > 1)
          .map((e) => e.textContent?.trim()),
    );
    expect(visibleTexts.filter((t) => t === "Authentication")).toHaveLength(1);
    // The selector keeps its name for screen readers.
    const select = await page.$("#onespec-group-auth select");
    expect(await select!.evaluate((s) => (s as HTMLSelectElement).labels?.[0]?.textContent)).toBe(
      "Authentication",
    );
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("an array's Add button names what it adds, under the array's description", async () => {
    const { page, problems } = await app.page();
    await openNew(page, "postgres");
    await page.$$eval("details", (all) => all.forEach((d) => (d.open = true)));
    const arrays = await page.$$eval(".rjsf-array-item-add", (buttons) =>
      buttons.map((button) => {
        const group = button.closest(".form-group")!;
        const description = group.querySelector("[id$='__description']");
        const helpAfter = [...group.querySelectorAll(".help-block")].filter(
          (h) => button.compareDocumentPosition(h) & Node.DOCUMENT_POSITION_FOLLOWING,
        );
        return {
          text: button.textContent,
          descriptionFirst:
            !!description &&
            !!(description.compareDocumentPosition(button) & Node.DOCUMENT_POSITION_FOLLOWING),
          helpAfter: helpAfter.length,
        };
      }),
    );
    expect(arrays.length).toBeGreaterThan(0);
    for (const a of arrays) {
      expect(a.text).not.toBe("Add item");
      expect(a.text).toMatch(/^Add \S/);
      expect(a.descriptionFirst, a.text ?? "").toBe(true);
      expect(a.helpAfter, a.text ?? "").toBe(0);
    }
    expect(arrays.map((a) => a.text)).toContain("Add include pattern");
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("the catalog's cards line up: title, subtitle and description at the same height in each", async () => {
    const { page, problems } = await app.page();
    await page.goto(`${app.base}/#/`);
    await page.waitForSelector(".catalog-card");
    const offsets = await page.$$eval(".catalog-card a", (cards) =>
      cards.map((a) => {
        const top = a.getBoundingClientRect().top;
        const at = (s: string) => Math.round(a.querySelector(s)!.getBoundingClientRect().top - top);
        return [at(".card-title"), at(".card-type"), at(".card-description")];
      }),
    );
    expect(offsets.length).toBeGreaterThan(1);
    for (const o of offsets) expect(o).toEqual(offsets[0]);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("the catalog searches and filters by service type", async () => {
    const { page, problems } = await app.page();
    await page.goto(`${app.base}/`);
    await page.waitForSelector(".catalog-card");
    expect(await page.$$eval(".catalog-card", (c) => c.length)).toBe(
      Object.keys(connectors).length,
    );
    await page.fill("#catalog-search", "postgres");
    expect(
      await page.$$eval(".catalog-card", (c) => c.map((e) => e.getAttribute("data-connector"))),
    ).toEqual(["postgres"]);
    await page.fill("#catalog-search", "");
    await page.selectOption("#catalog-type", "Database");
    const databases = Object.values(connectors)
      .filter((c) => c.metadata.serviceType === "Database")
      .map((c) => c.name);
    expect(
      await page.$$eval(".catalog-card", (c) => c.map((e) => e.getAttribute("data-connector"))),
    ).toEqual(databases);
    expect(await page.$$eval(".catalog-card svg[role=img]", (c) => c.length)).toBe(
      databases.length,
    );
    await page.click("[data-connector=postgres] a");
    await page.waitForSelector("#root_host");
    expect(page.url()).toMatch(/#\/connectors\/postgres\/new$/);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});

describe("the postgres form", () => {
  it("tests the connection against a real PostgreSQL: every step passes", async () => {
    const { page, problems } = await app.page();
    await openNew(page, "postgres");
    await fillPostgres(page, "warehouse", pg.password);
    const steps = await runTest(page);
    expect(steps.map((s) => s.name)).toEqual(
      connectors.postgres.testConnectionSteps.map((s) => s.name),
    );
    expect(
      steps.every((s) => s.state === "passed"),
      JSON.stringify(steps),
    ).toBe(true);
    expect(await page.textContent(".test-outcome")).toMatch(/Connection works/);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("a wrong password fails the first step with the server's reason and skips the rest", async () => {
    const { page } = await app.page();
    await openNew(page, "postgres");
    await fillPostgres(page, "wrong", "not-the-password");
    const steps = await runTest(page);
    expect(steps[0]).toMatchObject({ name: "CheckAccess", state: "failed" });
    expect(steps[0].message).toMatch(/password authentication failed/);
    expect(steps.slice(1).every((s) => s.state === "skipped")).toBe(true);
    expect(await page.textContent(".test-outcome")).toMatch(/Connection failed/);
    await page.context().close();
  });

  it("puts an untrusted server certificate on the SSL mode and CA certificate, in view", async () => {
    // A server with a self-signed certificate, verified without being given it.
    const dir = mkdtempSync(path.join(os.tmpdir(), "onespec-web-tls-"));
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost"]
        .concat(["-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"])
        .concat(["-keyout", path.join(dir, "server.key"), "-out", path.join(dir, "server.crt")]),
      { stdio: "ignore" },
    );
    const ssl = {
      cert: readFileSync(path.join(dir, "server.crt"), "utf8"),
      key: readFileSync(path.join(dir, "server.key"), "utf8"),
    };
    const tlsPg = await startPostgres({ name: "web-tls", ssl });
    try {
      const { page, problems } = await app.page();
      await openNew(page, "postgres");
      await fillPostgres(page, "untrusted", tlsPg.password, tlsPg);
      await page.selectOption("#root_ssl_mode", "verify-full");
      const steps = await runTest(page);
      expect(steps[0].message).toMatch(/self[- ]signed|certificate/i);
      await page.waitForFunction(
        () =>
          !!document
            .querySelector("#root_ssl_ca_certificate")
            ?.closest(".form-group")
            ?.querySelector(".error-detail"),
      );
      const inline = (id: string) =>
        page.$eval(
          `#${id}`,
          (el) => el.closest(".form-group")?.querySelector(".error-detail")?.textContent ?? "",
        );
      for (const id of ["root_ssl_mode", "root_ssl_ca_certificate"])
        expect(await inline(id)).toMatch(
          /CheckAccess failed: The server's certificate is not signed by a CA this machine trusts: paste the CA's certificate/,
        );
      expect(await inline("root_host")).toBe("");
      // In view: postgres shows its SSL settings in the "SSL & SSH Tunnel" section, never folded.
      expect(await page.isVisible("#root_ssl_mode")).toBe(true);
      expect(await page.isVisible("#root_ssl_ca_certificate")).toBe(true);
      // The failed step links to the first of them.
      await page.click(".test-step[data-step=CheckAccess] button.step-field");
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("root_ssl_mode");
      expect(problems).toEqual([]);
      await page.context().close();
    } finally {
      await tlsPg.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("puts a failed test on the field at fault, with what to do: password, host, database", async () => {
    const inline = (page: Page, id: string) =>
      page.$eval(
        `#${id}`,
        (el) => el.closest(".form-group")?.querySelector(".error-detail")?.textContent ?? "",
      );
    // A refused password: on Password.
    {
      const { page } = await app.page();
      await openNew(page, "postgres");
      await fillPostgres(page, "wrong-pw", "not-the-password");
      await runTest(page);
      await page.waitForFunction(
        () =>
          !!document
            .querySelector("#root_password")
            ?.closest(".form-group")
            ?.querySelector(".error-detail"),
      );
      expect(await inline(page, "root_password")).toMatch(
        /CheckAccess failed: Check the username and password/,
      );
      expect(await inline(page, "root_host")).toBe("");
      // The failed step links to the field.
      await page.click(".test-step[data-step=CheckAccess] button.step-field");
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("root_password");
      await page.context().close();
    }
    // A host name that does not resolve: on Host.
    {
      const { page } = await app.page();
      await openNew(page, "postgres");
      await fillPostgres(page, "bad-host", undefined);
      await page.fill("#root_host", "no-such-host.invalid");
      await runTest(page);
      await page.waitForFunction(
        () =>
          !!document
            .querySelector("#root_host")
            ?.closest(".form-group")
            ?.querySelector(".error-detail"),
      );
      expect(await inline(page, "root_host")).toMatch(/CheckAccess failed: Check the host name/);
      await page.context().close();
    }
    // TLS asked of a server that offers none: on the SSL settings, whose section is open.
    {
      const { page } = await app.page();
      await openNew(page, "postgres");
      await fillPostgres(page, "bad-tls", pg.password);
      await page.selectOption("#root_ssl_mode", "require");
      const steps = await runTest(page);
      expect(steps[0].message).toMatch(/SSL/);
      const sslErrors = () =>
        page.$eval("#root_ssl", (el) =>
          [...(el.closest(".form-group")?.querySelectorAll(".error-detail") ?? [])].map(
            (e) => e.textContent,
          ),
        );
      await page.waitForFunction(
        () =>
          !!document
            .querySelector("#root_ssl")
            ?.closest(".form-group")
            ?.querySelector(".error-detail"),
      );
      expect((await sslErrors()).join(" ")).toMatch(/CheckAccess failed: Check the SSL mode/);
      expect(await page.isVisible("#root_ssl_mode")).toBe(true);
      await page.context().close();
    }
    // A database that does not exist: on Database.
    {
      const { page } = await app.page();
      await openNew(page, "postgres");
      await fillPostgres(page, "bad-db", pg.password);
      await page.fill("#root_database", "no_such_database");
      await runTest(page);
      await page.waitForFunction(
        () =>
          !!document
            .querySelector("#root_database")
            ?.closest(".form-group")
            ?.querySelector(".error-detail"),
      );
      expect(await inline(page, "root_database")).toMatch(/Check the database name/);
      await page.context().close();
    }
  });

  it("shows invalid values inline and in a summary, opens a collapsed section holding one, and saves nothing", async () => {
    const { page, problems } = await app.page();
    await openNew(page, "postgres");
    await page.fill("#connection-name", "bad");
    await page.fill("#root_port", "70000");
    await page.fill("#root_database", "postgres");
    await page.fill("#root_username", "reader");
    await page.$eval("#onespec-group-advanced", (d) => ((d as HTMLDetailsElement).open = true));
    await page.fill("#root_connect_timeout_seconds", "1");
    await page.$eval("#onespec-group-advanced", (d) => ((d as HTMLDetailsElement).open = false));
    await page.click("button[type=submit]");
    await page.waitForSelector(".onespec-error-summary");
    const summary = await page.$$eval(".onespec-error-summary li", (items) =>
      items.map((i) => i.textContent),
    );
    expect(summary).toEqual([
      "Host is required",
      "Port must be 65535 or less",
      "Connect Timeout (seconds) must be 2 or more",
    ]);
    const inline = async (id: string) =>
      page.$eval(
        `#${id}`,
        (el) => el.closest(".form-group")?.querySelector(".error-detail")?.textContent ?? "",
      );
    expect(await inline("root_host")).toBe("is required");
    expect(await inline("root_port")).toBe("must be 65535 or less");
    expect(await inline("root_connect_timeout_seconds")).toBe("must be 2 or more");
    // The collapsed Advanced group opened by itself to show its error.
    expect(await page.$eval("#onespec-group-advanced", (d) => (d as HTMLDetailsElement).open)).toBe(
      true,
    );
    // Entries read as links, not as bordered buttons inside bullets.
    expect(
      await page.$eval(
        ".onespec-error-summary li button",
        (b) => getComputedStyle(b).borderTopWidth,
      ),
    ).toBe("0px");
    // A summary entry takes focus to its field.
    await page.click(".onespec-error-summary li:nth-child(2) button");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("root_port");
    // Fixing the values clears the errors on the next save attempt.
    expect(app.store.list().filter((c) => c.name === "bad")).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("an empty submit shows every problem at once, the connection name's among them", async () => {
    const { page, problems } = await app.page();
    const stored = app.store.list().length;
    await openNew(page, "postgres");
    await page.click("button[type=submit]");
    await page.waitForSelector(".onespec-error-summary");
    expect(await page.textContent("#connection-name-error")).toBe("Connection name is required");
    expect(await page.getAttribute("#connection-name", "aria-invalid")).toBe("true");
    const summary = await page.$$eval(".onespec-error-summary li", (items) =>
      items.map((i) => i.textContent),
    );
    expect(summary).toContain("Host is required");
    // Fill in the form but not the name: the name alone is what stops the save now.
    await page.fill("#root_host", "db.internal");
    await page.fill("#root_database", "postgres");
    await page.fill("#root_username", "reader");
    await page.click("button[type=submit]");
    await page.waitForFunction(() => !document.querySelector(".onespec-error-summary"));
    expect(await page.textContent("#connection-name-error")).toBe("Connection name is required");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("connection-name");
    expect(app.store.list()).toHaveLength(stored);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("choosing another oneOf branch keeps shared fields and leaves the branch's own behind until it is chosen again; secrets show and hide", async () => {
    const { page, problems } = await app.page();
    await openNew(page, "postgres");
    await page.fill("#root_password", "hunter2-secret");
    expect(await page.getAttribute("#root_password", "type")).toBe("password");
    await page.click(
      "#root_password ~ .onespec-secret-controls button, .onespec-secret:has(#root_password) .onespec-secret-toggle",
    );
    expect(await page.getAttribute("#root_password", "type")).toBe("text");
    await page.click(".onespec-secret:has(#root_password) .onespec-secret-toggle");
    expect(await page.getAttribute("#root_password", "type")).toBe("password");

    await page.$eval(
      "#onespec-group-security-advanced",
      (d) => ((d as HTMLDetailsElement).open = true),
    );
    const tunnel = 'select[name="ssh_tunnel__oneof_select"]';
    const option = (title: string) =>
      page.$eval(
        tunnel,
        (s, t) => [...(s as HTMLSelectElement).options].find((o) => o.text === t)!.value,
        title,
      );
    await page.selectOption(tunnel, await option("Password Authentication"));
    await page.fill("#root_ssh_tunnel_tunnel_host", "bastion.example.com");
    await page.fill("#root_ssh_tunnel_tunnel_user", "ec2-user");
    await page.fill("#root_ssh_tunnel_tunnel_user_password", "tunnel-secret");
    await page.selectOption(tunnel, await option("SSH Key Authentication"));
    // Both branches declare the host and the user: typed once, they stay.
    expect(await page.inputValue("#root_ssh_tunnel_tunnel_host")).toBe("bastion.example.com");
    expect(await page.inputValue("#root_ssh_tunnel_tunnel_user")).toBe("ec2-user");
    expect(await page.$("#root_ssh_tunnel_tunnel_user_password")).toBeNull();
    expect(await page.$("#root_ssh_tunnel_ssh_key")).not.toBeNull();
    // Back: the password typed in this branch earlier in the session is there again.
    await page.selectOption(tunnel, await option("Password Authentication"));
    expect(await page.inputValue("#root_ssh_tunnel_tunnel_user_password")).toBe("tunnel-secret");
    expect(await page.inputValue("#root_ssh_tunnel_tunnel_port")).toBe("22");
    expect(problems).toEqual([]);
    await page.context().close();
  });
});

describe("a saved connection's secrets", () => {
  it("never come back to the browser; unchanged keeps them, typing replaces them, Remove drops them", async () => {
    const { page, problems } = await app.page();
    const bodies = recordResponses(page);
    await openNew(page, "postgres");
    await fillPostgres(page, "round-trip", pg.password);
    await page.click("button[type=submit]");
    await page.waitForURL(/#\/connections\/[^/?]+\?saved=1$/);
    await page.waitForSelector("#root_password");
    const id = decodeURIComponent(/#\/connections\/([^/?]+)/.exec(page.url())![1]);
    const secretOf = () => app.store.secrets(id).find((s) => s.pointer === "/password")?.value;
    expect(secretOf()).toBe(pg.password);
    expect(await page.textContent(".notice-ok")).toMatch(/Saved “round-trip”/);

    // The edit form shows that a password is stored, not the password.
    expect(await page.inputValue("#root_password")).toBe("");
    expect(
      await page.textContent(".onespec-secret:has(#root_password) .onespec-secret-stored"),
    ).toMatch(/Saved/);

    // Saving unchanged keeps the stored password: the test still passes with it.
    await page.click("button[type=submit]");
    await page.waitForSelector(".notice-ok");
    expect(secretOf()).toBe(pg.password);
    expect((await runTest(page)).every((s) => s.state === "passed")).toBe(true);

    // Typing a new one replaces it.
    await page.fill("#root_password", "a-new-wrong-password");
    await page.click("button[type=submit]");
    await page.waitForFunction(
      () =>
        document.querySelector("#root_password") &&
        (document.querySelector("#root_password") as HTMLInputElement).value === "",
    );
    expect(secretOf()).toBe("a-new-wrong-password");
    expect((await runTest(page))[0]).toMatchObject({ name: "CheckAccess", state: "failed" });

    // Remove clears it.
    await page.click(".onespec-secret:has(#root_password) .onespec-secret-remove");
    await page.click("button[type=submit]");
    await page.waitForFunction(
      () => !document.querySelector(".onespec-secret:has(#root_password) .onespec-secret-stored"),
    );
    expect(secretOf()).toBeUndefined();

    await page.reload();
    await page.waitForSelector("#root_password");
    await page.waitForTimeout(200);
    for (const secret of [pg.password, "a-new-wrong-password"]) {
      expect(await page.content()).not.toContain(secret);
      expect(bodies.filter((b) => b.includes(secret))).toEqual([]);
    }
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("typing the mask itself where nothing is stored is refused, not saved as the secret", async () => {
    const { page } = await app.page();
    await openNew(page, "postgres");
    await fillPostgres(page, "mask-typed", undefined);
    await page.fill("#root_password", "********");
    await page.click("button[type=submit]");
    await page.waitForSelector(".notice-error");
    expect(await page.textContent(".notice-error")).toMatch(/mask/i);
    expect(app.store.list().filter((c) => c.name === "mask-typed")).toEqual([]);
    await page.context().close();
  });
});

describe("saved connections", () => {
  it("lists saved connections and deletes one with its stored secrets after confirmation", async () => {
    const { page, problems } = await app.page();
    const c = pg.connection("postgres");
    const saved = app.store.create(
      "postgres",
      "to-delete",
      {
        host: c.host,
        port: c.port,
        database: "postgres",
        username: c.user,
        password: "delete-me-secret",
      },
      connectors.postgres.validator.secretPaths,
    );
    await page.goto(`${app.base}/#/connections`);
    const row = `tr[data-connection="${saved.id}"]`;
    await page.waitForSelector(row);
    expect(await page.textContent(`${row} td:nth-child(2)`)).toContain("PostgreSQL");
    // Dismissing the confirmation keeps it.
    page.once("dialog", (dialog) => void dialog.dismiss());
    await page.click(`${row} button`);
    await page.waitForTimeout(100);
    expect(app.store.get(saved.id)).toBeDefined();
    page.once("dialog", (dialog) => void dialog.accept());
    await page.click(`${row} button`);
    await page.waitForSelector(row, { state: "detached" });
    expect(app.store.get(saved.id)).toBeUndefined();
    expect(app.store.secrets(saved.id)).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});

describe("the keyboard alone", () => {
  it("fills, tests and saves a postgres connection without the mouse", async () => {
    const { page, problems } = await app.page();
    const c = pg.connection("postgres");
    await page.goto(`${app.base}/#/connectors/postgres/new`);
    await page.waitForSelector("#root_host");
    const type = async (selector: string, text: string) => {
      await tabTo(page, selector);
      await page.keyboard.press("ControlOrMeta+a");
      await page.keyboard.type(text);
    };
    await type("#connection-name", "typed");
    await type("#root_host", c.host);
    await type("#root_port", String(c.port));
    await type("#root_database", "postgres");
    await type("#root_username", c.user);
    await type("#root_password", pg.password);
    await tabTo(page, "#root_ssl_mode");
    await page.keyboard.type("disable");
    expect(
      await page.$eval("#root_ssl_mode", (s) => (s as HTMLSelectElement).selectedOptions[0]?.text),
    ).toBe("disable");
    await tabTo(page, "button:not([type=submit]).btn");
    await page.keyboard.press("Enter");
    await page.waitForSelector(".test-outcome", { timeout: 30_000 });
    expect(await page.textContent(".test-outcome")).toMatch(/Connection works/);
    await page.keyboard.press("Shift+Tab");
    await tabTo(page, "button[type=submit]");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\?saved=1$/);
    const saved = app.store.list().find((s) => s.name === "typed");
    expect(saved?.config).toMatchObject({
      host: c.host,
      port: c.port,
      username: c.user,
      ssl: { mode: "disable" },
    });
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
