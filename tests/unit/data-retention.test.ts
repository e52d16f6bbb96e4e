// Bounded growth (issue 11): the retention purge deletes what can no longer
// matter and nothing else, on whichever database this pass uses.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();
const { db } = await import("@/lib/db");
const { createApp } = await import("@/lib/data/apps");
const { SYSTEM_ACTOR } = await import("@/lib/data/audit");
const { issueTickets } = await import("@/lib/data/ticket-issue");
const { KEEP_DAYS, purgeExpiredRows } = await import("@/lib/data/retention");

const DAY = 86_400;
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe("retention purge", () => {
  test("expired sessions after 7 days and ledger rows 30 days past their ticket's expiry go; everything newer, the audit trail and the per-day counts stay", async () => {
    const { sdkAppId } = await createApp(SYSTEM_ACTOR, "Retention");
    const ago = (days: number) => new Date(Date.now() - days * DAY * 1000);
    const session = (id: string, expiresAt: Date) => ({
      id,
      tokenHash: `${id}-${sdkAppId}`,
      sdkAppId,
      userId: "u",
      expiresAt,
      createdAt: new Date(expiresAt.getTime() - 3600_000),
    });
    await db().userSession.createMany({
      data: [
        session(`old-${sdkAppId}`, ago(KEEP_DAYS.sessions + 1)),
        session(`recent-${sdkAppId}`, ago(KEEP_DAYS.sessions - 1)),
        session(`live-${sdkAppId}`, ago(-1)),
      ],
    });
    // Tickets dated in the past: one expired 31 days ago, one 29 days ago, one still live; plus a 50-year one (time + expire passes 32 bits).
    const past = (expiredDaysAgo: number) =>
      issueTickets(
        SYSTEM_ACTOR,
        sdkAppId,
        [{ kind: "usersig", sdkAppId, userId: "u", expire: DAY }],
        nowSeconds() - (expiredDaysAgo + 1) * DAY,
      );
    await past(KEEP_DAYS.ledger + 1);
    await past(KEEP_DAYS.ledger - 1);
    await issueTickets(SYSTEM_ACTOR, sdkAppId, [{ kind: "usersig", sdkAppId, userId: "u", expire: DAY }]);
    await issueTickets(SYSTEM_ACTOR, sdkAppId, [{ kind: "usersig", sdkAppId, userId: "u", expire: 50 * 365 * DAY }]);
    const auditBefore = await db().auditEvent.count({ where: { sdkAppId } });
    const countsBefore = await db().dailyCount.findMany({
      where: { sdkAppId },
      orderBy: [{ metric: "asc" }, { day: "asc" }],
    });

    const purged = await purgeExpiredRows();
    assert.ok(purged.sessions >= 1 && purged.ledger >= 1, JSON.stringify(purged));
    assert.deepEqual(
      (await db().userSession.findMany({ where: { sdkAppId }, orderBy: { id: "asc" } })).map(
        (row) => row.id.split("-")[0],
      ),
      ["live", "recent"],
    );
    const left = await db().issuedTicket.findMany({ where: { sdkAppId }, select: { time: true, expire: true } });
    assert.equal(left.length, 3);
    for (const row of left) assert.ok(row.time + row.expire >= nowSeconds() - KEEP_DAYS.ledger * DAY);
    assert.equal(await db().auditEvent.count({ where: { sdkAppId } }), auditBefore);
    assert.deepEqual(
      await db().dailyCount.findMany({ where: { sdkAppId }, orderBy: [{ metric: "asc" }, { day: "asc" }] }),
      countsBefore,
    );

    const again = await purgeExpiredRows();
    assert.equal(
      await db().issuedTicket.count({ where: { sdkAppId } }),
      3,
      `a second purge deletes nothing more of this app: ${JSON.stringify(again)}`,
    );
  });

  test("thousands of expired rows go in several short batches", async () => {
    const { sdkAppId } = await createApp(SYSTEM_ACTOR, "Retention batches");
    const expiresAt = new Date(Date.now() - (KEEP_DAYS.sessions + 2) * DAY * 1000);
    await db().userSession.createMany({
      data: Array.from({ length: 4500 }, (_, i) => ({
        id: `b${sdkAppId}-${i}`,
        tokenHash: `b${sdkAppId}-${i}`,
        sdkAppId,
        userId: "u",
        expiresAt,
      })),
    });
    await purgeExpiredRows();
    assert.equal(await db().userSession.count({ where: { sdkAppId } }), 0);
  });
});
