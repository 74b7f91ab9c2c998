/**
 * Finds a connector's implementation by convention: the package `@onespec/connector-<name>`
 * exports `connector`. Adding a connector package is all it takes; nothing is registered.
 */
import type { Connector } from "./connector.js";

export class UnknownConnectorError extends Error {}

export async function loadConnector(name: string): Promise<Connector> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
    throw new UnknownConnectorError(
      `"${name}" is not a connector name (lower-case letters, digits and dashes).`,
    );
  }
  const pkg = `@onespec/connector-${name}`;
  let mod: { connector?: Connector };
  try {
    mod = (await import(pkg)) as { connector?: Connector };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ERR_MODULE_NOT_FOUND" && (error as Error).message.includes(pkg)) {
      throw new UnknownConnectorError(
        `No runtime implementation for connector "${name}": the package ${pkg} is not installed.`,
      );
    }
    throw error;
  }
  if (!mod.connector) {
    throw new UnknownConnectorError(
      `${pkg} does not export \`connector\` (define it with defineConnector from @onespec/sdk).`,
    );
  }
  return mod.connector;
}
