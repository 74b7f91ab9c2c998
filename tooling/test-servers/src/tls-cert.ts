/**
 * A self-signed certificate for localhost and 127.0.0.1 (openssl, 2 days), for the servers'
 * `ssl` option and the clients that verify it.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

/** Writes `server.crt` and `server.key` into `dir`; returns both as PEM text. */
export function selfSignedCert(dir: string): { cert: string; key: string } {
  const certFile = path.join(dir, "server.crt");
  const keyFile = path.join(dir, "server.key");
  execFileSync(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"],
      ...["-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
      ...["-keyout", keyFile, "-out", certFile],
    ],
    { stdio: "ignore" },
  );
  return { cert: readFileSync(certFile, "utf8"), key: readFileSync(keyFile, "utf8") };
}
