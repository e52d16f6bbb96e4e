import "server-only";
import { startCallbackWorker } from "@/lib/callbacks/worker";
import { startRetention } from "@/lib/data/retention";

// The server's background jobs, started once per server process when the
// server starts: GET /api/v1/health calls startBackgroundJobs(), and
// lib/server-preload.cjs (loaded into every `npm start` and `npm run dev`
// process) requests that route as soon as the server listens. (Next's
// instrumentation hook would need a file at the project's root, whose layout
// is fixed.) Only that route imports this module, so scripts (npm run setup,
// keys:rewrap, audit:*) and tests that import lib/data never start a job.
// Each job is idempotent to start and keeps its own timer.

type Job = { name: string; start: () => void };

const JOBS: Job[] = [
  { name: "state callbacks: delivery, session-expiry sweep, purge", start: startCallbackWorker },
  { name: "retention: expired sessions, old ledger rows, revocations, throttle windows", start: startRetention },
];

const globalForJobs = globalThis as unknown as { tesseraJobsStarted?: boolean };

export function startBackgroundJobs(): void {
  if (globalForJobs.tesseraJobsStarted) return;
  globalForJobs.tesseraJobsStarted = true;
  for (const job of JOBS) {
    try {
      job.start();
    } catch (error) {
      console.error(
        `background job "${job.name}" did not start: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
