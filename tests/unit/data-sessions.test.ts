// Sessions and the login ticket check on whichever database this pass uses.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, test } from "node:test";
import { raisedByTrigger, useTestDatabase } from "../support/test-database";

const databaseUrl = await useTestDatabase();
const { db } = await import("@/lib/db");
const { createApp, setAppStatus } = await import("@/lib/data/apps");
const { SYSTEM_ACTOR } = await import("@/lib/data/audit");
const { primaryKey, rotateKey } = await import("@/lib/data/keys");
const { createSession, endSession, findSession, livePlatforms, MAX_SESSION_SECONDS } =
  await import("@/lib/data/sessions");
const { checkTicket } = await import("@/lib/data/ticket-check");
const { issueTickets } = await import("@/lib/data/ticket-issue");
const { sigHash } = await import("@/lib/data/ledger");
const { invalidateLogin } = await import("@/lib/data/accounts");
const { authenticateSession } = await import("@/lib/api/auth/session");
const { decodeUserSig, genUserSig } = await import("@/lib/usersig");

const user = (id: string) => ({ type: "user" as const, id, ip: "127.0.0.1" });

/** Runs `body` while the database refuses to insert an audit row whose target is `target`. */
async function withAuditRefusedFor(target: string, body: () => Promise<void>): Promise<void> {
  const statements = databaseUrl.startsWith("postgres")
    ? [
        `CREATE FUNCTION "test_refuse_audit"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW."target" = '${target}' THEN RAISE EXCEPTION 'audit row refused by the test'; END IF; RETURN NEW; END $$`,
        `CREATE TRIGGER "test_refuse_audit" BEFORE INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION "test_refuse_audit"()`,
      ]
    : [
        `CREATE TRIGGER "test_refuse_audit" BEFORE INSERT ON "AuditEvent" WHEN NEW."target" = '${target}' BEGIN SELECT RAISE(ABORT, 'audit row refused by the test'); END`,
      ];
  for (const statement of statements) await db().$executeRawUnsafe(statement);
  try {
    await body();
  } finally {
    await db().$executeRawUnsafe(
      `DROP TRIGGER "test_refuse_audit"${databaseUrl.startsWith("postgres") ? ` ON "AuditEvent"` : ""}`,
    );
    if (databaseUrl.startsWith("postgres")) await db().$executeRawUnsafe(`DROP FUNCTION "test_refuse_audit"()`);
  }
}

