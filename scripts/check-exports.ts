// `npm run lint:exports` (part of `npm run lint`): every name a package's entry points export
// (its package.json "exports") is imported by something outside the package (another package,
// its tests, a script, generated code, a code example in the docs), or is listed in
// scripts/public-exports.json with the reason a user of the installed package imports it.
// A package's own files do not count: its tests import what they test from its modules.
// Entry points name their exports one by one: `export *` in hand-written source is an error.
//
// What counts as a use is read from syntax, as a reader sees it: a static import or re-export, a
// destructured or property-accessed dynamic import, `typeof import("…").name`, an import
// statement inside a string a generator writes, or one in a fenced code block of the docs.
// A type (interface, type alias, class, enum) is also used when the declared signature of a
// used or public export mentions it, directly or through other types: a caller needs its name
// to write the argument down. That part asks the type checker, once, over the entry points.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const CONFIG_FILE = "scripts/public-exports.json";

interface PackageJson {
  name: string;
  private?: boolean;
  workspaces?: string[];
  exports?: Record<string, unknown> | string;
}

interface Entry {
  pkg: Workspace;
  /** The import specifier: the package name, or the name and a subpath. */
  specifier: string;
  /** Repository-relative source file. */
  file: string;
  exports: Map<string, ts.LineAndCharacter>;
  /** Specifiers of `export * from "…"`: a name imported from this entry may come from these. */
  starFrom: string[];
}

interface Workspace {
  name: string;
  dir: string;
}

interface Problem {
  file: string;
  at: ts.LineAndCharacter;
  message: string;
}

/** scripts/public-exports.json: `skip` packages (name → why); `public` names (entry → name → why). */
interface Config {
  skip: Record<string, string>;
  public: Record<string, Record<string, string>>;
}

const problems: Problem[] = [];
const readJson = <T>(file: string): T =>
  JSON.parse(readFileSync(path.join(ROOT, file), "utf8")) as T;

function workspaces(): Workspace[] {
  const found: Workspace[] = [];
  for (const pattern of readJson<PackageJson>("package.json").workspaces ?? []) {
    const dirs = pattern.endsWith("/*")
      ? readdirSync(path.join(ROOT, pattern.slice(0, -2)), { withFileTypes: true })
          .filter((d) => d.isDirectory())
          .map((d) => `${pattern.slice(0, -2)}/${d.name}`)
      : [pattern];
    for (const dir of dirs) {
      if (!existsSync(path.join(ROOT, dir, "package.json"))) continue;
      found.push({ name: readJson<PackageJson>(`${dir}/package.json`).name, dir });
    }
  }
  return found;
}

/** The TypeScript source behind an "exports" target: the source condition, else a .ts path. */
function sourceOf(target: unknown): string | undefined {
  if (typeof target === "string") return /\.tsx?$/.test(target) ? target : undefined;
  if (target && typeof target === "object") {
    const conditions = target as Record<string, unknown>;
    return sourceOf(conditions["@onespec/source"] ?? conditions.import ?? conditions.default);
  }
  return undefined;
}

function parse(file: string, text: string): ts.SourceFile {
  const kind = file.endsWith(".tsx")
    ? ts.ScriptKind.TSX
    : /\.[cm]?js$/.test(file)
      ? ts.ScriptKind.JS
      : ts.ScriptKind.TS;
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
}

const modifiers = (node: ts.Node): readonly ts.Modifier[] =>
  (ts.canHaveModifiers(node) && ts.getModifiers(node)) || [];
const hasModifier = (node: ts.Node, kind: ts.SyntaxKind): boolean =>
  modifiers(node).some((m) => m.kind === kind);

function bindingNames(name: ts.BindingName, into: ts.Identifier[]): void {
  if (ts.isIdentifier(name)) into.push(name);
  else for (const e of name.elements) if (!ts.isOmittedExpression(e)) bindingNames(e.name, into);
}

