/**
 * Test helpers: requests with exactly the headers a test says (Host, Origin, Sec-Fetch-Site),
 * which fetch does not allow, and small servers that record everything they receive.
 */
import http from "node:http";
import net from "node:net";

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: any;
}

/** One HTTP/1.1 request to `base` (http://127.0.0.1:port) with the given headers and JSON body. */
export function request(
  base: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: unknown; raw?: string } = {},
): Promise<RawResponse> {
  const url = new URL(base);
  const body =
    options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        agent: false,
        headers: {
          ...(body !== undefined && { "content-type": "application/json" }),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Writes `text` on a fresh TCP connection and resolves with all the server sent before closing. */
export function rawExchange(port: number, text: string, waitMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let got = "";
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open for ${waitMs} ms`));
    }, waitMs);
    socket.on("data", (d: Buffer) => (got += d.toString("latin1")));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(got);
    });
    socket.write(text);
  });
}

/** A TCP server that records every connection and every byte it is sent. */
export interface Recorder {
  port: number;
  connections: number;
  received(): string;
  close(): Promise<void>;
}

function recording(
  server: net.Server,
  rec: { connections: number; chunks: Buffer[] },
): Promise<Recorder> {
  server.on("connection", (socket: net.Socket) => {
    rec.connections++;
    socket.on("data", (d: Buffer) => rec.chunks.push(d));
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({
        port,
        get connections() {
          return rec.connections;
        },
        received: () => Buffer.concat(rec.chunks).toString("latin1"),
        close: () =>
          new Promise<void>((done) => {
            (server as http.Server).closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}

/** A plain TCP listener that accepts and records (a fake database server). */
export function tcpRecorder(): Promise<Recorder> {
  return recording(net.createServer(), { connections: 0, chunks: [] });
}

/** An HTTP server that records everything and answers with `handler` (default 200 `[]`). */
export function httpRecorder(
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" }).end("[]");
  },
): Promise<Recorder> {
  return recording(http.createServer(handler), { connections: 0, chunks: [] });
}
