/** The interactive questions of `onespec scaffold connector` (@inquirer/prompts), validated as you type. */
import { checkbox, input, number, select } from "@inquirer/prompts";
import {
  AUTH_KINDS,
  CAPABILITIES,
  CONNECTION_TYPES,
  SERVICE_TYPES,
  defaultAuthTypes,
  defaultConnectionType,
  defaultDisplayName,
  nameProblem,
  portProblem,
  urlProblem,
  type Answers,
} from "./answers.js";

const orTrue = (problem: string | undefined): string | true => problem ?? true;

/** Asks for every answer not already `given` (by a flag). */
export async function ask(
  given: Partial<Answers>,
  existing: readonly string[],
  force: boolean,
): Promise<Answers> {
  const name =
    given.name ??
    (await input({
      message: "Connector name (kebab-case):",
      validate: (v) => orTrue(nameProblem(v, existing, force)),
    }));
  const displayName =
    given.displayName ??
    (await input({
      message: "Display name:",
      default: defaultDisplayName(name),
      validate: (v) => (v.trim() ? true : "must not be empty"),
    }));
  const serviceType =
    given.serviceType ??
    (await select({
      message: "Service type:",
      choices: SERVICE_TYPES.map((value) => ({ value })),
    }));
  const connectionType =
    given.connectionType ??
    (await select({
      message: "Connection type:",
      default: defaultConnectionType(serviceType),
      choices: CONNECTION_TYPES.map((value) => ({ value })),
    }));
  const authTypes =
    given.authTypes ??
    (await checkbox({
      message: "Auth types:",
      choices: AUTH_KINDS.map((value) => ({
        value,
        checked: defaultAuthTypes(connectionType).includes(value),
      })),
      validate: (v) => (v.length > 0 ? true : "choose at least one"),
    }));
  const capabilities =
    given.capabilities ??
    (await checkbox({
      message: "Capabilities:",
      choices: CAPABILITIES.map((value) => ({ value, checked: value === "metadata" })),
    }));
  const docsUrl =
    given.docsUrl ??
    (await input({ message: "Documentation URL:", validate: (v) => orTrue(urlProblem(v)) }));
  const sdkPackage =
    given.sdkPackage ?? ((await input({ message: "SDK package (optional):" })).trim() || undefined);
  const apiEndpoints =
    given.apiEndpoints ??
    (
      await input({
        message: "API endpoints, comma-separated (optional):",
        validate: (v) =>
          v
            .split(",")
            .map((e) => e.trim())
            .filter(Boolean)
            .every((e) => /^\/[^\s?#]*$/.test(e)) || "each must be a path starting with /",
      })
    )
      .split(",")
      .map((e) => e.trim())
      .filter(Boolean);
  const notes =
    given.notes ?? ((await input({ message: "Notes (optional):" })).trim() || undefined);
  const dockerImage =
    given.dockerImage ??
    ((await input({ message: "Docker image for a test server (optional):" })).trim() || undefined);
  const dockerPort =
    given.dockerPort ??
    (dockerImage
      ? await number({
          message: "Its port:",
          required: false,
          validate: (v) => (v === undefined ? true : orTrue(portProblem(v))),
        })
      : undefined);
  return {
    name,
    displayName,
    serviceType,
    connectionType,
    authTypes,
    capabilities,
    docsUrl,
    apiEndpoints,
    ...(sdkPackage !== undefined && { sdkPackage }),
    ...(notes !== undefined && { notes }),
    ...(dockerImage !== undefined && { dockerImage }),
    ...(dockerPort !== undefined && dockerPort !== null && { dockerPort }),
  };
}
