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

export async function recordFailure(keys: string[], policy: ThrottlePolicy, now = new Date()): Promise<void> {
  const windowStart = new Date(now.getTime() - policy.windowSeconds * 1000);
  for (const key of keys) {
    await db().$transaction(async (tx) => {
      const row = await tx.throttle.findUnique({ where: { key } });
      const fresh = !row || row.windowStart < windowStart;
      const failures = fresh ? 1 : row.failures + 1;
      const blockedUntil = failures >= policy.limit ? new Date(now.getTime() + policy.blockSeconds * 1000) : (row?.blockedUntil ?? null);
      await tx.throttle.upsert({
        where: { key },
        create: { key, failures, windowStart: now, blockedUntil },
        update: { failures, blockedUntil, ...(fresh && { windowStart: now }) },
      });
    });
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
