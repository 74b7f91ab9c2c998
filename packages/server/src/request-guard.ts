/**
 * Who may talk to `onespec serve`. Two checks, before a request's body is read:
 *
 * - Host: only a loopback name (`localhost`, `127.0.0.1`, `[::1]`) with the port the request
 *   came in on, or a host given in `allowedHosts` (the address `serve` binds, `--allowed-host`).
 *   A page that rebinds its own DNS name to 127.0.0.1 still sends its own name, and is refused.
 * - Origin, on state-changing requests (POST, PUT, PATCH, DELETE): an `Origin` header must be
 *   the origin of an allowed host; without one, a browser's `Sec-Fetch-Site` must say the
 *   request is same-origin (or user-initiated). Clients that send neither (curl, scripts) pass.
 */
import { isIPv6 } from "node:net";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "::1"]);
/** Addresses that mean "every interface": never a Host a client sends. */
const WILDCARD = new Set(["0.0.0.0", "::", ""]);
const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

interface HostPort {
  /** Lower case, IPv6 without brackets, no trailing dot. */
  name: string;
  port?: number;
}

/** Parses a Host header value (or an allowed host): `name`, `name:port`, `[v6]`, `[v6]:port`. */
export function parseHost(value: string): HostPort | undefined {
  const text = value.trim();
  if (isIPv6(text)) return { name: text.toLowerCase() };
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^\s:[\]/@?#]+))(?::(\d{1,5}))?$/.exec(text);
  if (!m) return undefined;
  const name = (m[1] ?? m[2]).toLowerCase().replace(/\.$/, "");
  if (m[1] !== undefined && !isIPv6(name)) return undefined;
  const port = m[3] === undefined ? undefined : Number(m[3]);
  if (port !== undefined && port > 65535) return undefined;
  return { name, ...(port !== undefined && { port }) };
}

export interface HostPolicy {
  /** Hosts accepted besides loopback, each `name` or `name:port` (a bare name: no port or the listening port). */
  allowedHosts?: readonly string[];
}

/** A checker for Host-like values, given the port a request arrived on. */
export function hostChecker(policy: HostPolicy): (host: HostPort, localPort?: number) => boolean {
  const allowed: HostPort[] = [];
  for (const entry of policy.allowedHosts ?? []) {
    const parsed = parseHost(entry);
    if (!parsed)
      throw new Error(
        `allowed host ${JSON.stringify(entry)} is not a host name or address (with an optional :port)`,
      );
    if (!WILDCARD.has(parsed.name)) allowed.push(parsed);
  }
  // Without a real socket (app.inject) there is no port to compare.
  const samePort = (port: number | undefined, localPort: number | undefined) =>
    localPort === undefined || port === localPort || (port === undefined && localPort === 80);
  return (host, localPort) =>
    (LOOPBACK.has(host.name) && samePort(host.port, localPort)) ||
    allowed.some(
      (a) =>
        a.name === host.name &&
        (a.port !== undefined
          ? host.port === a.port
          : host.port === undefined || samePort(host.port, localPort)),
    );
}

/** The Origin header as a host, when it is an http(s) origin; undefined for anything else ("null", paths). */
function originHost(origin: string): HostPort | undefined {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return undefined;
  }
  if (
    (url.protocol !== "http:" && url.protocol !== "https:") ||
    url.origin !== origin.replace(/\/$/, "")
  )
    return undefined;
  return parseHost(url.host);
}

const clip = (s: string) => JSON.stringify(s.length > 100 ? `${s.slice(0, 100)}…` : s);

/** Adds the Host and Origin checks to every request of `app` (403 JSON when refused). */
export function guardRequests(app: FastifyInstance, policy: HostPolicy): void {
  const allowed = hostChecker(policy);
  const refuse = (reply: FastifyReply, error: string) =>
    reply.code(403).header("connection", "close").send({ error });
  app.addHook("onRequest", async (request: FastifyRequest, reply: FastifyReply) => {
    const localPort = request.raw.socket?.localPort;
    const hostHeader = request.headers.host;
    const host = hostHeader === undefined ? undefined : parseHost(hostHeader);
    if (!host || !allowed(host, localPort))
      return refuse(
        reply,
        `refused: the Host ${hostHeader === undefined ? "header is missing" : clip(hostHeader)}${hostHeader === undefined ? "" : " is not this server"}; onespec serve answers only requests for localhost, 127.0.0.1 or [::1] with its port, or a host given with --allowed-host`,
      );
    if (!STATE_CHANGING.has(request.method)) return;
    const origin = request.headers.origin;
    if (origin !== undefined) {
      const from = originHost(origin);
      if (!from || !allowed(from, localPort))
        return refuse(
          reply,
          `refused: a ${request.method} from the origin ${clip(origin)}; onespec serve accepts changes only from its own pages`,
        );
      return;
    }
    const site = request.headers["sec-fetch-site"];
    if (site !== undefined && site !== "same-origin" && site !== "none")
      return refuse(
        reply,
        `refused: a ${request.method} from a ${clip(String(site))} page without an Origin; onespec serve accepts changes only from its own pages`,
      );
  });
}
