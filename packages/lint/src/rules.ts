import { distance } from "fastest-levenshtein";
import { catastrophicBacktracking } from "./regex-backtracking.js";
import {
  authKindOfFile,
  createAjv,
  DIALECT_KEYWORDS,
  findDiscriminator,
  followRef,
  isObject,
  nodeAt,
  refKey,
  isSecret,
  joinPointer,
  STANDARD_KEYWORDS,
  walkSchema,
  type JsonObject,
  type ResolvedNode,
  type SchemaDoc,
  type SchemaModel,
} from "@onespec/core";
import type { Finding, LintRule } from "./rule.js";

const CREDENTIAL =
  /(^|[_\-.]|[a-z](?=[A-Z]))(pass(word|wd|phrase)?|pwd|secret|token|api[_-]?key|apikey|private[_-]?key|client[_-]?secret|access[_-]?key|secret[_-]?key|credentials?)$/i;
const NOT_CREDENTIAL =
  /(path|file|url|uri|name|type|method|endpoint|header|param|id|location|expir\w*|ttl|field)$/i;

/** Visits every property declaration: its name, schema, the object declaring it, and where. */
function eachProperty(
  model: SchemaModel,
  visit: (p: {
    doc: SchemaDoc;
    name: string;
    schema: JsonObject;
    parent: JsonObject;
    pointer: string;
    depth: number;
  }) => void,
): void {
  for (const doc of model.docs.values())
    walkSchema(doc.json, ({ node, pointer }) => {
      if (!isObject(node.properties)) return;
      // How many properties deep the declaring object is (0: the root, or a root oneOf branch).
      const depth = pointer.split("/properties/").length - 1;
      for (const [name, schema] of Object.entries(node.properties))
        if (isObject(schema))
          visit({
            doc,
            name,
            schema,
            parent: node,
            pointer: joinPointer(pointer, "properties", name),
            depth,
          });
    });
}

/**
 * The property names of every schema a connector reaches from its entry, following `$ref`s
 * (only the nodes referenced, not whole files), and the file names and pointers of what the
 * `$ref`s point to (a `$ref` to "../../definitions/ssl.json" names what it brings in).
 */
function reachedNames(model: SchemaModel, entry: string): string[] {
  const names = new Set<string>();
  const seen = new Set<string>();
  const doc = model.docs.get(entry);
  if (!doc) return [];
  const work: { doc: SchemaDoc; pointer: string; node: unknown }[] = [
    { doc, pointer: "", node: doc.json },
  ];
  while (work.length > 0) {
    const at = work.pop()!;
    const key = refKey(at.doc.path, at.pointer);
    if (seen.has(key)) continue;
    seen.add(key);
    walkSchema(
      at.node,
      ({ node, pointer }) => {
        if (isObject(node.properties)) for (const k of Object.keys(node.properties)) names.add(k);
        if (typeof node.$ref !== "string") return;
        const target = model.refs.get(refKey(at.doc.path, pointer));
        if (!target) return;
        names.add(`${model.docs.get(target.doc)?.rel ?? ""}#${target.pointer}`);
        work.push(nodeAt(model, target));
      },
      at.pointer,
    );
  }
  return [...names];
}

function resolved(
  model: SchemaModel,
  doc: SchemaDoc,
  pointer: string,
  node: JsonObject,
): JsonObject {
  return followRef(model, { doc, pointer, node }).node;
}

/** Whether the `$ref` at `pointer` in `doc` is a whole shared auth definition (an auth kind's file). */
function refersToAuthKind(model: SchemaModel, doc: SchemaDoc, pointer: string): boolean {
  const target = model.refs.get(refKey(doc.path, pointer));
  return (
    target !== undefined &&
    target.pointer === "" &&
    authKindOfFile(model.docs.get(target.doc)?.rel ?? "") !== undefined
  );
}

/**
 * A choice of authentication whatever its name: a oneOf whose every branch is, or has a
 * property that is, a shared auth definition (the scaffold's shape: auth_type + credentials).
 * Auth kinds come from @onespec/core's vocabulary, so the rule knows what the scaffold writes.
 */