/** The names a module exports, each with where it is declared or re-exported. */
function exportsOf(source: ts.SourceFile, entry: Entry): void {
  const add = (name: string, node: ts.Node): void => {
    entry.exports.set(name, source.getLineAndCharacterOfPosition(node.getStart(source)));
  };
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      const clause = statement.exportClause;
      if (!clause) {
        const from = (statement.moduleSpecifier as ts.StringLiteral).text;
        entry.starFrom.push(from);
        continue; // reported with every other `export *` by collectUses
      }
      if (ts.isNamespaceExport(clause)) add(clause.name.text, clause.name);
      else for (const e of clause.elements) add(e.name.text, e.name);
    } else if (ts.isExportAssignment(statement)) {
      add(statement.isExportEquals ? "export=" : "default", statement);
    } else if (hasModifier(statement, ts.SyntaxKind.ExportKeyword)) {
      if (hasModifier(statement, ts.SyntaxKind.DefaultKeyword)) add("default", statement);
      else if (ts.isVariableStatement(statement)) {
        const ids: ts.Identifier[] = [];
        for (const d of statement.declarationList.declarations) bindingNames(d.name, ids);
        for (const id of ids) add(id.text, id);
      } else {
        const name = (statement as ts.DeclarationStatement).name;
        if (name && (ts.isIdentifier(name) || ts.isStringLiteral(name))) add(name.text, name);
      }
    }
  }
}

// ---- uses ----

/** specifier → names used; "*" when a whole namespace escapes where its uses cannot be seen. */
type Uses = Map<string, Set<string>>;

function use(uses: Uses, specifier: string, name: string): void {
  let names = uses.get(specifier);
  if (!names) uses.set(specifier, (names = new Set()));
  names.add(name);
}

