/**
 * Certificates for the servers' `ssl` option and the clients that verify it (openssl, 2 days):
 * a self-signed one for localhost and 127.0.0.1, and one signed by a throwaway CA for the names
 * a test chooses (another host's, to see a client refuse it).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

const openssl = (args: readonly string[]) => execFileSync("openssl", args, { stdio: "ignore" });

/** Writes `server.crt` and `server.key` into `dir`; returns both as PEM text. */
export function selfSignedCert(dir: string): { cert: string; key: string } {
  const certFile = path.join(dir, "server.crt");
  const keyFile = path.join(dir, "server.key");
  openssl([
    ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"],
    ...["-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
    ...["-keyout", keyFile, "-out", certFile],
  ]);
  return { cert: readFileSync(certFile, "utf8"), key: readFileSync(keyFile, "utf8") };
}

/**
 * A CA and a server certificate it signed for `names` only (DNS names; the first is also the
 * CN), written into `dir` as `<label>-ca.crt`, `<label>.crt` and `<label>.key`. A client that
 * trusts `ca` accepts the chain; one that also checks the host name refuses any other name.
 */
export function caSignedCert(
  dir: string,
  names: readonly [string, ...string[]],
  label = "signed",
): { ca: string; cert: string; key: string } {
  const caFile = path.join(dir, `${label}-ca.crt`);
  const caKeyFile = path.join(dir, `${label}-ca.key`);
  const certFile = path.join(dir, `${label}.crt`);
  const keyFile = path.join(dir, `${label}.key`);
  openssl([
    ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"],
    ...["-subj", "/CN=onespec test CA", "-addext", "basicConstraints=critical,CA:TRUE"],
    ...["-addext", "keyUsage=critical,keyCertSign,cRLSign"],
    ...["-keyout", caKeyFile, "-out", caFile],
  ]);
  openssl([
    ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"],
    ...["-CA", caFile, "-CAkey", caKeyFile, "-subj", `/CN=${names[0]}`],
    ...["-addext", `subjectAltName=${names.map((n) => `DNS:${n}`).join(",")}`],
    ...["-addext", "basicConstraints=critical,CA:FALSE"],
    ...["-keyout", keyFile, "-out", certFile],
  ]);
  return {
    ca: readFileSync(caFile, "utf8"),
    cert: readFileSync(certFile, "utf8"),
    key: readFileSync(keyFile, "utf8"),
  };
}
