import "server-only";
import { randomBytes } from "node:crypto";
import { db, type Tx } from "@/lib/db";
import { type Actor, recordAudit } from "@/lib/data/audit";
import { batched } from "@/lib/data/batch";
import { parseActions } from "@/lib/data/callback-config";
import { Prisma, isSqlite, queryRows, readDate, runTransaction, sqlDate } from "@/lib/data/sql";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { ACTION_OF, type CallbackAction, type CallbackReason } from "@/lib/callbacks/actions";
import type { StateChange } from "@/lib/callbacks/state-change";

// The outbox of state-change callbacks. An event's row is written in the
// event's own transaction (a login's group commit, a logout, a kick...), so
// an event that happened is an event that will be sent, and one that was
// rolled back never is. The worker (lib/callbacks/worker.ts) claims rows,
// posts them and records the outcome here.
//
// Order: a row is claimable only when no earlier row of the same (app,
// UserID) is still pending, so a user's events arrive in the order they were
// written, each after the one before it was delivered or finally failed.
// Exclusivity: a claim leases rows until `claimedUntil` under a fresh claim
// token (PostgreSQL: FOR UPDATE SKIP LOCKED, so concurrent claimers in other
// processes pass over each other's rows; SQLite: the one write lock). An
// outcome only lands with the token of the claim it belongs to, so a worker
// that outlived its lease cannot overwrite a later attempt.
// Fairness: a claim is shared out among the applications with something
// due, so one app's backlog (a dead receiver) never holds another's back.

/** How long after its first attempt a delivery is retried before it is marked failed. */
export const RETRY_FOR_MS = 60 * 60 * 1000;
/** The delay before attempt n + 1: 1 s, 2 s, 4 s ... doubling up to 5 minutes. */
export const retryDelayMs = (attempts: number) => Math.min(2 ** Math.max(0, attempts - 1), 300) * 1000;

// ---- writing events -------------------------------------------------------

const columns = Prisma.raw(
  `"sdkAppId", "userId", "action", "reason", "eventTime", "clientIp", "platform", "status", "attempts", "nextAttemptAt", "createdAt"`,
);

/** The one multi-row INSERT of these events, for a hand-written transaction (the login group commit). */
export function outboxInsert(changes: StateChange[], now: Date): Prisma.Sql {
  return Prisma.sql`INSERT INTO "CallbackDelivery" (${columns}) VALUES ${Prisma.join(
    changes.map(
      (c) =>
        Prisma.sql`(${c.sdkAppId}, ${c.userId}, ${ACTION_OF[c.reason]}, ${c.reason}, ${sqlDate(c.eventTime)}, ${c.clientIp.slice(0, 64)}, ${c.platform}, 'pending', 0, ${sqlDate(now)}, ${sqlDate(now)})`,
    ),
  )}`;
}

/**
 * Queues, inside `tx`, the events whose app asks for their action; returns
 * how many. Call notifyQueued() once the transaction has committed.
 */
export async function queueStateChanges(tx: Tx, changes: StateChange[], now = new Date()): Promise<number> {
  if (changes.length === 0) return 0;
  const configs = await tx.callbackConfig.findMany({
    where: { sdkAppId: { in: [...new Set(changes.map((c) => c.sdkAppId))] } },
    select: { sdkAppId: true, actions: true },
  });
  const wanted = new Map(configs.map((config) => [config.sdkAppId, parseActions(config.actions)]));
  const queued = changes.filter((c) => wanted.get(c.sdkAppId)?.includes(ACTION_OF[c.reason]));
  if (queued.length === 0) return 0;
  await tx.callbackDelivery.createMany({
    data: queued.map((c) => ({
      sdkAppId: c.sdkAppId,
      userId: c.userId,
      action: ACTION_OF[c.reason],
      reason: c.reason,
      eventTime: c.eventTime,
      clientIp: c.clientIp.slice(0, 64),
      platform: c.platform,
      nextAttemptAt: now,
      createdAt: now,
    })),
  });
  return queued.length;
}

// In-process wake-up: a worker in this process sends what was just queued
// without waiting for its next poll. Workers in other processes find it then.
const listeners = new Set<() => void>();

