// The Tencent-compatible REST layer (/v4/<service>/<command>) over real
// HTTP: every command, the envelope errors (60xxx, and a rejected admin
// UserSig's own 70xxx code), per-item 70xxx codes and the per-call limits.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import {
  adminQuery,
  call,
  db,
  expectEnvelope,
  freshIp,
  lastAudit,
  login,
  newApp,
  nowSeconds,
  rest,
  userSigFor,
  waitForSecondAfter,
} from "./api-helpers";

const { addAdmin } = await import("@/lib/data/admins");
const { SYSTEM_ACTOR } = await import("@/lib/data/audit");

let app: number;

before(async () => {
  app = await newApp("REST tests");
});

describe("REST commands", () => {
  test("account_import creates and re-import updates the profile; legacy Identifier works", async () => {
    const first = await rest(app, "im_open_login_svc/account_import", {
      UserID: "imp_1",
      Nick: "Alice",
      FaceUrl: "https://example.com/a.png",
    });
    expectEnvelope(first, 0);
    const again = await rest(app, "im_open_login_svc/account_import", { UserID: "imp_1", Nick: "Alice 2" });
    expectEnvelope(again, 0);
    const row = await db().account.findUniqueOrThrow({
      where: { sdkAppId_userId: { sdkAppId: app, userId: "imp_1" } },
    });
    assert.equal(row.nickname, "Alice 2");
    assert.equal(row.faceUrl, "https://example.com/a.png");
    expectEnvelope(await rest(app, "im_open_login_svc/account_import", { Identifier: "imp_legacy" }), 0);
    assert.ok(await db().account.findUnique({ where: { sdkAppId_userId: { sdkAppId: app, userId: "imp_legacy" } } }));
    assert.equal(
      (await lastAudit({ action: "account.import", sdkAppId: app, target: "imp_legacy" }))?.actorType,
      "app-admin",
    );
    expectEnvelope(await rest(app, "im_open_login_svc/account_import", { UserID: "bad id" }), 70402);
    expectEnvelope(await rest(app, "im_open_login_svc/account_import", { Nick: "nobody" }), 70402);
  });

  test("multiaccount_import imports a list, reports FailAccounts, takes the legacy Accounts form, limit 100", async () => {
    const reply = await rest(app, "im_open_login_svc/multiaccount_import", {
      AccountList: [{ UserID: "multi_1" }, { UserID: "multi_2", Nick: "Bob" }, { UserID: "bad id" }],
    });
    expectEnvelope(reply, 0);
    assert.deepEqual(reply.body.FailAccounts, ["bad id"]);
    const legacy = await rest(app, "im_open_login_svc/multiaccount_import", { Accounts: ["multi_3", "multi_1"] });
    expectEnvelope(legacy, 0);
    assert.deepEqual(legacy.body.FailAccounts, []);
    assert.equal(
      await db().account.count({ where: { sdkAppId: app, userId: { in: ["multi_1", "multi_2", "multi_3"] } } }),
      3,
    );
    const hundred = Array.from({ length: 100 }, (_, i) => ({ UserID: `bulk_${i}` }));
    expectEnvelope(await rest(app, "im_open_login_svc/multiaccount_import", { AccountList: hundred }), 0);
    expectEnvelope(
      await rest(app, "im_open_login_svc/multiaccount_import", { AccountList: [...hundred, { UserID: "bulk_100" }] }),
      70402,
    );
    expectEnvelope(await rest(app, "im_open_login_svc/multiaccount_import", {}), 70402);
  });

  test("account_check answers Imported / NotImported per item, limit 100", async () => {
    await rest(app, "im_open_login_svc/account_import", { UserID: "check_1" });
    const reply = await rest(app, "im_open_login_svc/account_check", {
      CheckItem: [{ UserID: "check_1" }, { UserID: "check_missing" }],
    });
    expectEnvelope(reply, 0);
    assert.deepEqual(reply.body.ResultItem, [
      { UserID: "check_1", ResultCode: 0, ResultInfo: "", AccountStatus: "Imported" },
      { UserID: "check_missing", ResultCode: 0, ResultInfo: "", AccountStatus: "NotImported" },
    ]);
    const tooMany = Array.from({ length: 101 }, (_, i) => ({ UserID: `c${i}` }));
    expectEnvelope(await rest(app, "im_open_login_svc/account_check", { CheckItem: tooMany }), 70402);
    expectEnvelope(await rest(app, "im_open_login_svc/account_check", { CheckItem: [] }), 70402);
    expectEnvelope(await rest(app, "im_open_login_svc/account_check", { CheckItem: "check_1" }), 70402);
  });

  test("account_delete deletes, answers 70107 for unknown accounts and keeps app admins", async () => {
    await rest(app, "im_open_login_svc/multiaccount_import", { Accounts: ["del_1", "del_2"] });
    const reply = await rest(app, "im_open_login_svc/account_delete", {
      DeleteItem: [{ UserID: "del_1" }, { UserID: "del_unknown" }, { UserID: "administrator" }, { UserID: "del_2" }],
    });
    expectEnvelope(reply, 0);
    assert.deepEqual(
      reply.body.ResultItem.map((item: { UserID: string; ResultCode: number }) => [item.UserID, item.ResultCode]),
      [
        ["del_1", 0],
        ["del_unknown", 70107],
        ["administrator", 70402],
        ["del_2", 0],
      ],
    );
    assert.equal(await db().account.count({ where: { sdkAppId: app, userId: { in: ["del_1", "del_2"] } } }), 0);
    const audit = await lastAudit({ action: "account.delete", sdkAppId: app });
    assert.deepEqual(audit?.target.split(",").sort(), ["del_1", "del_2"]);
    const tooMany = Array.from({ length: 101 }, (_, i) => ({ UserID: `d${i}` }));
    expectEnvelope(await rest(app, "im_open_login_svc/account_delete", { DeleteItem: tooMany }), 70402);
  });

  test("kick invalidates the login state; 70107 for an unknown account", async () => {
    await rest(app, "im_open_login_svc/account_import", { UserID: "kick_me" });
    expectEnvelope(await rest(app, "im_open_login_svc/kick", { UserID: "kick_me" }), 0);
    const row = await db().account.findUniqueOrThrow({
      where: { sdkAppId_userId: { sdkAppId: app, userId: "kick_me" } },
    });
    assert.ok(row.loginNotBefore);
    assert.ok(Math.abs(row.loginNotBefore.getTime() / 1000 - nowSeconds()) <= 2);
    assert.equal(
      (await lastAudit({ action: "account.invalidate-login", sdkAppId: app, target: "kick_me" }))?.result,
      "ok",
    );
    expectEnvelope(await rest(app, "im_open_login_svc/kick", { UserID: "kick_nobody" }), 70107);
    expectEnvelope(await rest(app, "im_open_login_svc/kick", {}), 70402);
  });

  test("query_online_status: Online with a live session, Offline without, 70107 in ErrorList for unknown, Detail on request, limit 500", async () => {
    const loggedIn = await login(app, "online_1", await userSigFor(app, "online_1"));
    assert.equal(loggedIn.status, 200, loggedIn.text);
    await rest(app, "im_open_login_svc/account_import", { UserID: "offline_1" });
    const reply = await rest(app, "openim/query_online_status", { To_Account: ["online_1", "offline_1", "ghost_1"] });
    expectEnvelope(reply, 0);
    assert.deepEqual(reply.body.QueryResult, [
      { To_Account: "online_1", Status: "Online", State: "Online" },
      { To_Account: "offline_1", Status: "Offline", State: "Offline" },
    ]);
    assert.deepEqual(reply.body.ErrorList, [{ To_Account: "ghost_1", ErrorCode: 70107 }]);
    const detailed = await rest(app, "openim/query_online_status", {
      To_Account: ["online_1", "offline_1"],
      IsNeedDetail: 1,
    });
    assert.deepEqual(detailed.body.QueryResult, [
      {
        To_Account: "online_1",
        Status: "Online",
        State: "Online",
        Detail: [{ Platform: "Unknown", Status: "Online" }],
      },
      { To_Account: "offline_1", Status: "Offline", State: "Offline", Detail: [] },
    ]);
    // Each platform the user is logged in on, once, as the client named it at login.
    for (const platform of ["Android", "Web", "Android"]) {
      const reply = await call("/api/v1/login", {
        body: { sdkAppId: app, userId: "multi_1", userSig: await userSigFor(app, "multi_1"), platform },
      });
      assert.equal(reply.status, 200, reply.text);
    }
    const multi = await rest(app, "openim/query_online_status", { To_Account: ["multi_1"], IsNeedDetail: 1 });
    assert.deepEqual(multi.body.QueryResult[0].Detail, [
      { Platform: "Android", Status: "Online" },
      { Platform: "Web", Status: "Online" },
    ]);

    await call("/api/v1/logout", { method: "POST", headers: { authorization: `Bearer ${loggedIn.body.token}` } });
    const after = await rest(app, "openim/query_online_status", { To_Account: ["online_1"] });
    assert.equal(after.body.QueryResult[0].Status, "Offline");

    const five = Array.from({ length: 500 }, (_, i) => `q${i}`);
    expectEnvelope(await rest(app, "openim/query_online_status", { To_Account: five }), 0);
    expectEnvelope(await rest(app, "openim/query_online_status", { To_Account: [...five, "q500"] }), 70402);
  });

  test("querystate (older name) answers State (and Status) per account", async () => {
    await login(app, "state_1", await userSigFor(app, "state_1"));
    const reply = await rest(app, "openim/querystate", { To_Account: ["state_1", "offline_1", "ghost_2"] });
    expectEnvelope(reply, 0);
    assert.deepEqual(reply.body.QueryResult, [
      { To_Account: "state_1", State: "Online", Status: "Online" },
      { To_Account: "offline_1", State: "Offline", Status: "Offline" },
    ]);
    assert.deepEqual(reply.body.ErrorList, [{ To_Account: "ghost_2", ErrorCode: 70107 }]);
  });
});

