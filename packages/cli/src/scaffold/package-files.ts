/**
 * The connector package of a new connector (packages/connectors/<name>): built on the SDK and
 * the connector's generated code, with unit tests over the generated fixtures and an
 * integration test that runs only on demand. Also CONNECTOR_CONTEXT.md, the working brief.
 */
import { configTypeName } from "@onespec/core";
import type { Answers } from "./answers.js";
import { stepNames } from "./schemas.js";

export interface NewFile {
  /** Path relative to the repository root. */
  path: string;
  contents: string;
}

/** The environment variable naming the config file the integration test uses. */
export function integrationEnv(name: string): string {
  return `ONESPEC_IT_${name.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_CONFIG`;
}

export function packageFiles(a: Answers): NewFile[] {
  const dir = `packages/connectors/${a.name}`;
  const type = configTypeName(a.name);
  const gen = `@onespec/generated/connectors/${a.name}`;
  const steps = stepNames(a.serviceType);
  const env = integrationEnv(a.name);
  const pkg = {
    name: `@onespec/connector-${a.name}`,
    version: "0.1.0",
    private: true,
    type: "module",
    exports: { ".": "./src/index.ts" },
    scripts: {
      typecheck: "tsc -p .",
      test: "vitest run",
      "test:integration": "vitest run --config vitest.integration.config.ts",
    },
    dependencies: { "@onespec/generated": "*", "@onespec/runtime": "*", "@onespec/sdk": "*" },
    devDependencies: { "@onespec/test-servers": "*", yaml: "^2.8.0" },
  };
  const connector = `/**
 * The ${a.displayName} connector. Scaffolded by \`onespec scaffold connector\`: the test steps and
 * the streams below are where the work is (see CONNECTOR_CONTEXT.md).
 */
import { SourceError, defineConnector } from "@onespec/sdk";
import { metadata, testConnectionSteps } from "${gen}/metadata";
import { parse, secretPaths } from "${gen}/validator";
import type { ${type} } from "${gen}/types";

/** What a run holds open: a client of ${a.sdkPackage ?? "the service"}, once written. */
export interface Session {
  config: ${type};
}

/** A step or stream that is not written yet fails with this, naming the place to fill in. */
function notImplemented(what: string): never {
  throw new SourceError(\`\${what} is not implemented yet\`, {
    hint: "Fill it in packages/connectors/${a.name}/src/connector.ts.",
  });
}

export const connector = defineConnector({
  metadata,
  steps: testConnectionSteps,
  parse,
  secretPaths,
  async connect(config): Promise<Session> {
    return { config };
  },
  async close() {},
  testSteps: {
${steps.map((s) => `    async ${s}() {\n      notImplemented("The ${s} step");\n    },`).join("\n")}
  },
  async discover() {
    // One stream per kind of entity this source exposes, e.g.
    // { name: "tables", entityType: "table", description: "…" }.
    return [];
  },
  async *read(_session, _config, stream) {
    notImplemented(\`Reading the \${stream} stream\`);
  },
});
`;
  const index = `export { connector } from "./connector.js";
export { metadata, testConnectionSteps, type TestStepName } from "${gen}/metadata";
export { parse as parseConfig, redact, secretPaths } from "${gen}/validator";
export type { ${type} } from "${gen}/types";
`;
  const unit = `import { describe, expect, it } from "vitest";
import { ConfigValidationError } from "@onespec/runtime";
import { catchError, problemKey, secretValues } from "@onespec/test-servers";
import { invalid, valid } from "${gen}/fixtures";
import { testConnection } from "@onespec/sdk";
import { connector, metadata, parseConfig, redact, testConnectionSteps } from "../src/index.js";

describe("${a.name} config", () => {
  it("has fixtures to test", () => {
    expect(metadata.name).toBe(${JSON.stringify(a.name)});
    expect(valid.length).toBeGreaterThan(0);
    expect(invalid.length).toBeGreaterThan(0);
  });

  it.each(valid.map((f) => [f.name, f.config] as const))("valid: %s parses", (_name, config) => {
    // parse keeps every value given and fills in the defaults of the others.
    expect(parseConfig(config)).toMatchObject(config as object);
  });

  it.each(invalid.map((f) => [f.name, f] as const))("invalid: %s is rejected with exactly its errors", (_name, fixture) => {
    const error = catchError(() => parseConfig(fixture.config));
    expect(error).toBeInstanceOf(ConfigValidationError);
    const { problems } = error as ConfigValidationError;
    expect(new Set(problems.map(problemKey))).toEqual(new Set(fixture.errors.map(problemKey)));
    const text = String(error) + JSON.stringify(problems);
    for (const secret of secretValues(fixture.config, redact)) expect(text).not.toContain(secret);
  });
});

describe("${a.name} test connection", () => {
  it("runs every declared step in order", async () => {
    const result = await testConnection(connector, parseConfig(valid[0]!.config));
    expect(result.steps.map((s) => s.name)).toEqual(testConnectionSteps.map((s) => s.name));
  });
});
`;
  const integration = `/**
 * Runs the connector against a real ${a.displayName}. Not part of \`npm test\`: run it with
 *   ${env}=path/to/config.yaml npm run test:integration -w @onespec/connector-${a.name}
 * where the config file is a ${a.name} config (\${VAR} is resolved from the environment).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { resolveSecrets, testConnection } from "@onespec/sdk";
import { connector, parseConfig } from "../../src/index.js";

const file = process.env.${env};
if (!file) throw new Error("Set ${env} to the path of a ${a.name} config file to run the integration test.");

describe("${a.name} against a real server", () => {
  it("passes every mandatory test-connection step", async () => {
    const { value, problems } = resolveSecrets(parseYaml(readFileSync(file, "utf8")), { env: process.env });
    expect(problems).toEqual([]);
    const result = await testConnection(connector, parseConfig(value));
    expect(result.steps.filter((s) => s.mandatory && s.status !== "passed")).toEqual([]);
  });
});
`;
  const tsconfig = `{ "extends": "../../../tsconfig.base.json", "include": ["src", "test"] }\n`;
  const vitestIntegration = `import { defineConfig } from "vitest/config";

// \`npm run test:integration\`: only the tests that need a real ${a.displayName}.
export default defineConfig({ test: { include: ["test/integration/**/*.it.ts"] } });
`;
  return [
    { path: `${dir}/package.json`, contents: JSON.stringify(pkg, null, 2) + "\n" },
    { path: `${dir}/tsconfig.json`, contents: tsconfig },
    { path: `${dir}/vitest.integration.config.ts`, contents: vitestIntegration },
    { path: `${dir}/src/connector.ts`, contents: connector },
    { path: `${dir}/src/index.ts`, contents: index },
    { path: `${dir}/test/config.test.ts`, contents: unit },
    { path: `${dir}/test/integration/connection.it.ts`, contents: integration },
  ];
}

