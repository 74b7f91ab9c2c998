/**
 * The schema tree the browser bench generates forms from with `onespec generate`: a form whose
 * `source` is a oneOf of ONEOF.branches (10) branches told apart by a `type` const, each with
 * eight fields of its own, a form with CONDITIONAL.rules (10) if/then/else rules, and a one-field
 * form (the render baseline).
 */
import { CONDITIONAL, ONE_FIELD, ONEOF } from "./protocol.js";

type Json = Record<string, unknown>;

function branch(i: number): Json {
  const n = i + 1;
  return {
    type: "object",
    title: `Source Kind ${n}`,
    description: `Settings of source kind ${n}.`,
    additionalProperties: false,
    required: [ONEOF.discriminator, ONEOF.field, "username"],
    properties: {
      [ONEOF.discriminator]: {
        type: "string",
        const: ONEOF.tag(i),
        title: "Source Type",
        description: `Kind ${n}.`,
        order: 0,
      },
      [ONEOF.field]: {
        type: "string",
        title: "Endpoint",
        description: "Host name or URL of the source.",
        minLength: 1,
        order: 1,
      },
      port: {
        type: "integer",
        title: "Port",
        description: "TCP port.",
        minimum: 1,
        maximum: 65535,
        default: 4000 + n,
        order: 2,
      },
      username: {
        type: "string",
        title: "User Name",
        description: "User to connect as.",
        minLength: 1,
        order: 3,
      },
      database: {
        type: "string",
        title: "Database",
        description: "Database or namespace to read.",
        order: 4,
      },
      timeout_seconds: {
        type: "integer",
        title: "Timeout",
        description: "Seconds to wait for the source.",
        minimum: 1,
        default: 30,
        order: 5,
      },
      verify_tls: {
        type: "boolean",
        title: "Verify TLS",
        description: "Check the server certificate.",
        default: true,
        order: 6,
      },
      region: {
        type: "string",
        title: "Region",
        description: "Where the source runs.",
        enum: ["us", "eu", "ap"],
        default: "us",
        order: 7,
      },
      [`kind_${n}_option`]: {
        type: "string",
        title: `Kind ${n} Option`,
        description: `An option only kind ${n} has.`,
        order: 8,
      },
    },
  };
}

function connector(name: string, displayName: string): Json {
  return {
    name,
    displayName,
    description: `${displayName} (browser bench fixture).`,
    serviceType: "Other",
    capabilities: ["metadata"],
    version: "0.1.0",
    docsUrl: "https://example.com/docs",
  };
}

const testConnection = {
  steps: [
    {
      name: "CheckAccess",
      description: "Connect.",
      mandatory: true,
      errorMessage: "Check the settings.",
    },
  ],
};

/** Path under the schema root → JSON document. */
export function benchSchemaTree(): Record<string, Json> {
  const oneOf: Json = {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "Bench OneOf Connection",
    description: `A form whose ${ONEOF.property} is a oneOf of ${ONEOF.branches} branches.`,
    type: "object",
    additionalProperties: false,
    required: ["name", ONEOF.property],
    properties: {
      name: { type: "string", title: "Name", description: "A name for the source.", order: 0 },
      [ONEOF.property]: {
        type: "object",
        title: "Source",
        description: "Which kind of source, and its settings.",
        order: 1,
        oneOf: Array.from({ length: ONEOF.branches }, (_, i) => branch(i)),
      },
    },
  };
  const oneField: Json = {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "Bench One Field Connection",
    description: "A form with one field.",
    type: "object",
    additionalProperties: false,
    required: [ONE_FIELD.field],
    properties: {
      [ONE_FIELD.field]: { type: "string", title: "Value", description: "Any text.", order: 0 },
    },
  };
  const rules = Array.from({ length: CONDITIONAL.rules }, (_, i) => i);
  const conditional: Json = {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "Bench Conditional Connection",
    description: `A form with ${CONDITIONAL.rules} if/then/else rules.`,
    type: "object",
    additionalProperties: true,
    required: ["name", CONDITIONAL.field],
    properties: {
      name: { type: "string", title: "Name", description: "A name for the source.", order: 0 },
      [CONDITIONAL.field]: {
        type: "string",
        title: "Endpoint",
        description: "Host name or URL of the source.",
        minLength: 1,
        order: 1,
      },
      ...Object.fromEntries(
        rules.map((i) => [
          CONDITIONAL.flag(i),
          {
            type: "string",
            title: `Rule ${i + 1}`,
            description: `Whether setting ${i + 1} applies.`,
            enum: ["off", "on"],
            default: "off",
            order: 2 + i,
          },
        ]),
      ),
    },
    allOf: rules.map((i) => ({
      if: { properties: { [CONDITIONAL.flag(i)]: { const: "on" } } },
      then: {
        required: [CONDITIONAL.extra(i)],
        properties: {
          [CONDITIONAL.extra(i)]: {
            type: "string",
            title: `Setting ${i + 1}`,
            description: `Only asked for while rule ${i + 1} is on.`,
            minLength: 1,
          },
        },
      },
      else: {
        properties: {
          [`fallback_${i + 1}`]: {
            type: "string",
            title: `Fallback ${i + 1}`,
            description: `Only asked for while rule ${i + 1} is off.`,
          },
        },
      },
    })),
  };
  return {
    [`connectors/${CONDITIONAL.connector}/connection.json`]: conditional,
    [`connectors/${CONDITIONAL.connector}/connector.json`]: connector(
      CONDITIONAL.connector,
      "Bench Conditional",
    ),
    [`connectors/${CONDITIONAL.connector}/test-connection.json`]: testConnection,
    [`connectors/${ONEOF.connector}/connection.json`]: oneOf,
    [`connectors/${ONEOF.connector}/connector.json`]: connector(ONEOF.connector, "Bench OneOf"),
    [`connectors/${ONEOF.connector}/test-connection.json`]: testConnection,
    [`connectors/${ONE_FIELD.connector}/connection.json`]: oneField,
    [`connectors/${ONE_FIELD.connector}/connector.json`]: connector(
      ONE_FIELD.connector,
      "Bench One Field",
    ),
    [`connectors/${ONE_FIELD.connector}/test-connection.json`]: testConnection,
  };
}
