import "server-only";
import { db, type Tx } from "@/lib/db";
import { notifyQueued, queueStateChanges } from "@/lib/data/callback-outbox";
import { Prisma, isSqlite, queryRows } from "@/lib/data/sql";
import type { CallbackReason } from "@/lib/callbacks/actions";
import type { StateChange } from "@/lib/callbacks/state-change";

// How sessions end, for the state callbacks: each session's end is recorded
// once (UserSession.closedAt), by whichever ending comes first, in the
// transaction that queues its callback. A logout, a kick, a revocation or a
// deleted account closes the session at once; running out is noticed by the
// sweep below, which every server process runs (lib/callbacks/worker.ts).

type Ended = { sdkAppId: number; userId: string; ip: string; platform: string };

/** Which live sessions a closing statement picks. */
export type SessionFilter = { id: string } | { sdkAppId: number; userId: string } | { sigHash: string };

function filterSql(filter: SessionFilter): Prisma.Sql {
  if ("id" in filter) return Prisma.sql`"id" = ${filter.id}`;
  if ("sigHash" in filter) return Prisma.sql`"sigHash" = ${filter.sigHash}`;
  return Prisma.sql`"sdkAppId" = ${filter.sdkAppId} AND "userId" = ${filter.userId}`;
}

/**
 * Ends the live sessions `filter` picks, inside `tx`: marks them revoked and
 * closed and queues their callback (`reason`, at `now`). One UPDATE ...
 * RETURNING, so a session that another transaction closes concurrently is
 * reported by that one only. `clientIp` is the address the end came from when
 * it is the session's own client (a logout); otherwise each session's own.
 * Returns how many it ended; call notifyQueued() after the commit.
 */
export async function closeSessions(
  tx: Tx,
  filter: SessionFilter,
  reason: CallbackReason,
  now: Date,
  clientIp?: string,
): Promise<number> {
  const ended = await tx.$queryRaw<Ended[]>(Prisma.sql`
    UPDATE "UserSession" SET "revokedAt" = COALESCE("revokedAt", ${now}), "closedAt" = ${now}
    WHERE ${filterSql(filter)} AND "closedAt" IS NULL AND "revokedAt" IS NULL AND "expiresAt" > ${now}
    RETURNING "sdkAppId", "userId", "ip", "platform"`);
  await queueStateChanges(
    tx,
    ended.map((row) => change(row, reason, now, clientIp)),
    now,
  );
  return ended.length;
}

const change = (row: Ended, reason: CallbackReason, eventTime: Date, clientIp?: string): StateChange => ({
  sdkAppId: Number(row.sdkAppId),
  userId: row.userId,
  reason,
  eventTime,
  clientIp: clientIp ?? row.ip,
  platform: row.platform,
});

/** How far back the sweep looks for sessions that started after the kick or revocation that ended them. */
export const LATE_WINDOW_MS = 30_000;
const SWEEP_BATCH = 500;

/**
 * One sweep over the applications with a state callback: sessions that ran
 * out are closed and reported as Disconnect/TimeOut (at their expiry time),
 * and sessions that were ended without being closed are reported as
 * Disconnect/LinkClose. The latter are a login verified just before a kick
 * or a revocation whose session committed just after it (the kick's UPDATE
 * could not see it; lib/data/sessions.ts findSession already refuses it), so
 * only sessions started in the last LATE_WINDOW_MS are looked at.
 * Sessions of other applications are left alone: no one is told about them,
 * and an application that configures a callback later is told only of
 * sessions that expire after that. Returns how many sessions it closed.
 */
export async function sweepSessionEnds(now = new Date()): Promise<number> {
  // Most installations have no callback at all: then a read, not a write transaction, every sweep.
  if ((await queryRows(Prisma.sql`SELECT 1 AS "any" FROM "CallbackConfig" LIMIT 1`)).length === 0) return 0;
  const skipLocked = isSqlite() ? Prisma.empty : Prisma.sql`FOR UPDATE OF s SKIP LOCKED`;
  // A kick invalidates sessions started at or before its second (findSession).
  const startedBy = isSqlite()
    ? Prisma.sql`substr(s."createdAt", 1, 19) <= substr(a."loginNotBefore", 1, 19)`
    : Prisma.sql`date_trunc('second', s."createdAt") <= a."loginNotBefore"`;
  const closed = await db().$transaction(async (tx) => {
    const expired = await tx.$queryRaw<(Ended & { expiresAt: Date })[]>(Prisma.sql`
      UPDATE "UserSession" SET "closedAt" = ${now}
      WHERE "id" IN (
        SELECT s."id" FROM "CallbackConfig" c JOIN "UserSession" s ON s."sdkAppId" = c."sdkAppId"
        WHERE s."closedAt" IS NULL AND s."expiresAt" <= ${now} AND s."expiresAt" > c."createdAt"
        ORDER BY s."expiresAt" LIMIT ${SWEEP_BATCH} ${skipLocked}
      ) AND "closedAt" IS NULL
      RETURNING "sdkAppId", "userId", "ip", "platform", "expiresAt"`);
    const late = await tx.$queryRaw<Ended[]>(Prisma.sql`
      UPDATE "UserSession" SET "revokedAt" = COALESCE("revokedAt", ${now}), "closedAt" = ${now}
      WHERE "id" IN (
        SELECT s."id" FROM "CallbackConfig" c JOIN "UserSession" s ON s."sdkAppId" = c."sdkAppId"
          LEFT JOIN "Account" a ON a."sdkAppId" = s."sdkAppId" AND a."userId" = s."userId"
        WHERE s."createdAt" > ${new Date(now.getTime() - LATE_WINDOW_MS)} AND s."closedAt" IS NULL AND s."expiresAt" > ${now}
          AND (s."revokedAt" IS NOT NULL OR a."disabled" = ${true} OR ${startedBy} OR EXISTS (SELECT 1 FROM "RevokedTicket" r WHERE r."sigHash" = s."sigHash"))
        LIMIT ${SWEEP_BATCH} ${skipLocked}
      ) AND "closedAt" IS NULL
      RETURNING "sdkAppId", "userId", "ip", "platform"`);
    await queueStateChanges(
      tx,
      [
        ...expired.map((row) => change(row, "TimeOut", new Date(row.expiresAt))),
        ...late.map((row) => change(row, "LinkClose", now)),
      ],
      now,
    );
    return expired.length + late.length;
  });
  if (closed > 0) notifyQueued();
  return closed;
}