/** `ns.name` and `ns.name` in types, for a namespace import or a module bound to a variable. */
function namespaceUses(source: ts.SourceFile, ns: string, specifier: string, uses: Uses): void {
  const visit = (node: ts.Node): void => {
    if (
      ts.isPropertyAccessExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === ns
    )
      use(uses, specifier, node.name.text);
    else if (ts.isQualifiedName(node) && ts.isIdentifier(node.left) && node.left.text === ns)
      use(uses, specifier, node.right.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
}

/**
 * What a dynamic `import("pkg")` uses, read from where its value lands: destructured
 * (`const { a } = await import(…)`, also through a wrapper call), bound to a name whose
 * properties are read, or read directly (`(await import(…)).a`).
 */
function dynamicUses(
  call: ts.CallExpression,
  specifier: string,
  source: ts.SourceFile,
  uses: Uses,
): boolean {
  let node: ts.Node = call;
  for (;;) {
    const parent = node.parent;
    if (ts.isPropertyAccessExpression(parent) && parent.expression === node) {
      use(uses, specifier, parent.name.text);
      return true;
    }
    if (ts.isVariableDeclaration(parent)) {
      if (ts.isObjectBindingPattern(parent.name)) {
        for (const e of parent.name.elements) {
          const key = e.propertyName ?? e.name;
          if (ts.isIdentifier(key)) use(uses, specifier, key.text);
          else return false;
        }
        return true;
      }
      if (ts.isIdentifier(parent.name)) {
        namespaceUses(source, parent.name.text, specifier, uses);
        return true;
      }
      return false;
    }
    // `await import("…");` loads a module for its effect and uses no name.
    if (ts.isExpressionStatement(parent)) return true;
    if (
      ts.isAwaitExpression(parent) ||
      ts.isParenthesizedExpression(parent) ||
      ts.isAsExpression(parent) ||
      ts.isArrowFunction(parent) ||
      (ts.isCallExpression(parent) && parent.arguments.includes(node as ts.Expression))
    ) {
      node = parent;
      continue;
    }
    return false;
  }
}

interface Scan {
  uses: Uses;
  /** Dynamic imports of a workspace package whose uses cannot be read. */
  unreadable: { at: ts.LineAndCharacter; specifier: string }[];
  starExports: { at: ts.LineAndCharacter; specifier: string }[];
}

function collectUses(source: ts.SourceFile, isOurs: (s: string) => boolean, scan: Scan): void {
  const where = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source));
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const specifier = node.moduleSpecifier.text;
      const clause = node.importClause;
      if (isOurs(specifier) && clause) {
        if (clause.name) use(scan.uses, specifier, "default");
        const bindings = clause.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings))
          namespaceUses(source, bindings.name.text, specifier, scan.uses);
        else if (bindings)
          for (const e of bindings.elements)
            use(scan.uses, specifier, (e.propertyName ?? e.name).text);
      }
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const specifier = node.moduleSpecifier.text;
      const clause = node.exportClause;
      if (!clause) scan.starExports.push({ at: where(node), specifier });
      else if (isOurs(specifier) && ts.isNamedExports(clause))
        for (const e of clause.elements) use(scan.uses, specifier, (e.propertyName ?? e.name).text);
      else if (isOurs(specifier)) use(scan.uses, specifier, "*");
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments.length > 0 &&
      ts.isStringLiteralLike(node.arguments[0]) &&
      isOurs(node.arguments[0].text)
    ) {
      const specifier = node.arguments[0].text;
      if (!dynamicUses(node, specifier, source, scan.uses))
        scan.unreadable.push({ at: where(node), specifier });
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal) &&
      isOurs(node.argument.literal.text)
    ) {
      let first = node.qualifier;
      while (first && ts.isQualifiedName(first)) first = first.left;
      use(scan.uses, node.argument.literal.text, first ? first.text : "*");
    } else if (
      (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) &&
      node.text.includes("@onespec/")
    ) {
      // Code a generator writes: its imports are uses of the packages generated code runs on.
      collectUses(parse("written.ts", node.text), isOurs, { ...scan, starExports: [] });
    } else if (ts.isTemplateExpression(node) && node.getText(source).includes("@onespec/")) {
      const text = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join("x");
      collectUses(parse("written.ts", text), isOurs, { ...scan, starExports: [] });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

// ---- types a used export's signature needs ----

const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  customConditions: ["@onespec/source"],
  allowImportingTsExtensions: true,
  resolveJsonModule: true,
  jsx: ts.JsxEmit.ReactJSX,
  lib: ["lib.es2023.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
  types: ["node"],
  strict: true,
  noEmit: true,
  skipLibCheck: true,
};

function resolveAlias(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

/**
 * Every symbol the declared signatures of `roots` mention, followed through the types they
 * mention in turn: parameter, return, property and heritage types, never function bodies or
 * initializers (what a value does inside is not part of how it is called).
 */
function signatureClosure(checker: ts.TypeChecker, roots: ts.Symbol[]): Set<ts.Symbol> {
  const reached = new Set<ts.Symbol>();
  const queue = [...roots];
  const visit = (node: ts.Node): void => {
    if (ts.isBlock(node)) return;
    if (ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node)) {
      if (node.type) visit(node.type);
      else if (
        node.initializer &&
        (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer))
      ) {
        for (const p of node.initializer.typeParameters ?? []) visit(p);
        for (const p of node.initializer.parameters) visit(p);
        if (node.initializer.type) visit(node.initializer.type);
      }
      return;
    }
    if (ts.isParameter(node)) {
      if (node.type) visit(node.type);
      return;
    }
    if (
      (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) ||
      (ts.isExpressionWithTypeArguments(node) && ts.isIdentifier(node.expression))
    ) {
      const id = ts.isTypeReferenceNode(node) ? node.typeName : node.expression;
      const symbol = checker.getSymbolAtLocation(id);
      if (symbol) queue.push(resolveAlias(checker, symbol));
    } else if (ts.isQualifiedName(node) || ts.isTypeQueryNode(node)) {
      const id = ts.isTypeQueryNode(node) ? node.exprName : node;
      const symbol = checker.getSymbolAtLocation(ts.isQualifiedName(id) ? id.right : id);
      if (symbol) queue.push(resolveAlias(checker, symbol));
    }
    ts.forEachChild(node, visit);
  };
  while (queue.length > 0) {
    const symbol = queue.pop()!;
    if (reached.has(symbol)) continue;
    reached.add(symbol);
    for (const declaration of symbol.declarations ?? []) {
      const file = declaration.getSourceFile().fileName;
      if (file.includes("/node_modules/") || !file.startsWith(ROOT)) continue;
      visit(declaration);
    }
  }
  return reached;
}

/** A config key as a pattern over entry specifiers: `*` stands for any part of one path segment. */
const keyPattern = (key: string): RegExp =>
  new RegExp(`^${key.replace(/[.+?^${}()|[\]\\/]/g, "\\$&").replace(/\*/g, "[^/]*")}$`);

const FENCE = /^```(ts|tsx|typescript|js|javascript|mjs)\s*$([\s\S]*?)^```\s*$/gm;

