import "server-only";
import { db } from "@/lib/db";
import { log, logFailure } from "@/lib/log";
import { recordJobRun } from "@/lib/data/job-runs";
import { purgeExpiredRevocations } from "@/lib/data/revocations";
import { Prisma, queryRows } from "@/lib/data/sql";
import { purgeExpired as purgeThrottles } from "@/lib/data/throttle";

// Bounded growth: rows that can no longer matter are deleted by a job every
// server process runs (lib/jobs.ts), so the database stays the same size
// under steady traffic. The audit trail is never touched here (it has its
// own, deliberate `npm run audit:prune`), and the per-day counters keep the
// overview's history after the rows they counted are gone.

/** Days a row is kept after it stopped mattering. */
export const KEEP_DAYS = {
  /** An expired session: still listed among an account's recent logins for a week. */
  sessions: 7,
  /** A ledger row after its ticket expired: the account page's history and investigations. */
  ledger: 30,
} as const;

const DAY_MS = 86_400_000;
/**
 * Rows per DELETE: short transactions, so logins never wait long behind a
 * purge (SQLite has one writer), and under SQLite's 999 bound parameters.
 */
const BATCH = 500;
const EVERY_MS = 3600_000;

export type PurgeCounts = { sessions: number; ledger: number; revocations: number; throttles: number };

/** Deletes `ids` of one table a batch at a time; returns how many went. */
async function deleteInBatches(
  nextIds: () => Promise<string[]>,
  remove: (ids: string[]) => Promise<number>,
): Promise<number> {
  let total = 0;
  for (;;) {
    const ids = await nextIds();
    if (ids.length > 0) total += await remove(ids);
    if (ids.length < BATCH) return total;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export async function purgeExpiredRows(now = new Date()): Promise<PurgeCounts> {
  const sessionCutoff = new Date(now.getTime() - KEEP_DAYS.sessions * DAY_MS);
  const sessions = await deleteInBatches(
    async () =>
      (
        await db().userSession.findMany({
          where: { expiresAt: { lt: sessionCutoff } },
          select: { id: true },
          take: BATCH,
        })
      ).map((row) => row.id),
    async (ids) => (await db().userSession.deleteMany({ where: { id: { in: ids } } })).count,
  );
  // A ticket's expiry is TLS.time + TLS.expire; widened because the sum can pass 32 bits.
  const ledgerCutoff = Math.floor((now.getTime() - KEEP_DAYS.ledger * DAY_MS) / 1000);
  const ledger = await deleteInBatches(
    async () =>
      (
        await queryRows<{ id: string }>(
          Prisma.sql`SELECT "id" FROM "IssuedTicket" WHERE CAST("time" AS BIGINT) + "expire" < ${ledgerCutoff} LIMIT ${BATCH}`,
        )
      ).map((row) => row.id),
    async (ids) => (await db().issuedTicket.deleteMany({ where: { id: { in: ids } } })).count,
  );
  return { sessions, ledger, revocations: await purgeExpiredRevocations(now), throttles: await purgeThrottles(now) };
}

type Retention = { timers: NodeJS.Timeout[]; running?: Promise<unknown> };
const globalForRetention = globalThis as unknown as { tesseraRetention?: Retention };

/** Purges now and every hour, in this process (several processes may: deleting is idempotent). */
export function startRetention(): void {
  if (globalForRetention.tesseraRetention) return;
  const retention: Retention = { timers: [] };
  const run = () => {
    retention.running ??= purgeExpiredRows()
      .then(async (counts) => {
        log.info({ job: "retention", ...counts }, "retention purge done");
        await recordJobRun("retention", counts);
      })
      .catch((error: unknown) => logFailure("retention purge failed", error))
      .finally(() => (retention.running = undefined));
  };
  retention.timers.push(setInterval(run, EVERY_MS).unref());
  // Not in the start-up rush, and spread out when several processes start together.
  retention.timers.push(setTimeout(run, 30_000 + Math.random() * 30_000).unref());
  globalForRetention.tesseraRetention = retention;
}

/** Stops the purges; resolves when one under way has finished. */
export async function stopRetention(): Promise<void> {
  const retention = globalForRetention.tesseraRetention;
  if (!retention) return;
  retention.timers.forEach(clearTimeout);
  globalForRetention.tesseraRetention = undefined;
  await retention.running;
}
