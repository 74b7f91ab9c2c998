import { describe, expect, it } from "vitest";
import { TimeoutError, networkError, type NetworkFailure } from "../src/index.js";
import { networkFailure } from "../src/network-errors.js";

const err = (code: string | undefined, message = "boom") =>
  Object.assign(new Error(message), code === undefined ? {} : { code });

describe("networkFailure", () => {
  const cases: [given: string, error: unknown, want: NetworkFailure | undefined][] = [
    ["ETIMEDOUT", err("ETIMEDOUT", "connect ETIMEDOUT 10.0.0.1:5432"), "timeout"],
    ["ENOTFOUND", err("ENOTFOUND", "getaddrinfo ENOTFOUND db.invalid"), "unknown-host"],
    ["EAI_AGAIN", err("EAI_AGAIN"), "unknown-host"],
    ["ECONNREFUSED", err("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:1"), "unreachable"],
    [
      "ECONNRESET, even with TLS in the message",
      err("ECONNRESET", "socket disconnected before secure TLS connection was established"),
      "unreachable",
    ],
    ["EHOSTUNREACH", err("EHOSTUNREACH"), "unreachable"],
    ["ENETUNREACH", err("ENETUNREACH"), "unreachable"],
    ["EPIPE", err("EPIPE"), "unreachable"],
    [
      "a self-signed certificate code",
      err("DEPTH_ZERO_SELF_SIGNED_CERT", "self-signed certificate"),
      "certificate",
    ],
    ["an expired certificate", err("CERT_HAS_EXPIRED"), "certificate"],
    ["a private CA not given", err("UNABLE_TO_VERIFY_LEAF_SIGNATURE"), "certificate"],
    [
      "a certificate for another host name",
      err("ERR_TLS_CERT_ALTNAME_INVALID", "Hostname/IP does not match certificate's altnames"),
      "host-name",
    ],
    ["Node's other ERR_TLS_* codes", err("ERR_TLS_INVALID_PROTOCOL_VERSION"), "tls"],
    ["OpenSSL's ERR_SSL_* codes", err("ERR_SSL_WRONG_VERSION_NUMBER"), "tls"],
    [
      "a TLS message without a code",
      err(undefined, "The server does not support SSL connections"),
      "tls",
    ],
    [
      "a certificate message without a code",
      err(undefined, "self signed certificate"),
      "certificate",
    ],
    [
      "a host name message without a code",
      err(undefined, "Host: db.example. is not in the cert's altnames: DNS:localhost"),
      "host-name",
    ],
    [
      "a timeout message without a code",
      err(undefined, "Connection terminated due to connection timeout"),
      "timeout",
    ],
    ["timed out", err(undefined, "query timed out"), "timeout"],
    ["a driver code it does not know", err("28P01", "password authentication failed"), undefined],
    ["SSL inside a word is not TLS", err(undefined, "column sslmode does not exist"), undefined],
    ["not an error at all", "a string", undefined],
    ["null", null, undefined],
  ];
  it.each(cases)("%s", (_given, error, want) => {
    expect(networkFailure(error)).toBe(want);
  });
});

