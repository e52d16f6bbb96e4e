import "server-only";
import { db } from "@/lib/db";
import { batched } from "@/lib/data/batch";
import { Prisma, readDate, sqlDate } from "@/lib/data/sql";

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
 * Counts a failure against each key. One atomic statement per key: a
 * read-then-write transaction would fail (SQLITE_BUSY_SNAPSHOT) whenever
 * another process wrote in between, and the failure path must not fail.
 */
export async function recordFailure(keys: string[], policy: ThrottlePolicy, now = new Date()): Promise<void> {
  const at = sqlDate(now);
  const windowStart = sqlDate(new Date(now.getTime() - policy.windowSeconds * 1000));
  const blockUntil = sqlDate(new Date(now.getTime() + policy.blockSeconds * 1000));
  const fresh = Prisma.sql`"Throttle"."windowStart" < ${windowStart}`;
  const failures = Prisma.sql`CASE WHEN ${fresh} THEN 1 ELSE "Throttle"."failures" + 1 END`;
  for (const key of keys) {
    await db().$executeRaw(Prisma.sql`
      INSERT INTO "Throttle" ("key", "failures", "windowStart", "blockedUntil") VALUES (${key}, 1, ${at}, ${policy.limit <= 1 ? blockUntil : null})
      ON CONFLICT ("key") DO UPDATE SET
        "failures" = ${failures},
        "blockedUntil" = CASE WHEN ${failures} >= ${policy.limit} THEN ${blockUntil} ELSE "Throttle"."blockedUntil" END,
        "windowStart" = CASE WHEN ${fresh} THEN ${at} ELSE "Throttle"."windowStart" END`);
  }
}

export async function clearFailures(keys: string[]): Promise<void> {
  await db().throttle.deleteMany({ where: { key: { in: keys } } });
}

const loadBlocked = batched<string, Date | null>(async (keys) => {
  const rows = await db().$queryRaw<{ key: string; blockedUntil: unknown }[]>(
    Prisma.sql`SELECT "key", "blockedUntil" FROM "Throttle" WHERE "key" IN (${Prisma.join([...new Set(keys)])}) AND "blockedUntil" > ${sqlDate(new Date())}`,
  );
  const until = new Map(rows.map((row) => [row.key, readDate(row.blockedUntil)]));
  return keys.map((key) => until.get(key) ?? null);
});

/** Seconds until each blocked key is free again; keys that are not blocked are absent. Concurrent calls share one query. */
export async function blockedKeys(keys: string[], now = new Date()): Promise<Map<string, number>> {
  const until = await Promise.all(keys.map(loadBlocked));
  const blocked = new Map<string, number>();
  keys.forEach((key, i) => {
    const end = until[i];
    if (end && end > now) blocked.set(key, Math.ceil((end.getTime() - now.getTime()) / 1000));
  });
  return blocked;
}
