import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "../src/errors.js";
import { REDACTED } from "@onespec/runtime";
import { Redactor, loadSecretsFile, resolveSecrets } from "../src/secrets.js";

describe("resolveSecrets", () => {
  const env = { DB_PASSWORD: "hunter22", USER: "alice", EMPTY: "", UNSET: undefined };
  const secrets = { "db.password": "s3cr3t!", token: "tok_abc" };

  it("substitutes env variables and secrets inside strings anywhere in the value", () => {
    const input = {
      host: "db.example.com",
      port: 5432,
      ssl: true,
      password: "${DB_PASSWORD}",
      url: "postgres://${USER}:{{secrets.db.password}}@host/db",
      nested: { list: ["{{ secrets.token }}", "{{secrets.token}}", null, "plain"] },
    };
    const result = resolveSecrets(input, { env, secrets });
    expect(result.problems).toEqual([]);
    expect(result.value).toEqual({
      host: "db.example.com",
      port: 5432,
      ssl: true,
      password: "hunter22",
      url: "postgres://alice:s3cr3t!@host/db",
      nested: { list: ["tok_abc", "tok_abc", null, "plain"] },
    });
    expect(result.resolved.sort()).toEqual(["alice", "hunter22", "s3cr3t!", "tok_abc"]);
    // The input is untouched.
    expect(input.password).toBe("${DB_PASSWORD}");
  });

  it("treats $${X} as a literal ${X}", () => {
    const result = resolveSecrets(
      { a: "cost: $${PRICE} and ${USER}", b: "$${DB_PASSWORD}" },
      { env },
    );
    expect(result.value).toEqual({ a: "cost: ${PRICE} and alice", b: "${DB_PASSWORD}" });
    expect(result.problems).toEqual([]);
    expect(result.resolved).toEqual(["alice"]);
  });

  it("substitutes empty variables without collecting them", () => {
    const result = resolveSecrets("x${EMPTY}y", { env });
    expect(result.value).toBe("xy");
    expect(result.resolved).toEqual([]);
    expect(result.problems).toEqual([]);
  });

  it("reports unset variables and unknown secrets with escaped JSON pointers, never values", () => {
    const result = resolveSecrets(
      {
        "a/b": { "c~d": ["ok", "${UNSET}"] },
        missing: "{{ secrets.nope }} and ${NOPE}",
        proto: "{{secrets.constructor}} ${toString}",
        password: "${DB_PASSWORD}",
      },
      { env, secrets },
    );
    expect(result.problems).toEqual([
      { pointer: "/a~1b/c~0d/1", message: "environment variable UNSET is not set" },
      { pointer: "/missing", message: 'unknown secret "nope"' },
      { pointer: "/missing", message: "environment variable NOPE is not set" },
      { pointer: "/proto", message: 'unknown secret "constructor"' },
      { pointer: "/proto", message: "environment variable toString is not set" },
    ]);
    // Unresolved references are left in place.
    expect((result.value as { missing: string }).missing).toBe("{{ secrets.nope }} and ${NOPE}");
    const text = JSON.stringify(result.problems);
    for (const value of ["hunter22", "s3cr3t!", "tok_abc", "alice"])
      expect(text).not.toContain(value);
  });

  it("reports malformed references without quoting them", () => {
    const result = resolveSecrets(
      { pw: "pa${ss word}x", s: "{{ secrets. }}" },
      { env: {}, secrets },
    );
    expect(result.problems.map((p) => p.pointer)).toEqual(["/pw", "/s"]);
    expect(result.problems[0].message).toMatch(/invalid environment variable reference/);
    expect(result.problems[0].message).not.toContain("ss word");
    expect(result.problems[1].message).toMatch(/invalid secret reference/);
  });

  it("uses the root pointer for a bare string and works without sources", () => {
    expect(resolveSecrets("${X}", {}).problems).toEqual([
      { pointer: "", message: "environment variable X is not set" },
    ]);
    expect(resolveSecrets(7, {}).value).toBe(7);
  });
});