function isAuthChoice(model: SchemaModel, at: ResolvedNode): boolean {
  const { doc, pointer, node } = at;
  if (!Array.isArray(node.oneOf) || node.oneOf.length === 0) return false;
  return node.oneOf.every((b, i) => {
    if (!isObject(b)) return false;
    const branch = joinPointer(pointer, "oneOf", i);
    const candidates: [string, unknown][] = [
      [branch, b],
      ...Object.entries(isObject(b.properties) ? b.properties : {}).map(
        ([k, p]): [string, unknown] => [joinPointer(branch, "properties", k), p],
      ),
    ];
    return candidates.some(
      ([p, n]) => isObject(n) && typeof n.$ref === "string" && refersToAuthKind(model, doc, p),
    );
  });
}

const KNOWN_KEYWORDS = [
  ...STANDARD_KEYWORDS,
  ...Object.keys(DIALECT_KEYWORDS),
  "airbyte_secret",
  "examples",
];

/** The keyword a misspelling most likely meant (distance ≤ 2, or a case-only difference). */
export function suggestKeyword(key: string): string | undefined {
  if (key.length < 4 || KNOWN_KEYWORDS.includes(key)) return undefined;
  let best: { k: string; d: number } | undefined;
  for (const k of KNOWN_KEYWORDS) {
    if (k.startsWith("$")) continue;
    const d =
      k.toLowerCase() === key.toLowerCase() ? 0 : distance(key.toLowerCase(), k.toLowerCase());
    if (d <= (k.length > 6 ? 2 : 1) && (!best || d < best.d)) best = { k, d };
  }
  return best?.k;
}

const validators = new Map<string, ReturnType<typeof createAjv>>();
function valueProblems(doc: SchemaDoc, schema: JsonObject, value: unknown): string | undefined {
  let ajv = validators.get(doc.draft);
  if (!ajv)
    validators.set(doc.draft, (ajv = createAjv({ strict: false, allErrors: false }, doc.draft)));
  const { default: _d, examples: _e, $id: _i, $schema: _s, ...rest } = schema;
  if (JSON.stringify(rest).includes('"$ref"')) return undefined; // judged where the reference is resolved
  try {
    const validate = ajv.compile(rest);
    if (validate(value)) return undefined;
    const e = validate.errors?.[0];
    return e ? `${e.instancePath || "value"} ${e.message}` : "invalid";
  } catch {
    return undefined;
  }
}

