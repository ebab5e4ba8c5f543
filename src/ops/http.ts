import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";
import { HeraldError } from "../core/errors.js";
import type { Logger } from "../core/log.js";
import type { Readiness } from "./readiness.js";

export interface OpsServerOptions {
  port: number;
  host: string;
  registry: Registry;
  readiness: Readiness;
  log: Logger;
}

export interface OpsServer {
  address(): AddressInfo;
  close(): Promise<void>;
}

/**
 * The operator's listener: `/healthz` (the process answers), `/readyz` (store, platforms and library
 * ready; 503 otherwise) and `/metrics` (Prometheus text format). Nothing else is served.
 */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const { registry, readiness, log } = options;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    const json = (status: number, body: unknown) => send(status, "application/json", `${JSON.stringify(body)}\n`);
    const respond = async () => {
      switch (path) {
        case "/healthz":
          return json(200, { ok: true });
        case "/readyz": {
          const report = await readiness.report();
          return json(report.ready ? 200 : 503, report);
        }
        case "/metrics":
          return send(200, registry.contentType, await registry.metrics());
        default:
          return json(404, { error: "not found; try /healthz, /readyz or /metrics" });
      }
    };
    respond().catch((err: unknown) => {
      log.error(`http: ${path} failed`, err);
      if (!res.headersSent) json(500, { error: "internal error" });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) =>
      reject(new HeraldError("bad_config", `http.port: cannot listen on ${options.host}:${options.port} (${err.code ?? err.message}; set HERALD_HTTP_PORT)`, { cause: err })),
    );
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  log.info(`http: health and metrics on http://${address.address}:${address.port} (/healthz, /readyz, /metrics)`);
  return {
    address: () => address,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
