// POST /api/v1/login, GET /api/v1/session, POST /api/v1/logout over real
// HTTP: every verification outcome, throttling, kick, key rotation.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { deflateSync } from "node:zlib";
import { before, describe, test } from "node:test";
import {
  assertClean,
  call,
  db,
  freshIp,
  lastAudit,
  login,
  newApp,
  nowSeconds,
  rest,
  userSigFor,
  usersig,
  waitForSecondAfter,
} from "./api-helpers";

const { rotateKey, retireKey, primaryKey } = await import("@/lib/data/keys");
const { ATTEMPT_POLICIES } = await import("@/lib/api/auth/ticket-attempt");

/** The escaped-base64 UserSig encoding of raw bytes (SPEC 2 step 5). */
const encode = (bytes: Buffer) => bytes.toString("base64").replace(/\+/g, "*").replace(/\//g, "-").replace(/=/g, "_");

let app: number;
let other: number;

before(async () => {
  app = await newApp("Login tests");
  other = await newApp("Login tests, other app");
});

async function expectCode(reply: Awaited<ReturnType<typeof login>>, code: number, status: number) {
  assert.equal(reply.status, status, reply.text);
  assert.equal(reply.body.error.code, code, reply.text);
  assert.ok(reply.body.error.message.length > 0);
  assertClean(reply);
}

describe("login", () => {
  test("a valid UserSig logs in, creates the account on first login, and the session answers who and until when", async () => {
    const userId = "first_login_1";
    assert.equal(await db().account.count({ where: { sdkAppId: app, userId } }), 0);
    const sig = await userSigFor(app, userId, { expire: 3600 });
    const reply = await login(app, userId, sig);
    assert.equal(reply.status, 200, reply.text);
    assert.equal(reply.headers.get("cache-control"), "no-store");
    assert.equal(reply.body.tokenType, "Bearer");
    assert.equal(reply.body.userId, userId);
    assert.equal(reply.body.sdkAppId, app);
    const expiresAt = Date.parse(reply.body.expiresAt);
    const ticketEnd = (usersig.decodeUserSig(sig) as { ok: true; value: { time: number } }).value.time + 3600;
    assert.equal(expiresAt, ticketEnd * 1000, "the session ends with the UserSig");
    assert.equal(await db().account.count({ where: { sdkAppId: app, userId } }), 1);

    const token: string = reply.body.token;
    const sessions = await db().userSession.findMany({ where: { sdkAppId: app, userId } });
    assert.equal(sessions.length, 1);
    assert.equal(
      sessions[0]!.tokenHash,
      createHash("sha256").update(token).digest("hex"),
      "the token's SHA-256 is stored",
    );
    assert.ok(!JSON.stringify(sessions[0]).includes(token), "the token itself is in no column of the session");
    const audit = await db().auditEvent.findMany({ where: { sdkAppId: app } });
    assert.ok(audit.length > 0 && audit.every((row) => !JSON.stringify(row).includes(token)), "nor in the audit trail");

    const me = await call("/api/v1/session", { headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.status, 200, me.text);
    assert.equal(me.body.userId, userId);
    assert.equal(Date.parse(me.body.expiresAt), expiresAt);
    assert.equal((await lastAudit({ action: "login", sdkAppId: app }))?.target, userId);

    // A numeric string SDKAppID is accepted too (clients often keep it as text).
    const again = await call("/api/v1/login", { body: { sdkAppId: String(app), userId, userSig: sig }, ip: freshIp() });
    assert.equal(again.status, 200, again.text);
    assert.equal(await db().account.count({ where: { sdkAppId: app, userId } }), 1);
  });

  test("a long-lived UserSig gets a session capped at 7 days", async () => {
    const reply = await login(app, "long_lived", await userSigFor(app, "long_lived"));
    assert.equal(reply.status, 200, reply.text);
    const days = (Date.parse(reply.body.expiresAt) - Date.now()) / 86400_000;
    assert.ok(days > 6.99 && days <= 7, `session length ${days} days`);
  });

  test("logout ends the session; the token no longer works", async () => {
    const { body } = await login(app, "logout_user", await userSigFor(app, "logout_user"));
    const auth = { authorization: `Bearer ${body.token}` };
    const out = await call("/api/v1/logout", { method: "POST", headers: auth });
    assert.equal(out.status, 200, out.text);
    assert.deepEqual(out.body, { ok: true });
    await expectCode(await call("/api/v1/session", { headers: auth }), 70052, 401);
    await expectCode(await call("/api/v1/logout", { method: "POST", headers: auth }), 70052, 401);
    assert.equal((await lastAudit({ action: "logout", sdkAppId: app, target: "logout_user" }))?.result, "ok");
  });

  test("a disabled application's sessions are refused (70020) while it is disabled, as its logins are", async () => {
    const disabled = await newApp("Disabled with sessions");
    const { body } = await login(disabled, "still_here", await userSigFor(disabled, "still_here"));
    const auth = { authorization: `Bearer ${body.token}` };
    assert.equal((await call("/api/v1/session", { headers: auth })).status, 200);
    await db().application.update({ where: { sdkAppId: disabled }, data: { status: "disabled" } });
    await expectCode(await call("/api/v1/session", { headers: auth }), 70020, 404);
    await expectCode(await call("/api/v1/logout", { method: "POST", headers: auth }), 70020, 404);
    await db().application.update({ where: { sdkAppId: disabled }, data: { status: "enabled" } });
    assert.equal((await call("/api/v1/session", { headers: auth })).status, 200, "enabled again, it goes on");
  });

  test("session and logout refuse a missing, malformed or unknown token", async () => {
    await expectCode(await call("/api/v1/session"), 70402, 400);
    await expectCode(await call("/api/v1/session", { headers: { authorization: "Basic abc" } }), 70402, 400);
    await expectCode(
      await call("/api/v1/session", { headers: { authorization: `Bearer ${"x".repeat(43)}` } }),
      70402,
      401,
    );
    await expectCode(await call("/api/v1/logout", { method: "POST" }), 70402, 400);
  });

  test("70002 empty, 70003 malformed, 70005 wrong field types", async () => {
    await expectCode(await login(app, "u1", ""), 70002, 400);
    await expectCode(await call("/api/v1/login", { body: { sdkAppId: app, userId: "u1" }, ip: freshIp() }), 70002, 400);
    await expectCode(await login(app, "u1", "not-a-usersig!!"), 70003, 400);
    await expectCode(await login(app, "u1", encode(deflateSync(Buffer.from("{not json")))), 70003, 400);
    const wrongTypes = {
      "TLS.ver": "2.0",
      "TLS.identifier": 42,
      "TLS.sdkappid": "x",
      "TLS.time": "now",
      "TLS.expire": 10,
      "TLS.sig": "abc",
    };
    await expectCode(await login(app, "u1", encode(deflateSync(Buffer.from(JSON.stringify(wrongTypes))))), 70005, 400);
    const audit = await lastAudit({ action: "login.reject", sdkAppId: app });
    assert.equal(audit?.result, "rejected");
    assert.equal(audit?.code, 70005);
  });

  // How fast they are refused is measured by `npm run bench` (tests/bench/usersig.bench.ts).
  test("a deflate bomb as UserSig is refused as malformed: by the length cap, or at 4 KB of output", async () => {
    const bomb = encode(deflateSync(Buffer.alloc(4 * 1024 * 1024, 0x20), { level: 9 }));
    assert.ok(bomb.length > 4096 && bomb.length < 16_000, `${bomb.length} characters`);
    const refused = await login(app, "u1", bomb);
    await expectCode(refused, 70003, 400);
    assert.match(refused.body.error.message, /at most 4096/);
    const small = encode(deflateSync(Buffer.alloc(512 * 1024, 0x7b), { level: 9 }));
    assert.ok(small.length <= 4096, `${small.length} characters`);
    const inflated = await login(app, "u1", small);
    await expectCode(inflated, 70003, 400);
    assert.match(inflated.body.error.message, /more than 4096 bytes/);
  });

  test("70001 expired UserSig", async () => {
    const sig = await userSigFor(app, "expired_user", { now: nowSeconds() - 1000, expire: 60 });
    await expectCode(await login(app, "expired_user", sig), 70001, 401);
  });

  test("70009 signed with another key, 70013 other UserID, 70014 UserSig of another app", async () => {
    const otherKey = (await primaryKey(other)).key;
    await expectCode(await login(app, "u2", await userSigFor(app, "u2", { key: otherKey })), 70009, 401);
    await expectCode(await login(app, "u2", await userSigFor(app, "someone_else")), 70013, 400);
    await expectCode(await login(app, "u2", await userSigFor(other, "u2")), 70014, 400);
  });

  test("70020 unknown or disabled SDKAppID", async () => {
    const sig = await userSigFor(app, "u3");
    await expectCode(await login(1_399_999_999, "u3", sig), 70020, 404);
    const disabled = await newApp("Disabled app");
    const disabledSig = await userSigFor(disabled, "u3");
    await db().application.update({ where: { sdkAppId: disabled }, data: { status: "disabled" } });
    await expectCode(await login(disabled, "u3", disabledSig), 70020, 404);
  });

  test("70016 when the app has no verification key", async () => {
    const keyless = await newApp("Keyless app");
    const sig = await userSigFor(keyless, "u4");
    await db().signingKey.deleteMany({ where: { sdkAppId: keyless } });
    await expectCode(await login(keyless, "u4", sig), 70016, 401);
  });

  test("70051 disabled account", async () => {
    const sig = await userSigFor(app, "disabled_user");
    assert.equal((await login(app, "disabled_user", sig)).status, 200);
    await db().account.update({
      where: { sdkAppId_userId: { sdkAppId: app, userId: "disabled_user" } },
      data: { disabled: true },
    });
    await expectCode(await login(app, "disabled_user", sig), 70051, 403);
  });

  test("70402 invalid parameters: bad JSON, wrong types, bad UserID, oversize body", async () => {
    const ip = { ip: freshIp() };
    await expectCode(await call("/api/v1/login", { raw: "{not json", ...ip }), 70402, 400);
    await expectCode(await call("/api/v1/login", { raw: "", ...ip }), 70402, 400);
    await expectCode(await call("/api/v1/login", { body: [1, 2], ...ip }), 70402, 400);
    await expectCode(
      await call("/api/v1/login", { body: { sdkAppId: "abc", userId: "u", userSig: "x" }, ...ip }),
      70402,
      400,
    );
    await expectCode(
      await call("/api/v1/login", { body: { sdkAppId: app, userId: 5, userSig: "x" }, ...ip }),
      70402,
      400,
    );
    await expectCode(await login(app, "has space", await userSigFor(app, "ok")), 70402, 400);
    await expectCode(await login(app, "x".repeat(33), await userSigFor(app, "ok")), 70402, 400);
    const badPlatform = await call("/api/v1/login", {
      body: { sdkAppId: app, userId: "ok", userSig: await userSigFor(app, "ok"), platform: "Symbian" },
      ...ip,
    });
    await expectCode(badPlatform, 70402, 400);
    assert.match(badPlatform.body.error.message, /platform must be one of iPhone, Android/);
    // From an address of its own: repeats of one client's identical rejection share the first one's row.
    const bigIp = freshIp();
    const big = await call("/api/v1/login", {
      body: { sdkAppId: app, userId: "u", userSig: "x".repeat(40_000) },
      ip: bigIp,
    });
    await expectCode(big, 70402, 400);
    assert.match(big.body.error.message, /larger than/);
    const audit = await lastAudit({ action: "login.reject", ip: bigIp });
    assert.equal(audit?.result, "rejected");
    assert.equal(audit?.code, 70402);
    assert.match(audit?.details ?? "", /larger than/);
  });

  test("GET is not a login", async () => {
    assert.equal((await call("/api/v1/login")).status, 405);
  });
});

describe("throttling", () => {
  test("a client IP with too many failures is refused (70050 + Retry-After) before verification, even with a good UserSig", async () => {
    const ip = freshIp();
    for (let i = 0; i < ATTEMPT_POLICIES.client.limit; i++) {
      const reply = await login(app, `victim_${i % 5}`, "bad-sig", ip);
      assert.equal(reply.body.error.code, 70003, reply.text);
    }
    const good = await login(app, "ip_blocked_user", await userSigFor(app, "ip_blocked_user"), ip);
    await expectCode(good, 70050, 429);
    const wait = Number(good.headers.get("retry-after"));
    assert.ok(wait > 0 && wait <= 60, `Retry-After ${wait}`);
    assert.equal(
      (await login(app, "ip_blocked_user", await userSigFor(app, "ip_blocked_user"))).status,
      200,
      "other clients are not affected",
    );
  });

  test("a UserID under attack answers failures with 70050 but still accepts a valid UserSig", async () => {
    const userId = "attacked_user";
    for (let i = 0; i < ATTEMPT_POLICIES.userId.limit; i++) await login(app, userId, "bad-sig", freshIp());
    await expectCode(await login(app, userId, "bad-sig", freshIp()), 70050, 429);
    const good = await login(app, userId, await userSigFor(app, userId), freshIp());
    assert.equal(good.status, 200, good.text);
  });
});

describe("key rotation", () => {
  test("a UserSig from a rotated-out key works during the grace period and stops once the key is retired", async () => {
    const rotating = await newApp("Rotation app");
    const old = await userSigFor(rotating, "rot_user");
    const { previousVersion } = await db().$transaction((tx) => rotateKey(tx, rotating, 3600));
    assert.equal((await login(rotating, "rot_user", old)).status, 200, "secondary key still verifies");
    const fresh = await userSigFor(rotating, "rot_user");
    await db().$transaction((tx) => retireKey(tx, rotating, previousVersion!));
    await expectCode(await login(rotating, "rot_user", old), 70009, 401);
    assert.equal((await login(rotating, "rot_user", fresh)).status, 200, "the new primary verifies");
    await db().$transaction((tx) => rotateKey(tx, rotating, 0));
    await expectCode(await login(rotating, "rot_user", fresh), 70009, 401);
  });
});

describe("kick", () => {
  test("kick ends sessions and rejects earlier UserSigs at once (70052); a UserSig from a later second works", async () => {
    const userId = "kicked_user";
    const before = await userSigFor(app, userId);
    const first = await login(app, userId, before);
    assert.equal(first.status, 200, first.text);
    const kick = await rest(app, "im_open_login_svc/kick", { UserID: userId });
    assert.equal(kick.body.ErrorCode, 0, kick.text);
    await expectCode(
      await call("/api/v1/session", { headers: { authorization: `Bearer ${first.body.token}` } }),
      70052,
      401,
    );
    await expectCode(await login(app, userId, before), 70052, 401);

    const account = await db().account.findUniqueOrThrow({ where: { sdkAppId_userId: { sdkAppId: app, userId } } });
    const notBefore = account.loginNotBefore!.getTime() / 1000;
    // A UserSig dated the kick's own second is refused too: TLS.time has whole-second granularity.
    await expectCode(await login(app, userId, await userSigFor(app, userId, { now: notBefore })), 70052, 401);
    await waitForSecondAfter(notBefore);
    const retry = await login(app, userId, await userSigFor(app, userId));
    assert.equal(retry.status, 200, retry.text);
  });
});