function main(): void {
  const config = readJson<Config>(CONFIG_FILE);
  const packages = workspaces();
  const owner = (file: string): Workspace | undefined =>
    packages.find((p) => file === p.dir || file.startsWith(`${p.dir}/`));

  // Entry points of every workspace package that has them.
  const entries = new Map<string, Entry>();
  for (const pkg of packages) {
    if (Object.hasOwn(config.skip, pkg.name)) continue;
    const manifest = readJson<PackageJson>(`${pkg.dir}/package.json`);
    const map = typeof manifest.exports === "string" ? { ".": manifest.exports } : manifest.exports;
    for (const [subpath, target] of Object.entries(map ?? {})) {
      const src = sourceOf(target);
      if (!src || subpath.includes("*")) continue;
      const file = path.posix.join(pkg.dir, src);
      const specifier = subpath === "." ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
      const entry: Entry = { pkg, specifier, file, exports: new Map(), starFrom: [] };
      exportsOf(parse(file, readFileSync(path.join(ROOT, file), "utf8")), entry);
      entries.set(specifier, entry);
    }
  }
  // `export *` inside a skipped package's entry (generated/index.ts re-exports the runtime)
  // still passes names through: a name imported from it may be the runtime's.
  const starFrom = new Map<string, string[]>();
  for (const pkg of packages) {
    if (!Object.hasOwn(config.skip, pkg.name)) continue;
    const index = path.join(ROOT, pkg.dir, "index.ts");
    if (!existsSync(index)) continue;
    const entry: Entry = { pkg, specifier: pkg.name, file: "", exports: new Map(), starFrom: [] };
    exportsOf(parse(index, readFileSync(index, "utf8")), entry);
    starFrom.set(pkg.name, entry.starFrom);
  }
  for (const entry of entries.values()) starFrom.set(entry.specifier, entry.starFrom);

  const scopes = packages.map((p) => p.name);
  const isOurs = (s: string): boolean => scopes.some((n) => s === n || s.startsWith(`${n}/`));

  // Every tracked (or new, not ignored) file that can import: source, tests, scripts, generated
  // code, golden files, and the code blocks of the docs.
  const files = execFileSync("git", ["ls-files", "-co", "--exclude-standard"], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  })
    .split("\n")
    .filter((f) => f && !/(^|\/)(node_modules|dist)\//.test(f) && existsSync(path.join(ROOT, f)));
  const usesBy = new Map<string, Uses>(); // package name (or "" for none) → uses
  for (const file of files) {
    const isCode = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(file) && !file.endsWith(".d.ts");
    if (!isCode && !file.endsWith(".md")) continue;
    const text = readFileSync(path.join(ROOT, file), "utf8");
    // A package's README is documentation of its public API: its code blocks count as a user's.
    const from = isCode ? (owner(file)?.name ?? "") : "";
    let uses = usesBy.get(from);
    if (!uses) usesBy.set(from, (uses = new Map()));
    const scan: Scan = { uses, unreadable: [], starExports: [] };
    if (isCode) collectUses(parse(file, text), isOurs, scan);
    else
      for (const block of text.matchAll(FENCE))
        collectUses(parse(`${file}.ts`, block[2]), isOurs, { ...scan, starExports: [] });
    const handWritten =
      from !== "" &&
      !Object.hasOwn(config.skip, from) &&
      !file.includes("/__snapshots__/") &&
      !file.includes("/test/cases/");
    if (handWritten)
      for (const s of scan.starExports)
        problems.push({
          file,
          at: s.at,
          message: `export * from "${s.specifier}": name the exports one by one`,
        });
    for (const u of scan.unreadable)
      problems.push({
        file,
        at: u.at,
        message: `cannot tell which names this import("${u.specifier}") uses: destructure them or read them as properties`,
      });
  }

  // A name is used when a file outside its package imports it from the entry, or from an entry
  // that passes it through with `export *`.
  const used = (entry: Entry, name: string): boolean => {
    for (const [from, uses] of usesBy) {
      if (from === entry.pkg.name) continue;
      for (const [specifier, names] of uses) {
        if (!names.has(name) && !names.has("*")) continue;
        if (specifier === entry.specifier) return true;
        const seen = new Set<string>();
        const reaches = (s: string): boolean =>
          !seen.has(s) &&
          (seen.add(s), (starFrom.get(s) ?? []).some((t) => t === entry.specifier || reaches(t)));
        if (reaches(specifier)) return true;
      }
    }
    return false;
  };

  const publicNames = (entry: Entry): Record<string, string> => {
    const names: Record<string, string> = {};
    for (const [key, listed] of Object.entries(config.public)) {
      if (keyPattern(key).test(entry.specifier)) Object.assign(names, listed);
    }
    return names;
  };

  const program = ts.createProgram({
    rootNames: [...entries.values()].map((e) => path.join(ROOT, e.file)),
    options: COMPILER_OPTIONS,
  });
  const checker = program.getTypeChecker();
  const targets = new Map<Entry, Map<string, ts.Symbol>>();
  for (const entry of entries.values()) {
    const source = program.getSourceFile(path.join(ROOT, entry.file));
    const module = source && checker.getSymbolAtLocation(source);
    const names = new Map<string, ts.Symbol>();
    for (const symbol of module ? checker.getExportsOfModule(module) : [])
      names.set(symbol.name, resolveAlias(checker, symbol));
    targets.set(entry, names);
  }
  // Per package: a type another package's signatures mention does not make re-exporting it here
  // useful.
  const roots = new Map<string, ts.Symbol[]>();
  const unused: [Entry, string, ts.LineAndCharacter][] = [];
  for (const entry of entries.values()) {
    const listed = publicNames(entry);
    if (!roots.has(entry.pkg.name)) roots.set(entry.pkg.name, []);
    for (const [name, at] of entry.exports) {
      const target = targets.get(entry)?.get(name);
      if (Object.hasOwn(listed, name) || used(entry, name)) {
        if (target) roots.get(entry.pkg.name)!.push(target);
      } else unused.push([entry, name, at]);
    }
  }
  const reached = new Map(
    [...roots].map(([pkg, symbols]) => [pkg, signatureClosure(checker, symbols)]),
  );
  const TYPE =
    ts.SymbolFlags.Interface |
    ts.SymbolFlags.TypeAlias |
    ts.SymbolFlags.Class |
    ts.SymbolFlags.Enum;
  for (const [entry, name, at] of unused) {
    const target = targets.get(entry)?.get(name);
    if (target && target.flags & TYPE && reached.get(entry.pkg.name)?.has(target)) continue;
    problems.push({
      file: entry.file,
      at,
      message: `${entry.specifier} exports ${name}: nothing outside ${entry.pkg.name} imports it`,
    });
  }
  // A listed name the entry no longer exports is a stale line of the config.
  for (const [key, listed] of Object.entries(config.public)) {
    const matching = [...entries.values()].filter((e) => keyPattern(key).test(e.specifier));
    if (matching.length === 0)
      problems.push({
        file: CONFIG_FILE,
        at: { line: 0, character: 0 },
        message: `${key} is no package entry point`,
      });
    // A pattern (`@onespec/gen-*`) needs one entry that exports the name, a plain key its own.
    for (const name of Object.keys(listed))
      if (!matching.some((entry) => entry.exports.has(name)))
        problems.push({
          file: CONFIG_FILE,
          at: { line: 0, character: 0 },
          message: `${key}: ${name} is listed as public, but ${key} does not export it`,
        });
  }

  problems.sort((a, b) => a.file.localeCompare(b.file) || a.at.line - b.at.line);
  for (const p of problems)
    console.error(`${p.file}:${p.at.line + 1}:${p.at.character + 1}: ${p.message}`);
  if (problems.length > 0) {
    const unusedHint = problems.some((p) => p.message.includes(": nothing outside "))
      ? ` An export nothing imports: stop exporting it (the package's own tests import it from ` +
        `its module), or, if a user of the installed package imports it, list it in ` +
        `${CONFIG_FILE} with the reason.`
      : "";
    console.error(
      `\n${problems.length} export problem${problems.length === 1 ? "" : "s"}.${unusedHint}`,
    );
    process.exitCode = 1;
  } else {
    const count = [...entries.values()].reduce((n, e) => n + e.exports.size, 0);
    console.log(`exports: ${count} names in ${entries.size} entry points, each imported or public`);
  }
}

main();