export function onQueued(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function notifyQueued(): void {
  for (const listener of listeners) listener();
}

// ---- delivering -----------------------------------------------------------

/** A queued state change this process has leased for one attempt. */
export type ClaimedDelivery = StateChange & { id: number; claimToken: string; attempts: number; firstAttemptAt: Date };

type ClaimRow = {
  id: unknown;
  sdkAppId: unknown;
  userId: string;
  reason: string;
  eventTime: unknown;
  clientIp: string;
  platform: string;
  attempts: unknown;
  firstAttemptAt: unknown;
};

/** The applications with a delivery due at `at`, the one waiting longest first. */
async function dueApps(at: string): Promise<number[]> {
  // A loose index scan: one index seek per application with pending rows
  // (CallbackDelivery_status_sdkAppId_nextAttemptAt_idx), however many rows
  // a dead receiver has let pile up, instead of reading every due row.
  const rows = await queryRows<{ sdkAppId: unknown }>(
    Prisma.sql`WITH RECURSIVE "apps"("sdkAppId") AS (
        SELECT MIN("sdkAppId") FROM "CallbackDelivery" WHERE "status" = 'pending'
        UNION ALL
        SELECT (SELECT MIN(d."sdkAppId") FROM "CallbackDelivery" d WHERE d."status" = 'pending' AND d."sdkAppId" > a."sdkAppId")
        FROM "apps" a WHERE a."sdkAppId" IS NOT NULL
      )
      SELECT "sdkAppId" FROM (
        SELECT a."sdkAppId", (SELECT MIN(d."nextAttemptAt") FROM "CallbackDelivery" d WHERE d."status" = 'pending' AND d."sdkAppId" = a."sdkAppId") AS "since"
        FROM "apps" a WHERE a."sdkAppId" IS NOT NULL
      ) "waiting" WHERE "since" <= ${at} ORDER BY "since", "sdkAppId"`,
  );
  return rows.map((row) => Number(row.sdkAppId));
}

/** Shares `limit` claims among `apps` one at a time, in their order, each app up to its quota. */
function shareOut(apps: number[], limit: number, quota: (sdkAppId: number) => number): [number, number][] {
  const shares = new Map<number, number>();
  let left = limit;
  for (let round = 1; left > 0; round++) {
    const before = left;
    for (const app of apps) {
      if (left === 0) break;
      if (quota(app) < round) continue;
      shares.set(app, round);
      left--;
    }
    if (left === before) break;
  }
  return [...shares];
}

/**
 * Claims up to `limit` deliveries that are due, at most one per (app, UserID)
 * (the earliest pending one), leased for `leaseMs`. Fair across
 * applications: the claims are shared out among the apps with something due
 * (the one waiting longest first), each app at most `quota(sdkAppId)`, so a
 * backlog of one app never fills a claim meant for all. Each claim counts as
 * an attempt, so one cut short by a crash still counts, and moves the row's
 * next attempt to the lease's end, when it can be claimed again.
 */
export async function claimDeliveries(
  limit: number,
  leaseMs: number,
  now = new Date(),
  quota: (sdkAppId: number) => number = () => limit,
): Promise<ClaimedDelivery[]> {
  const at = sqlDate(now);
  // Workers poll every second: when nothing is due, that costs a read, not a write (on SQLite, the write lock).
  const shares = shareOut(await dueApps(at), limit, quota);
  if (shares.length === 0) return [];
  const claimToken = randomBytes(12).toString("hex");
  const leaseEnd = sqlDate(new Date(now.getTime() + leaseMs));
  const lock = isSqlite() ? Prisma.empty : Prisma.sql` FOR UPDATE SKIP LOCKED`;
  // One sub-select per app, each reading only that app's due rows in index order.
  const picks = shares.map(
    ([sdkAppId, count], i) =>
      Prisma.sql`SELECT "id" FROM (SELECT d."id" FROM "CallbackDelivery" d
        WHERE d."status" = 'pending' AND d."sdkAppId" = ${sdkAppId} AND d."nextAttemptAt" <= ${at} AND (d."claimedUntil" IS NULL OR d."claimedUntil" <= ${at})
          AND NOT EXISTS (SELECT 1 FROM "CallbackDelivery" e WHERE e."status" = 'pending' AND e."sdkAppId" = d."sdkAppId" AND e."userId" = d."userId" AND e."id" < d."id")
        ORDER BY d."nextAttemptAt" LIMIT ${count}${lock}) ${Prisma.raw(`"app${i}"`)}`,
  );
  const [rows] = (await runTransaction([
    // Materialized: picked once. As a plain IN (...) PostgreSQL may run the sub-selects again for each
    // row it updates, and rows this transaction locked are not skipped, so each LIMIT would apply per row.
    // What the picks read still holds when the rows are updated: PostgreSQL re-checks a row when it locks
    // it, and SQLite runs the whole statement under its one write lock. So the UPDATE finds its rows by
    // id alone (with a condition on "status" there, SQLite scanned every pending row instead).
    Prisma.sql`WITH "picked" AS MATERIALIZED (${Prisma.join(picks, " UNION ALL ")})
      UPDATE "CallbackDelivery" SET "attempts" = "attempts" + 1, "claimedUntil" = ${leaseEnd}, "claimToken" = ${claimToken},
        "firstAttemptAt" = COALESCE("firstAttemptAt", ${at}), "lastAttemptAt" = ${at}, "nextAttemptAt" = ${leaseEnd}
      WHERE "id" IN (SELECT "id" FROM "picked")
      RETURNING "id", "sdkAppId", "userId", "reason", "eventTime", "clientIp", "platform", "attempts", "firstAttemptAt"`,
  ])) as [ClaimRow[]];
  return rows
    .map((row) => ({
      id: Number(row.id),
      claimToken,
      sdkAppId: Number(row.sdkAppId),
      userId: row.userId,
      reason: row.reason as CallbackReason,
      eventTime: readDate(row.eventTime)!,
      clientIp: row.clientIp,
      platform: row.platform,
      attempts: Number(row.attempts),
      firstAttemptAt: readDate(row.firstAttemptAt)!,
    }))
    .sort((a, b) => a.id - b.id);
}

/**
 * Gives back claims whose attempt never started (the worker was stopping):
 * due again at once, for any process, as if never claimed.
 */
export async function releaseDeliveries(claims: ClaimedDelivery[], now = new Date()): Promise<void> {
  if (claims.length === 0) return;
  await runTransaction(
    claims.map(
      (claim) =>
        Prisma.sql`UPDATE "CallbackDelivery" SET "attempts" = "attempts" - 1, "nextAttemptAt" = ${sqlDate(now)}, "claimedUntil" = NULL, "claimToken" = NULL,
            "firstAttemptAt" = CASE WHEN "attempts" = 1 THEN NULL ELSE "firstAttemptAt" END,
            "lastAttemptAt" = CASE WHEN "attempts" = 1 THEN NULL ELSE "lastAttemptAt" END
          WHERE "id" = ${claim.id} AND "claimToken" = ${claim.claimToken}`,
    ),
  );
}

export type DeliveryOutcome =
  | { ok: true; status: number; latencyMs: number }
  /** `final`: no retry can help (the app's callbacks were turned off). */
  | { ok: false; status: number | null; error: string; latencyMs: number | null; final?: boolean };

// Outcomes that finish together are written in one transaction (group
// commit, as logins are): one commit, not one per delivery, and none waits
// for a slower attempt of the same batch.
const writeOutcomes = batched<Prisma.Sql, void>(async (statements) => {
  await runTransaction(statements);
  return statements.map(() => undefined);
});

/** Records an attempt's outcome: delivered, retried after a back-off, or failed once retries ran out. Returns the status it left. */
export async function completeDelivery(
  claim: ClaimedDelivery,
  outcome: DeliveryOutcome,
  now = new Date(),
): Promise<"delivered" | "pending" | "failed"> {
  let status: "delivered" | "pending" | "failed" = "delivered";
  let next = now;
  if (!outcome.ok) {
    const giveUpAt = claim.firstAttemptAt.getTime() + RETRY_FOR_MS;
    status = outcome.final || now.getTime() >= giveUpAt ? "failed" : "pending";
    if (status === "pending") next = new Date(Math.min(now.getTime() + retryDelayMs(claim.attempts), giveUpAt));
  }
  await writeOutcomes(
    Prisma.sql`UPDATE "CallbackDelivery" SET "status" = ${status}, "nextAttemptAt" = ${sqlDate(next)}, "claimedUntil" = NULL, "claimToken" = NULL,
        "lastStatus" = ${outcome.status}, "lastError" = ${outcome.ok ? null : outcome.error.slice(0, 500)}, "latencyMs" = ${outcome.latencyMs === null ? null : Math.round(outcome.latencyMs)},
        "deliveredAt" = ${outcome.ok ? sqlDate(now) : null}
      WHERE "id" = ${claim.id} AND "claimToken" = ${claim.claimToken}`,
  );
  return status;
}

// ---- the console ----------------------------------------------------------

export type DeliveryDto = {
  id: number;
  userId: string;
  action: CallbackAction;
  reason: CallbackReason;
  eventTime: Date;
  clientIp: string;
  platform: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  latencyMs: number | null;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date;
  deliveredAt: Date | null;
};

export const DELIVERY_PAGE = 50;

/** An app's deliveries, newest first, DELIVERY_PAGE at a time (keyset: ids below `before`), and how many wait or failed. */
export async function listDeliveries(
  sdkAppId: number,
  before?: number,
): Promise<{ deliveries: DeliveryDto[]; pending: number; failed: number; more: boolean }> {
  const [rows, pending, failed] = await Promise.all([
    db().callbackDelivery.findMany({
      where: { sdkAppId, ...(before !== undefined && { id: { lt: before } }) },
      orderBy: { id: "desc" },
      take: DELIVERY_PAGE + 1,
    }),
    db().callbackDelivery.count({ where: { status: "pending", sdkAppId } }),
    db().callbackDelivery.count({ where: { status: "failed", sdkAppId } }),
  ]);
  return {
    deliveries: rows.slice(0, DELIVERY_PAGE).map((row) => ({
      id: row.id,
      userId: row.userId,
      action: row.action as CallbackAction,
      reason: row.reason as CallbackReason,
      eventTime: row.eventTime,
      clientIp: row.clientIp,
      platform: row.platform,
      status: row.status as DeliveryDto["status"],
      attempts: row.attempts,
      lastStatus: row.lastStatus,
      lastError: row.lastError,
      latencyMs: row.latencyMs,
      lastAttemptAt: row.lastAttemptAt,
      nextAttemptAt: row.nextAttemptAt,
      deliveredAt: row.deliveredAt,
    })),
    pending,
    failed,
    more: rows.length > DELIVERY_PAGE,
  };
}

/**
 * Sends a delivered or failed event again: the row starts a new series of
 * attempts (an hour of retries) from now, in its place in the user's order.
 * Audited with what it had come to before.
 */
export async function resendDelivery(actor: Actor, sdkAppId: number, id: number, now = new Date()): Promise<void> {
  await db().$transaction(async (tx) => {
    const row = await tx.callbackDelivery.findFirst({
      where: { id, sdkAppId },
      select: { status: true, attempts: true, userId: true, action: true, reason: true, lastError: true },
    });
    if (!row) throw new NotFoundError("That delivery is not in this application's list.");
    if (!(await tx.callbackConfig.findUnique({ where: { sdkAppId }, select: { sdkAppId: true } })))
      throw new ConflictError("Configure the state callback before sending anything again.");
    const { count } = await tx.callbackDelivery.updateMany({
      where: { id, sdkAppId, status: { in: ["delivered", "failed"] } },
      data: {
        status: "pending",
        attempts: 0,
        firstAttemptAt: null,
        nextAttemptAt: now,
        claimedUntil: null,
        claimToken: null,
        lastStatus: null,
        lastError: null,
        latencyMs: null,
        deliveredAt: null,
      },
    });
    if (count === 0) throw new ConflictError("That delivery is still being attempted.");
    await recordAudit(
      {
        actor,
        action: "callback.resend",
        sdkAppId,
        target: row.userId,
        details: {
          delivery: id,
          event: `${row.action}/${row.reason}`,
          previousStatus: row.status,
          previousAttempts: row.attempts,
          ...(row.lastError && { previousError: row.lastError }),
        },
      },
      tx,
    );
  });
  notifyQueued();
}

/** Drops delivered and failed rows whose last attempt is older than `before`; pending ones always stay. */
export async function purgeDeliveries(before: Date): Promise<number> {
  return (
    await db().callbackDelivery.deleteMany({
      where: { status: { in: ["delivered", "failed"] }, nextAttemptAt: { lt: before } },
    })
  ).count;
}