describe("loadSecretsFile", () => {
  const dir = mkdtempSync(join(tmpdir(), "onespec-secrets-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const failure = async (path: string) =>
    (await loadSecretsFile(path).catch((e: unknown) => e)) as ConfigError;

  it("reads YAML with nested maps as dotted names", async () => {
    const path = file(
      "s.yaml",
      "token: abc\ndb:\n  password: 'p@ss: word'\n  replica:\n    password: \"123\"\n",
    );
    expect(await loadSecretsFile(path)).toEqual({
      token: "abc",
      "db.password": "p@ss: word",
      "db.replica.password": "123",
    });
  });

  it("reads JSON, and an empty file as no secrets", async () => {
    expect(await loadSecretsFile(file("s.json", '{"a": {"b": "c"}, "d": "e"}'))).toEqual({
      "a.b": "c",
      d: "e",
    });
    expect(await loadSecretsFile(file("empty.yaml", ""))).toEqual({});
  });

  it("refuses non-string leaves naming the file and the key's line, not the key or the value", async () => {
    const path = file("num.yaml", "db:\n  pin: 987654\n");
    const error = await failure(path);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(
      `secrets file ${path}, line 2, column 3: the value must be a string, not a number`,
    );
    expect(error.hint).toMatch(/Quote/);
    await expect(loadSecretsFile(file("list.yaml", "a: [x]\n"))).rejects.toThrow(
      /, line 1, column 1: the value must be a string, not a list/,
    );
    await expect(loadSecretsFile(file("null.yaml", "a:\n"))).rejects.toThrow(
      /, line 1, column 1: the value must be a string, not null/,
    );
    await expect(loadSecretsFile(file("top.yaml", "- a\n"))).rejects.toThrow(
      /its top level must be a map of names to strings, not a list/,
    );
  });

  it("refuses a name defined twice through dotted and nested keys", async () => {
    await expect(loadSecretsFile(file("dup.yaml", "a.b: x\na:\n  b: y\n"))).rejects.toThrow(
      /, line 3, column 3: this secret name is already defined at line 1, column 1/,
    );
  });

  it("reports a missing file with a hint", async () => {
    const error = await failure(join(dir, "nope.yaml"));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/secrets file .*nope\.yaml does not exist/);
    expect(error.hint).toMatch(/Create it/);
  });

  it("reports a parse error by position without quoting the file", async () => {
    const path = file("bad.yaml", "password: topsecretvalue\npassword: topsecretvalue2\n");
    const error = await failure(path);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(
      /, line 2, column 1: this secret name is already defined at line 1/,
    );
    expect(error.message).not.toContain("topsecret");
    expect(String(error.cause ?? "")).not.toContain("topsecret");
    const broken = await failure(file("broken.yaml", "password: [topsecretvalue\n"));
    expect(broken.message).toMatch(/is not valid YAML or JSON at line 2, column 1/);
    expect(broken.message).not.toContain("topsecret");
    const json = await failure(file("bad.json", '{"password": "topsecretvalue",'));
    expect(json.message).toMatch(/is not valid YAML or JSON/);
    expect(json.message).not.toContain("topsecret");
  });
});

describe("Redactor", () => {
  it("redacts every occurrence of every secret, longest and overlapping included", () => {
    const redactor = new Redactor(["hunter2", "hunter22", "", "22x"]);
    expect(redactor.size).toBe(3);
    expect(redactor.redact("pw=hunter22 again hunter2!")).toBe(`pw=${REDACTED} again ${REDACTED}!`);
    // "hunter22x": hunter22 and 22x overlap; nothing of either leaks.
    expect(redactor.redact("hunter22x.")).toBe(`${REDACTED}.`);
    expect(redactor.redact("nothing here")).toBe("nothing here");
  });

  it("redacts short secrets too, and ignores only empty strings", () => {
    const redactor = new Redactor();
    redactor.add("", "ab");
    expect(redactor.size).toBe(1);
    expect(redactor.redact("xabyab")).toBe(`x${REDACTED}y${REDACTED}`);
  });

  it("redacts URL-encoded and JSON-escaped forms", () => {
    const secret = 'p@ss/w"rd\\1';
    const redactor = new Redactor([secret]);
    expect(redactor.redact(`postgres://u:${encodeURIComponent(secret)}@h`)).toBe(
      `postgres://u:${REDACTED}@h`,
    );
    expect(redactor.redact(JSON.stringify({ password: secret }))).toBe(
      `{"password":"${REDACTED}"}`,
    );
    expect(redactor.redact(`raw ${secret}`)).toBe(`raw ${REDACTED}`);
  });

  it("treats secrets literally, not as regexes", () => {
    const redactor = new Redactor(["a.c", "(x"]);
    expect(redactor.redact("abc a.c (x")).toBe(`abc ${REDACTED} ${REDACTED}`);
  });

  it("picks up secrets added later", () => {
    const redactor = new Redactor(["one1"]);
    expect(redactor.redact("one1 two2")).toBe(`${REDACTED} two2`);
    redactor.add("two2");
    expect(redactor.redact("one1 two2")).toBe(`${REDACTED} ${REDACTED}`);
  });

  it("deep-copies JSON values, redacting strings, keys and matching numbers", () => {
    const redactor = new Redactor(["hunter22", "5432"]);
    const input = {
      message: "login failed for hunter22",
      port: 5432,
      other: 1,
      ok: true,
      nothing: null,
      list: ["hunter22", { hunter22: "x" }],
      when: new Date(Date.UTC(2020, 0, 1)),
    };
    const output = redactor.redactValue(input);
    expect(output).toEqual({
      message: `login failed for ${REDACTED}`,
      port: REDACTED,
      other: 1,
      ok: true,
      nothing: null,
      list: [REDACTED, { [REDACTED]: "x" }],
      when: "2020-01-01T00:00:00.000Z",
    });
    expect(input.message).toBe("login failed for hunter22");
  });

  it("keeps keys that only contain a secret: the structure survives a one-letter secret", () => {
    const redactor = new Redactor(["e"]);
    const output = redactor.redactValue({
      steps: [{ name: "CheckAccess", message: "see" }],
      e: 1,
    }) as Record<string, unknown>;
    expect(Object.keys(output)).toEqual(["steps", REDACTED]);
    expect(JSON.parse(JSON.stringify(output))).toEqual({
      steps: [{ name: `Ch${REDACTED}ckAcc${REDACTED}ss`, message: `s${REDACTED}` }],
      [REDACTED]: 1,
    });
  });
});

describe("malformed secret references and files", () => {
  it("reports {{ secrets.… }} with a name that is not one, instead of leaving it as text", () => {
    for (const text of ["{{secrets.a b}}", "{{ secrets. }}", "x{{secrets.a/b}}y"]) {
      const result = resolveSecrets({ path: text }, { secrets: { a: "1", "a b": "2" } });
      expect(result.problems, text).toEqual([
        {
          pointer: "/path",
          message: "invalid secret reference: {{ secrets.… }} must hold a name like db.password",
        },
      ]);
      expect(result.resolved).toEqual([]);
    }
  });

  it("refuses a secrets file holding two YAML documents (the second was ignored)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "onespec-secrets-docs-"));
    try {
      const file = join(dir, "secrets.yaml");
      writeFileSync(file, "db:\n  password: first-9c1\n---\napi:\n  token: second-7d2\n");
      const error = await loadSecretsFile(file).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toBe(
        `secrets file ${file} holds 2 YAML documents; the second starts at line 3`,
      );
      expect((error as Error).message).not.toMatch(/first-9c1|second-7d2/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
