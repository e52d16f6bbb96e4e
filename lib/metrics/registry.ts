import "server-only";
import client from "prom-client";

// Tessera's Prometheus metrics, in prom-client's default registry (which its
// cluster aggregator reads from each worker, lib/metrics/endpoint.ts). The
// code that does the work counts through the helpers below, so labels are
// made in one place: no label ever holds a UserID, email, token, key or
// address, and applications are labelled by SDKAppID only up to
// MAX_APP_LABELS per process (the rest as "other"), because every distinct
// label value is a time series Prometheus keeps.

// Next's server bundle loads its own copy of this module (console actions
// count issued UserSigs too), so the metrics live on globalThis: a second
// registration of the same name would throw, and a second set would never
// be scraped. prom-client itself is left out of the bundle (next.config.ts),
// so both copies see one registry.
const globalForMetrics = globalThis as unknown as { tesseraMetrics?: ReturnType<typeof createMetrics> };

/** Seconds; the upper bounds suit the API's millisecond answers and the console's slower pages. */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];

const createMetrics = () => ({
  labelledApps: new Set<number>(),
  httpRequests: new client.Counter({
    name: "tessera_http_requests_total",
    help: "HTTP requests answered, by route template (console: Next's pages), method and status",
    labelNames: ["route", "method", "status"] as const,
  }),
  httpDuration: new client.Histogram({
    name: "tessera_http_request_duration_seconds",
    help: "Time from a request's arrival to the end of its answer, by route template, method and status",
    labelNames: ["route", "method", "status"] as const,
    buckets: DURATION_BUCKETS,
  }),
  logins: new client.Counter({
    name: "tessera_logins_total",
    help: "App-user logins (POST /api/v1/login) by application and result code (0: logged in)",
    labelNames: ["app", "code"] as const,
  }),
  issued: new client.Counter({
    name: "tessera_usersigs_issued_total",
    help: "UserSigs and PrivateMapKeys issued (App Servers and the console), by application and kind",
    labelNames: ["app", "kind"] as const,
  }),
  revoked: new client.Counter({
    name: "tessera_usersigs_revoked_total",
    help: "UserSigs revoked, by application",
    labelNames: ["app"] as const,
  }),
  restCalls: new client.Counter({
    name: "tessera_rest_calls_total",
    help: "/v4 REST calls by command (unknown: not one of Tessera's) and ErrorCode (0: OK)",
    labelNames: ["command", "code"] as const,
  }),
  throttled: new client.Counter({
    name: "tessera_throttle_refusals_total",
    help: "Requests refused by a throttle, by kind (login or admin attempts per client, per client and UserID, per UserID; the REST limit)",
    labelNames: ["kind"] as const,
  }),
  callbackDeliveries: new client.Counter({
    name: "tessera_callback_deliveries_total",
    help: "State-callback delivery attempts by result (delivered; retrying: failed, tried again later; failed: given up)",
    labelNames: ["result"] as const,
  }),
  batchSize: new client.Histogram({
    name: "tessera_group_commit_batch_size",
    help: "Calls that shared one database round trip (group commit, lib/data/batch.ts)",
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
  }),
  databaseErrors: new client.Counter({
    name: "tessera_database_errors_total",
    help: "Unexpected database errors, by the error's class",
    labelNames: ["kind"] as const,
  }),
});

export const metrics = (globalForMetrics.tesseraMetrics ??= createMetrics());

/** The most applications one process labels by SDKAppID; the others count as "other". */
export const MAX_APP_LABELS = 20;
const labelledApps = metrics.labelledApps;

/**
 * An application's label. Only an application shown to exist (a login or an
 * issue that succeeded) earns a label of its own, so requests naming random
 * SDKAppIDs cannot use up the labels.
 */
export function appLabel(sdkAppId: number, exists: boolean): string {
  if (labelledApps.has(sdkAppId)) return String(sdkAppId);
  if (!exists || labelledApps.size >= MAX_APP_LABELS) return "other";
  labelledApps.add(sdkAppId);
  return String(sdkAppId);
}

export function countLogin(sdkAppId: number, code: number): void {
  metrics.logins.inc({ app: appLabel(sdkAppId, code === 0), code: String(code) });
}

export function countIssued(sdkAppId: number, kind: "usersig" | "privatemapkey", count: number): void {
  metrics.issued.inc({ app: appLabel(sdkAppId, true), kind }, count);
}

export function countRevoked(sdkAppId: number, count: number): void {
  if (count > 0) metrics.revoked.inc({ app: appLabel(sdkAppId, true) }, count);
}

export type ThrottleKind = "login:client" | "login:userId" | "admin:client" | "admin:userId" | "rest";

export function countThrottled(kind: ThrottleKind): void {
  metrics.throttled.inc({ kind });
}

/** The classes Prisma, better-sqlite3 and pg throw; anything else is not the database's. */
const DATABASE_ERROR = /^(Prisma\w*Error|DriverAdapterError|SqliteError|DatabaseError)$/;

export function countDatabaseError(errorName: string): void {
  if (DATABASE_ERROR.test(errorName)) metrics.databaseErrors.inc({ kind: errorName });
}

/** The process metrics (CPU, memory, event-loop lag, handles) and the build; once per process, by the server. */
export function collectProcessMetrics(version: string): void {
  client.collectDefaultMetrics();
  new client.Gauge({
    name: "tessera_build_info",
    help: "Always 1; the labels name the version and Node.js release this process runs",
    labelNames: ["version", "node"] as const,
    aggregator: "max",
  }).set({ version, node: process.version }, 1);
}
