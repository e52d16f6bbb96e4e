import "server-only";
import { Prisma } from "@/lib/data/sql";

export type DailyMetric = "issued" | "logins";

/** The UTC day an event falls on, as DailyCount stores it. */
export const dayOf = (date: Date) => date.toISOString().slice(0, 10);

/**
 * One statement adding these events to their (app, metric, day) counters,
 * for the transaction that writes the events themselves. Events on one
 * counter are summed first: an upsert may touch a row only once.
 */
export function countEvents(metric: DailyMetric, events: { sdkAppId: number; at: Date }[]): Prisma.Sql {
  const sums = new Map<string, { sdkAppId: number; day: string; count: number }>();
  for (const { sdkAppId, at } of events) {
    const day = dayOf(at);
    const key = `${sdkAppId}:${day}`;
    const sum = sums.get(key) ?? sums.set(key, { sdkAppId, day, count: 0 }).get(key)!;
    sum.count++;
  }
  return Prisma.sql`INSERT INTO "DailyCount" ("sdkAppId", "metric", "day", "count") VALUES ${Prisma.join(
    [...sums.values()].map((sum) => Prisma.sql`(${sum.sdkAppId}, ${metric}, ${sum.day}, ${sum.count})`),
  )} ON CONFLICT ("sdkAppId", "metric", "day") DO UPDATE SET "count" = "DailyCount"."count" + excluded."count"`;
}
