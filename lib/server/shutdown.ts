import "server-only";
import { type Server } from "node:http";
import { closeDatabase } from "@/lib/db";
import { drainAll } from "@/lib/drains";
import { stopBackgroundJobs } from "@/lib/jobs";
import { log, logFailure } from "@/lib/log";

// Graceful shutdown on SIGTERM or SIGINT, in the order that loses nothing:
// stop accepting and answer the requests in flight (their writes, group
// commits included, finish with them); stop the jobs, whose deliveries under
// way are recorded, so none stays claimed; write what is held in memory (the
// audit coalescer's repeats); close the database; exit 0. Requests still
// running after `graceMs` have their connections closed.

/** What is closed: the Fastify instance, which owns the HTTP server. */
type Closable = { close: () => PromiseLike<unknown>; server: Server };

export function closeOnSignals(app: Closable, graceMs: number): void {
  let closing = false;
  const close = async (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, "shutting down: answering the requests in flight");
    const force = setTimeout(() => app.server.closeAllConnections(), graceMs).unref();
    try {
      await app.close();
      clearTimeout(force);
      await stopBackgroundJobs();
      await drainAll();
      await closeDatabase();
      log.info("stopped");
      process.exit(0);
    } catch (error) {
      logFailure("shutdown failed", error);
      process.exit(1);
    }
  };
  process.once("SIGTERM", close);
  process.once("SIGINT", close);
}
