// The overview's charts come from per-day counters written with the events
// (issue 11), on whichever database this pass uses.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();
const { db } = await import("@/lib/db");
const { createApp } = await import("@/lib/data/apps");
const { SYSTEM_ACTOR } = await import("@/lib/data/audit");
const { createSession } = await import("@/lib/data/sessions");
const { issueTickets } = await import("@/lib/data/ticket-issue");
const { appOverview } = await import("@/lib/data/stats");

const operator = { type: "operator" as const, id: "ops@tessera.test", ip: "127.0.0.1" };
const user = { type: "user" as const, id: "u", ip: "127.0.0.1" };
const total = (series: { count: number }[]) => series.reduce((sum, day) => sum + day.count, 0);

describe("per-day counters", () => {
  test("issued tickets and logins are counted with the events, 60 concurrent logins included, and the charts read only the counters", async () => {
    const { sdkAppId } = await createApp(SYSTEM_ACTOR, "Daily counts");
    await issueTickets(
      operator,
      sdkAppId,
      [1, 2, 3].map((n) => ({ kind: "usersig" as const, sdkAppId, userId: `u${n}` })),
    );
    await issueTickets(operator, sdkAppId, [
      { kind: "privatemapkey", sdkAppId, userId: "u1", room: 7, privileges: 255 },
    ]);
    const expiresAt = Math.floor(Date.now() / 1000) + 3600;
    await Promise.all(
      Array.from({ length: 60 }, (_, n) =>
        createSession({
          actor: user,
          sdkAppId,
          userId: `l${n % 7}`,
          ticketExpiresAt: expiresAt,
          keyVersion: 1,
          accountExists: false,
        }),
      ),
    );

    const overview = await appOverview(sdkAppId);
    assert.equal(overview.issued.at(-1)!.count, 4);
    assert.equal(total(overview.issued), 4);
    assert.equal(overview.logins.at(-1)!.count, 60);
    assert.equal(await db().userSession.count({ where: { sdkAppId } }), 60);

    // With the raw rows gone (purged ledger and sessions), the charts are unchanged: they never scan them.
    await db().issuedTicket.deleteMany({ where: { sdkAppId } });
    await db().userSession.deleteMany({ where: { sdkAppId } });
    const after = await appOverview(sdkAppId);
    assert.deepEqual(after.issued, overview.issued);
    assert.deepEqual(after.logins, overview.logins);
  });

  test("days outside the 30-day window are not shown, and another app's counts never mix in", async () => {
    const { sdkAppId } = await createApp(SYSTEM_ACTOR, "Window");
    const { sdkAppId: other } = await createApp(SYSTEM_ACTOR, "Other");
    await db().dailyCount.createMany({
      data: [
        { sdkAppId, metric: "logins", day: "2020-01-01", count: 99 },
        { sdkAppId: other, metric: "logins", day: new Date().toISOString().slice(0, 10), count: 5 },
      ],
    });
    const overview = await appOverview(sdkAppId);
    assert.equal(overview.logins.length, 30);
    assert.equal(total(overview.logins), 0);
  });
});
