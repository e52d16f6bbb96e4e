import "server-only";
import { logRetriedFailure } from "@/lib/log";
import { onQueued, purgeDeliveries } from "@/lib/data/callback-outbox";
import { sweepSessionEnds } from "@/lib/data/session-ends";
import { DeliveryScheduler } from "@/lib/callbacks/scheduler";

// The state-callback worker: one per server process, started with the
// server (lib/jobs.ts), so what was queued before a restart goes out without
// waiting for new traffic. Every POLL_MS, at once when this process queues
// something, and whenever an attempt ends, its scheduler
// (lib/callbacks/scheduler.ts) claims what is due and has room, fairly
// across applications. Every SWEEP_MS it also looks for sessions that ran out
// (lib/data/session-ends.ts), and every PURGE_MS drops deliveries finished
// more than RETENTION_MS ago. Processes sharing a database share the work.
// stopCallbackWorker() ends it for a graceful shutdown.

const POLL_MS = 1000;
const SWEEP_MS = 2000;
const PURGE_MS = 10 * 60_000;
export const RETENTION_MS = 7 * 86_400_000;

type Worker = {
  timer: NodeJS.Timeout;
  unsubscribe: () => void;
  scheduler: DeliveryScheduler;
  /** The sweep and purge under way, if any. */
  chores: Promise<void> | null;
  lastSweep: number;
  lastPurge: number;
  errors: Map<string, string>;
};
// On globalThis, so a process whose bundles load this module twice still runs one worker.
const globalForWorker = globalThis as unknown as { tesseraCallbackWorker?: Worker };

export function startCallbackWorker(): void {
  if (globalForWorker.tesseraCallbackWorker) return;
  const errors = new Map<string, string>();
  const scheduler = new DeliveryScheduler((what, error) => report(errors, what, error));
  const worker: Worker = {
    // The timer does not keep the process alive: the server does.
    timer: setInterval(() => tick(worker), POLL_MS).unref(),
    unsubscribe: onQueued(() => void scheduler.pump()),
    scheduler,
    chores: null,
    lastSweep: 0,
    lastPurge: Date.now(),
    errors,
  };
  globalForWorker.tesseraCallbackWorker = worker;
  tick(worker);
}

/**
 * Stops this process's worker for a graceful shutdown: no new claims, the
 * attempts in flight finish (each within its 2 s timeout) and their outcomes
 * are recorded, which releases their claims, so another process or the next
 * start carries on at once instead of after a lease. Resolves when nothing
 * of it runs any more; a later startCallbackWorker() starts afresh.
 */
export async function stopCallbackWorker(): Promise<void> {
  const worker = globalForWorker.tesseraCallbackWorker;
  if (!worker) return;
  globalForWorker.tesseraCallbackWorker = undefined;
  clearInterval(worker.timer);
  worker.unsubscribe();
  await Promise.all([worker.scheduler.stop(), worker.chores]);
}

function tick(worker: Worker): void {
  void worker.scheduler.pump();
  worker.chores ??= chores(worker).finally(() => (worker.chores = null));
}

async function chores(worker: Worker): Promise<void> {
  const now = Date.now();
  if (now - worker.lastSweep >= SWEEP_MS) {
    worker.lastSweep = now;
    // The sweep wakes the scheduler itself (notifyQueued) when it queued something.
    await step(worker.errors, "sweeping ended sessions", () => sweepSessionEnds());
  }
  if (now - worker.lastPurge >= PURGE_MS) {
    worker.lastPurge = now;
    await step(worker.errors, "purging old deliveries", () => purgeDeliveries(new Date(now - RETENTION_MS)));
  }
}

async function step(errors: Map<string, string>, what: string, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
    report(errors, what, null);
  } catch (error) {
    report(errors, what, error);
  }
}

/** Logs a failure once per kind of work and message, not every second; it is retried on the next turn. */
function report(errors: Map<string, string>, what: string, error: unknown): void {
  if (error === null) {
    errors.delete(what);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (errors.get(what) !== message)
    logRetriedFailure("state callbacks", `state callbacks: ${what} failed; retrying`, error);
  errors.set(what, message);
}
