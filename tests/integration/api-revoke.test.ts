// POST /api/v1/usersig/revoke: an App Server revokes UserSigs of its app; a
// revoked UserSig is refused at login and as a REST admin credential (70052),
// and the sessions it started end at once.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import {
  adminQuery,
  assertClean,
  call,
  db,
  expectEnvelope,
  lastAudit,
  login,
  newApp,
  rest,
  userSigFor,
} from "./api-helpers";

let app: number;
let other: number;

before(async () => {
  app = await newApp("Revocation tests");
  other = await newApp("Revocation other app");
});

const revoke = async (body: unknown, query?: string) =>
  call(`/api/v1/usersig/revoke?${query ?? (await adminQuery(app))}`, { body });

describe("UserSig revocation", () => {
  test("a revoked UserSig no longer logs in and its session ends; other UserSigs keep working", async () => {
    const sig = await userSigFor(app, "rev_user", { expire: 3600 });
    const first = await login(app, "rev_user", sig);
    assert.equal(first.status, 200, first.text);
    const token: string = first.body.token;
    assert.equal((await call("/api/v1/session", { headers: { authorization: `Bearer ${token}` } })).status, 200);

    const reply = await revoke({ userSigs: [sig] });
    assert.equal(reply.status, 200, reply.text);
    assert.equal(reply.headers.get("cache-control"), "no-store");
    assert.deepEqual(
      reply.body.results.map(
        (r: { index: number; ok: boolean; code: number; sessionsEnded: number; userId: string }) => [
          r.index,
          r.ok,
          r.code,
          r.userId,
          r.sessionsEnded,
        ],
      ),
      [[0, true, 0, "rev_user", 1]],
    );
    const audit = await lastAudit({ action: "usersig.revoke", sdkAppId: app });
    assert.equal(audit?.target, "rev_user");
    assert.equal(audit?.actorType, "app-admin");

    const refused = await login(app, "rev_user", sig);
    assert.equal(refused.status, 401, refused.text);
    assert.equal(refused.body.error.code, 70052);
    assert.match(refused.body.error.message, /revoked at \d{4}-[\d-]+T[\d:.]+Z\.$/);
    assert.doesNotMatch(refused.body.error.message, /administrator|app-admin/, "says when, never who");
    const ended = await call("/api/v1/session", { headers: { authorization: `Bearer ${token}` } });
    assert.equal(ended.status, 401, ended.text);
    assert.equal(ended.body.error.code, 70052);

    const fresh = await login(app, "rev_user", await userSigFor(app, "rev_user", { expire: 7200 }));
    assert.equal(fresh.status, 200, fresh.text);

    const again = await revoke({ userSigs: [sig] });
    assert.equal(again.body.results[0].ok, true);
    assert.equal(again.body.results[0].message, "Already revoked.");
  });

  test("a revoked admin UserSig is refused by REST with ErrorCode 70052", async () => {
    const adminSig = await userSigFor(app, "administrator", { expire: 3600 });
    expectEnvelope(
      await rest(app, "im_open_login_svc/account_check", { CheckItem: [{ UserID: "x" }] }, { usersig: adminSig }),
      0,
    );
    assert.equal((await revoke({ userSigs: [adminSig] })).body.results[0].ok, true);
    const reply = await rest(
      app,
      "im_open_login_svc/account_check",
      { CheckItem: [{ UserID: "x" }] },
      { usersig: adminSig },
    );
    expectEnvelope(reply, 70052);
    assert.match(reply.body.ErrorInfo, /revoked/);
    const self = await call(`/api/v1/usersig/revoke?${await adminQuery(app, { usersig: adminSig })}`, {
      body: { userSigs: [adminSig] },
    });
    assert.equal(self.status, 401, self.text);
    assert.equal(self.body.error.code, 70052);
  });

  test("garbage, another app's UserSig and one signed with another key are refused item by item", async () => {
    const { primaryKey } = await import("@/lib/data/keys");
    const otherKey = (await primaryKey(other)).key;
    const mine = await userSigFor(app, "mixed_user", { expire: 600 });
    const reply = await revoke({
      userSigs: ["not a usersig", await userSigFor(other, "u1"), await userSigFor(app, "u1", { key: otherKey }), mine],
    });
    assert.equal(reply.status, 200, reply.text);
    assertClean(reply);
    assert.deepEqual(
      reply.body.results.map((r: { index: number; ok: boolean; code: number }) => [r.index, r.ok, r.code]),
      [
        [0, false, 70003],
        [1, false, 70014],
        [2, false, 70009],
        [3, true, 0],
      ],
    );
    assert.equal(await db().revokedTicket.count({ where: { sdkAppId: other } }), 0);
    // The other app's UserSig still logs in there.
    assert.equal((await login(other, "u1", await userSigFor(other, "u1"))).status, 200);
  });

  test("bad bodies and unauthenticated calls are refused", async () => {
    const empty = await revoke({ userSigs: [] });
    assert.equal(empty.status, 400, empty.text);
    assert.equal(empty.body.error.code, 70402);
    const tooMany = await revoke({ userSigs: Array.from({ length: 101 }, () => "x") });
    assert.equal(tooMany.status, 400, tooMany.text);
    const bad = await call(`/api/v1/usersig/revoke?${await adminQuery(app, { usersig: "garbage" })}`, {
      body: { userSigs: ["x"] },
    });
    assert.ok(bad.status >= 400, bad.text);
    assert.notEqual(bad.body.error.code, 0);
    const notAdmin = await call(`/api/v1/usersig/revoke?${await adminQuery(app, { identifier: "plain_user" })}`, {
      body: { userSigs: ["x"] },
    });
    assert.equal(notAdmin.status, 403, notAdmin.text);
  });
});
