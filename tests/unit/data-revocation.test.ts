// Revoking single UserSigs on whichever database this pass uses.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();
const { db } = await import("@/lib/db");
const { createApp } = await import("@/lib/data/apps");
const { SYSTEM_ACTOR } = await import("@/lib/data/audit");
const { primaryKey } = await import("@/lib/data/keys");
const { createSession, findSession } = await import("@/lib/data/sessions");
const { checkTicket } = await import("@/lib/data/ticket-check");
const { issueTickets } = await import("@/lib/data/ticket-issue");
const { sigHash } = await import("@/lib/data/ledger");
const { purgeExpiredRevocations, revokeIssued, revokeTickets } = await import("@/lib/data/revocations");
const { decodeUserSig, genUserSig } = await import("@/lib/usersig");

const operator = { type: "operator" as const, id: "ops@tessera.test", ip: "127.0.0.1" };
const hashOf = (ticket: string) => {
  const decoded = decodeUserSig(ticket);
  assert.ok(decoded.ok);
  return sigHash(decoded.value.sig);
};

describe("revocation", () => {
  test("a revoked UserSig is refused with 70052 saying when; a fresh one works; its session ends", async () => {
    const { sdkAppId } = await createApp(SYSTEM_ACTOR, "Revocation");
    const [issued] = await issueTickets(SYSTEM_ACTOR, sdkAppId, [
      { kind: "usersig", sdkAppId, userId: "r1", expire: 3600 },
    ]);
    const ticket = issued!.ticket;
    const before = await checkTicket({ sdkAppId, userId: "r1", ticket });
    assert.ok(before.ok);
    assert.equal(before.sigHash, hashOf(ticket));
    const session = await createSession({
      actor: operator,
      sdkAppId,
      userId: "r1",
      ticketExpiresAt: before.expiresAt,
      keyVersion: before.keyVersion,
      sigHash: before.sigHash,
      accountExists: before.accountExists,
    });
    const other = await createSession({
      actor: operator,
      sdkAppId,
      userId: "r1",
      ticketExpiresAt: before.expiresAt,
      keyVersion: 1,
      accountExists: true,
    });
    assert.ok((await findSession(session.token)).ok);

    const outcome = (await revokeTickets(operator, sdkAppId, [ticket]))[0]!;
    assert.ok(outcome.ok);
    assert.equal(outcome.userId, "r1");
    assert.equal(outcome.sessionsEnded, 1);
    assert.equal(outcome.alreadyRevoked, false);

    const after = await checkTicket({ sdkAppId, userId: "r1", ticket });
    assert.equal(after.ok, false);
    assert.ok(!after.ok);
    assert.equal(after.code, 70052);
    // App users learn when, never which operator (the console's ledger and the audit trail keep who).
    assert.match(after.reason, /^This UserSig was revoked at \d{4}-\d\d-\d\dT[\d:.]+Z\.$/);
    assert.doesNotMatch(after.reason, /ops@tessera|operator/);
    assert.deepEqual(await findSession(session.token), { ok: false, problem: "revoked" });
    assert.ok((await findSession(other.token)).ok, "a session started otherwise is untouched");
    // A login verified just before the revocation may commit its session just after it.
    const late = await createSession({
      actor: operator,
      sdkAppId,
      userId: "r1",
      ticketExpiresAt: before.expiresAt,
      keyVersion: before.keyVersion,
      sigHash: before.sigHash,
      accountExists: true,
    });
    assert.deepEqual(await findSession(late.token), { ok: false, problem: "revoked" });

    const { key } = await primaryKey(sdkAppId);
    const fresh = genUserSig({ sdkAppId, key, userId: "r1", expire: 7200 });
    assert.ok(
      (await checkTicket({ sdkAppId, userId: "r1", ticket: fresh })).ok,
      "another UserSig of the user still works",
    );

    const again = (await revokeTickets(operator, sdkAppId, [ticket]))[0]!;
    assert.ok(again.ok && again.alreadyRevoked, "revoking twice is harmless");
    assert.equal(again.sessionsEnded, 1, "and marks the late session ended");
    assert.equal(await db().auditEvent.count({ where: { sdkAppId, action: "usersig.revoke" } }), 2);
    const third = (await revokeTickets(operator, sdkAppId, [ticket]))[0]!;
    assert.ok(third.ok && third.alreadyRevoked && third.sessionsEnded === 0);
    assert.equal(
      await db().auditEvent.count({ where: { sdkAppId, action: "usersig.revoke" } }),
      2,
      "a revoke that changes nothing is not audited again",
    );
  });

  test("garbage, another app's ticket and a ticket signed with another key are refused one by one", async () => {
    const { sdkAppId } = await createApp(SYSTEM_ACTOR, "Revocation refusals");
    const { sdkAppId: otherApp } = await createApp(SYSTEM_ACTOR, "Revocation other");
    const { key: otherKey } = await primaryKey(otherApp);
    const { key } = await primaryKey(sdkAppId);
    const mine = genUserSig({ sdkAppId, key, userId: "self-signed", expire: 600 });
    const results = await revokeTickets(operator, sdkAppId, [
      "garbage",
      genUserSig({ sdkAppId: otherApp, key: otherKey, userId: "u", expire: 600 }),
      genUserSig({ sdkAppId, key: otherKey, userId: "u", expire: 600 }),
      mine,
    ]);
    assert.deepEqual(
      results.map((r) => [r.index, r.ok, r.ok ? 0 : r.code]),
      [
        [0, false, 70003],
        [1, false, 70014],
        [2, false, 70009],
        [3, true, 0],
      ],
    );
    assert.equal(
      await db().revokedTicket.count({ where: { sdkAppId } }),
      1,
      "a UserSig the App Server signed itself can be revoked",
    );
    assert.equal(await db().revokedTicket.count({ where: { sdkAppId: otherApp } }), 0);
  });

  test("revoking by ledger entry; expired entries are purged", async () => {
    const { sdkAppId } = await createApp(SYSTEM_ACTOR, "Revocation ledger");
    const [issued] = await issueTickets(SYSTEM_ACTOR, sdkAppId, [
      { kind: "usersig", sdkAppId, userId: "l1", expire: 60 },
    ]);
    const entry = await db().issuedTicket.findFirstOrThrow({ where: { sdkAppId, userId: "l1" } });
    const result = await revokeIssued(operator, sdkAppId, entry.id);
    assert.equal(result.userId, "l1");
    const refused = await checkTicket({ sdkAppId, userId: "l1", ticket: issued!.ticket });
    assert.ok(!refused.ok && refused.code === 70052);
    await assert.rejects(revokeIssued(operator, sdkAppId + 1, entry.id), /not in this application's ledger/);

    const row = await db().revokedTicket.findUniqueOrThrow({ where: { sigHash: entry.sigHash } });
    assert.equal(row.expiresAt.getTime(), (entry.time + entry.expire) * 1000);
    assert.equal(
      await purgeExpiredRevocations(new Date(row.expiresAt.getTime() - 1000)),
      0,
      "kept while the UserSig could still be used",
    );
    assert.ok((await purgeExpiredRevocations(new Date(row.expiresAt.getTime() + 1000))) >= 1);
    assert.equal(await db().revokedTicket.count({ where: { sigHash: entry.sigHash } }), 0);
  });
});
