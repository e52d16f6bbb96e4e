// What keeps the console's pages quick at millions of rows (issue 11), on
// whichever database this pass uses: the counters database triggers keep
// (an app's accounts, each key's ledger tickets) follow every writer, and
// the account search reads index ranges, merges UserID and external-ID
// matches in UserID order, and bounds its count; the audit export's
// hand-written reads return what the pages do, filter by filter.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();
const { db } = await import("@/lib/db");
const { SYSTEM_ACTOR } = await import("@/lib/data/audit");
const apps = await import("@/lib/data/apps");
const { importAccounts, deleteAccounts, upsertAccount } = await import("@/lib/data/accounts");
const { addAdmin } = await import("@/lib/data/admins");
const { keyUsage, rotateAppKey } = await import("@/lib/data/keys");
const { createSession } = await import("@/lib/data/sessions");
const { issueTickets } = await import("@/lib/data/ticket-issue");
const { appOverview } = await import("@/lib/data/stats");
const { ACCOUNT_COUNT_LIMIT, listAccounts, streamAccounts } = await import("@/lib/data/account-directory");
const { auditInsert } = await import("@/lib/data/audit");
const { listAuditEvents, streamAuditEvents } = await import("@/lib/data/audit-log");
const { runTransaction } = await import("@/lib/data/sql");

const operator = { type: "operator" as const, id: "ops@tessera.test", ip: "127.0.0.1" };
const user = { type: "user" as const, id: "u", ip: "127.0.0.1" };
const counted = async (sdkAppId: number) =>
  (await db().application.findUniqueOrThrow({ where: { sdkAppId } })).accountCount;
const actual = (sdkAppId: number) => db().account.count({ where: { sdkAppId } });

