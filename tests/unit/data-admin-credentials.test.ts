// An admin credential is a UserSig signed once its identifier was an app
// admin (issue 19, section 3), on whichever database this pass uses.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();
const { db } = await import("@/lib/db");
const { createApp } = await import("@/lib/data/apps");
const { addAdmin, removeAdmin } = await import("@/lib/data/admins");
const { SYSTEM_ACTOR } = await import("@/lib/data/audit");
const { primaryKey } = await import("@/lib/data/keys");
const { issueTicket } = await import("@/lib/data/ticket-issue");
const { authenticateAppAdmin } = await import("@/lib/api/auth/app-admin");
const { genUserSig } = await import("@/lib/usersig");

const developer = { type: "operator" as const, id: "dev@tessera.test", ip: "127.0.0.1" };
const owner = { type: "operator" as const, id: "owner@tessera.test", ip: "127.0.0.1" };
const nowSeconds = () => Math.floor(Date.now() / 1000);

const asAdmin = (sdkAppId: number, identifier: string, usersig: string) =>
  authenticateAppAdmin(new URLSearchParams({ sdkappid: String(sdkAppId), identifier, usersig }), "127.0.0.9", "rest");

describe("admin credentials", () => {
  test("a UserSig minted before its UserID became an app admin is refused with 70052; one signed since works", async () => {
    const { sdkAppId } = await createApp(SYSTEM_ACTOR, "Admin since");
    // A developer's test UserSig for a plain UserID, from a minute ago.
    const old = await issueTicket(
      developer,
      { kind: "usersig", sdkAppId, userId: "ops_bot", expire: 7 * 86_400 },
      nowSeconds() - 60,
    );
    await addAdmin(owner, sdkAppId, "ops_bot");

    const refused = await asAdmin(sdkAppId, "ops_bot", old.ticket);
    assert.equal(refused.ok, false);
    assert.ok(!refused.ok);
    assert.equal(refused.code, 70052);
    assert.equal(refused.restCode, 70052, "REST answers the UserSig's own code");
    assert.match(refused.message, /before "ops_bot" became an app admin of application \d+ at \d{4}-/);
    assert.match(refused.fix, /Generate a new UserSig/);
    const audit = await db().auditEvent.findFirst({
      where: { sdkAppId, action: "rest.reject", target: "ops_bot" },
      orderBy: { id: "desc" },
    });
    assert.equal(audit?.code, 70052);
    assert.match(audit?.details ?? "", /became an app admin/);

    const fresh = await issueTicket(owner, { kind: "usersig", sdkAppId, userId: "ops_bot", expire: 3600 });
    assert.deepEqual(await asAdmin(sdkAppId, "ops_bot", fresh.ticket), {
      ok: true,
      sdkAppId,
      identifier: "ops_bot",
      actor: { type: "app-admin", id: "ops_bot", ip: "127.0.0.9" },
    });
  });

  test("removing and adding an admin again refuses what was signed before the new admission", async () => {
    const { sdkAppId } = await createApp(SYSTEM_ACTOR, "Admin again");
    await addAdmin(owner, sdkAppId, "bot2");
    const { key } = await primaryKey(sdkAppId);
    // Dated after the first admission, before the second.
    const between = genUserSig({ sdkAppId, key, userId: "bot2", expire: 3600, now: nowSeconds() });
    assert.equal((await asAdmin(sdkAppId, "bot2", between)).ok, true);
    await removeAdmin(owner, sdkAppId, "bot2");
    // The second admission is stored a few seconds later than `between` is dated.
    await db().$transaction(async (tx) => {
      await tx.appAdmin.create({ data: { sdkAppId, identifier: "bot2", createdAt: new Date(Date.now() + 5_000) } });
    });
    const again = await asAdmin(sdkAppId, "bot2", between);
    assert.ok(!again.ok);
    assert.equal(again.code, 70052);
  });

  test("the built-in administrator is exempt: its UserSig may be dated before the app existed", async () => {
    const { sdkAppId } = await createApp(SYSTEM_ACTOR, "Built-in admin");
    const { key } = await primaryKey(sdkAppId);
    const early = genUserSig({ sdkAppId, key, userId: "administrator", expire: 86_400, now: nowSeconds() - 3600 });
    assert.equal((await asAdmin(sdkAppId, "administrator", early)).ok, true);
  });
});
