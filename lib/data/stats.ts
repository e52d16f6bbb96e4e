import "server-only";
import { db } from "@/lib/db";
import type { DailyMetric } from "@/lib/data/daily-counts";

export type DailyCount = { day: string; count: number };

const DAY_MS = 86_400_000;

function lastDays(days: number, now: Date): string[] {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  return Array.from({ length: days }, (_, i) => new Date(today - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10));
}

/** The day-by-day series of one metric, zeros filled in. */
function series(
  days: string[],
  rows: { metric: string; day: string; count: number }[],
  metric: DailyMetric,
): DailyCount[] {
  const counts = new Map(rows.filter((row) => row.metric === metric).map((row) => [row.day, row.count]));
  return days.map((day) => ({ day, count: counts.get(day) ?? 0 }));
}

/** UserSigs issued and logins per UTC day for the last `days` days (from the per-day counters), plus the app's counts (accounts: a counter too). */
export async function appOverview(sdkAppId: number, days = 30, now = new Date()) {
  const range = lastDays(days, now);
  const [daily, accounts, admins, activeKeys] = await Promise.all([
    db().dailyCount.findMany({
      where: { sdkAppId, day: { gte: range[0] } },
      select: { metric: true, day: true, count: true },
    }),
    db().application.findUnique({ where: { sdkAppId }, select: { accountCount: true } }),
    db().appAdmin.count({ where: { sdkAppId } }),
    db().signingKey.count({
      where: { sdkAppId, OR: [{ status: "primary" }, { status: "secondary", verifyUntil: { gt: now } }] },
    }),
  ]);
  return {
    issued: series(range, daily, "issued"),
    logins: series(range, daily, "logins"),
    accounts: accounts?.accountCount ?? 0,
    admins,
    activeKeys,
  };
}
