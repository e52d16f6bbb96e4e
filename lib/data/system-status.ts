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
  warnings: { title: string; fix: string }[];
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
  const warn = (title: string, fix: string) => warnings.push({ title, fix });
  const hoursSince = (iso: string) => (now.getTime() - Date.parse(iso)) / 3600_000;
  if (status.database.pending.length > 0)
    warn(
      `${status.database.pending.length} database migration(s) not applied: ${status.database.pending.join(", ")}.`,
      "Run `npm run setup` with this DATABASE_URL (servers refuse to start until it has run).",
    );
  const versions = new Set(status.processes.map((process) => process.version));
  if (versions.size > 1)
    warn(
      `Server processes run different versions or builds: ${[...versions].join("; ")}.`,
      "Finish the upgrade: build once and deploy the same build to every node, then restart the old ones.",
    );
  if (status.sealing.lagSeconds > LIMITS.sealingLagSeconds)
    warn(
      `${status.sealing.unsealed} audit row(s) have waited ${Math.round(status.sealing.lagSeconds)} s to be sealed into the hash chain.`,
      "Look for `audit: sealing failed` in the servers' logs; the database may be refusing writes or be out of space.",
    );
  if (status.callbacks.oldestPendingSeconds > LIMITS.oldestCallbackSeconds)
    warn(
      `${status.callbacks.pending} state callback(s) are waiting, the oldest for ${Math.round(status.callbacks.oldestPendingSeconds / 60)} minutes.`,
      "Open the applications' Callbacks pages: a receiving App Server is down or answering errors.",
    );
  if (status.callbacks.failedLastDay > 0)
    warn(
      `${status.callbacks.failedLastDay} state callback(s) were given up in the last 24 hours.`,
      "The applications' Callbacks pages show each delivery's error; fix the receiver and resend.",
    );
  if (!status.verification)
    warn(
      "The audit chain has never been verified.",
      "Run `npm run audit:verify`, and from cron every day; keep the printed head hash elsewhere.",
    );
  else if (!status.verification.ok)
    warn(
      `The last audit:verify found a problem: ${status.verification.problem}.`,
      "The audit trail was changed outside Tessera: see the README's Audit log section, and keep the database's access logs.",
    );
  else if (hoursSince(status.verification.at) > LIMITS.verificationAgeDays * 24)
    warn(
      `The audit chain was last verified ${Math.floor(hoursSince(status.verification.at) / 24)} days ago.`,
      "Run `npm run audit:verify` from cron every day.",
    );
  const oldestProcess = Math.min(...status.processes.map((process) => process.startedAt.getTime()));
  const upForHours = Number.isFinite(oldestProcess) ? (now.getTime() - oldestProcess) / 3600_000 : 0;
  if (
    upForHours > LIMITS.retentionAgeHours &&
    (!status.retention || hoursSince(status.retention.at) > LIMITS.retentionAgeHours)
  )
    warn(
      "The hourly retention purge has not finished in the last hours.",
      "Look for `retention purge failed` in the servers' logs.",
    );
  if (status.masterKey.keysUnderPrevious > 0)
    warn(
      `${status.masterKey.keysUnderPrevious} stored secret key(s) are still encrypted under a previous master key.`,
      "Run `npm run keys:rewrap`, then remove the old key from TESSERA_PREVIOUS_MASTER_KEYS and restart.",
    );
  else if (status.masterKey.previousIds.length > 0)
    warn(
      "TESSERA_PREVIOUS_MASTER_KEYS is set, but no stored key needs it any more.",
      "Remove it from the environment and restart, so a leaked old key decrypts nothing.",
    );
  return warnings;
}