describe("console counters and account search", () => {
  test("an app's account counter follows every writer: creation, imports, admins, first logins, deletions", async () => {
    const { sdkAppId } = await apps.createApp(SYSTEM_ACTOR, "Counted");
    const other = await apps.createApp(SYSTEM_ACTOR, "Other");
    assert.equal(await counted(sdkAppId), 1);
    await importAccounts(operator, sdkAppId, [{ userId: "a" }, { userId: "b" }, { userId: "c" }]);
    // Existing accounts are updated, not counted again.
    await importAccounts(operator, sdkAppId, [{ userId: "a", nickname: "A" }, { userId: "d" }]);
    await db().$transaction((tx) => upsertAccount(tx, sdkAppId, { userId: "b", nickname: "B" }));
    await addAdmin(operator, sdkAppId, "ops");
    // Concurrent first logins of one UserID create its account once (INSERT ... ON CONFLICT DO NOTHING).
    const expiresAt = Math.floor(Date.now() / 1000) + 3600;
    await Promise.all(
      Array.from({ length: 12 }, (_, n) =>
        createSession({
          actor: user,
          sdkAppId,
          userId: `login${n % 3}`,
          ticketExpiresAt: expiresAt,
          keyVersion: 1,
          accountExists: false,
        }),
      ),
    );
    assert.equal(await counted(sdkAppId), 9);
    await deleteAccounts(operator, sdkAppId, ["a", "login0", "nobody"]);
    assert.equal(await counted(sdkAppId), await actual(sdkAppId));
    assert.equal(await counted(sdkAppId), 7);
    assert.equal(await counted(other.sdkAppId), 1);
    assert.equal((await appOverview(sdkAppId)).accounts, 7);
    assert.equal((await apps.listApps()).find((app) => app.sdkAppId === sdkAppId)?.accountCount, 7);
    await apps.setAppStatus(operator, sdkAppId, "disabled");
    await apps.deleteApp(operator, sdkAppId, "Counted");
    assert.equal(await counted(other.sdkAppId), 1);
  });

  test("each key's ledger counter and last signing time follow the tickets issued with it", async () => {
    const { sdkAppId } = await apps.createApp(SYSTEM_ACTOR, "Keys");
    assert.deepEqual(await keyUsage(sdkAppId), new Map([[1, { count: 0, lastIssuedAt: null }]]));
    await issueTickets(
      operator,
      sdkAppId,
      [1, 2, 3].map((n) => ({ kind: "usersig" as const, sdkAppId, userId: `u${n}` })),
    );
    await rotateAppKey(operator, sdkAppId, 3600);
    await issueTickets(operator, sdkAppId, [
      { kind: "privatemapkey", sdkAppId, userId: "u1", room: 7, privileges: 255 },
    ]);
    const usage = await keyUsage(sdkAppId);
    const ledger = await db().issuedTicket.groupBy({
      by: ["keyVersion"],
      where: { sdkAppId },
      _count: { _all: true },
      _max: { createdAt: true },
    });
    assert.equal(usage.size, 2);
    for (const row of ledger)
      assert.deepEqual(usage.get(row.keyVersion), { count: row._count._all, lastIssuedAt: row._max.createdAt });
    assert.equal(usage.get(1)!.count, 3);
    assert.equal(usage.get(2)!.count, 1);
    // A purge of ledger rows counts down.
    await db().issuedTicket.deleteMany({ where: { sdkAppId, keyVersion: 1, userId: "u1" } });
    assert.equal((await keyUsage(sdkAppId)).get(1)!.count, 2);
  });

  test("a search matches the start of a UserID or an external ID, case-sensitively, and pages through the matches in UserID order", async () => {
    const { sdkAppId } = await apps.createApp(SYSTEM_ACTOR, "Search");
    const profiles = Array.from({ length: 30 }, (_, n) => ({
      userId: `m${String(n).padStart(2, "0")}`,
      externalId: n % 3 === 0 ? `ext-${n}` : `other-${n}`,
    }));
    await importAccounts(operator, sdkAppId, [
      ...profiles,
      { userId: "ext-own" },
      { userId: "Ext-upper", externalId: "EXT-1" },
      { userId: "zz", externalId: "ext-z" },
    ]);
    const seen: string[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await listAccounts(sdkAppId, { query: "ext-", after, take: 4 });
      assert.equal(page.total, 12);
      assert.equal(page.more, false);
      seen.push(...page.accounts.map((a) => a.userId));
      after = page.nextAfter ?? undefined;
      if (!after) break;
    }
    const expected = [
      "ext-own",
      ...profiles.filter((p) => p.externalId.startsWith("ext-")).map((p) => p.userId),
      "zz",
    ].sort();
    assert.deepEqual(seen, expected);
    assert.deepEqual(
      (await listAccounts(sdkAppId, { query: "m0" })).accounts.map((a) => a.userId),
      profiles.slice(0, 10).map((p) => p.userId),
    );
    assert.deepEqual(
      (await listAccounts(sdkAppId, { query: "Ext" })).accounts.map((a) => a.userId),
      ["Ext-upper"],
    );
    assert.equal((await listAccounts(sdkAppId, { query: "nothing" })).accounts.length, 0);
    // LIKE's wildcards and escape character in a query are plain characters.
    await importAccounts(
      operator,
      sdkAppId,
      ["w_1", "wx1", "w%2", "wy2", "w\\3"].map((userId) => ({ userId })),
    );
    for (const [query, userId] of [
      ["w_", "w_1"],
      ["w%", "w%2"],
      ["w\\", "w\\3"],
    ]) {
      assert.deepEqual(
        (await listAccounts(sdkAppId, { query })).accounts.map((a) => a.userId),
        [userId],
        query,
      );
    }
    await deleteAccounts(operator, sdkAppId, ["w_1", "wx1", "w%2", "wy2", "w\\3"]);
    assert.equal((await listAccounts(sdkAppId)).total, 34);
    // The export's hand-written reads return what Prisma does, in UserID order.
    await db().account.updateMany({ where: { sdkAppId, userId: "m01" }, data: { disabled: true } });
    const exported = [];
    for await (const batch of streamAccounts(sdkAppId, 7)) exported.push(...batch);
    const fields = {
      userId: true,
      externalId: true,
      nickname: true,
      faceUrl: true,
      disabled: true,
      createdAt: true,
    } as const;
    assert.deepEqual(
      exported,
      await db().account.findMany({ where: { sdkAppId }, orderBy: { userId: "asc" }, select: fields }),
    );
    assert.equal(exported.filter((account) => account.disabled).length, 1);
  });

  test("a search with more matches than it counts says so, and its pages still cover every match once", async () => {
    const { sdkAppId } = await apps.createApp(SYSTEM_ACTOR, "Many");
    const many = ACCOUNT_COUNT_LIMIT + 50;
    await importAccounts(
      operator,
      sdkAppId,
      Array.from({ length: many }, (_, n) => ({ userId: `p${String(n).padStart(6, "0")}`, externalId: `x${n}` })),
    );
    const byUserId = await listAccounts(sdkAppId, { query: "p" });
    assert.equal(byUserId.more, true);
    assert.equal(byUserId.total, ACCOUNT_COUNT_LIMIT);
    // Too many external-ID matches to sort: the pages walk the UserID order.
    let pages = 0;
    let matches = 0;
    let after: string | undefined;
    do {
      const page = await listAccounts(sdkAppId, { query: "x", after, take: 2000 });
      assert.equal(page.more, true);
      matches += page.accounts.length;
      after = page.nextAfter ?? undefined;
      pages++;
    } while (after && pages < 20);
    assert.equal(matches, many);
  });

  test("the audit export streams exactly the pages' events, newest first, for every filter, rows sharing a millisecond included", async () => {
    const a = (await apps.createApp(SYSTEM_ACTOR, "Audit A")).sdkAppId;
    const b = (await apps.createApp(SYSTEM_ACTOR, "Audit B")).sdkAppId;
    const at = new Date(Date.now() - 86_400_000);
    const entries = Array.from({ length: 23 }, (_, n) => ({
      // Runs of five rows share one timestamp, so the keyset must go on by id.
      at: new Date(at.getTime() + Math.floor(n / 5) * 1000),
      input: {
        actor: { type: "operator" as const, id: n % 2 ? "odd@tessera.test" : "even@tessera.test" },
        action: "key.reveal" as const,
        sdkAppId: n % 3 === 0 ? null : n % 3 === 1 ? a : b,
        result: n % 4 === 0 ? ("denied" as const) : ("ok" as const),
        count: n % 7 === 0 ? 3 : 1,
        ...(n % 7 === 0 && { lastAt: new Date(at.getTime() + 60_000) }),
      },
    }));
    await runTransaction([auditInsert(entries)]);
    const day = (date: Date) => new Date(date.toISOString().slice(0, 10) + "T00:00:00Z");
    const filters = [
      {},
      { sdkAppId: a },
      { visibleApps: [a] },
      { visibleApps: [] },
      { sdkAppId: b, visibleApps: [a] },
      { sdkAppId: a, visibleApps: [a, b] },
      { actor: "odd@tessera.test", result: "denied" },
      { action: "key.reveal", from: day(at), to: new Date(day(at).getTime() + 86_400_000) },
      { from: new Date(at.getTime() + 2000), to: new Date(at.getTime() + 4000) },
    ];
    for (const filter of filters) {
      const paged = [];
      let cursor: string | undefined;
      do {
        const page = await listAuditEvents(filter, cursor, 4);
        paged.push(...page.events);
        cursor = page.next ?? undefined;
      } while (cursor);
      const streamed = [];
      for await (const batch of streamAuditEvents(filter, 3)) streamed.push(...batch);
      assert.deepEqual(streamed, paged, JSON.stringify(filter));
    }
  });
});
