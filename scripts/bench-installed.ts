// npm run bench, the installed part (BENCH_ONLY=installed): the onespec command as users get
// it, from npm-packed tarballs installed into a throwaway project outside the monorepo.
// `onespec --help` and a no-op `generate` of a 5-connector tree (the repository's schemas),
// each the median of several runs, next to Node's own start-up in the same run.
// Prints times and ratios; asserts nothing.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createProject, packPublished } from "@onespec/test-servers";

const repo = fileURLToPath(new URL("../", import.meta.url));
const repeats = Number(process.env.BENCH_REPEATS ?? 11);
const root = mkdtempSync(path.join(tmpdir(), "onespec-bench-installed-"));
const project = path.join(root, "project");
try {
  const packed = packPublished(path.join(root, "tarballs"));
  // The CLI and the generators; not the form component, the SDK, the server or the app (serve and run are not timed).
  const tools = Object.fromEntries(
    packed
      .filter(
        (p) =>
          !["@onespec/forms", "@onespec/sdk", "@onespec/server", "@onespec/web"].includes(p.name),
      )
      .map((p) => [p.name, `file:${p.file}`]),
  );
  createProject(
    project,
    {
      ajv: "^8.17.1",
      "ajv-formats": "^3.0.1",
      "@rjsf/utils": "^6.11.1",
      "@rjsf/validator-ajv8": "^6.11.1",
    },
    tools,
  );
  cpSync(path.join(repo, "schemas"), path.join(project, "schemas"), { recursive: true });
  writeFileSync(
    path.join(project, "onespec.config.json"),
    JSON.stringify({ schemas: "schemas", out: "generated" }),
  );
  const bin = path.join(project, "node_modules/@onespec/cli/bin/onespec.js");

  const time = (args: string[]): number => {
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, {
      cwd: project,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });
    if (r.status !== 0)
      throw new Error(`${args.join(" ")} failed (${r.status}): ${r.stderr.slice(-800)}`);
    return Number(process.hrtime.bigint() - started) / 1e9;
  };
  const median = (args: string[]): number => {
    const times = Array.from({ length: repeats }, () => time(args)).sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  };
  const cold = time([bin, "generate"]);
  const rows: [string, number, string][] = [
    ["node -e '' (floor: Node's start-up)", median(["-e", ""]), ""],
    ["onespec --help", median([bin, "--help"]), "target <= 0.30 s"],
    [
      "onespec generate, nothing changed (5 connectors)",
      median([bin, "generate"]),
      "target <= 0.50 s",
    ],
    ["onespec generate --check, nothing changed", median([bin, "generate", "--check"]), ""],
    ["onespec generate, cold (5 connectors, empty cache)", cold, "one run"],
  ];
  const floor = rows[0][1];
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  console.log(`\nInstalled CLI (from npm-packed tarballs; ${machine}; median of ${repeats})\n`);
  console.log(`| run | time | vs node start-up | note |\n|---|---|---|---|`);
  for (const [name, seconds, note] of rows)
    console.log(
      `| ${name} | ${seconds.toFixed(3)} s | ${(seconds / floor).toFixed(1)}x | ${note} |`,
    );
} finally {
  rmSync(root, { recursive: true, force: true });
}
