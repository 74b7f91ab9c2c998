/**
 * The example connector `onespec init` writes when a repository has no schemas yet: one
 * connection schema with a discriminated `oneOf` auth whose basic branch reuses a shared
 * definition through a relative cross-file `$ref`, TLS settings from another (so that `check`
 * finds nothing to warn about in the starter), plus its metadata and test steps. The shared
 * definitions are the ones `scaffold` references, so a scaffolded connector reuses them.
 */
import { shippedDefinition } from "../shipped-definitions.js";

const json = (value: unknown) => JSON.stringify(value, null, 2) + "\n";

/** Files relative to the schema root. */
export function exampleTree(): Record<string, string> {
  return {
    "definitions/basic-auth.json": shippedDefinition("basic-auth"),
    "definitions/tls.json": shippedDefinition("tls"),
    "connectors/example/connection.json": json({
      $schema: "http://json-schema.org/draft-07/schema#",
      title: "Example Connection",
      description:
        "Connection settings for an example REST API. Edit this file, or copy the folder for each connector.",
      type: "object",
      additionalProperties: false,
      required: ["base_url", "auth"],
      properties: {
        base_url: {
          type: "string",
          title: "Base URL",
          format: "uri",
          examples: ["https://api.example.com/v1"],
          order: 0,
        },
        auth: {
          title: "Authentication",
          order: 1,
          oneOf: [
            {
              type: "object",
              title: "Username and Password",
              additionalProperties: false,
              required: ["auth_type", "credentials"],
              properties: {
                auth_type: { type: "string", const: "basic" },
                credentials: { $ref: "../../definitions/basic-auth.json" },
              },
            },
            {
              type: "object",
              title: "API Token",
              additionalProperties: false,
              required: ["auth_type", "token"],
              properties: {
                auth_type: { type: "string", const: "token" },
                token: { type: "string", title: "Token", minLength: 1, secret: true },
              },
            },
          ],
        },
        timeout_seconds: {
          type: "integer",
          title: "Timeout (seconds)",
          default: 30,
          minimum: 1,
          maximum: 300,
          group: "advanced",
          order: 2,
        },
        // Last, so the lines above keep the numbers docs/getting-started.md shows.
        tls: {
          $ref: "../../definitions/tls.json",
          title: "TLS",
          description: "How the server certificate is checked.",
          order: 3,
        },
      },
    }),
    "connectors/example/connector.json": json({
      name: "example",
      displayName: "Example",
      description: "Reads records from an example REST API.",
      serviceType: "API",
      capabilities: ["metadata"],
      version: "0.1.0",
      docsUrl: "https://example.com/docs",
    }),
    "connectors/example/test-connection.json": json({
      steps: [
        {
          name: "CheckAccess",
          description: "Call the API with the configured credentials.",
          mandatory: true,
          shortCircuit: true,
          errorMessage: "Check the base URL and the credentials.",
          fields: ["/base_url", "/auth", "/timeout_seconds", "/tls"],
        },
      ],
    }),
  };
}