describe("REST envelope errors", () => {
  const post = (query: string, body: unknown = {}, command = "im_open_login_svc/account_check", ip?: string) =>
    call(`/v4/${command}?${query}`, { body, ip });
  const check = { CheckItem: [{ UserID: "x" }] };

  test("60002 bad URL: missing or non-numeric random, wrong contenttype", async () => {
    const params = new URLSearchParams(await adminQuery(app));
    params.delete("random");
    expectEnvelope(await post(params.toString(), check), 60002);
    params.set("random", "-5");
    expectEnvelope(await post(params.toString(), check), 60002);
    params.set("random", "99999999999");
    expectEnvelope(await post(params.toString(), check), 60002);
    // Before the SDKAppID is read, so the row is found by the client's address.
    const ip = freshIp();
    expectEnvelope(await post(await adminQuery(app, { extra: { contenttype: "xml" } }), check, undefined, ip), 60002);
    assert.equal((await lastAudit({ action: "rest.reject", ip }))?.code, 60002);
  });

  test("60003 bad JSON, empty body or a non-object", async () => {
    const query = await adminQuery(app);
    expectEnvelope(await call(`/v4/im_open_login_svc/account_check?${query}`, { raw: "{oops" }), 60003);
    expectEnvelope(await call(`/v4/im_open_login_svc/account_check?${await adminQuery(app)}`, { raw: "" }), 60003);
    expectEnvelope(await call(`/v4/im_open_login_svc/account_check?${await adminQuery(app)}`, { body: [1] }), 60003);
    assert.equal((await lastAudit({ action: "rest.reject", sdkAppId: app }))?.code, 60003);
  });

  test("60004 missing identifier; 70002 missing UserSig", async () => {
    const params = new URLSearchParams(await adminQuery(app));
    params.delete("identifier");
    expectEnvelope(await post(params.toString(), check), 60004);
    const noSig = new URLSearchParams(await adminQuery(app));
    noSig.delete("usersig");
    const missing = await post(noSig.toString(), check);
    expectEnvelope(missing, 70002);
    assert.match(missing.body.ErrorInfo, /^UserSig verification failed \(70002\): .*usersig/);
  });

  // Tencent's REST API answers a rejected admin UserSig with the UserSig's own
  // code, and clients branch on it (70001: make a new admin UserSig and retry).
  test("a rejected admin UserSig answers its own 70xxx code, with the reason and fix in ErrorInfo", async () => {
    const otherApp = await newApp("REST other app");
    const foreignKey = (await (await import("@/lib/data/keys")).primaryKey(otherApp)).key;
    const wrongKey = await post(
      await adminQuery(app, { usersig: await userSigFor(app, "administrator", { key: foreignKey }) }),
      check,
    );
    expectEnvelope(wrongKey, 70009);
    assert.match(
      wrongKey.body.ErrorInfo,
      /^UserSig verification failed \(70009\): The UserSig's signature does not match .* Generate a new UserSig/,
    );
    const audit = await lastAudit({ action: "rest.reject", sdkAppId: app });
    assert.equal(audit?.result, "rejected");
    assert.equal(audit?.code, 70009);

    const expired = await post(
      await adminQuery(app, {
        usersig: await userSigFor(app, "administrator", { now: nowSeconds() - 500, expire: 10 }),
      }),
      check,
    );
    expectEnvelope(expired, 70001);
    assert.match(expired.body.ErrorInfo, /expired at .* Generate a new UserSig/);

    expectEnvelope(
      await post(await adminQuery(app, { usersig: await userSigFor(app, "not_the_admin") }), check),
      70013,
    );
    expectEnvelope(await post(await adminQuery(app, { usersig: "garbage" }), check), 70003);
    expectEnvelope(
      await post(await adminQuery(app, { usersig: await userSigFor(otherApp, "administrator") }), check),
      70014,
    );
    const ahead = await post(
      await adminQuery(app, { usersig: await userSigFor(app, "administrator", { now: nowSeconds() + 3600 }) }),
      check,
    );
    expectEnvelope(ahead, 70005);
    assert.match(ahead.body.ErrorInfo, /in the future/);

    // A kicked admin's earlier UserSig is invalidated (70052); a later one works.
    await addAdmin(SYSTEM_ACTOR, app, "kicked_admin");
    const beforeKick = await adminQuery(app, { identifier: "kicked_admin" });
    expectEnvelope(await post(beforeKick, check), 0);
    expectEnvelope(await rest(app, "im_open_login_svc/kick", { UserID: "kicked_admin" }), 0);
    const kicked = await post(beforeKick, check);
    expectEnvelope(kicked, 70052);
    assert.match(kicked.body.ErrorInfo, /invalidated/);
    await waitForSecondAfter(nowSeconds());
    expectEnvelope(await post(await adminQuery(app, { identifier: "kicked_admin" }), check), 0);
  });

  test("60006 invalid or unknown SDKAppID, 60012 missing, 60016 disabled", async () => {
    expectEnvelope(await post(await adminQuery(app, { extra: { sdkappid: "abc" } }), check), 60006);
    expectEnvelope(await post(await adminQuery(app, { extra: { sdkappid: "1399999999" } }), check), 60006);
    const params = new URLSearchParams(await adminQuery(app));
    params.delete("sdkappid");
    expectEnvelope(await post(params.toString(), check), 60012);
    const disabled = await newApp("REST disabled app");
    const query = await adminQuery(disabled);
    await db().application.update({ where: { sdkAppId: disabled }, data: { status: "disabled" } });
    expectEnvelope(await post(query, check), 60016);
  });

  test("60008 oversize body", async () => {
    const huge = { CheckItem: [{ UserID: "x".repeat(300 * 1024) }] };
    expectEnvelope(await post(await adminQuery(app), huge), 60008);
  });

  test("60009 unknown command or service", async () => {
    expectEnvelope(await post(await adminQuery(app), {}, "im_open_login_svc/no_such_command"), 60009);
    expectEnvelope(await post(await adminQuery(app), {}, "no_such_service/account_check"), 60009);
  });

  test("60010 identifier that is not an app admin; a configured admin works", async () => {
    await rest(app, "im_open_login_svc/account_import", { UserID: "plain_user" });
    expectEnvelope(await post(await adminQuery(app, { identifier: "plain_user" }), check), 60010);
    await addAdmin(SYSTEM_ACTOR, app, "second_admin");
    expectEnvelope(await post(await adminQuery(app, { identifier: "second_admin" }), check), 0);
  });

  test("60015 identifier that is not a valid UserID", async () => {
    expectEnvelope(await post(await adminQuery(app, { identifier: "has space", usersig: "unused" }), check), 60015);
    expectEnvelope(await post(await adminQuery(app, { identifier: "x".repeat(40), usersig: "unused" }), check), 60015);
    expectEnvelope(await post(`${await adminQuery(app)}&identifier=administrator`, check), 60015);
  });

  test("60008 for a method other than POST, in the envelope", async () => {
    for (const method of ["GET", "PUT", "DELETE"]) {
      const ip = freshIp();
      const reply = await call(`/v4/im_open_login_svc/account_check?${await adminQuery(app)}`, { method, ip });
      expectEnvelope(reply, 60008);
      assert.match(reply.body.ErrorInfo, new RegExp(`POST.*not ${method}`));
      assert.equal((await lastAudit({ action: "rest.reject", ip }))?.code, 60008);
    }
  });
});
