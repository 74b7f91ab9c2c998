/**
 * Finds a connector's implementation: the package that exports `connector`. onespec's own
 * connectors are listed by name in KNOWN_CONNECTORS; any other name is a project's own connector,
 * `@onespec/connector-<name>` as `onespec scaffold` creates it. The package is resolved from the
 * project (`from`, default the working directory), where it must be installed or be a workspace:
 * never from wherever the SDK itself sits, where a package is found only if a workspace happened
 * to hoist it.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Connector } from "./connector.js";

export class UnknownConnectorError extends Error {}

/** onespec's connectors with a runtime: connector name → package. */
export const KNOWN_CONNECTORS: Readonly<Record<string, string>> = {
  "http-api": "@onespec/connector-http-api",
  mysql: "@onespec/connector-mysql",
  postgres: "@onespec/connector-postgres",
  sqlite: "@onespec/connector-sqlite",
};

/** The package holding a connector's implementation. */
export function connectorPackage(name: string): string {
  return Object.hasOwn(KNOWN_CONNECTORS, name)
    ? KNOWN_CONNECTORS[name]
    : `@onespec/connector-${name}`;
}

export interface LoadConnectorOptions {
  /** The project folder to resolve the package from (default: the working directory). */
  from?: string;
}

export async function loadConnector(
  name: string,
  options: LoadConnectorOptions = {},
): Promise<Connector> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
    throw new UnknownConnectorError(
      `"${name}" is not a connector name (lower-case letters, digits and dashes).`,
    );
  }
  const pkg = connectorPackage(name);
  const from = path.resolve(options.from ?? process.cwd());
  let file: string;
  try {
    // Resolved as require() would from the project: the package exports "." as a plain path or
    // under "default" (or "node"/"require"), as connector packages do.
    file = createRequire(path.join(from, "package.json")).resolve(pkg);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "MODULE_NOT_FOUND" && (error as Error).message.includes(pkg)) {
      const known = Object.hasOwn(KNOWN_CONNECTORS, name);
      throw new UnknownConnectorError(
        known
          ? `No runtime implementation for connector "${name}": its package ${pkg} is not installed in ${from}. Run \`npm install --save-dev ${pkg}\` there and try again.`
          : `No runtime implementation for connector "${name}": the package ${pkg} is not installed in ${from} (onespec's own connectors: ${Object.keys(KNOWN_CONNECTORS).join(", ")}).`,
      );
    }
    throw error;
  }
  const mod = (await import(pathToFileURL(file).href)) as { connector?: Connector };
  if (!mod.connector) {
    throw new UnknownConnectorError(
      `${pkg} does not export \`connector\` (define it with defineConnector from @onespec/sdk).`,
    );
  }
  return mod.connector;
}
