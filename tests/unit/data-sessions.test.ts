// Sessions and the login ticket check on whichever database this pass uses.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();
const { db } = await import("@/lib/db");
const { createApp } = await import("@/lib/data/apps");
const { SYSTEM_ACTOR } = await import("@/lib/data/audit");
const { primaryKey } = await import("@/lib/data/keys");
const { createSession, endSession, findSession, livePlatforms } = await import("@/lib/data/sessions");
const { checkTicket, issueTickets } = await import("@/lib/data/tickets");
const { invalidateLogin } = await import("@/lib/data/accounts");
const { genUserSig } = await import("@/lib/usersig");

const user = (id: string) => ({ type: "user" as const, id, ip: "127.0.0.1" });

describe("sessions", () => {
  test("concurrent logins are written together: accounts created once, every session and audit row stored", async () => {
    const { sdkAppId } = await createApp(SYSTEM_ACTOR, "Sessions");
    const ids = Array.from({ length: 25 }, (_, i) => `s${i % 20}`);
    const started = await Promise.all(
      ids.map((userId) => createSession({ actor: user(userId), sdkAppId, userId, ticketExpiresAt: Math.floor(Date.now() / 1000) + 3600, keyVersion: 1, accountExists: false })),
    );
    assert.equal(new Set(started.map((s) => s.token)).size, 25);
    assert.equal(await db().userSession.count({ where: { sdkAppId } }), 25);
    assert.equal(await db().account.count({ where: { sdkAppId, userId: { startsWith: "s" } } }), 20);
    assert.equal(await db().auditEvent.count({ where: { sdkAppId, action: "login" } }), 25);
    const found = await findSession(started[0]!.token);
    assert.ok(found.ok);
    assert.equal(found.session.userId, "s0");
    assert.deepEqual([...(await livePlatforms(sdkAppId, ["s0", "s1", "nobody"]))], [["s0", ["Unknown"]], ["s1", ["Unknown"]]]);
    assert.equal(await endSession(user("s0"), started[0]!.token), true);
    assert.deepEqual(await findSession(started[0]!.token), { ok: false, problem: "revoked" });
    assert.equal(await endSession(user("s0"), started[0]!.token), false);
    assert.deepEqual(await findSession("no-such-token"), { ok: false, problem: "unknown" });
  });

  test("a session ends with its ticket or after the maximum length, whichever is first", async () => {
    const { sdkAppId } = await createApp(SYSTEM_ACTOR, "Session length");
    const soon = await createSession({ actor: user("a"), sdkAppId, userId: "a", ticketExpiresAt: Math.floor(Date.now() / 1000) - 1, keyVersion: 1, accountExists: false });
    assert.deepEqual(await findSession(soon.token), { ok: false, problem: "expired" });
    const long = await createSession({ actor: user("a"), sdkAppId, userId: "a", ticketExpiresAt: 2 ** 31, keyVersion: 1, accountExists: true });
    assert.ok(long.expiresAt.getTime() - Date.now() <= 7 * 86400_000);
  });

  test("invalidating a login ends sessions that started at or before that second", async () => {
    const { sdkAppId } = await createApp(SYSTEM_ACTOR, "Kick");
    const { token } = await createSession({ actor: user("k"), sdkAppId, userId: "k", ticketExpiresAt: 2 ** 31, keyVersion: 1, accountExists: false });
    await invalidateLogin(SYSTEM_ACTOR, sdkAppId, "k");
    assert.deepEqual(await findSession(token), { ok: false, problem: "revoked" });
  });
});

describe("tickets", () => {
  test("checkTicket sees key rotation, app status and kicks at once, even in a concurrent batch", async () => {
    const { sdkAppId } = await createApp(SYSTEM_ACTOR, "Tickets");
    const { key } = await primaryKey(sdkAppId);
    const sig = (userId: string) => genUserSig({ sdkAppId, key, userId });
    const results = await Promise.all(["x1", "x2", "x3"].map((userId) => checkTicket({ sdkAppId, userId, ticket: sig(userId) })));
    assert.ok(results.every((r) => r.ok && !r.accountExists));
    const other = await checkTicket({ sdkAppId: 1_399_999_999, userId: "x1", ticket: sig("x1") });
    assert.equal(other.ok ? 0 : other.code, 70020);
    await db().application.update({ where: { sdkAppId }, data: { status: "disabled" } });
    const disabled = await checkTicket({ sdkAppId, userId: "x1", ticket: sig("x1") });
    assert.equal(disabled.ok ? 0 : disabled.code, 70020);
  });

  test("issueTickets records every ticket in the ledger and the audit trail in one go", async () => {
    const { sdkAppId } = await createApp(SYSTEM_ACTOR, "Issue");
    const issued = await issueTickets({ type: "app-admin", id: "administrator" }, sdkAppId, [
      { kind: "usersig", sdkAppId, userId: "i1", expire: 60 },
      { kind: "privatemapkey", sdkAppId, userId: "i1", room: 7, privileges: 255, expire: 60 },
    ]);
    assert.equal(issued.length, 2);
    assert.equal(await db().issuedTicket.count({ where: { sdkAppId } }), 2);
    assert.equal(await db().auditEvent.count({ where: { sdkAppId, action: { in: ["usersig.issue", "privatemapkey.issue"] } } }), 2);
  });
});