describe("sessions", () => {
  test("concurrent logins are written together: accounts created once, every session and audit row stored", async () => {
    const { sdkAppId } = await createApp(SYSTEM_ACTOR, "Sessions");
    const ids = Array.from({ length: 25 }, (_, i) => `s${i % 20}`);
    const started = await Promise.all(
      ids.map((userId) =>
        createSession({
          actor: user(userId),
          sdkAppId,
          userId,
          ticketExpiresAt: Math.floor(Date.now() / 1000) + 3600,
          keyVersion: 1,
          accountExists: false,
        }),
      ),
    );
    assert.equal(new Set(started.map((s) => s.token)).size, 25);
    assert.equal(await db().userSession.count({ where: { sdkAppId } }), 25);
    assert.equal(await db().account.count({ where: { sdkAppId, userId: { startsWith: "s" } } }), 20);
    assert.equal(await db().auditEvent.count({ where: { sdkAppId, action: "login" } }), 25);
    const found = await findSession(started[0]!.token);
    assert.ok(found.ok);
    assert.equal(found.session.userId, "s0");
    assert.deepEqual(
      [...(await livePlatforms(sdkAppId, ["s0", "s1", "nobody"]))],
      [
        ["s0", ["Unknown"]],
        ["s1", ["Unknown"]],
      ],
    );
    assert.equal(await endSession(user("s0"), started[0]!.token), true);
    assert.deepEqual(await findSession(started[0]!.token), { ok: false, problem: "revoked" });
    assert.equal(await endSession(user("s0"), started[0]!.token), false);
    assert.deepEqual(await findSession("no-such-token"), { ok: false, problem: "unknown" });
  });

  test("a burst of 3,000 concurrent logins is written in batches the database accepts, none retried one by one", async () => {
    const { sdkAppId } = await createApp(SYSTEM_ACTOR, "Burst");
    const logged: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void logged.push(args.map(String).join(" "));
    try {
      await Promise.all(
        Array.from({ length: 3000 }, (_, i) =>
          createSession({
            actor: user(`burst${i}`),
            sdkAppId,
            userId: `burst${i}`,
            ticketExpiresAt: Math.floor(Date.now() / 1000) + 3600,
            keyVersion: 1,
            accountExists: false,
          }),
        ),
      );
    } finally {
      console.error = original;
    }
    assert.deepEqual(
      logged.filter((line) => line.includes("batched:")),
      [],
    );
    assert.equal(await db().userSession.count({ where: { sdkAppId } }), 3000);
    assert.equal(await db().account.count({ where: { sdkAppId, userId: { startsWith: "burst" } } }), 3000);
    assert.equal(await db().auditEvent.count({ where: { sdkAppId, action: "login" } }), 3000);
  });

  test("a session ends with its ticket or after the maximum length, whichever is first", async () => {
    const { sdkAppId } = await createApp(SYSTEM_ACTOR, "Session length");
    const now = new Date();
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const start = (ticketExpiresAt: number) =>
      createSession({
        actor: user("a"),
        sdkAppId,
        userId: "a",
        ticketExpiresAt,
        keyVersion: 1,
        accountExists: false,
        now,
      });
    const expired = await start(nowSeconds - 1);
    assert.deepEqual(await findSession(expired.token, now), { ok: false, problem: "expired" });

    const withTicket = await start(nowSeconds + 3600);
    assert.equal(withTicket.expiresAt.getTime(), (nowSeconds + 3600) * 1000, "ends with its ticket");
    const capped = await start(2 ** 31);
    assert.equal(MAX_SESSION_SECONDS, 7 * 86400);
    assert.equal(capped.expiresAt.getTime(), now.getTime() + 7 * 86400_000, "ends 7 days after it started");
    for (const session of [withTicket, capped]) {
      // Only the token's SHA-256 is stored, and the stored end is the one returned.
      const row = await db().userSession.findUniqueOrThrow({
        where: { tokenHash: createHash("sha256").update(session.token).digest("hex") },
      });
      assert.equal(row.expiresAt.getTime(), session.expiresAt.getTime());
      assert.ok((await findSession(session.token, new Date(session.expiresAt.getTime() - 1))).ok, "live until its end");
      assert.deepEqual(await findSession(session.token, session.expiresAt), { ok: false, problem: "expired" });
    }
  });

  test("a disabled application's sessions are refused (70020) while it is disabled, and live again once it is enabled", async () => {
    const { sdkAppId } = await createApp(SYSTEM_ACTOR, "Disabled sessions");
    const session = await createSession({
      actor: user("d"),
      sdkAppId,
      userId: "d",
      ticketExpiresAt: Math.floor(Date.now() / 1000) + 3600,
      keyVersion: 1,
      accountExists: false,
    });
    assert.ok((await authenticateSession(`Bearer ${session.token}`)).ok);
    await setAppStatus(SYSTEM_ACTOR, sdkAppId, "disabled");
    assert.deepEqual(await findSession(session.token), { ok: false, problem: "app-disabled", sdkAppId });
    const refused = await authenticateSession(`Bearer ${session.token}`);
    assert.ok(!refused.ok);
    assert.equal(refused.code, 70020);
    assert.equal(refused.message, `Application ${sdkAppId} is disabled.`);
    await setAppStatus(SYSTEM_ACTOR, sdkAppId, "enabled");
    assert.ok((await authenticateSession(`Bearer ${session.token}`)).ok, "disabling ended nothing");
  });

  test("invalidating a login ends sessions that started at or before that second", async () => {
    const { sdkAppId } = await createApp(SYSTEM_ACTOR, "Kick");
    const { token } = await createSession({
      actor: user("k"),
      sdkAppId,
      userId: "k",
      ticketExpiresAt: 2 ** 31,
      keyVersion: 1,
      accountExists: false,
    });
    await invalidateLogin(SYSTEM_ACTOR, sdkAppId, "k");
    assert.deepEqual(await findSession(token), { ok: false, problem: "revoked" });
  });
});

