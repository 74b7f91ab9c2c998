/** The shared SSH tunnel definition (schemas/definitions/ssh-tunnel.json) as ssh2-style options. */
import { ConfigError } from "./errors.js";

/**
 * A config's `ssh_tunnel` value, as schemas/definitions/ssh-tunnel.json describes it. The SDK
 * states the shape itself rather than importing one project's generated type; the generated
 * `SshTunnel` of any tree that uses the shared definition is assignable to it.
 */
export type SshTunnel =
  | { tunnel_method: "NO_TUNNEL" }
  | {
      tunnel_method: "SSH_PASSWORD_AUTH";
      tunnel_host: string;
      tunnel_port: number;
      tunnel_user: string;
      tunnel_user_password: string;
    }
  | {
      tunnel_method: "SSH_KEY_AUTH";
      tunnel_host: string;
      tunnel_port: number;
      tunnel_user: string;
      ssh_key: string;
      ssh_key_passphrase?: string;
    };

/** An ssh2-style description of the tunnel to open first, or null to connect directly. */
export type TunnelOptions = null | {
  host: string;
  port: number;
  username: string;
  password?: string;
  privateKey?: string;
  passphrase?: string;
};

/** The SSH tunnel to open before connecting, from the `ssh_tunnel` union. */
export function tunnelOptions(tunnel: SshTunnel = { tunnel_method: "NO_TUNNEL" }): TunnelOptions {
  switch (tunnel.tunnel_method) {
    case "NO_TUNNEL":
      return null;
    case "SSH_PASSWORD_AUTH":
      return {
        host: tunnel.tunnel_host,
        port: tunnel.tunnel_port,
        username: tunnel.tunnel_user,
        password: tunnel.tunnel_user_password,
      };
    case "SSH_KEY_AUTH":
      return {
        host: tunnel.tunnel_host,
        port: tunnel.tunnel_port,
        username: tunnel.tunnel_user,
        privateKey: tunnel.ssh_key,
        ...(tunnel.ssh_key_passphrase !== undefined && { passphrase: tunnel.ssh_key_passphrase }),
      };
    default: {
      const unreachable: never = tunnel;
      throw new Error(`unknown tunnel method ${JSON.stringify(unreachable)}`);
    }
  }
}

/**
 * Throws the ConfigError every connector gives while the runtime opens no tunnels itself: a
 * config may name one (the schema allows it), but only NO_TUNNEL can run.
 */
export function refuseTunnel(tunnel: SshTunnel | undefined): void {
  if (tunnel && tunnel.tunnel_method !== "NO_TUNNEL") {
    throw new ConfigError("SSH tunnels are not supported by the onespec runtime yet", {
      hint: "Open the tunnel yourself (ssh -L) and point host and port at its local end, with ssh_tunnel set to NO_TUNNEL.",
    });
  }
}

/** Parses extra driver parameters written as `a=1&b=2` into {a: "1", b: "2"}. */
export function parseConnectionParams(params: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!params) return out;
  for (const pair of params.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    if (eq < 0) out[pair] = "";
    else out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}
