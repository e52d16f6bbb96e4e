import "server-only";
import { db } from "@/lib/db";

// The health of the background work, read from the database so every
// process (and the System page) sees the same: the state-callback backlog
// and the audit chain's sealing. Metrics (lib/metrics/database-gauges.ts)
// read these at each scrape; both are index-backed aggregates.

export type CallbackBacklog = {
  /** Deliveries not yet delivered nor given up. */
  pending: number;
  /** Seconds since the oldest of those was queued (0 when none). */
  oldestPendingSeconds: number;
  /** Deliveries given up in the last 24 hours. */
  failedLastDay: number;
};

export async function callbackBacklog(now = new Date()): Promise<CallbackBacklog> {
  const [pending, failedLastDay] = await Promise.all([
    db().callbackDelivery.aggregate({ where: { status: "pending" }, _count: true, _min: { createdAt: true } }),
    db().callbackDelivery.count({
      where: { status: "failed", lastAttemptAt: { gte: new Date(now.getTime() - 86_400_000) } },
    }),
  ]);
  const oldest = pending._min.createdAt;
  return {
    pending: pending._count,
    oldestPendingSeconds: oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0,
    failedLastDay,
  };
}

export type SealingState = {
  /** The newest sealed row, 0 before the first seal. */
  sealedThrough: number;
  /** Rows written but not yet sealed. */
  unsealed: number;
  /** Seconds since the oldest unsealed row was written (0 when every row is sealed). */
  lagSeconds: number;
};

export async function sealingState(now = new Date()): Promise<SealingState> {
  const head = await db().auditSeal.aggregate({ _max: { eventId: true } });
  const sealedThrough = head._max.eventId ?? 0;
  const rest = await db().auditEvent.aggregate({
    where: { id: { gt: sealedThrough } },
    _count: true,
    _min: { at: true },
  });
  const oldest = rest._min.at;
  return {
    sealedThrough,
    unsealed: rest._count,
    lagSeconds: oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0,
  };
}