export const RULES: readonly LintRule[] = [
  {
    code: "lint/credential-not-secret",
    severity: "warning",
    area: "connection & auth",
    description:
      "A field named like a credential (password, token, API key, private key, client secret, …) is not marked secret.",
    check(model) {
      const out: Finding[] = [];
      eachProperty(model, ({ doc, name, schema, pointer }) => {
        const s = resolved(model, doc, pointer, schema);
        if (!CREDENTIAL.test(name) || NOT_CREDENTIAL.test(name) || isSecret(s) || isSecret(schema))
          return;
        const types = Array.isArray(s.type) ? s.type : [s.type];
        if (!types.includes("string") || "const" in s || Array.isArray(s.enum)) return;
        out.push({
          doc,
          pointer,
          atKey: true,
          message: `"${name}" looks like a credential but is not marked secret, so it would be logged and shown in forms.`,
          hint: 'Add "secret": true (onespec check --fix does it).',
          fix: {
            kind: "set",
            doc: doc.path,
            path: [...pointer.slice(1).split("/").map(unescape), "secret"],
            value: true,
          },
        });
      });
      return out;
    },
  },
  {
    code: "lint/secret-with-value",
    severity: "error",
    area: "connection & auth",
    description: "A secret field carries a default or example value.",
    check(model) {
      const out: Finding[] = [];
      eachProperty(model, ({ doc, name, schema, pointer }) => {
        if (!isSecret(schema)) return;
        for (const k of ["default", "examples"] as const)
          if (k in schema)
            out.push({
              doc,
              pointer: joinPointer(pointer, k),
              message: `Secret "${name}" has ${k === "default" ? "a default" : "examples"}: a real credential could end up in docs, forms and fixtures.`,
              hint: `Remove "${k}" from the secret.`,
            });
      });
      return out;
    },
  },
  {
    code: "lint/auth-not-required",
    severity: "warning",
    area: "connection & auth",
    description:
      "The authentication settings are optional although no option works without credentials.",
    check(model) {
      const out: Finding[] = [];
      for (const c of model.connectors) {
        const doc = model.docs.get(c.entry)!;
        const root = isObject(doc.json) ? doc.json : {};
        const required = new Set(Array.isArray(root.required) ? root.required : []);
        for (const [name, raw] of Object.entries(
          isObject(root.properties) ? root.properties : {},
        )) {
          if (required.has(name) || !isObject(raw)) continue;
          const at = followRef(model, { doc, pointer: `/properties/${name}`, node: raw });
          if (
            !/^(auth|authentication|auth_?type|auth_?method|credentials?|authorization)$/i.test(
              name,
            ) &&
            !isAuthChoice(model, at)
          )
            continue;
          const schema = at.node;
          // A constant named auth_type is a tag (Airbyte's "auth_type": {"const": "oauth2.0"}), not the credentials.
          if (
            "const" in schema ||
            Array.isArray(schema.enum) ||
            (schema.type !== "object" && !Array.isArray(schema.oneOf))
          )
            continue;
          const branches = Array.isArray(schema.oneOf)
            ? schema.oneOf.map((b) => (isObject(b) ? b : {}))
            : [schema];
          // An option that needs no credentials (none, anonymous, public) makes optional auth fine.
          const anonymous = branches.some((b) =>
            /\b(none|no[_ -]?auth|anonymous|public)\b/i.test(
              JSON.stringify(b.properties ?? {}) + String(b.title ?? ""),
            ),
          );
          if (anonymous) continue;
          out.push({
            doc,
            pointer: `/properties/${name}`,
            atKey: true,
            message: `"${name}" is optional, but every option needs credentials: a config without it cannot connect.`,
            hint: `Add "${name}" to the root's required, or add a "none" option if the service allows anonymous access.`,
          });
        }
      }
      return out;
    },
  },
  {
    code: "lint/oneof-without-discriminator",
    severity: "warning",
    area: "schema & registration",
    description: "A oneOf whose branches no constant property tells apart.",
    check(model) {
      const out: Finding[] = [];
      for (const doc of model.docs.values())
        walkSchema(doc.json, ({ node, pointer }) => {
          if (!Array.isArray(node.oneOf) || node.oneOf.length < 2) return;
          const branches = node.oneOf.map((b, i) =>
            isObject(b) ? resolved(model, doc, joinPointer(pointer, "oneOf", i), b) : {},
          );
          if (!branches.every((b) => isObject(b.properties) || b.type === "object")) return;
          if (
            findDiscriminator(branches, (n) =>
              isObject(n) ? (typeof n.$ref === "string" ? {} : n) : {},
            )
          )
            return;
          out.push({
            doc,
            pointer: joinPointer(pointer, "oneOf"),
            message: "No property with a constant value tells these oneOf branches apart.",
            hint: 'Give every branch a property such as "auth_type": {"const": "basic"}, listed in its required.',
          });
        });
      return out;
    },
  },
  {
    code: "lint/discriminator-not-required",
    severity: "warning",
    area: "schema & registration",
    description: "The discriminator of a oneOf branch is missing from that branch's required list.",
    check(model) {
      const out: Finding[] = [];
      for (const doc of model.docs.values())
        walkSchema(doc.json, ({ node, pointer }) => {
          if (!Array.isArray(node.oneOf)) return;
          const disc = findDiscriminator(node.oneOf);
          if (!disc) return;
          node.oneOf.forEach((b, i) => {
            if (disc.required[i] || !isObject(b) || typeof b.$ref === "string") return;
            const at = joinPointer(pointer, "oneOf", i);
            const required = Array.isArray(b.required) ? b.required : [];
            out.push({
              doc,
              pointer: at,
              message: `Branch ${i} does not list its discriminator "${disc.propertyName}" in required, so a config without it matches ambiguously.`,
              hint: `Add "${disc.propertyName}" to the branch's required (onespec check --fix does it).`,
              fix: {
                kind: "set",
                doc: doc.path,
                path: [...at.slice(1).split("/").map(unescape), "required"],
                value: [...required, disc.propertyName],
              },
            });
          });
        });
      return out;
    },
  },
  {
    code: "lint/url-without-tls",
    severity: "warning",
    area: "connection & auth",
    description:
      "A connector with a URL or host field has no SSL/TLS settings (verify toggle and CA).",
    check(model) {
      const out: Finding[] = [];
      for (const c of model.connectors) {
        const doc = model.docs.get(c.entry)!;
        const root = isObject(doc.json) ? doc.json : {};
        const props = isObject(root.properties) ? Object.keys(root.properties) : [];
        const endpoint = props.find((p) => /(url|host|endpoint|host_?port)$/i.test(p));
        if (!endpoint) continue;
        // Judged by what this connector reaches, not by what else is in the tree: another
        // connector's ssl.json says nothing about this one.
        if (
          reachedNames(model, c.entry).some((n) => /ssl|tls|verify|ca_?cert|certificate/i.test(n))
        )
          continue;
        out.push({
          doc,
          pointer: `/properties/${endpoint}`,
          atKey: true,
          message: `"${endpoint}" points at a server, but the schema has no SSL/TLS settings.`,
          hint: "Add an ssl property ($ref a shared SSL/TLS definition) with a verify toggle and a CA certificate.",
        });
      }
      return out;
    },
  },
  {
    code: "lint/missing-description",
    severity: "warning",
    area: "docs",
    description: "A property has neither a title nor a description.",
    check(model) {
      const out: Finding[] = [];
      eachProperty(model, ({ doc, name, schema, pointer }) => {
        // A constant (a oneOf tag) explains itself; so does a one-value enum.
        if (
          typeof schema.title === "string" ||
          typeof schema.description === "string" ||
          "const" in schema ||
          (Array.isArray(schema.enum) && schema.enum.length === 1)
        )
          return;
        if (typeof schema.$ref === "string") {
          const target = resolved(model, doc, pointer, schema);
          if (typeof target.title === "string" || typeof target.description === "string") return;
        }
        out.push({
          doc,
          pointer,
          atKey: true,
          message: `"${name}" has no title or description, so forms and docs cannot explain it.`,
          hint: 'Add a "description" saying what the value is for and where to find it.',
        });
      });
      return out;
    },
  },
  {
    code: "lint/duplicate-order",
    severity: "warning",
    area: "docs",
    description: "Two sibling properties have the same order.",
    check(model) {
      const out: Finding[] = [];
      for (const doc of model.docs.values())
        walkSchema(doc.json, ({ node, pointer }) => {
          if (!isObject(node.properties)) return;
          const seen = new Map<number, string>();
          for (const [name, p] of Object.entries(node.properties)) {
            if (!isObject(p) || typeof p.order !== "number") continue;
            const other = seen.get(p.order);
            if (other !== undefined)
              out.push({
                doc,
                pointer: joinPointer(pointer, "properties", name, "order"),
                message: `"${name}" and "${other}" both have order ${p.order}.`,
                hint: "Give each sibling a distinct order.",
              });
            else seen.set(p.order, name);
          }
        });
      return out;
    },
  },
  {
    code: "lint/nested-group",
    severity: "warning",
    area: "docs",
    description: "group is used below the top level, where forms ignore it.",
    check(model) {
      const out: Finding[] = [];
      eachProperty(model, ({ doc, name, schema, pointer, depth }) => {
        if (depth >= 1 && "group" in schema)
          out.push({
            doc,
            pointer: joinPointer(pointer, "group"),
            message: `"${name}" has a group, but groups only apply to top-level fields.`,
            hint: "Move the group to the top-level property, or remove it.",
          });
      });
      return out;
    },
  },
  {
    code: "lint/always-show-required",
    severity: "warning",
    area: "docs",
    description: "always_show on a required field, which is always shown anyway.",
    check(model) {
      const out: Finding[] = [];
      eachProperty(model, ({ doc, name, schema, parent, pointer }) => {
        if (
          schema.always_show === true &&
          Array.isArray(parent.required) &&
          parent.required.includes(name)
        )
          out.push({
            doc,
            pointer: joinPointer(pointer, "always_show"),
            message: `"${name}" is required, so always_show changes nothing.`,
            hint: "Remove always_show.",
          });
      });
      return out;
    },
  },
  {
    code: "lint/invalid-default",
    severity: "error",
    area: "tests",
    description: "A default or example does not validate against its own schema.",
    check(model) {
      const out: Finding[] = [];
      for (const doc of model.docs.values())
        walkSchema(doc.json, ({ node, pointer }) => {
          if ("default" in node) {
            const p = valueProblems(doc, node, node.default);
            if (p)
              out.push({
                doc,
                pointer: joinPointer(pointer, "default"),
                message: `The default does not match its schema: ${p}.`,
                hint: "Fix the default, or the schema.",
              });
          }
          if (Array.isArray(node.examples))
            node.examples.forEach((ex, i) => {
              const p = valueProblems(doc, node, ex);
              if (p)
                out.push({
                  doc,
                  pointer: joinPointer(pointer, "examples", i),
                  message: `Example ${JSON.stringify(ex).slice(0, 40)} does not match its schema: ${p}.`,
                  hint: "Fix the example, or the schema.",
                });
            });
        });
      return out;
    },
  },
  {
    code: "lint/date-pattern-without-format",
    severity: "info",
    area: "schema & registration",
    description: "A pattern describes a date or time but the field declares no format.",
    check(model) {
      const out: Finding[] = [];
      // A format the loader left out because the pattern contradicts it (the file has one): adding one is not the advice.
      const contradicted = new Set(
        model.diagnostics
          .filter((d) => d.code === "schema/format-contradicts-pattern")
          .map((d) => `${d.file}\u0000${d.pointer}`),
      );
      for (const doc of model.docs.values())
        walkSchema(doc.json, ({ node, pointer }) => {
          if (typeof node.pattern !== "string" || node.format !== undefined) return;
          if (contradicted.has(`${doc.source.displayPath}\u0000${joinPointer(pointer, "format")}`))
            return;
          if (/\\d\{4\}\\?-|\[0-9\]\{4\}\\?-|YYYY/.test(node.pattern))
            out.push({
              doc,
              pointer: joinPointer(pointer, "pattern"),
              message:
                "This pattern matches dates but the field has no format, so tools cannot show a date picker or check real dates.",
              hint: 'Add "format": "date" or "date-time" (and keep the pattern only if it is stricter).',
            });
        });
      return out;
    },
  },
  {
    code: "lint/regex-backtracking",
    severity: "warning",
    area: "schema & registration",
    description:
      "A pattern with a repetition inside a repetition ((a+)+, (\\w+\\s?)*, (a|aa)+): a near-miss value can take exponential time to validate.",
    check(model) {
      const out: Finding[] = [];
      const at = (doc: Finding["doc"], pointer: string, pattern: string, atKey = false) => {
        const where = catastrophicBacktracking(pattern);
        if (where === undefined) return;
        out.push({
          doc,
          pointer,
          atKey,
          message: `This pattern repeats a group that can itself repeat (from "${pattern.slice(where, where + 30)}"): a value that almost matches can make validation take exponential time, long enough to stall a server.`,
          hint: "Make each repetition unambiguous: repeat a group that must end with a delimiter the inner part cannot match (([a-z]+\\.)* is fine, (a+)+ is not), or drop the outer repetition.",
        });
      };
      for (const doc of model.docs.values())
        walkSchema(doc.json, ({ node, pointer }) => {
          if (typeof node.pattern === "string")
            at(doc, joinPointer(pointer, "pattern"), node.pattern);
          if (isObject(node.patternProperties))
            for (const key of Object.keys(node.patternProperties))
              at(doc, joinPointer(pointer, "patternProperties", key), key, true);
        });
      return out;
    },
  },
  {
    code: "lint/keyword-typo",
    severity: "warning",
    area: "schema & registration",
    description:
      "An unknown keyword that is a misspelling of a known one (tittle, desciption, mininum, maxitems, …).",
    check(model) {
      const out: Finding[] = [];
      for (const doc of model.docs.values())
        walkSchema(doc.json, ({ node, pointer }) => {
          for (const key of Object.keys(node)) {
            const meant = suggestKeyword(key);
            if (!meant || meant in node) continue;
            const at = joinPointer(pointer, key);
            out.push({
              doc,
              pointer: at,
              atKey: true,
              message: `Unknown keyword "${key}": did you mean "${meant}"? As written it is ignored.`,
              hint: `Rename it to "${meant}" (onespec check --fix does it).`,
              // "example": "x" becomes "examples": ["x"]: the keyword it meant takes an array.
              fix: {
                kind: "rename",
                doc: doc.path,
                path: at.slice(1).split("/").map(unescape),
                to: meant,
                ...(meant === "examples" && !Array.isArray(node[key])
                  ? { value: [node[key]] }
                  : {}),
              },
            });
          }
        });
      return out;
    },
  },
];

function unescape(token: string): string {
  return token.replace(/~1/g, "/").replace(/~0/g, "~");
}
