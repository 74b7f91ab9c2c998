import { spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createProject,
  inProject,
  launchChromium,
  packPublished,
  PUBLISHED_PACKAGES,
  type Packed,
} from "@onespec/test-servers";
import { REPO } from "./helpers.js";

// onespec as a platform team adopts it: every publishable package packed with `npm pack`, then
// installed from those tarballs (and the npm registry) into a throwaway project outside the
// monorepo, with no workspaces. There: init, scaffold connector, two more connectors with
// relative cross-file $refs and a oneOf auth, generate, tsc --noEmit, tsc --outDir + node, a
// Vite build of a page that renders a form (checked in Chromium), check --format github, and a
// custom generator.
const ROOT = mkdtempSync(path.join(tmpdir(), "onespec-adopt-"));
const PROJECT = path.join(ROOT, "platform");
let packed: Packed[];

const json = (v: unknown) => JSON.stringify(v, null, 2) + "\n";
const write = (rel: string, text: string) => {
  mkdirSync(path.dirname(path.join(PROJECT, rel)), { recursive: true });
  writeFileSync(path.join(PROJECT, rel), text);
};
const npx = (...args: string[]) => inProject(PROJECT, "npx", ["--no-install", ...args]);

beforeAll(() => {
  packed = packPublished(path.join(ROOT, "tarballs"));
  const file = (name: string) => `file:${packed.find((p) => p.name === name)!.file}`;
  // The SDK and the web app come in through @onespec/server (serve's optional peer).
  const tools = Object.fromEntries(
    packed
      .filter(
        (p) =>
          !["@onespec/runtime", "@onespec/forms", "@onespec/sdk", "@onespec/web"].includes(p.name),
      )
      .map((p) => [p.name, file(p.name)]),
  );
  createProject(
    PROJECT,
    // What the generated code imports at run time, and the form component.
    {
      "@onespec/runtime": file("@onespec/runtime"),
      "@onespec/forms": file("@onespec/forms"),
      ajv: "^8.17.1",
      "ajv-formats": "^3.0.1",
      "@rjsf/core": "^6.11.1",
      "@rjsf/utils": "^6.11.1",
      "@rjsf/validator-ajv8": "^6.11.1",
      react: "^19.2.0",
      "react-dom": "^19.2.0",
    },
    // onespec itself, then the user's own toolchain.
    {
      ...tools,
      "@onespec/sdk": file("@onespec/sdk"),
      "@onespec/web": file("@onespec/web"),
      typescript: "~5.9.3",
      tsx: "^4.20.0",
      vite: "^8.0.0",
      "@vitejs/plugin-react": "^6.0.0",
      "@types/react": "^19.2.0",
      "@types/react-dom": "^19.2.0",
      zod: "^4.1.0",
    },
  );
}, 600_000);
afterAll(() => rmSync(ROOT, { recursive: true, force: true }));

describe("the tarballs", () => {
  it("hold compiled JavaScript, declarations (the app: its built files) and a README; no sources, tests or fixtures", () => {
    expect(packed.map((p) => p.name).sort()).toEqual([...PUBLISHED_PACKAGES].sort());
    for (const p of packed) {
      expect(p.files, p.name).toContain("package.json");
      expect(p.files, p.name).toContain("README.md");
      // The web app is built files only; every other package is compiled JavaScript with declarations.
      const entry =
        p.name === "@onespec/web" ? ["dist/index.html"] : ["dist/index.js", "dist/index.d.ts"];
      for (const f of entry) expect(p.files, p.name).toContain(f);
      expect(
        p.files.filter(
          (f) =>
            /(^|\/)(test|tests|__snapshots__|fixtures|cases|corpus)\//.test(f) ||
            /^src\//.test(f) ||
            /\.test\.[jt]s$/.test(f),
        ),
        p.name,
      ).toEqual([]);
      const pkg = JSON.parse(
        readFileSync(path.join(REPO, "node_modules", p.name, "package.json"), "utf8"),
      );
      expect(pkg.private, p.name).toBeUndefined();
    }
  });
});

