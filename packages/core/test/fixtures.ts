/** Valid connector.json / test-connection.json contents, so a test only writes what it is about. */
export function connectorMetadata(name: string): object {
  return {
    name,
    displayName: "Test Connector",
    serviceType: "Database",
    capabilities: ["metadata"],
    version: "0.1.0",
    docsUrl: "https://example.com/docs",
  };
}

export function testConnectionSteps(): object {
  return {
    steps: [
      {
        name: "CheckAccess",
        description: "Open a connection.",
        mandatory: true,
        errorMessage: "Check the host.",
      },
    ],
  };
}

/**
 * The three files of connector `name` under `connectors/<name>/`. Pass `undefined` for a file to
 * leave it out, or a string/object to replace the default.
 */
export function connectorFiles(
  name: string,
  connection: string | object | undefined,
  overrides: { connector?: string | object | null; testConnection?: string | object | null } = {},
): Record<string, string | object> {
  const dir = `connectors/${name}`;
  const files: Record<string, string | object> = {};
  if (connection !== undefined) files[`${dir}/connection.json`] = connection;
  const meta = overrides.connector === undefined ? connectorMetadata(name) : overrides.connector;
  if (meta !== null) files[`${dir}/connector.json`] = meta;
  const steps =
    overrides.testConnection === undefined ? testConnectionSteps() : overrides.testConnection;
  if (steps !== null) files[`${dir}/test-connection.json`] = steps;
  return files;
}

/** The fields of a diagnostic that say where it is. */
export function where(d: {
  code: string;
  file?: string;
  pointer?: string;
  line?: number;
  column?: number;
}) {
  return { code: d.code, file: d.file, pointer: d.pointer, line: d.line, column: d.column };
}

export const DRAFT7 = "http://json-schema.org/draft-07/schema#";

/** A connector referencing a whole shared file, a definition inside a shared file, and a local definition. */
function happyConnection(title: string): object {
  return {
    $schema: DRAFT7,
    title,
    type: "object",
    required: ["auth"],
    properties: {
      auth: { $ref: "../../definitions/x.json" },
      ssl: { $ref: "../../definitions/y.json#/definitions/z" },
      port: { $ref: "#/definitions/w", title: "Port", default: 5432 },
    },
    definitions: {
      w: { type: "integer", minimum: 1, maximum: 65535 },
    },
  };
}

export const happyTree: Record<string, string | object> = {
  ...connectorFiles("alpha", happyConnection("Alpha")),
  ...connectorFiles("beta", {
    $schema: DRAFT7,
    type: "object",
    properties: { auth: { $ref: "../../definitions/x.json" } },
  }),
  "definitions/x.json": {
    $schema: DRAFT7,
    $id: "https://example.com/schemas/x.json",
    title: "Basic auth",
    type: "object",
    required: ["username"],
    properties: {
      username: { type: "string" },
      password: { type: "string", secret: true },
    },
  },
  "definitions/y.json": {
    $schema: DRAFT7,
    definitions: {
      z: { type: "object", properties: { mode: { type: "string", enum: ["disable", "require"] } } },
    },
  },
};
