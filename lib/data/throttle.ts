import "server-only";
import { db } from "@/lib/db";
import { Prisma, runTransaction, sqlDate } from "@/lib/data/sql";

// Failed-attempt throttling shared by every server process (console sign-in,
// app-user login). A key ("signin:email:x", "login:ip:1.2.3.4") that fails
// `limit` times within `windowSeconds` is blocked for `blockSeconds`.

export type ThrottlePolicy = { limit: number; windowSeconds: number; blockSeconds: number };

/** Seconds until the most-blocked of these keys is free again; 0 when none is blocked. */
export async function retryAfterSeconds(keys: string[], now = new Date()): Promise<number> {
  const rows = await db().throttle.findMany({ where: { key: { in: keys }, blockedUntil: { gt: now } } });
  const until = Math.max(0, ...rows.map((row) => row.blockedUntil!.getTime()));
  return until > now.getTime() ? Math.ceil((until - now.getTime()) / 1000) : 0;
}

/**
 * Counts a failure against each key, in one atomic statement per key: a
 * read-then-write transaction would fail (SQLITE_BUSY_SNAPSHOT) whenever
 * another process wrote in between, and the failure path must not fail.
 * Hand-written because failed logins are on the hot path (lib/data/sql.ts).
 */
export async function recordFailure(keys: string[], policy: ThrottlePolicy, now = new Date()): Promise<void> {
  const at = sqlDate(now);
  const windowStart = sqlDate(new Date(now.getTime() - policy.windowSeconds * 1000));
  const blockUntil = sqlDate(new Date(now.getTime() + policy.blockSeconds * 1000));
  const fresh = Prisma.sql`"Throttle"."windowStart" < ${windowStart}`;
  const failures = Prisma.sql`CASE WHEN ${fresh} THEN 1 ELSE "Throttle"."failures" + 1 END`;
  await runTransaction(
    keys.map(
      (key) => Prisma.sql`
        INSERT INTO "Throttle" ("key", "failures", "windowStart", "blockedUntil") VALUES (${key}, 1, ${at}, ${policy.limit <= 1 ? blockUntil : null})
        ON CONFLICT ("key") DO UPDATE SET
          "failures" = ${failures},
          "blockedUntil" = CASE WHEN ${failures} >= ${policy.limit} THEN ${blockUntil} ELSE "Throttle"."blockedUntil" END,
          "windowStart" = CASE WHEN ${fresh} THEN ${at} ELSE "Throttle"."windowStart" END`,
    ),
  );
}

export async function clearFailures(keys: string[]): Promise<void> {
  await db().throttle.deleteMany({ where: { key: { in: keys } } });
}
