import { describe, expect, it } from "vitest";
import {
  MASK,
  REDACTED,
  isMasked,
  redactSecrets,
  replaceAtPointers,
  valuesAtPointers,
} from "../src/index.js";

describe("redactSecrets", () => {
  const paths = ["/password", "/auth/*/token"];
  it("replaces values by position and leaves equal text elsewhere alone", () => {
    const config = { user: "p", password: "p", auth: [{ token: "t" }, { token: null }], note: "p" };
    expect(redactSecrets(config, paths)).toEqual({
      user: "p",
      password: REDACTED,
      auth: [{ token: REDACTED }, { token: null }],
      note: "p",
    });
    expect(config.password).toBe("p");
  });
  it("keeps the result valid JSON whatever the secret is", () => {
    for (const secret of ["p", "1", "true", '"', "{", "type"]) {
      const text = JSON.stringify(redactSecrets({ type: "x", password: secret }, paths));
      expect(JSON.parse(text)).toEqual({ type: "x", password: REDACTED });
    }
  });
  it("redacts a whole object under a secret path", () => {
    expect(redactSecrets({ password: { nested: "x" } }, paths)).toEqual({ password: REDACTED });
  });
  it("keeps __proto__ as data and does not touch the prototype", () => {
    const config = JSON.parse('{"__proto__": {"polluted": true}, "password": "s"}');
    const out = redactSecrets(config, paths) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(["__proto__", "password"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });
});

describe("replaceAtPointers and valuesAtPointers", () => {
  const config = { a: [{ s: "one" }, { s: 2 }, { s: "" }], b: "keep" };
  it("replaces every match in a copy", () => {
    expect(replaceAtPointers(config, ["/a/*/s"])).toEqual({
      a: [{ s: REDACTED }, { s: REDACTED }, { s: REDACTED }],
      b: "keep",
    });
    expect(replaceAtPointers(config, ["/b"], MASK)).toEqual({ ...config, b: MASK });
    expect(config.b).toBe("keep");
    expect(replaceAtPointers("x", [""])).toBe(REDACTED);
  });
  it("collects the non-empty strings and finite numbers", () => {
    expect(valuesAtPointers(config, ["/a/*/s"])).toEqual(["one", "2"]);
  });
});

describe("mask", () => {
  it("is the stored-secret placeholder", () => {
    expect(isMasked(MASK)).toBe(true);
    expect(isMasked("********x")).toBe(false);
    expect(isMasked("", "")).toBe(true);
  });
});

describe("valuesAtPointers", () => {
  const config = {
    password: "pw1",
    port: 5432,
    empty: "",
    ssl: { client_key: "KEY", mode: "require" },
    tunnel: { tunnel_user_password: "tpw" },
    "a/b": { "c~d": "escaped" },
    users: [{ password: "u1" }, { password: "u2" }, { name: "no password" }],
    maps: { x: { token: "t1" }, y: { token: "t2" } },
  };

  it("collects strings and numbers at plain and escaped pointers, skipping missing ones", () => {
    expect(
      valuesAtPointers(config, [
        "/password",
        "/ssl/client_key",
        "/tunnel/tunnel_user_password",
        "/port",
        "/empty",
        "/missing/x",
        "/a~1b/c~0d",
      ]),
    ).toEqual(["pw1", "KEY", "tpw", "5432", "escaped"]);
  });

  it("expands * over arrays and objects", () => {
    expect(valuesAtPointers(config, ["/users/*/password"])).toEqual(["u1", "u2"]);
    expect(valuesAtPointers(config, ["/maps/*/token"])).toEqual(["t1", "t2"]);
    expect(
      valuesAtPointers(config, ["/users/1/password", "/users/7/password", "/users/01/password"]),
    ).toEqual(["u2"]);
  });

  it("does not follow inherited properties and rejects malformed pointers", () => {
    expect(valuesAtPointers({}, ["/constructor/name"])).toEqual([]);
    expect(valuesAtPointers("root", [""])).toEqual(["root"]);
    expect(() => valuesAtPointers(config, ["password"])).toThrow(TypeError);
  });
});
