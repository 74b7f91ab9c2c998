/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * The errors of the oneOf/anyOf branch the data takes, not of every branch. ajv reports each
 * failed branch of a oneOf it cannot discriminate, so a oneOf inside `dependencies` (whose tag is
 * the dependency's key, required by nothing) said "Kind must be "file"" and "Path is required"
 * next to the real problem of the "http" branch. A top-level oneOf has no such noise: the
 * generator gives it a `discriminator`, and ajv then checks the chosen branch only.
 *
 * Which branch the data takes is read from the data, not from the errors: RJSF drops an error
 * whose message another branch of the same oneOf already reported, so the errors alone cannot
 * say which tags failed.
 */
import {
  toErrorSchema,
  type RJSFSchema,
  type RJSFValidationError,
  type ValidationData,
  type ValidatorType,
} from "@rjsf/utils";
import { jsonEquals } from "./schema-match.js";

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `#/dependencies/kind/oneOf/1/required` → its tokens; undefined for a path outside the root. */
function schemaTokens(schemaPath: string | undefined): string[] | undefined {
  if (!schemaPath?.startsWith("#/")) return undefined;
  return schemaPath
    .slice(2)
    .split("/")
    .map((t) => decodeURIComponent(t).replace(/~1/g, "/").replace(/~0/g, "~"));
}

/**
 * The branches of the choice at `tokens` (ending in oneOf or anyOf) and where in the data its
 * instance is. Undefined when the path goes where the instance cannot be told from it (array
 * items, pattern properties, a `$ref`'s target, whose errors ajv reports from the target).
 */
function choiceAt(
  root: unknown,
  tokens: string[],
): { branches: unknown[]; instance: string[] } | undefined {
  let node: unknown = root;
  const instance: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!isObject(node)) return undefined;
    const token = tokens[i];
    if (i === tokens.length - 1)
      return Array.isArray(node[token])
        ? { branches: node[token] as unknown[], instance }
        : undefined;
    if (token === "properties") {
      const name = tokens[++i];
      instance.push(name);
      node = isObject(node.properties) ? node.properties[name] : undefined;
    } else if (["oneOf", "anyOf", "allOf"].includes(token)) {
      node = Array.isArray(node[token])
        ? (node[token] as unknown[])[Number(tokens[++i])]
        : undefined;
    } else if (token === "dependencies" || token === "dependentSchemas") {
      node = isObject(node[token]) ? node[token][tokens[++i]] : undefined;
    } else if (token === "then" || token === "else") {
      node = node[token];
    } else return undefined;
  }
  return undefined;
}

/** A branch's tag: its properties with a `const` (or a one-value `enum`), with that value. */
function tagOf(branch: unknown): [string, unknown][] {
  if (!isObject(branch) || !isObject(branch.properties)) return [];
  return Object.entries(branch.properties).flatMap(([name, schema]): [string, unknown][] => {
    if (!isObject(schema)) return [];
    if ("const" in schema) return [[name, schema.const]];
    if (Array.isArray(schema.enum) && schema.enum.length === 1) return [[name, schema.enum[0]]];
    return [];
  });
}

function valueAt(data: unknown, path: string[]): unknown {
  let node = data;
  for (const part of path) node = isObject(node) ? node[part] : undefined;
  return node;
}

/**
 * Drops, for each oneOf/anyOf with errors in more than one branch, the errors of the branches the
 * data does not take: those whose tag does not hold. When no branch's tag holds, the branch with
 * the fewest errors stays (the closest); when the branches have no tags, every error stays.
 */
export function takenBranchErrors(
  errors: RJSFValidationError[],
  formData: unknown,
  rootSchema: unknown,
): RJSFValidationError[] {
  const choices = new Map<string, string[]>();
  for (const e of errors) {
    const tokens = schemaTokens(e.schemaPath) ?? [];
    tokens.forEach((t, i) => {
      if ((t === "oneOf" || t === "anyOf") && /^\d+$/.test(tokens[i + 1] ?? ""))
        choices.set(tokens.slice(0, i + 1).join("/"), tokens.slice(0, i + 1));
    });
  }
  let kept = errors;
  // Outer choices first: a branch dropped there takes its inner choices with it.
  for (const [key, tokens] of [...choices].sort((a, b) => a[1].length - b[1].length)) {
    const byBranch = new Map<number, RJSFValidationError[]>();
    for (const e of kept) {
      const path = schemaTokens(e.schemaPath) ?? [];
      if (path.length <= tokens.length || path.slice(0, tokens.length).join("/") !== key) continue;
      const index = Number(path[tokens.length]);
      byBranch.set(index, [...(byBranch.get(index) ?? []), e]);
    }
    if (byBranch.size < 2) continue;
    const choice = choiceAt(rootSchema, tokens);
    if (!choice) continue;
    const tags = choice.branches.map(tagOf);
    if (tags.every((t) => t.length === 0)) continue;
    const instance = valueAt(formData, choice.instance);
    const takes = (index: number) =>
      tags[index].length > 0 &&
      tags[index].every(([name, value]) => jsonEquals(valueAt(instance, [name]), value));
    let keep = [...byBranch.keys()].filter(takes);
    if (keep.length === 0 && !choice.branches.some((_, i) => takes(i))) {
      const [closest] = [...byBranch].sort((a, b) => a[1].length - b[1].length || a[0] - b[0]);
      keep = [closest[0]];
    }
    const dropped = new Set(
      [...byBranch].filter(([index]) => !keep.includes(index)).flatMap(([, es]) => es),
    );
    kept = kept.filter((e) => !dropped.has(e));
  }
  return kept;
}

/** Wraps a validator so that it reports the errors of the branches the data takes only. */
export function reportTakenBranches<T, S extends RJSFSchema, F extends Record<string, any>>(
  validator: ValidatorType<T, S, F>,
): ValidatorType<T, S, F> {
  const wrapped = Object.create(validator) as ValidatorType<T, S, F>;
  wrapped.validateFormData = (formData, schema, customValidate, transformErrors, uiSchema) => {
    const result: ValidationData<T> = validator.validateFormData(
      formData,
      schema,
      customValidate,
      transformErrors,
      uiSchema,
    );
    const errors = takenBranchErrors(result.errors, formData, schema);
    if (errors.length === result.errors.length) return result;
    return { errors, errorSchema: toErrorSchema<T>(errors) };
  };
  return wrapped;
}
