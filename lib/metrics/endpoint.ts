import "server-only";
import http from "node:http";
import client from "prom-client";

// The Prometheus endpoint: GET /metrics on a port of its own
// (TESSERA_METRICS_PORT), apart from the public one, so a balancer never
// exposes it. In a single process it reads this process's registry. With
// TESSERA_WORKERS, the supervising process serves it and prom-client's
// AggregatorRegistry asks every worker over the cluster's IPC channel, so one
// scrape gives the totals: counters and histograms are summed, gauges read
// from the shared database take the largest (every worker reads the same).
// This module imports nothing of Tessera's, so the supervisor loads no database code.

export type MetricsEndpoint = { server: http.Server; port: number };

export function serveMetrics(options: { port: number; host: string; cluster: boolean }): Promise<MetricsEndpoint> {
  const aggregator = options.cluster ? new client.AggregatorRegistry() : null;
  const server = http.createServer((request, response) => {
    if (request.method !== "GET" || (request.url ?? "").split("?")[0] !== "/metrics") {
      response.writeHead(404, { "Content-Type": "text/plain" }).end("Not found: GET /metrics\n");
      return;
    }
    const scrape = aggregator ? aggregator.clusterMetrics() : client.register.metrics();
    scrape.then(
      (text) => response.writeHead(200, { "Content-Type": client.register.contentType }).end(text),
      () => response.writeHead(503, { "Content-Type": "text/plain" }).end("The metrics could not be collected.\n"),
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      const address = server.address();
      resolve({ server, port: typeof address === "object" && address ? address.port : options.port });
    });
  });
}

/** In a worker: answers the supervisor's requests for this process's metrics (prom-client installs the listener). */
export function answerClusterScrapes(): void {
  new client.AggregatorRegistry();
}
