import "server-only";
import { startCallbackWorker, stopCallbackWorker } from "@/lib/callbacks/worker";
import { startHeartbeat, stopHeartbeat, type ThisProcess } from "@/lib/data/heartbeats";
import { startRetention, stopRetention } from "@/lib/data/retention";
import { logFailure } from "@/lib/log";

// The server's background jobs, started once per server process when its
// server listens (lib/server/main.ts) and stopped when it shuts down. Scripts
// (npm run setup, keys:rewrap, audit:*) and tests that import lib/data never
// start a job. Each job is idempotent to start and keeps its own timer.

type Job = { name: string; start: (me: ThisProcess) => void; stop: () => Promise<void> };

const JOBS: Job[] = [
  {
    name: "state callbacks: delivery, session-expiry sweep, purge",
    start: startCallbackWorker,
    stop: stopCallbackWorker,
  },
  {
    name: "retention: expired sessions, old ledger rows, revocations, throttle windows",
    start: startRetention,
    stop: stopRetention,
  },
  { name: "heartbeat: this process on the System page", start: startHeartbeat, stop: stopHeartbeat },
];

export function startBackgroundJobs(me: ThisProcess): void {
  for (const job of JOBS) {
    try {
      job.start(me);
    } catch (error) {
      logFailure(`background job "${job.name}" did not start`, error);
    }
  }
}

/** Stops every job; resolves when the work each had under way is done. */
export async function stopBackgroundJobs(): Promise<void> {
  await Promise.all(JOBS.map((job) => job.stop().catch((error) => logFailure(`stopping "${job.name}"`, error))));
}
