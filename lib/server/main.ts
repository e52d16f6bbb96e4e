import cluster from "node:cluster";
import { parseArgs } from "node:util";
import { env, type Env } from "@/lib/env";
import { startBackgroundJobs } from "@/lib/jobs";
import { log } from "@/lib/log";
import { createServer } from "@/lib/server/http-server";
import { closeOnSignals } from "@/lib/server/shutdown";

// Tessera's server process (`npm start`, `npm run serve`, `npm run dev`):
//   -p, --port <n>      the port (else PORT, else 3000)
//   -H, --hostname <h>  the address to listen on (else TESSERA_HOST, else every interface)
//   --api-only          serve the machine routes only, without loading Next (else TESSERA_API_ONLY)
//   --dev               Next in development mode (npm run dev)
// With TESSERA_WORKERS=N above 1, this process forks N workers that share
// the port (node:cluster), restarts one that dies, and passes SIGTERM and
// SIGINT on to them.

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
  startBackgroundJobs();
  closeOnSignals(server, config.TESSERA_SHUTDOWN_SECONDS * 1000);
  log.info({ port, host: host ?? "*", apiOnly, worker: cluster.worker?.id }, "Tessera is listening");
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
if (cluster.isPrimary && config.TESSERA_WORKERS > 1) supervise(config.TESSERA_WORKERS);
else
  serve(config).catch((error: unknown) => {
    console.error(`Tessera could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