describe("a new project, from the tarballs", () => {
  it("npx onespec init writes the config, an example connector and the npm scripts", () => {
    const r = npx("onespec", "init");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Next: npx onespec generate");
    expect(JSON.parse(readFileSync(path.join(PROJECT, "package.json"), "utf8")).scripts).toEqual({
      generate: "onespec generate",
      check: "onespec check",
    });
    // The starter has nothing for check to warn about.
    const check = npx("onespec", "check");
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stderr).toMatch(/onespec check: 1 connectors, 0 errors, 0 warnings, 0 info/);
  });

  it("npx onespec scaffold connector adds a connector's schemas and the shared definitions they use; check and generate pass", () => {
    const r = npx(
      "onespec",
      "scaffold",
      "connector",
      "--name",
      "inventory",
      "--service-type",
      "Database",
      "--auth-types",
      "basic-auth,key-pair",
      "--yes",
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "There is no packages/ folder here, so only the schemas were written",
    );
    for (const f of [
      "schemas/connectors/inventory/connection.json",
      "schemas/connectors/inventory/connector.json",
      "schemas/connectors/inventory/test-connection.json",
      // Referenced by the new schema, and not written by init.
      "schemas/definitions/ssl.json",
      "schemas/definitions/filter-pattern.json",
      "schemas/definitions/key-pair.json",
      "generated/connectors/inventory/validator.ts",
      "generated/definitions/ssl.ts",
    ])
      expect(existsSync(path.join(PROJECT, f)), f).toBe(true);
    expect(existsSync(path.join(PROJECT, "packages"))).toBe(false);
    const check = npx("onespec", "check");
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stderr).toMatch(/onespec check: 2 connectors, 0 errors, 0 warnings, 0 info/);
    const gen = npx("onespec", "generate");
    expect(gen.stderr).toBe("");
    expect(gen.code).toBe(0);
    expect(gen.stdout).toMatch(/^onespec generate: 2 connectors, 0 files written/);
  });

  it("generates a four-connector tree with relative cross-file $refs and a oneOf auth", () => {
    write(
      "schemas/definitions/security/tls.json",
      json({
        $schema: "http://json-schema.org/draft-07/schema#",
        title: "TLS",
        type: "object",
        additionalProperties: false,
        properties: {
          verify: { type: "boolean", title: "Verify the certificate", default: true },
          ca_certificate: {
            type: "string",
            title: "CA certificate",
            secret: true,
            multiline: true,
          },
        },
      }),
    );
    for (const [name, title] of [
      ["billing", "Billing"],
      ["warehouse", "Warehouse"],
    ]) {
      write(
        `schemas/connectors/${name}/connection.json`,
        json({
          $schema: "http://json-schema.org/draft-07/schema#",
          title: `${title} Connection`,
          type: "object",
          additionalProperties: false,
          required: ["host", "auth"],
          properties: {
            host: { type: "string", title: "Host", minLength: 1, order: 0 },
            port: {
              type: "integer",
              title: "Port",
              default: 443,
              minimum: 1,
              maximum: 65535,
              order: 1,
            },
            auth: {
              title: "Authentication",
              order: 2,
              oneOf: [
                {
                  type: "object",
                  title: "Password",
                  additionalProperties: false,
                  required: ["method", "credentials"],
                  properties: {
                    method: { type: "string", const: "password" },
                    credentials: { $ref: "../../definitions/basic-auth.json" },
                  },
                },
                {
                  type: "object",
                  title: "Key",
                  additionalProperties: false,
                  required: ["method", "key"],
                  properties: {
                    method: { type: "string", const: "key" },
                    key: { type: "string", title: "Key", minLength: 1, secret: true },
                  },
                },
              ],
            },
            tls: { $ref: "../../definitions/security/tls.json", order: 3 },
          },
        }),
      );
      write(
        `schemas/connectors/${name}/connector.json`,
        json({
          name,
          displayName: title,
          description: `Reads ${name}.`,
          serviceType: "Database",
          capabilities: ["metadata"],
          version: "1.0.0",
          docsUrl: `https://example.com/${name}`,
        }),
      );
      write(
        `schemas/connectors/${name}/test-connection.json`,
        json({
          steps: [
            {
              name: "CheckAccess",
              description: "Log in.",
              mandatory: true,
              shortCircuit: true,
              errorMessage: "Check the credentials.",
            },
          ],
        }),
      );
    }
    const r = npx("onespec", "generate");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^onespec generate: 4 connectors, \d+ files written/);
    expect(existsSync(path.join(PROJECT, "generated/definitions/security/tls.ts"))).toBe(true);
    expect(
      readFileSync(path.join(PROJECT, "generated/connectors/billing/types.ts"), "utf8"),
    ).toContain('import type { BasicAuth } from "../../definitions/basic-auth.js";');
    expect(existsSync(path.join(PROJECT, "generated/package.json"))).toBe(false);
  });

  it("the output type-checks with tsc --noEmit (strict, NodeNext)", () => {
    write(
      "tsconfig.json",
      json({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          skipLibCheck: true,
          verbatimModuleSyntax: true,
          isolatedModules: true,
          outDir: "dist",
          rootDir: ".",
          lib: ["ES2023", "DOM"],
          types: [],
        },
        include: ["src/**/*.ts", "generated/**/*.ts"],
      }),
    );
    write(
      "src/main.ts",
      `import { parse, problems } from "../generated/connectors/billing/validator.js";
import type { BillingConfig } from "../generated/connectors/billing/types.js";
import { ConfigValidationError } from "@onespec/runtime";

const config: BillingConfig = parse({ host: "db.internal", auth: { method: "password", credentials: { username: "etl", password: "s3cret" } } });
if (config.auth.method === "password") console.log("valid:", config.host, config.auth.credentials.username);
console.log(JSON.stringify(problems({ host: "", auth: { method: "key", key: 42 } })));
try {
  parse({ host: "db", port: 70000, auth: { method: "key", key: "k" } });
} catch (error) {
  if (error instanceof ConfigValidationError) console.log(error.message);
}
`,
    );
    const tsc = npx("tsc", "--noEmit", "-p", ".");
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.code).toBe(0);
  });

  it("compiles with tsc --outDir and runs under plain node", () => {
    const tsc = npx("tsc", "-p", ".");
    expect(tsc.stdout + tsc.stderr).toBe("");
    const r = inProject(PROJECT, process.execPath, ["dist/src/main.js"]);
    expect(r.stderr).toBe("");
    expect(r.stdout.split("\n")).toEqual([
      "valid: db.internal etl",
      JSON.stringify([
        {
          pointer: "/host",
          keyword: "minLength",
          message: 'must NOT have fewer than 1 characters (received "")',
        },
        { pointer: "/auth/key", keyword: "type", message: "must be string (received [redacted])" },
      ]),
      "Invalid billing config (1 problem):",
      "  /port: must be <= 65535 (received 70000)",
      "",
    ]);
  });

  it("runs under tsx as it is", () => {
    const r = npx("tsx", "src/main.ts");
    expect(r.stderr).toBe("");
    expect(r.stdout.split("\n")[0]).toBe("valid: db.internal etl");
  });

  it("a Vite build of a React page renders the form (in Chromium)", async () => {
    write(
      "web/index.html",
      `<!doctype html><html><body><div id="root"></div><script type="module" src="./main.tsx"></script></body></html>\n`,
    );
    write(
      "web/main.tsx",
      `import { createRoot } from "react-dom/client";
import { ConnectionForm } from "@onespec/forms";
import "@onespec/forms/styles.css";
import * as billing from "../generated/connectors/billing/form.js";

createRoot(document.getElementById("root")!).render(<ConnectionForm connector={billing} onSubmit={() => undefined} />);
`,
    );
    write(
      "vite.config.mjs",
      `import react from "@vitejs/plugin-react";\nexport default { root: "web", plugins: [react()], build: { outDir: "../web-dist", emptyOutDir: true } };\n`,
    );
    const build = npx("vite", "build");
    expect(build.code, build.stdout + build.stderr).toBe(0);
    expect(existsSync(path.join(PROJECT, "web-dist/index.html"))).toBe(true);

    const dist = path.join(PROJECT, "web-dist");
    const server: Server = createServer((req, res) => {
      if (req.url === "/favicon.ico") return res.writeHead(204).end();
      const file = path.join(
        dist,
        req.url === "/" ? "index.html" : path.normalize(req.url!.split("?")[0]),
      );
      if (!file.startsWith(dist) || !existsSync(file)) return res.writeHead(404).end();
      const type = file.endsWith(".js")
        ? "text/javascript"
        : file.endsWith(".css")
          ? "text/css"
          : "text/html";
      res.writeHead(200, { "content-type": type }).end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => (m.type() === "error" ? errors.push(m.text()) : undefined));
      await page.goto(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
      await page.getByLabel("Host").waitFor();
      expect(await page.getByText("Authentication").count()).toBeGreaterThan(0);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      server.close();
    }
  });

  it("onespec check --format github: nothing on a clean tree; a warning annotates without failing", () => {
    const clean = npx("onespec", "check", "--format", "github");
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    expect(clean.stdout.split("\n").filter((l) => l.startsWith("::"))).toEqual([]);
    expect(clean.stderr).toMatch(/onespec check: 4 connectors, 0 errors, 0 warnings/);

    // Without its TLS settings, billing's host draws lint/url-without-tls: a warning.
    const file = "schemas/connectors/billing/connection.json";
    const original = readFileSync(path.join(PROJECT, file), "utf8");
    const schema = JSON.parse(original);
    delete schema.properties.tls;
    write(file, json(schema));
    try {
      const r = npx("onespec", "check", "--format", "github");
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout.split("\n").filter((l) => l.startsWith("::"))).toEqual([
        expect.stringMatching(
          /^::warning file=schemas\/connectors\/billing\/connection\.json,line=\d+,col=\d+,title=lint\/url-without-tls::"host" points at a server/,
        ),
      ]);
      expect(r.stderr).not.toMatch(/^::/m);
      expect(r.stderr).toMatch(/onespec check: 4 connectors, 0 errors, 1 warnings/);
    } finally {
      write(file, original);
    }
  });

  it("onespec serve serves this project's connectors: a form the app was never built with renders, under the CSP", async () => {
    const child = spawn(
      process.execPath,
      [
        "node_modules/@onespec/cli/bin/onespec.js",
        "serve",
        "--port",
        "0",
        "--store",
        path.join(ROOT, "connections.db"),
      ],
      { cwd: PROJECT },
    );
    let output = "";
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    try {
      const base = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (d: Buffer) => {
          output += d.toString();
          const m = /listening on (http:\/\/[^ ]+) \(4 connectors;/.exec(output);
          if (m) resolve(m[1]);
        });
        child.once("exit", (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
      });
      const names = ((await (await fetch(`${base}/api/connectors`)).json()) as { name: string }[])
        .map((c) => c.name)
        .sort();
      expect(names).toEqual(["billing", "example", "inventory", "warehouse"]);
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        const problems: string[] = [];
        page.on("pageerror", (e) => problems.push(e.message));
        page.on("console", (m) =>
          m.type() === "error" || m.type() === "warning" ? problems.push(m.text()) : undefined,
        );
        await page.goto(`${base}/#/connectors/warehouse/new`);
        await page.getByLabel("Host").fill("");
        await page.getByRole("button", { name: "Test connection" }).click();
        // The precompiled validator the server sent ran in the page: "Host is required".
        await page.getByText("Host is required").first().waitFor();
        expect(problems).toEqual([]);
      } finally {
        await browser.close();
      }
    } finally {
      child.kill("SIGTERM");
    }
  });

  it("runs a custom generator named in the config", () => {
    cpSync(path.join(REPO, "examples/generators/zod.ts"), path.join(PROJECT, "generators/zod.ts"));
    const config = JSON.parse(readFileSync(path.join(PROJECT, "onespec.config.json"), "utf8"));
    write(
      "onespec.config.json",
      json({
        ...config,
        generators: [
          "types",
          "validators",
          "forms",
          "fixtures",
          "docs",
          "registry",
          "./generators/zod.ts",
        ],
      }),
    );
    const r = npx("onespec", "generate");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(
      readFileSync(path.join(PROJECT, "generated/connectors/warehouse/zod.ts"), "utf8"),
    ).toContain('z.discriminatedUnion("method"');
    const tsc = npx("tsc", "--noEmit", "-p", ".");
    expect(tsc.stdout + tsc.stderr).toBe("");
  });
});