export function contextFile(a: Answers, notes: string[] = []): NewFile {
  const steps = stepNames(a.serviceType);
  const lines = [
    `# ${a.displayName}: connector brief`,
    "",
    "Written by `onespec scaffold connector`. Not committed (git-ignored): it is a working note.",
    "",
    "## Answers",
    "",
    "| Question | Answer |",
    "|---|---|",
    `| Name | ${a.name} |`,
    `| Display name | ${a.displayName} |`,
    `| Service type | ${a.serviceType} |`,
    `| Connection type | ${a.connectionType} |`,
    `| Auth types | ${a.authTypes.join(", ")} |`,
    `| Capabilities | ${a.capabilities.join(", ") || "none"} |`,
    `| Docs URL | ${a.docsUrl} |`,
    `| SDK package | ${a.sdkPackage ?? "none"} |`,
    `| API endpoints | ${a.apiEndpoints.join(", ") || "none"} |`,
    `| Docker image | ${a.dockerImage ?? "none"} |`,
    `| Docker port | ${a.dockerPort ?? "none"} |`,
    `| Notes | ${(a.notes ?? "none").replace(/\n/g, " ")} |`,
    "",
    "## Endpoints",
    "",
    ...(a.apiEndpoints.length ? a.apiEndpoints.map((e) => `- \`${e}\``) : ["None given."]),
    "",
    "## Files to fill in",
    "",
    `- \`schemas/connectors/${a.name}/connection.json\`: the connection settings (composed from the shared definitions in \`schemas/definitions/\`).`,
    `- \`schemas/connectors/${a.name}/test-connection.json\`: the steps ${steps.join(", ")}.`,
    `- \`packages/connectors/${a.name}/src/connector.ts\`: each test step, \`discover()\` and \`read()\`.`,
    `- \`packages/connectors/${a.name}/test/\`: unit tests; \`test/integration/connection.it.ts\` runs with \`${integrationEnv(a.name)}\` set.`,
    "",
    "Run `npx onespec generate` after editing a schema.",
    "",
    ...(notes.length ? ["## Import notes", "", ...notes.map((n) => `- ${n}`), ""] : []),
    "## Review checklist",
    "",
    "- [ ] Every credential field is `secret: true` (`onespec check` warns otherwise).",
    "- [ ] Each test step checks one thing and its errorMessage says what to do.",
    "- [ ] `read()` resumes right after the state it is given; no record is emitted twice.",
    "- [ ] Errors are typed (AuthError, ConnectionError, …) and never include a secret value.",
    "- [ ] `npm run typecheck`, `npm test` and `onespec check` pass with zero warnings.",
    "- [ ] The integration test passes against a real server.",
    "",
  ];
  return { path: `packages/connectors/${a.name}/CONNECTOR_CONTEXT.md`, contents: lines.join("\n") };
}
