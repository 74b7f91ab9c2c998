/** mysql2 errors as typed errors with advice: MySQL's codes here, sockets by the SDK. */
import {
  AuthError,
  ConfigError,
  ConnectionError,
  ConnectorError,
  NotFoundError,
  PermissionError,
  SourceError,
  TimeoutError,
  TlsError,
  networkError,
} from "@onespec/sdk";

/** mysql2 and server codes of a connection that was lost, refused or is over a limit. */
const CONNECTION_CODES = new Set([
  "PROTOCOL_CONNECTION_LOST",
  "ER_CON_COUNT_ERROR",
  "ER_TOO_MANY_USER_CONNECTIONS",
  "ER_HOST_IS_BLOCKED",
  "ER_SERVER_SHUTDOWN",
  "ER_CONNECTION_KILLED",
]);

/**
 * Maps a mysql2 or socket error to a typed error with advice. Messages name the host, port and
 * user, never the password (the server's own messages do not contain it either). `timeoutMs` is
 * the limit that was exceeded, for timeouts.
 */
export function translateError(error: unknown, where: string, timeoutMs = 0): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const e = error as { code?: unknown; message?: unknown; fatal?: unknown };
  const text = typeof e.message === "string" ? e.message : String(error);
  const message = `${where}: ${text}`;
  const code = typeof e.code === "string" ? e.code : "";
  switch (code) {
    case "ER_ACCESS_DENIED_ERROR":
    case "ER_ACCESS_DENIED_NO_PASSWORD_ERROR":
    case "ER_NOT_SUPPORTED_AUTH_MODE":
    case "AUTH_SWITCH_PLUGIN_ERROR":
      return new AuthError(message, {
        hint: "Check the username and password, and that the account 'user'@'client-host' exists for this client's address.",
        cause: error,
        // MySQL does not say which of the two was wrong.
        fields: ["/username", "/password"],
      });
    case "ER_HOST_NOT_PRIVILEGED":
      return new AuthError(message, {
        hint: "The server has no account for this user from this client's address: create 'user'@'client-host' (or '%') or connect from an allowed host.",
        cause: error,
        fields: ["/username"],
      });
    // Logged in, but not allowed: a grant fixes these, so they are not authentication failures.
    case "ER_DBACCESS_DENIED_ERROR":
      return new PermissionError(message, {
        hint: "Grant the user access to the database (GRANT SELECT, SHOW VIEW ON <database>.* TO 'user'@'client-host'), or connect to a database it may use.",
        cause: error,
        fields: ["/username", "/database"],
      });
    case "ER_TABLEACCESS_DENIED_ERROR":
    case "ER_COLUMNACCESS_DENIED_ERROR":
    case "ER_SPECIFIC_ACCESS_DENIED_ERROR":
    case "ER_PROCACCESS_DENIED_ERROR":
      return new PermissionError(message, {
        hint: "Grant the user the privilege named above (SELECT and SHOW VIEW on the databases to read).",
        cause: error,
        fields: ["/username"],
      });
    case "ER_MUST_CHANGE_PASSWORD_LOGIN":
    case "ER_MUST_CHANGE_PASSWORD":
      return new AuthError(message, {
        hint: "The account's password has expired; set a new one (ALTER USER ... IDENTIFIED BY ...).",
        cause: error,
        fields: ["/password"],
      });
    case "ER_BAD_DB_ERROR":
      return new NotFoundError(message, {
        hint: "Check the default database name (SHOW DATABASES lists the existing ones), or leave it empty to read every database.",
        cause: error,
        fields: ["/database"],
      });
    case "PROTOCOL_SEQUENCE_TIMEOUT":
      return new TimeoutError(message, {
        timeoutMs,
        hint: "Check that the server is reachable, or raise connect_timeout_seconds.",
        cause: error,
        fields: ["/host", "/connect_timeout_seconds"],
      });
    case "HANDSHAKE_NO_SSL_SUPPORT":
      return new TlsError(message, {
        hint: "The server does not offer TLS: set ssl.mode to prefer or disable, or turn TLS on in the server.",
        retryable: false,
        cause: error,
        fields: ["/ssl"],
      });
    case "ER_SECURE_TRANSPORT_REQUIRED":
      return new TlsError(message, {
        hint: "The server accepts only TLS connections: set ssl.mode to require or stricter.",
        retryable: false,
        cause: error,
        fields: ["/ssl"],
      });
    case "ER_UNKNOWN_CHARACTER_SET":
      return new ConfigError(message, {
        hint: "Check the character set name (SHOW CHARACTER SET lists them).",
        cause: error,
      });
  }
  if (/^Unknown charset/i.test(text)) {
    return new ConfigError(message, {
      hint: "Check the character set name (charset); utf8mb4 covers all of Unicode.",
      cause: error,
    });
  }
  const network = networkError(error, message, {
    timeoutMs,
    fields: {
      "unknown-host": ["/host"],
      unreachable: ["/host", "/port"],
      timeout: ["/host", "/connect_timeout_seconds"],
      tls: ["/ssl"],
      certificate: ["/ssl/mode", "/ssl/ca_certificate"],
      "host-name": ["/host", "/ssl/mode"],
    },
    hints: {
      timeout:
        "Check that the host is reachable and the port is MySQL's (firewall, security group, bind-address), or raise connect_timeout_seconds.",
      tls: "Check the SSL mode and certificates (ssl): verify-ca and verify-full need the server's CA certificate in ssl.ca_certificate, and verify-full a certificate issued for the host name.",
      certificate:
        "The server's certificate is not signed by a CA this machine trusts: paste the CA's certificate (for a self-signed server, its own certificate) into CA Certificate, or set SSL Mode to require to encrypt without verifying.",
      "host-name":
        "The server's certificate was issued for another host name: connect with a name it lists, or set SSL Mode to verify-ca to check the CA only.",
    },
  });
  if (network) return network;
  if (CONNECTION_CODES.has(code) || e.fatal === true) {
    return new ConnectionError(message, {
      hint: "Check the host and port, and that the server is running and accepts connections.",
      cause: error,
    });
  }
  return new SourceError(message, { cause: error });
}
