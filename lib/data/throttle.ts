import "server-only";
import { logFailure } from "@/lib/log";
import { db } from "@/lib/db";
import { Prisma, readDate, runTransaction, sqlDate } from "@/lib/data/sql";

// Attempt throttling shared by every server process (console sign-in,
// app-user login, App Server authentication). A key ("signin:pair:x:1.2.3.4",
// "login:ip:1.2.3.4") that counts `limit` attempts within `windowSeconds` is
// blocked for `blockSeconds`; the attempt that reaches the limit still runs,
// the next ones are refused.

export type ThrottlePolicy = { limit: number; windowSeconds: number; blockSeconds: number };
export type ThrottleRule = { key: string; policy: ThrottlePolicy };

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * Counts one attempt against each rule, each in one atomic statement (a
 * read-then-write transaction would let concurrent attempts all read the old
 * count, and fails under SQLite whenever another process wrote in between).
 * Returns, per rule, the seconds to wait when this attempt is over the
 * limit, else 0. Callers with expensive work (a password hash) count before
 * doing it, so N concurrent guesses run at most `limit` hashes.
 */
export async function countAttempts(rules: ThrottleRule[], now = new Date()): Promise<number[]> {
  const at = sqlDate(now);
  const statements = rules.map(({ key, policy }) => {
    const blockUntil = sqlDate(new Date(now.getTime() + policy.blockSeconds * 1000));
    const expiresAt = sqlDate(new Date(now.getTime() + Math.max(policy.windowSeconds, policy.blockSeconds) * 1000));
    const windowStart = sqlDate(new Date(now.getTime() - policy.windowSeconds * 1000));
    const blocked = Prisma.sql`("Throttle"."blockedUntil" IS NOT NULL AND "Throttle"."blockedUntil" > ${at})`;
    // A finished window or a lifted block starts the count again.
    const stale = Prisma.sql`(NOT ${blocked} AND ("Throttle"."windowStart" < ${windowStart} OR "Throttle"."blockedUntil" IS NOT NULL))`;
    const failures = Prisma.sql`CASE WHEN ${stale} THEN 1 ELSE "Throttle"."failures" + 1 END`;
    return Prisma.sql`
      INSERT INTO "Throttle" ("key", "failures", "windowStart", "blockedUntil", "expiresAt") VALUES (${key}, 1, ${at}, ${policy.limit <= 1 ? blockUntil : null}, ${expiresAt})
      ON CONFLICT ("key") DO UPDATE SET
        "failures" = ${failures},
        "windowStart" = CASE WHEN ${stale} THEN ${at} ELSE "Throttle"."windowStart" END,
        "blockedUntil" = CASE WHEN ${blocked} THEN "Throttle"."blockedUntil" WHEN ${failures} >= ${policy.limit} THEN ${blockUntil} ELSE NULL END,
        "expiresAt" = ${expiresAt}
      RETURNING "failures", "blockedUntil"`;
  });
  const results = (await runTransaction(statements)) as { failures: unknown; blockedUntil: unknown }[][];
  purgeNowAndThen(now);
  return results.map(([row], i) => {
    const until = readDate(row?.blockedUntil);
    return Number(row?.failures) > rules[i]!.policy.limit && until ? seconds(until.getTime() - now.getTime()) : 0;
  });
}

/** Takes back an attempt that succeeded: it no longer counts, and a block it set is lifted. */
export async function refundAttempts(rules: ThrottleRule[]): Promise<void> {
  await runTransaction(
    rules.map(
      ({ key, policy }) => Prisma.sql`
        UPDATE "Throttle" SET
          "failures" = CASE WHEN "failures" > 0 THEN "failures" - 1 ELSE 0 END,
          "blockedUntil" = CASE WHEN "failures" - 1 >= ${policy.limit} THEN "blockedUntil" ELSE NULL END
        WHERE "key" = ${key}`,
    ),
  );
}

export async function clearAttempts(keys: string[]): Promise<void> {
  await db().throttle.deleteMany({ where: { key: { in: keys } } });
}

/** Remembers a key (say, a client that signed in) for `ttlSeconds`; it carries no count. */
export async function markKey(key: string, ttlSeconds: number, now = new Date()): Promise<void> {
  const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
  await db().throttle.upsert({ where: { key }, create: { key, windowStart: now, expiresAt }, update: { expiresAt } });
}

export async function isMarked(key: string, now = new Date()): Promise<boolean> {
  return (await db().throttle.count({ where: { key, expiresAt: { gt: now } } })) > 0;
}

// Finished windows and blocks are deleted by whichever process counts an
// attempt, at most once a minute, so the table holds only live rows.
const PURGE_EVERY_MS = 60_000;
let lastPurge = 0;

function purgeNowAndThen(now: Date): void {
  if (now.getTime() - lastPurge < PURGE_EVERY_MS) return;
  lastPurge = now.getTime();
  purgeExpired(now).catch((error: unknown) => logFailure("throttle purge failed", error));
}

export async function purgeExpired(now = new Date()): Promise<number> {
  return (await db().throttle.deleteMany({ where: { expiresAt: { lt: now } } })).count;
}

// This process's own count of failed attempts, for checks whose expensive
// step is synchronous (UserSig verification): the check, the verification
// and this count happen in one turn of the event loop, so concurrent requests
// cannot all pass the check before any failure is counted. The database
// count (countAttempts) is what other processes see.
type LocalCount = { failures: number; windowEnds: number; blockedUntil: number };
const local = new Map<string, LocalCount>();
const MAX_LOCAL_KEYS = 100_000;

/** Seconds until this process's count lets the key through again; 0 when it is not blocked here. */
export function localRetryAfter(key: string, nowMs = Date.now()): number {
  const entry = local.get(key);
  return entry && entry.blockedUntil > nowMs ? seconds(entry.blockedUntil - nowMs) : 0;
}

export function countLocally({ key, policy }: ThrottleRule, nowMs = Date.now()): void {
  let entry = local.get(key);
  if (!entry || (entry.blockedUntil <= nowMs && (entry.windowEnds <= nowMs || entry.blockedUntil > 0))) {
    local.delete(key);
    entry = { failures: 0, windowEnds: nowMs + policy.windowSeconds * 1000, blockedUntil: 0 };
    local.set(key, entry);
    // Oldest first: Map keeps insertion order, and a key is re-inserted when its window restarts.
    if (local.size > MAX_LOCAL_KEYS) local.delete(local.keys().next().value!);
  }
  entry.failures++;
  if (entry.failures >= policy.limit && entry.blockedUntil <= nowMs)
    entry.blockedUntil = nowMs + policy.blockSeconds * 1000;
}
