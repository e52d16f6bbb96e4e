import "server-only";
import { callbackTargets, type CallbackTarget } from "@/lib/data/callback-config";
import {
  type ClaimedDelivery,
  type DeliveryOutcome,
  claimDeliveries,
  completeDelivery,
  onQueued,
  purgeDeliveries,
} from "@/lib/data/callback-outbox";
import { sweepSessionEnds } from "@/lib/data/session-ends";
import { postCallback } from "@/lib/callbacks/deliver";
import { stateChangeBody, stateChangeUrl } from "@/lib/callbacks/state-change";
import { log, logRetriedFailure } from "@/lib/log";
import { metrics } from "@/lib/metrics/registry";

// The state-callback worker: one per server process, started with the
// server (lib/jobs.ts), so what was queued before a restart goes out without
// waiting for new traffic. Every POLL_MS, and at once when this process
// queues something, it sends every due delivery: it claims up to BATCH (at
// most one per app and UserID, lib/data/callback-outbox.ts), posts them at
// the same time, records each outcome, and repeats until nothing is due.
// Every SWEEP_MS it also looks for sessions that ran out
// (lib/data/session-ends.ts), and every PURGE_MS drops deliveries finished
// more than RETENTION_MS ago. Processes sharing a database share the work.

const POLL_MS = 1000;
const SWEEP_MS = 2000;
const PURGE_MS = 10 * 60_000;
export const RETENTION_MS = 7 * 86_400_000;
const BATCH = 16;
// Longer than an attempt can take (a 2 s timeout, then one UPDATE), so a
// claim outlives its attempt; a crashed process's claims free up after it.
export const LEASE_MS = 15_000;

type Worker = {
  timer?: NodeJS.Timeout;
  running: boolean;
  stopped?: boolean;
  /** The run under way, which stopCallbackWorker waits for. */
  current?: Promise<void>;
  again: boolean;
  lastSweep: number;
  lastPurge: number;
  errors: Map<string, string>;
};
// On globalThis, so a process whose bundles load this module twice still runs one worker.
const globalForWorker = globalThis as unknown as { tesseraCallbackWorker?: Worker };

export function startCallbackWorker(): void {
  const worker: Worker = (globalForWorker.tesseraCallbackWorker ??= {
    running: false,
    again: false,
    lastSweep: 0,
    lastPurge: Date.now(),
    errors: new Map(),
  });
  if (worker.timer) return;
  worker.stopped = false;
  // The timer does not keep the process alive: the server does.
  worker.timer = setInterval(() => void run(worker), POLL_MS).unref();
  onQueued(() => void run(worker));
  void run(worker);
}

/**
 * Stops this process's worker: no new claims, and resolves once the attempts
 * under way have been recorded, so a stopping server leaves nothing claimed.
 */
export async function stopCallbackWorker(): Promise<void> {
  const worker = globalForWorker.tesseraCallbackWorker;
  if (!worker) return;
  worker.stopped = true;
  clearInterval(worker.timer);
  worker.timer = undefined;
  await worker.current;
}

function run(worker: Worker): Promise<void> {
  if (worker.stopped) return Promise.resolve();
  if (worker.running) {
    worker.again = true;
    return worker.current ?? Promise.resolve();
  }
  worker.running = true;
  worker.current = runUntilIdle(worker);
  return worker.current;
}

async function runUntilIdle(worker: Worker): Promise<void> {
  try {
    do {
      worker.again = false;
      const now = Date.now();
      if (now - worker.lastSweep >= SWEEP_MS) {
        worker.lastSweep = now;
        await step(worker, "sweeping ended sessions", () => sweepSessionEnds());
      }
      if (now - worker.lastPurge >= PURGE_MS) {
        worker.lastPurge = now;
        await step(worker, "purging old deliveries", () => purgeDeliveries(new Date(now - RETENTION_MS)));
      }
      while (!worker.stopped && (await step(worker, "delivering", deliverDue))) {
        // until nothing is due
      }
    } while (worker.again && !worker.stopped);
  } finally {
    worker.running = false;
  }
}

/** Runs one kind of work; a failure is logged once per kind and message (not every second) and retried on the next turn. */
async function step<T>(worker: Worker, what: string, work: () => Promise<T>): Promise<T | undefined> {
  try {
    const result = await work();
    worker.errors.delete(what);
    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // By class and code (a database error's message can hold the statement's values).
    if (worker.errors.get(what) !== message)
      logRetriedFailure("state callbacks", `state callbacks: ${what} failed; retrying`, error);
    worker.errors.set(what, message);
    return undefined;
  }
}

/** One batch: returns whether there was anything to send. */
async function deliverDue(): Promise<boolean> {
  const claims = await claimDeliveries(BATCH, LEASE_MS);
  if (claims.length === 0) return false;
  const targets = await callbackTargets([...new Set(claims.map((claim) => claim.sdkAppId))]);
  const results = await Promise.all(
    claims.map(async (claim) => completeDelivery(claim, await attempt(claim, targets.get(claim.sdkAppId)))),
  );
  for (const result of results) metrics.callbackDeliveries.inc({ result: result === "pending" ? "retrying" : result });
  const count = (status: string) => results.filter((result) => result === status).length;
  log.debug(
    { job: "state callbacks", delivered: count("delivered"), retrying: count("pending"), failed: count("failed") },
    "state callbacks sent",
  );
  return true;
}

async function attempt(
  claim: ClaimedDelivery,
  target: CallbackTarget | { error: string } | undefined,
): Promise<DeliveryOutcome> {
  if (!target)
    return {
      ok: false,
      status: null,
      latencyMs: null,
      error: "State callbacks are not configured for this application.",
      final: true,
    };
  if ("error" in target) return { ok: false, status: null, latencyMs: null, error: target.error };
  // RequestTime is the attempt's own, so a receiver can refuse stale requests (Tencent suggests one minute).
  const signing =
    target.token === null ? undefined : { token: target.token, requestTime: Math.floor(Date.now() / 1000) };
  return postCallback(stateChangeUrl(target.url, claim, signing), stateChangeBody(claim));
}
