/**
 * ajv's standalone code for the validators of ONE schema document, as a module that imports the
 * validators of the other documents it references instead of compiling them in. A connector's
 * module then holds only that connector's code, and a shared definition is compiled once, into
 * its own module, whichever connectors use it.
 *
 * The walk follows ajv's own standalone writer (ajv/dist/standalone): each exported function's
 * code, preceded by the scope values it uses (schema constants, formats, run-time helpers, the
 * functions of referenced schemas). The one difference is at a referenced function that belongs
 * to another document: its code is not written; an import of that document's export is.
 */
import { createRequire } from "node:module";
import type * as CodeModule from "ajv/dist/compile/codegen/code.js";
import type * as ScopeModule from "ajv/dist/compile/codegen/scope.js";
import type { createAjv } from "@onespec/core";

type Ajv = ReturnType<typeof createAjv>;
type _Code = CodeModule._Code;
type ValueScopeName = ScopeModule.ValueScopeName;
type UsedValueState = ScopeModule.UsedValueState;
const require = createRequire(import.meta.url);

/** A compiled ajv function with what its source writer needs. */
interface CompiledFunction {
  (data: unknown): boolean;
  source?: {
    validateName: ValueScopeName;
    validateCode: string;
    scopeValues: unknown;
    evaluated?: unknown;
  };
  schemaEnv?: { baseId: string; schema: unknown };
}

/** Where a function of another document is exported: the module to import and the name there. */
export interface ExternalFunction {
  module: string;
  exportName: string;
}

/**
 * The module's code (CommonJS-style `require()` of ajv's helpers left in; `requireToImport` turns
 * them into imports) and its import lines for other documents' validators.
 */
export function moduleCode(
  ajv: Ajv,
  exports: Record<string, string>,
  external: (fn: CompiledFunction) => ExternalFunction | undefined,
): { code: string; imports: string[] } {
  // Required on first use: runs where the own compiler writes every module never load ajv.
  const { _, _Code, nil, getEsmExportName } =
    require("ajv/dist/compile/codegen/code.js") as typeof CodeModule;
  const { UsedValueState } = require("ajv/dist/compile/codegen/scope.js") as typeof ScopeModule;
  const usedValues: Record<string, Map<ValueScopeName, UsedValueState>> = {};
  const imports = new Map<string, Set<string>>();
  const n = (ajv.scope as unknown as { opts: { _n: _Code } }).opts._n;
  const usedState = (name: ValueScopeName) => usedValues[name.prefix]?.get(name);
  const setUsedState = (name: ValueScopeName, state: UsedValueState) => {
    (usedValues[name.prefix] ??= new Map()).set(name, state);
  };

  const validateCode = (source: NonNullable<CompiledFunction["source"]>): _Code => {
    if (usedState(source.validateName) === UsedValueState.Completed) return nil;
    setUsedState(source.validateName, UsedValueState.Started);
    const scope = ajv.scope as unknown as {
      scopeCode(
        values: unknown,
        used: unknown,
        getCode: (n: ValueScopeName) => _Code | undefined,
      ): _Code;
    };
    // ajv keeps each function's code to the end of the run as it built it, a string of many
    // thousand concatenated pieces; reading a character makes V8 flatten it in place, and the
    // pieces go (on the 76-connector bench tree, 26 MB of the heap was such pieces).
    source.validateCode.charCodeAt(0);
    const scopeCode = scope.scopeCode(source.scopeValues, usedValues, refValidateCode);
    const code = new _Code(`${scopeCode}${n}${source.validateCode}`);
    return source.evaluated
      ? _`${code}${source.validateName}.evaluated = ${source.evaluated as never};${n}`
      : code;
  };

  function refValidateCode(name: ValueScopeName): _Code | undefined {
    const ref = (name.value as { ref?: unknown } | undefined)?.ref;
    if (name.prefix === "validate" && typeof ref === "function") {
      const fn = ref as CompiledFunction;
      const ext = external(fn);
      if (ext) {
        // Another document's function: imported under the local name this code calls it by.
        const names = imports.get(ext.module) ?? new Set<string>();
        names.add(ext.exportName === name.str ? name.str : `${ext.exportName} as ${name.str}`);
        imports.set(ext.module, names);
        setUsedState(name, UsedValueState.Completed);
        return nil;
      }
      if (!fn.source) throw new Error("moduleCode: a referenced function has no source");
      return validateCode(fn.source);
    }
    if (
      (name.prefix === "root" || name.prefix === "wrapper") &&
      typeof ref === "object" &&
      ref !== null
    ) {
      const { validate, validateName } = ref as {
        validate?: CompiledFunction;
        validateName?: ValueScopeName;
      };
      if (!validateName || !validate?.source) throw new Error("moduleCode: ajv internal error");
      const wrapper = _`const ${name} = {validate: ${validateName}};`;
      if (usedState(validateName) === UsedValueState.Started) return wrapper;
      return _`${wrapper}${n}${validateCode(validate.source)}`;
    }
    return undefined;
  }

  let code = _`"use strict";`;
  for (const exportName of Object.keys(exports).sort()) {
    const fn = ajv.getSchema(exports[exportName]) as CompiledFunction | undefined;
    if (!fn?.source) throw new Error(`moduleCode: no compiled schema for ${exports[exportName]}`);
    const body = validateCode(fn.source);
    code = _`${code}${n}export const ${getEsmExportName(exportName)} = ${fn.source.validateName};${n}${body}`;
  }
  const importLines = [...imports]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([module, names]) =>
        `import { ${[...names].sort().join(", ")} } from ${JSON.stringify(module)};`,
    );
  return { code: code.toString(), imports: importLines };
}