describe("tickets", () => {
  test("checkTicket sees key rotation, kicks and app status at once, even in a concurrent batch", async () => {
    const { sdkAppId } = await createApp(SYSTEM_ACTOR, "Tickets");
    const now = Math.floor(Date.now() / 1000);
    const sig = (key: string, userId: string, time = now - 10) => genUserSig({ sdkAppId, key, userId, now: time });
    /** Checks tickets concurrently: the key version each verified with, or its code. */
    const batch = async (...checks: [string, string][]) =>
      (await Promise.all(checks.map(([userId, ticket]) => checkTicket({ sdkAppId, userId, ticket, now })))).map((r) =>
        r.ok ? `v${r.keyVersion}` : r.code,
      );
    const v1 = (await primaryKey(sdkAppId)).key;
    assert.deepEqual(await batch(["x1", sig(v1, "x1")], ["x2", sig(v1, "x2")], ["x3", sig(v1, "x3")]), [
      "v1",
      "v1",
      "v1",
    ]);

    // Rotated without a grace period: the old key stops verifying at once.
    await db().$transaction((tx) => rotateKey(tx, sdkAppId, 0));
    const v2 = (await primaryKey(sdkAppId)).key;
    assert.deepEqual(
      await batch(["x1", sig(v1, "x1")], ["x1", sig(v2, "x1")], ["x2", sig(v2, "x2")], ["x3", sig(v2, "x3")]),
      [70009, "v2", "v2", "v2"],
    );

    // A kick refuses the user's tickets dated at or before its second, and nobody else's.
    await createSession({
      actor: user("x2"),
      sdkAppId,
      userId: "x2",
      ticketExpiresAt: now + 3600,
      keyVersion: 2,
      accountExists: false,
    });
    await invalidateLogin(SYSTEM_ACTOR, sdkAppId, "x2", new Date(now * 1000));
    assert.deepEqual(
      await batch(
        ["x2", sig(v2, "x2")],
        ["x2", sig(v2, "x2", now)],
        ["x2", sig(v2, "x2", now + 1)],
        ["x3", sig(v2, "x3", now)],
      ),
      [70052, 70052, "v2", "v2"],
    );

    await db().application.update({ where: { sdkAppId }, data: { status: "disabled" } });
    assert.deepEqual(await batch(["x1", sig(v2, "x1")], ["x3", sig(v2, "x3")]), [70020, 70020]);
    const unknown = await checkTicket({ sdkAppId: 1_399_999_999, userId: "x1", ticket: sig(v2, "x1") });
    assert.equal(unknown.ok ? 0 : unknown.code, 70020);
  });

  test("issueTickets records every ticket in the ledger and the audit trail in one transaction: all or none", async () => {
    const { sdkAppId } = await createApp(SYSTEM_ACTOR, "Issue");
    const actor = { type: "app-admin" as const, id: "administrator" };
    const issued = await issueTickets(actor, sdkAppId, [
      { kind: "usersig", sdkAppId, userId: "i1", expire: 60 },
      { kind: "privatemapkey", sdkAppId, userId: "i1", room: 7, privileges: 255, expire: 60 },
    ]);
    assert.equal(issued.length, 2);
    const ledger = await db().issuedTicket.findMany({ where: { sdkAppId }, orderBy: { kind: "desc" } });
    assert.deepEqual(
      ledger.map((row) => [row.userId, row.kind, row.sigHash]),
      issued.map((ticket, i) => [
        "i1",
        i === 0 ? "usersig" : "privatemapkey",
        sigHash((decodeUserSig(ticket.ticket) as { ok: true; value: { sig: string } }).value.sig),
      ]),
    );
    const audited = () =>
      db().auditEvent.count({ where: { sdkAppId, action: { in: ["usersig.issue", "privatemapkey.issue"] } } });
    assert.equal(await audited(), 2);

    // The last ticket's audit row is refused: none of the batch's ledger or audit rows stay.
    await withAuditRefusedFor("i3", async () => {
      const batch = ["i2", "i3"].map((userId) => ({ kind: "usersig" as const, sdkAppId, userId, expire: 60 }));
      await assert.rejects(issueTickets(actor, sdkAppId, batch), raisedByTrigger("audit row refused by the test"));
    });
    assert.equal(await db().issuedTicket.count({ where: { sdkAppId } }), 2);
    assert.equal(await audited(), 2);
  });
});
