import "server-only";
import { db } from "@/lib/db";

export type DailyCount = { day: string; count: number };

const DAY_MS = 86_400_000;

function lastDays(days: number, now: Date): string[] {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  return Array.from({ length: days }, (_, i) => new Date(today - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10));
}

function bucket(days: string[], dates: { createdAt: Date }[]): DailyCount[] {
  const counts = new Map(days.map((day) => [day, 0]));
  for (const { createdAt } of dates) {
    const day = createdAt.toISOString().slice(0, 10);
    if (counts.has(day)) counts.set(day, counts.get(day)! + 1);
  }
  return days.map((day) => ({ day, count: counts.get(day)! }));
}

/** UserSigs issued and logins per UTC day for the last `days` days, plus the app's counts. */
export async function appOverview(sdkAppId: number, days = 30, now = new Date()) {
  const range = lastDays(days, now);
  const since = new Date(`${range[0]}T00:00:00.000Z`);
  const [issued, logins, accounts, admins, activeKeys] = await Promise.all([
    db().issuedTicket.findMany({ where: { sdkAppId, createdAt: { gte: since } }, select: { createdAt: true } }),
    db().userSession.findMany({ where: { sdkAppId, createdAt: { gte: since } }, select: { createdAt: true } }),
    db().account.count({ where: { sdkAppId } }),
    db().appAdmin.count({ where: { sdkAppId } }),
    db().signingKey.count({ where: { sdkAppId, OR: [{ status: "primary" }, { status: "secondary", verifyUntil: { gt: now } }] } }),
  ]);
  return { issued: bucket(range, issued), logins: bucket(range, logins), accounts, admins, activeKeys };
}
