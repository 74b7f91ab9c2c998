/**
 * A connector's form config, fetched from `onespec serve` at run time: the bundled schema and
 * uiSchema from /api/connectors/:name/form, and the precompiled validator, an ES module from
 * /api/connectors/:name/form-validator.js that imports nothing. Its default export takes a
 * `require` for ajv's run-time helpers, which are bundled here. Nothing is compiled in the
 * browser (no eval: the CSP forbids it), and the app needs no rebuild for a new connector.
 */
import type { RJSFSchema, UiSchema, ValidatorType } from "@rjsf/utils";
import { createPrecompiledValidator, type ValidatorFunctions } from "@rjsf/validator-ajv8";
import { jsonEqual } from "@onespec/runtime/equal";
import * as ucs2length from "ajv/dist/runtime/ucs2length.js";
import * as uri from "ajv/dist/runtime/uri.js";
import * as validationError from "ajv/dist/runtime/validation_error.js";
import * as formats from "ajv-formats/dist/formats.js";
import type { ConnectorFormConfig } from "@onespec/forms";
import { ApiError } from "./api.js";

/** A CommonJS module as `require` would return it (bundlers hand some over wrapped in `default`). */
const commonJs = (ns: Record<string, unknown>): unknown => {
  const inner = ns.default as { __esModule?: boolean } | undefined;
  return inner && inner.__esModule ? inner : ns;
};

/** What precompiled ajv code may require, by the specifier it uses. */
const HELPERS: Record<string, unknown> = {
  // JSON equality by own keys, as the generated validators use (ajv's calls valueOf/toString).
  "ajv/dist/runtime/equal": { default: jsonEqual },
  "ajv/dist/runtime/ucs2length": commonJs(ucs2length),
  "ajv/dist/runtime/uri": commonJs(uri),
  "ajv/dist/runtime/validation_error": commonJs(validationError),
  "ajv-formats/dist/formats": commonJs(formats),
};

function helper(specifier: string): unknown {
  const key = specifier.replace(/\.js$/, "");
  if (!Object.hasOwn(HELPERS, key))
    throw new Error(`the form validator needs ${specifier}, which this app does not ship`);
  return HELPERS[key];
}

const loaded = new Map<string, Promise<ConnectorFormConfig>>();

/** The form config of one connector (loaded once per page). */
export function loadFormConfig(connector: string): Promise<ConnectorFormConfig> {
  let config = loaded.get(connector);
  if (!config) {
    config = load(connector);
    loaded.set(connector, config);
    config.catch(() => loaded.delete(connector));
  }
  return config;
}

async function load(connector: string): Promise<ConnectorFormConfig> {
  const base = `/api/connectors/${encodeURIComponent(connector)}`;
  const response = await fetch(`${base}/form`);
  if (!response.ok)
    throw new ApiError(
      `the server has no form for ${connector} (HTTP ${response.status})`,
      response.status,
    );
  const { schema, uiSchema } = (await response.json()) as {
    schema: RJSFSchema;
    uiSchema: UiSchema;
  };
  const module = (await import(/* @vite-ignore */ `${base}/form-validator.js`)) as {
    default: (require: (s: string) => unknown) => ValidatorFunctions;
  };
  const validateFns = module.default(helper);
  return {
    schema,
    uiSchema,
    createFormValidator: (): ValidatorType => createPrecompiledValidator(validateFns, schema),
  };
}
