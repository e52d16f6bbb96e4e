import cluster from "node:cluster";
import { parseArgs } from "node:util";
import { env, type Env } from "@/lib/env";
import { startBackgroundJobs } from "@/lib/jobs";
import { configureLog, log } from "@/lib/log";
import { registerDatabaseGauges } from "@/lib/metrics/database-gauges";
import { answerClusterScrapes, serveMetrics } from "@/lib/metrics/endpoint";
import { collectProcessMetrics } from "@/lib/metrics/registry";
import { createServer } from "@/lib/server/http-server";
import { closeOnSignals } from "@/lib/server/shutdown";
import { VERSION, nextBuildId } from "@/lib/version";

// Tessera's server process (`npm start`, `npm run serve`, `npm run dev`):
//   -p, --port <n>      the port (else PORT, else 3000)
//   -H, --hostname <h>  the address to listen on (else TESSERA_HOST, else every interface)
//   --api-only          serve the machine routes only, without loading Next (else TESSERA_API_ONLY)
//   --dev               Next in development mode (npm run dev)
// With TESSERA_WORKERS=N above 1, this process forks N workers that share
// the port (node:cluster), restarts one that dies, and passes SIGTERM and
// SIGINT on to them. With TESSERA_METRICS_PORT, the process that is alone,
// or else the supervising one, serves the metrics (lib/metrics/endpoint.ts).

const { values: flags } = parseArgs({
  options: {
    port: { type: "string", short: "p" },
    hostname: { type: "string", short: "H" },
    "api-only": { type: "boolean" },
    dev: { type: "boolean" },
  },
});

function loadEnv(): Env {
  try {
    return env();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}

async function serve(config: Env): Promise<void> {
  // Before anything slow: the supervisor's scrape asks every forked worker,
  // and one that is still starting must answer (with its zeros), not time out.
  if (config.TESSERA_METRICS_PORT !== undefined && cluster.isWorker) answerClusterScrapes();
  const port = flags.port === undefined ? config.PORT : Number(flags.port);
  const host = flags.hostname ?? config.TESSERA_HOST;
  const apiOnly = flags["api-only"] || config.TESSERA_API_ONLY;
  let next = null;
  if (!apiOnly) {
    // Loaded only here: an API-only node needs no build and starts without it.
    const { default: createNext } = await import("next");
    const app = createNext({ dev: flags.dev ?? false, dir: process.cwd(), hostname: host ?? "localhost", port });
    await app.prepare();
    next = app.getRequestHandler();
  }
  const server = createServer(next);
  try {
    await server.listen({ port, host: host ?? "::" });
  } catch (error) {
    // A system without IPv6 cannot listen on "::"; every IPv4 interface then.
    if (host !== undefined || (error as { code?: string }).code !== "EAFNOSUPPORT") throw error;
    await server.listen({ port, host: "0.0.0.0" });
  }
  collectProcessMetrics(VERSION);
  registerDatabaseGauges();
  if (config.TESSERA_METRICS_PORT !== undefined && !cluster.isWorker) await startMetrics(config, false);
  const build = apiOnly ? null : nextBuildId();
  startBackgroundJobs({
    role: apiOnly ? "api-only" : "full",
    workers: config.TESSERA_WORKERS,
    version: build ? `${VERSION} (build ${build})` : VERSION,
    startedAt: new Date(),
  });
  closeOnSignals(server, config.TESSERA_SHUTDOWN_SECONDS * 1000);
  log.info({ port, host: host ?? "*", apiOnly, worker: cluster.worker?.id }, "Tessera is listening");
}

async function startMetrics(config: Env, aggregate: boolean): Promise<void> {
  const { port } = await serveMetrics({
    port: config.TESSERA_METRICS_PORT!,
    host: config.TESSERA_METRICS_HOST,
    cluster: aggregate,
  });
  log.info({ metricsPort: port, host: config.TESSERA_METRICS_HOST }, "metrics at GET /metrics");
}

function supervise(workers: number): void {
  const started = new Map<number, number>();
  const fork = () => started.set(cluster.fork().id, Date.now());
  let stopping = false;
  let failed = false;
  cluster.on("exit", (worker, code, signal) => {
    failed ||= code !== 0;
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(failed ? 1 : 0);
      return;
    }
    // One that dies at once (a port in use, a bad setting) would only die again.
    if (Date.now() - (started.get(worker.id) ?? 0) < 5000) {
      log.error({ worker: worker.id, code, signal }, "a worker stopped as it started; stopping");
      stop();
      return;
    }
    log.error({ worker: worker.id, code, signal }, "a worker stopped; starting another");
    fork();
  });
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  for (let i = 0; i < workers; i++) fork();
}

const config = loadEnv();
configureLog({ level: config.TESSERA_LOG_LEVEL, readable: flags.dev ?? false });
if (cluster.isPrimary && config.TESSERA_WORKERS > 1) {
  supervise(config.TESSERA_WORKERS);
  if (config.TESSERA_METRICS_PORT !== undefined)
    startMetrics(config, true).catch((error: unknown) => {
      console.error(`Tessera could not serve metrics: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
} else
  serve(config).catch((error: unknown) => {
    console.error(`Tessera could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
