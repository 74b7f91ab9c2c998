/**
 * The shared SSL definition (schemas/definitions/ssl.json) as Node's `tls.connect` options, for
 * the drivers that pass them on (node-postgres, mysql2). Whether a mode encrypts at all is the
 * connector's to say: drivers differ on `allow` and `prefer`.
 */

/**
 * A config's `ssl` value. The SDK states the shape itself rather than importing one project's
 * generated type; the generated `Ssl` of any tree that uses the shared definition fits it.
 */
export interface SslSettings {
  mode: "disable" | "allow" | "prefer" | "require" | "verify-ca" | "verify-full";
  verify_server_certificate?: boolean;
  ca_certificate?: string;
  client_certificate?: string;
  client_key?: string;
  client_key_password?: string;
}

export interface TlsOptions {
  rejectUnauthorized: boolean;
  ca?: string;
  cert?: string;
  key?: string;
  passphrase?: string;
  /** Set for verify-ca: the chain is verified, the host name is not. */
  checkServerIdentity?: () => undefined;
}

/**
 * The options of an encrypted connection in `ssl.mode`: verify-full checks the chain and the
 * host name, verify-ca only the chain, the other modes only when verify_server_certificate asks.
 */
export function tlsOptions(ssl: SslSettings): TlsOptions {
  const material = {
    ...(ssl.ca_certificate !== undefined && { ca: ssl.ca_certificate }),
    ...(ssl.client_certificate !== undefined && { cert: ssl.client_certificate }),
    ...(ssl.client_key !== undefined && { key: ssl.client_key }),
    ...(ssl.client_key_password !== undefined && { passphrase: ssl.client_key_password }),
  };
  switch (ssl.mode) {
    case "verify-ca":
      return { rejectUnauthorized: true, ...material, checkServerIdentity: () => undefined };
    case "verify-full":
      return { rejectUnauthorized: true, ...material };
    default:
      return { rejectUnauthorized: ssl.verify_server_certificate ?? false, ...material };
  }
}
