/** node-postgres errors as typed errors with advice: SQLSTATE codes here, sockets by the SDK. */
import {
  AuthError,
  ConnectionError,
  ConnectorError,
  NotFoundError,
  PermissionError,
  SourceError,
  networkError,
} from "@onespec/sdk";

/** SQLSTATEs of a connection the server ended or refused (class 08, admin shutdown, too many). */
const CONNECTION_CODES = new Set(["57P01", "57P03", "53300"]);

/**
 * Maps a node-postgres or socket error to a typed error with advice. `timeoutMs` is the limit
 * that was exceeded, for timeouts.
 */
export function translateError(error: unknown, where: string, timeoutMs = 0): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const e = error as { code?: string; message?: string };
  const message = `${where}: ${e.message ?? String(error)}`;
  const code = e.code ?? "";
  if (code === "28P01" || code === "28000") {
    return new AuthError(message, {
      hint: "Check the username and password, and pg_hba.conf for this client.",
      cause: error,
      // 28P01: the password was refused; 28000: no such role, or pg_hba.conf refuses it.
      fields: code === "28P01" ? ["/password"] : ["/username"],
    });
  }
  if (code === "42501") {
    // Logged in, but not allowed: a grant fixes it, so it is not an authentication failure.
    return /permission denied for database/i.test(e.message ?? "")
      ? new PermissionError(message, {
          hint: "Grant the user CONNECT on the database (GRANT CONNECT ON DATABASE <database> TO <user>), or connect to a database it may use.",
          cause: error,
          fields: ["/username", "/database"],
        })
      : new PermissionError(message, {
          hint: "Grant the user the privilege named above (USAGE on the schemas and SELECT on the tables to read).",
          cause: error,
          fields: ["/username"],
        });
  }
  if (code === "3D000") {
    return new NotFoundError(message, {
      hint: "Check the database name (pg_database lists the existing ones).",
      cause: error,
      fields: ["/database"],
    });
  }
  const network = networkError(error, message, {
    timeoutMs,
    hints: {
      timeout: "Check that the host is reachable, or raise connect_timeout_seconds.",
      certificate:
        "The server's certificate is not signed by a CA this machine trusts: paste the CA's certificate (for a self-signed server, its own certificate) into CA Certificate, or set SSL Mode to require to encrypt without verifying.",
      "host-name":
        "The server's certificate was issued for another host name: connect with a name it lists, or set SSL Mode to verify-ca to check the CA only.",
    },
    fields: {
      "unknown-host": ["/host"],
      unreachable: ["/host", "/port"],
      timeout: ["/host", "/connect_timeout_seconds"],
      tls: ["/ssl"],
      certificate: ["/ssl/mode", "/ssl/ca_certificate"],
      "host-name": ["/host", "/ssl/mode"],
    },
  });
  if (network) return network;
  if (code.startsWith("08") || CONNECTION_CODES.has(code)) {
    return new ConnectionError(message, {
      hint: "Check the host and port, and that the server is running and accepts connections.",
      cause: error,
    });
  }
  return new SourceError(message, { cause: error });
}
