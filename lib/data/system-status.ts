import "server-only";
import { readdirSync } from "node:fs";
import path from "node:path";
import { db } from "@/lib/db";
import { databaseUrl, env } from "@/lib/env";
import { lastVerification, type Verification } from "@/lib/data/audit-chain";
import { type ServerProcessDto, recentProcesses } from "@/lib/data/heartbeats";
import { type JobRun, lastJobRun } from "@/lib/data/job-runs";
import { type CallbackBacklog, type SealingState, callbackBacklog, sealingState } from "@/lib/data/operations";
import { Prisma, queryRows } from "@/lib/data/sql";
import { currentMasterKeyId, masterKeyId, sealedKeyId } from "@/lib/secrets/secret-box";
import { VERSION, nextBuildId } from "@/lib/version";

// Everything the System page shows, in one read: what runs, on what
// database, how the background work keeps up, and which master keys are
// configured; plus the problems found in it, each with what to do.

/** Something an operator should look at: its kind names the title and the fix in the catalogs (system.warnings). */
export const SYSTEM_WARNING_KINDS = [
  "migrationsPending",
  "versionsDiffer",
  "sealingLag",
  "callbacksWaiting",
  "callbacksGivenUp",
  "chainNeverVerified",
  "chainProblem",
  "chainStale",
  "retentionStale",
  "keysUnderPrevious",
  "previousKeysUnused",
] as const;
export type SystemWarningKind = (typeof SYSTEM_WARNING_KINDS)[number];
export type SystemWarning = { kind: SystemWarningKind; values: Record<string, string | number> };

export type SystemStatus = {
  version: string;
  build: string | null;
  database: { kind: "sqlite" | "postgresql"; applied: number; lastApplied: string | null; pending: string[] };
  processes: ServerProcessDto[];
  sealing: SealingState;
  callbacks: CallbackBacklog;
  retention: JobRun | null;
  verification: Verification | null;
  masterKey: { id: string; previousIds: string[]; keysUnderPrevious: number };
  warnings: SystemWarning[];
};

/** Thresholds past which the page warns; the Prometheus rules use the same (lib/metrics/prometheus-rules.yml). */
export const LIMITS = {
  sealingLagSeconds: 60,
  oldestCallbackSeconds: 600,
  verificationAgeDays: 7,
  retentionAgeHours: 3,
} as const;

function committedMigrations(kind: string): string[] {
  try {
    return readdirSync(path.join(process.cwd(), "prisma", "migrations", kind), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}

export async function systemStatus(now = new Date()): Promise<SystemStatus> {
  const { kind } = databaseUrl();
  const [applied, processes, sealing, callbacks, retention, verification, keys] = await Promise.all([
    queryRows<{ name: string }>(
      Prisma.sql`SELECT "migration_name" AS "name" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL ORDER BY "migration_name"`,
    ),
    recentProcesses(now),
    sealingState(now),
    callbackBacklog(now),
    lastJobRun("retention"),
    lastVerification(),
    db().signingKey.findMany({ select: { ciphertext: true } }),
  ]);
  const appliedNames = new Set(applied.map((row) => row.name));
  const current = currentMasterKeyId();
  const status: SystemStatus = {
    version: VERSION,
    build: nextBuildId(),
    database: {
      kind,
      applied: applied.length,
      lastApplied: applied.at(-1)?.name ?? null,
      pending: committedMigrations(kind).filter((name) => !appliedNames.has(name)),
    },
    processes,
    sealing,
    callbacks,
    retention,
    verification,
    masterKey: {
      id: current,
      previousIds: env().TESSERA_PREVIOUS_MASTER_KEYS.map(masterKeyId),
      keysUnderPrevious: keys.filter((key) => sealedKeyId(key.ciphertext) !== current).length,
    },
    warnings: [],
  };
  status.warnings = problems(status, now);
  return status;
}

function problems(status: SystemStatus, now: Date): SystemStatus["warnings"] {
  const warnings: SystemStatus["warnings"] = [];
  const warn = (kind: SystemWarningKind, values: SystemWarning["values"] = {}) => warnings.push({ kind, values });
  const hoursSince = (iso: string) => (now.getTime() - Date.parse(iso)) / 3600_000;
  if (status.database.pending.length > 0)
    warn("migrationsPending", { count: status.database.pending.length, names: status.database.pending.join(", ") });
  const versions = new Set(status.processes.map((process) => process.version));
  if (versions.size > 1) warn("versionsDiffer", { versions: [...versions].join("; ") });
  if (status.sealing.lagSeconds > LIMITS.sealingLagSeconds)
    warn("sealingLag", { count: status.sealing.unsealed, seconds: Math.round(status.sealing.lagSeconds) });
  if (status.callbacks.oldestPendingSeconds > LIMITS.oldestCallbackSeconds)
    warn("callbacksWaiting", {
      count: status.callbacks.pending,
      minutes: Math.round(status.callbacks.oldestPendingSeconds / 60),
    });
  if (status.callbacks.failedLastDay > 0) warn("callbacksGivenUp", { count: status.callbacks.failedLastDay });
  if (!status.verification) warn("chainNeverVerified");
  else if (!status.verification.ok) warn("chainProblem", { problem: status.verification.problem ?? "" });
  else if (hoursSince(status.verification.at) > LIMITS.verificationAgeDays * 24)
    warn("chainStale", { days: Math.floor(hoursSince(status.verification.at) / 24) });
  const oldestProcess = Math.min(...status.processes.map((process) => process.startedAt.getTime()));
  const upForHours = Number.isFinite(oldestProcess) ? (now.getTime() - oldestProcess) / 3600_000 : 0;
  if (
    upForHours > LIMITS.retentionAgeHours &&
    (!status.retention || hoursSince(status.retention.at) > LIMITS.retentionAgeHours)
  )
    warn("retentionStale");
  if (status.masterKey.keysUnderPrevious > 0) warn("keysUnderPrevious", { count: status.masterKey.keysUnderPrevious });
  else if (status.masterKey.previousIds.length > 0) warn("previousKeysUnused");
  return warnings;
}
