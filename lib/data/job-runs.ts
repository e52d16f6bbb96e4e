import "server-only";
import { db } from "@/lib/db";
import { Prisma, runWrites, sqlDate } from "@/lib/data/sql";

// When a background job last finished, and what it did, for the System
// page: a row of Setting per job ("job.<name>"), overwritten by each run of
// any process. (audit:verify records its own result, lib/data/audit-chain.ts.)

export type JobRun = { at: string; details: Record<string, number> };

export async function recordJobRun(name: string, details: Record<string, number>, now = new Date()): Promise<void> {
  const key = `job.${name}`;
  const value = JSON.stringify({ at: now.toISOString(), details } satisfies JobRun);
  // Not Prisma's upsert, a transaction on the connection logins share (see lib/data/heartbeats.ts).
  await runWrites([
    Prisma.sql`INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES (${key}, ${value}, ${sqlDate(now)})
      ON CONFLICT ("key") DO UPDATE SET "value" = ${value}, "updatedAt" = ${sqlDate(now)}`,
  ]);
}

export async function lastJobRun(name: string): Promise<JobRun | null> {
  const row = await db().setting.findUnique({ where: { key: `job.${name}` } });
  return row ? (JSON.parse(row.value) as JobRun) : null;
}
