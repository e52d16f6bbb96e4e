import "server-only";
import { batched } from "@/lib/data/batch";
import { Prisma, queryRows, sqlDate } from "@/lib/data/sql";

// REST calls per application and second, counted in the database so that
// every server process behind a load balancer spends one budget (SPEC 6,
// 60007). Each app has one Throttle row ("rest:<sdkAppId>") whose
// `windowStart` is the second being counted and `failures` the calls counted
// in it; a call in a later second starts the count again. The window never
// moves backwards, so a process whose clock is a little behind counts its
// calls into the newer second instead of resetting it. Rows expire two
// seconds after their window and are purged with the other throttle rows.

const keyOf = (sdkAppId: number) => `rest:${sdkAppId}`;

type CountRow = { key: string; failures: unknown };

/**
 * Adds each app's number of calls to its count for the second `now` falls
 * in, in one atomic statement for all of them, and returns each app's count
 * in its window afterwards.
 */
export async function countRestCalls(calls: Map<number, number>, now = new Date()): Promise<Map<number, number>> {
  const second = Math.floor(now.getTime() / 1000) * 1000;
  const windowStart = sqlDate(new Date(second));
  const expiresAt = sqlDate(new Date(second + 2000));
  const newer = Prisma.sql`"Throttle"."windowStart" < excluded."windowStart"`;
  const rows = await queryRows<CountRow>(Prisma.sql`
    INSERT INTO "Throttle" ("key", "failures", "windowStart", "expiresAt")
    VALUES ${Prisma.join([...calls].map(([sdkAppId, count]) => Prisma.sql`(${keyOf(sdkAppId)}, ${count}, ${windowStart}, ${expiresAt})`))}
    ON CONFLICT ("key") DO UPDATE SET
      "failures" = CASE WHEN ${newer} THEN excluded."failures" ELSE "Throttle"."failures" + excluded."failures" END,
      "windowStart" = CASE WHEN ${newer} THEN excluded."windowStart" ELSE "Throttle"."windowStart" END,
      "expiresAt" = CASE WHEN ${newer} THEN excluded."expiresAt" ELSE "Throttle"."expiresAt" END
    RETURNING "key", "failures"`);
  const totals = new Map(rows.map((row) => [row.key, Number(row.failures)]));
  return new Map([...calls.keys()].map((sdkAppId) => [sdkAppId, totals.get(keyOf(sdkAppId))!]));
}

/**
 * Counts one call of the app for every server process and resolves to its
 * ordinal in the current second's window (1 for the first). Concurrent calls
 * share one statement, each app's row raised by its number of calls and read
 * back atomically, so each call learns its own ordinal without a
 * read-then-write race between processes.
 */
export const countRestCall = batched<number, number>(async (sdkAppIds) => {
  const calls = new Map<number, number>();
  for (const sdkAppId of sdkAppIds) calls.set(sdkAppId, (calls.get(sdkAppId) ?? 0) + 1);
  const totals = await countRestCalls(calls);
  // This batch's calls of an app take the last `count` ordinals, in order.
  const next = new Map([...calls].map(([sdkAppId, count]) => [sdkAppId, totals.get(sdkAppId)! - count + 1]));
  return sdkAppIds.map((sdkAppId) => {
    const ordinal = next.get(sdkAppId)!;
    next.set(sdkAppId, ordinal + 1);
    return ordinal;
  });
});
