import "server-only";
import client from "prom-client";
import { lastVerification } from "@/lib/data/audit-chain";
import { callbackBacklog, sealingState } from "@/lib/data/operations";
import { logFailure } from "@/lib/log";

// Gauges read from the database at each scrape: the callback queue and the
// audit chain are shared by every process, so each worker reports the same
// values and the cluster aggregate takes the largest rather than the sum.
// A scrape that cannot read the database leaves them as they were (and
// tessera_database_gauges_up at 0) rather than failing the whole scrape.

type Snapshot = {
  backlog: Awaited<ReturnType<typeof callbackBacklog>>;
  sealing: Awaited<ReturnType<typeof sealingState>>;
  verification: Awaited<ReturnType<typeof lastVerification>>;
};

// The registry collects every metric at once, so one read serves them all.
let reading: Promise<Snapshot | null> | undefined;
const snapshot = () =>
  (reading ??= Promise.all([callbackBacklog(), sealingState(), lastVerification()])
    .then(([backlog, sealing, verification]) => ({ backlog, sealing, verification }))
    .catch((error: unknown) => {
      logFailure("metrics: reading the database failed", error);
      return null;
    })
    .finally(() => (reading = undefined)));

function gauge(name: string, help: string, value: (snapshot: Snapshot) => number, aggregator: "max" | "min" = "max") {
  new client.Gauge({
    name,
    help,
    aggregator,
    async collect() {
      const read = await snapshot();
      if (read) this.set(value(read));
    },
  });
}

/** Registers the gauges in a server process (not in scripts, tests or the cluster's supervisor). */
export function registerDatabaseGauges(): void {
  gauge("tessera_callback_queue_depth", "State-callback deliveries pending", (s) => s.backlog.pending);
  gauge(
    "tessera_callback_oldest_pending_seconds",
    "Age of the oldest pending state-callback delivery (0 when none)",
    (s) => s.backlog.oldestPendingSeconds,
  );
  gauge(
    "tessera_callback_failed_last_day",
    "State-callback deliveries given up in the last 24 hours",
    (s) => s.backlog.failedLastDay,
  );
  gauge(
    "tessera_audit_sealing_lag_seconds",
    "Age of the oldest audit row not yet sealed into the hash chain (0 when all are)",
    (s) => s.sealing.lagSeconds,
  );
  gauge("tessera_audit_unsealed_rows", "Audit rows not yet sealed into the hash chain", (s) => s.sealing.unsealed);
  gauge(
    "tessera_audit_verify_ok",
    "1 when the last npm run audit:verify passed, 0 when it found a problem, -1 before any run",
    (s) => (s.verification ? (s.verification.ok ? 1 : 0) : -1),
    "min",
  );
  gauge(
    "tessera_audit_verify_timestamp_seconds",
    "When npm run audit:verify last ran (Unix time; 0 before any run)",
    (s) => (s.verification ? Date.parse(s.verification.at) / 1000 : 0),
  );
  new client.Gauge({
    name: "tessera_database_gauges_up",
    help: "1 when the last scrape could read the database-backed gauges, else 0",
    aggregator: "min",
    async collect() {
      this.set((await snapshot()) ? 1 : 0);
    },
  });
}
