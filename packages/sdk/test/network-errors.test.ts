import { describe, expect, it } from "vitest";
import {
  ConnectionError,
  TimeoutError,
  networkError,
  networkFailure,
  type NetworkFailure,
} from "../src/index.js";

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
      "tls",
    ],
    ["an expired certificate", err("CERT_HAS_EXPIRED"), "tls"],
    ["Node's ERR_TLS_* codes", err("ERR_TLS_CERT_ALTNAME_INVALID"), "tls"],
    ["OpenSSL's ERR_SSL_* codes", err("ERR_SSL_WRONG_VERSION_NUMBER"), "tls"],
    [
      "a TLS message without a code",
      err(undefined, "The server does not support SSL connections"),
      "tls",
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
  it("makes a timeout a TimeoutError with the limit, retryable", () => {
    const e = networkError(err("ETIMEDOUT"), "cannot connect", { timeoutMs: 1_000 });
    expect(e).toBeInstanceOf(TimeoutError);
    expect(e).toMatchObject({
      message: "cannot connect",
      timeoutMs: 1_000,
      retryable: true,
      kind: "timeout",
    });
  });

  it.each([
    ["ENOTFOUND", false],
    ["EAI_AGAIN", true],
    ["ECONNREFUSED", true],
    ["DEPTH_ZERO_SELF_SIGNED_CERT", false],
  ] as const)("makes %s a ConnectionError, retryable: %s", (code, retryable) => {
    const e = networkError(err(code), "cannot connect");
    expect(e).toBeInstanceOf(ConnectionError);
    expect(e?.retryable).toBe(retryable);
  });

  it("uses the connector's hint where it gives one, else the default", () => {
    expect(networkError(err("ECONNREFUSED"), "x", { hints: { tls: "ssl.mode" } })?.hint).toMatch(
      /host and port/,
    );
    expect(networkError(err("CERT_UNTRUSTED"), "x", { hints: { tls: "ssl.mode" } })?.hint).toBe(
      "ssl.mode",
    );
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
