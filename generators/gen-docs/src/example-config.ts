import { constantCase, isObject, secretPaths, type JsonObject } from "@onespec/core";
import { fullestValidConfig, type FixtureCheck } from "@onespec/gen-fixtures";
import {
  escapePointerToken,
  matchPointers,
  splitPointer,
  unescapePointerToken,
} from "@onespec/runtime";

/**
 * The example config: the fullest valid fixture, with every secret written as ${ENV_VAR}. With
 * `check` (the connector's own validator), only a config it accepts; undefined when there is none.
 */
export function exampleConfig(
  connector: string,
  schema: JsonObject,
  check?: FixtureCheck,
): unknown {
  // Not fixturesFor: the docs need one config, not every variant and mutation.
  const found = fullestValidConfig(schema, check);
  if (found === undefined && check) return undefined;
  return withSecretVariables(connector, schema, found ?? {});
}

/** A copy of a config with every secret written as ${ENV_VAR}. */
export function withSecretVariables(
  connector: string,
  schema: JsonObject,
  config: unknown,
): unknown {
  const secrets = secretPaths(schema);
  // `pass-word` and `pass_word` both make PASS_WORD: the second secret gets PASS_WORD_2, so one
  // variable never stands for two secrets.
  const taken = new Set<string>();
  const variable = (pointer: string): string => {
    const words = constantCase(
      `${connector} ${splitPointer(pointer).map(unescapePointerToken).join(" ")}`,
    );
    // `${3CX_…}` would not be read as a reference (a variable name cannot start with a digit).
    const base = /^[A-Za-z_]/.test(words) ? words : `_${words}`;
    let name = base;
    for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
    taken.add(name);
    return name;
  };
  // Where the patterns match in the config. The walk below stops at the first secret on each
  // path, which is where a pattern matches the whole pointer (isSecretPointer there), found once
  // here instead of splitting every pattern for every value.
  const secret = new Set(matchPointers(config, secrets).map((m) => m.pointer));
  const replace = (value: unknown, pointer: string): unknown => {
    if (pointer !== "" && secret.has(pointer)) return `\${${variable(pointer)}}`;
    if (Array.isArray(value)) return value.map((v, i) => replace(v, `${pointer}/${i}`));
    if (isObject(value))
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [
          k,
          replace(v, `${pointer}/${escapePointerToken(k)}`),
        ]),
      );
    return value;
  };
  // A new value: every object and array is rebuilt, so nothing is shared with `config`.
  return replace(config, "");
}