describe("networkError", () => {
  // The one table every connector's socket, DNS and TLS failures go through: what a driver
  // reports (code, errno or message) → the error class and whether it is retried.
  const table: {
    name: string;
    in: { code?: string; errno?: number; message: string };
    out: { class: "TimeoutError" | "ConnectionError" | "TlsError"; retryable: boolean } | undefined;
  }[] = [
    {
      name: "a connect timeout is a TimeoutError, retried (mysql and postgres alike)",
      in: { code: "ETIMEDOUT", errno: -110, message: "connect ETIMEDOUT 10.0.0.1:5432" },
      out: { class: "TimeoutError", retryable: true },
    },
    {
      name: "a driver's timeout message without a code",
      in: { message: "Connection terminated due to connection timeout" },
      out: { class: "TimeoutError", retryable: true },
    },
    {
      name: "a refused connection",
      in: { code: "ECONNREFUSED", errno: -111, message: "connect ECONNREFUSED 127.0.0.1:1" },
      out: { class: "ConnectionError", retryable: true },
    },
    {
      name: "a dropped connection, even mid-TLS handshake",
      in: { code: "ECONNRESET", message: "socket disconnected before secure TLS connection" },
      out: { class: "ConnectionError", retryable: true },
    },
    {
      name: "an unreachable host",
      in: { code: "EHOSTUNREACH", message: "connect EHOSTUNREACH" },
      out: { class: "ConnectionError", retryable: true },
    },
    {
      name: "an unreachable network",
      in: { code: "ENETUNREACH", message: "connect ENETUNREACH" },
      out: { class: "ConnectionError", retryable: true },
    },
    {
      name: "a broken pipe",
      in: { code: "EPIPE", message: "write EPIPE" },
      out: { class: "ConnectionError", retryable: true },
    },
    {
      name: "a host name that does not resolve is not retried",
      in: { code: "ENOTFOUND", message: "getaddrinfo ENOTFOUND db.invalid" },
      out: { class: "ConnectionError", retryable: false },
    },
    {
      name: "a temporary DNS failure is retried",
      in: { code: "EAI_AGAIN", message: "getaddrinfo EAI_AGAIN db.example" },
      out: { class: "ConnectionError", retryable: true },
    },
    {
      name: "a self-signed certificate is not retried",
      in: { code: "DEPTH_ZERO_SELF_SIGNED_CERT", message: "self-signed certificate" },
      out: { class: "TlsError", retryable: false },
    },
    {
      name: "Node's TLS codes are not retried",
      in: { code: "ERR_TLS_CERT_ALTNAME_INVALID", message: "Hostname/IP does not match" },
      out: { class: "TlsError", retryable: false },
    },
    {
      name: "a TLS message without a code is not retried",
      in: { message: "The server does not support SSL connections" },
      out: { class: "TlsError", retryable: false },
    },
    {
      name: "a driver's own code is left to the connector",
      in: { code: "ER_NO_SUCH_TABLE", errno: 1146, message: "Table 'x.y' doesn't exist" },
      out: undefined,
    },
  ];
  it.each(table)("$name", ({ in: given, out }) => {
    const e = networkError(Object.assign(new Error(given.message), given), "cannot connect");
    expect(e && { class: e.constructor.name, retryable: e.retryable }).toEqual(out);
  });

  it("gives a timeout the limit that was exceeded", () => {
    const e = networkError(err("ETIMEDOUT"), "cannot connect", { timeoutMs: 1_000 });
    expect(e).toBeInstanceOf(TimeoutError);
    expect(e).toMatchObject({ message: "cannot connect", timeoutMs: 1_000, kind: "timeout" });
  });

  it("uses the connector's hint where it gives one, else the default", () => {
    expect(networkError(err("ECONNREFUSED"), "x", { hints: { tls: "ssl.mode" } })?.hint).toMatch(
      /host and port/,
    );
    expect(networkError(err("CERT_UNTRUSTED"), "x", { hints: { tls: "ssl.mode" } })?.hint).toBe(
      "ssl.mode",
    );
  });

  it("tells TLS failures apart, each on its own fields with its own advice, tls covering the rest", () => {
    const fields = {
      tls: ["/ssl"],
      certificate: ["/ssl/mode", "/ssl/ca_certificate"],
      "host-name": ["/host"],
    };
    const untrusted = networkError(err("SELF_SIGNED_CERT_IN_CHAIN"), "x", { fields });
    expect(untrusted).toMatchObject({ kind: "tls", fields: ["/ssl/mode", "/ssl/ca_certificate"] });
    expect(untrusted!.hint).toMatch(/certificate of the CA/);
    const name = networkError(err("ERR_TLS_CERT_ALTNAME_INVALID"), "x", { fields });
    expect(name).toMatchObject({ kind: "tls", fields: ["/host"] });
    expect(name!.hint).toMatch(/not issued for this host name/);
    expect(networkError(err("ERR_SSL_WRONG_VERSION_NUMBER"), "x", { fields })).toMatchObject({
      kind: "tls",
      fields: ["/ssl"],
      hint: "Check the SSL mode and certificates (ssl).",
    });
    // A connector that names only tls: its fields and advice for every TLS failure.
    expect(
      networkError(err("CERT_HAS_EXPIRED"), "x", {
        fields: { tls: ["/ssl"] },
        hints: { tls: "t" },
      }),
    ).toMatchObject({ fields: ["/ssl"], hint: "t" });
  });

  it("keeps the error (or the given cause) as the cause", () => {
    const socket = err("ECONNRESET");
    expect(networkError(socket, "x")?.cause).toBe(socket);
    const outer = new Error("fetch failed");
    expect(networkError(socket, "x", { cause: outer })?.cause).toBe(outer);
  });

  it("is undefined for anything else", () => {
    expect(networkError(err("ER_NO_SUCH_TABLE", "no such table"), "x")).toBeUndefined();
  });
});
