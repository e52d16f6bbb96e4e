import "server-only";
import { db } from "@/lib/db";

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

/** Seconds until each blocked key is free again; keys that are not blocked are absent. */
export async function blockedKeys(keys: string[], now = new Date()): Promise<Map<string, number>> {
  const rows = await db().throttle.findMany({ where: { key: { in: keys }, blockedUntil: { gt: now } }, select: { key: true, blockedUntil: true } });
  return new Map(rows.map((row) => [row.key, Math.ceil((row.blockedUntil!.getTime() - now.getTime()) / 1000)]));
}
