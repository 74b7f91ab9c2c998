import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UnknownConnectorError, loadConnector } from "../src/index.js";
import { connectorPackage } from "../src/load-connector.js";

// Throwaway projects outside the repository: a package is found only where the project has it.
const root = mkdtempSync(path.join(os.tmpdir(), "onespec-load-connector-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function project(name: string, packages: Record<string, string>): string {
  const dir = path.join(root, name);
  for (const [pkg, source] of Object.entries(packages)) {
    const folder = path.join(dir, "node_modules", pkg);
    mkdirSync(folder, { recursive: true });
    writeFileSync(
      path.join(folder, "package.json"),
      JSON.stringify({ name: pkg, type: "module", exports: { ".": "./index.js" } }),
    );
    writeFileSync(path.join(folder, "index.js"), source);
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, private: true }));
  return dir;
}

const failure = (name: string, from: string) =>
  loadConnector(name, { from }).then(
    () => undefined,
    (error: unknown) => error as Error,
  );

describe("connectorPackage", () => {
  it.each([
    ["postgres", "@onespec/connector-postgres"],
    ["http-api", "@onespec/connector-http-api"],
    ["acme", "@onespec/connector-acme"],
    ["constructor", "@onespec/connector-constructor"],
  ])("%s → %s", (name, pkg) => {
    expect(connectorPackage(name)).toBe(pkg);
  });
});

describe("loadConnector", () => {
  it("loads a project's own connector package from the project", async () => {
    const dir = project("own", {
      "@onespec/connector-acme": `export const connector = { metadata: { name: "acme" } };`,
    });
    expect((await loadConnector("acme", { from: dir })).metadata.name).toBe("acme");
  });

  it("names the package to install when one of onespec's connectors is missing", async () => {
    const dir = project("empty", {});
    const error = await failure("mysql", dir);
    expect(error).toBeInstanceOf(UnknownConnectorError);
    expect(error?.message).toBe(
      `No runtime implementation for connector "mysql": its package @onespec/connector-mysql is not installed in ${dir}. Run \`npm install --save-dev @onespec/connector-mysql\` there and try again.`,
    );
  });

  it("lists onespec's connectors for a name it does not know", async () => {
    const error = await failure("nosuch", project("unknown", {}));
    expect(error).toBeInstanceOf(UnknownConnectorError);
    expect(error?.message).toMatch(
      /^No runtime implementation for connector "nosuch": the package @onespec\/connector-nosuch is not installed in .* \(onespec's own connectors: http-api, mysql, postgres, sqlite\)\.$/,
    );
  });

  it("refuses a package without a connector export, and a name that is not one", async () => {
    const dir = project("bare", { "@onespec/connector-bare": "export const other = 1;" });
    expect((await failure("bare", dir))?.message).toBe(
      "@onespec/connector-bare does not export `connector` (define it with defineConnector from @onespec/sdk).",
    );
    expect((await failure("../x", dir))?.message).toMatch(/is not a connector name/);
  });
});
