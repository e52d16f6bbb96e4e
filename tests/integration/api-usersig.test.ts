// POST /api/v1/usersig: an App Server authenticated as an app admin gets
// UserSigs and PrivateMapKeys; each one is in the ledger and the audit trail.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { inflateTicket, official, type OfficialApi } from "../unit/usersig-support";
import {
  adminQuery,
  assertClean,
  call,
  db,
  freshIp,
  lastAudit,
  login,
  newApp,
  nowSeconds,
  userSigFor,
  usersig,
} from "./api-helpers";

const { primaryKey } = await import("@/lib/data/keys");

let app: number;

/** What the official tls-sig-api-v2 writes with this app's key in the second `ticket` is dated. */
function officialAlike(ticket: string, key: string, generate: (api: OfficialApi) => string): string {
  const time = (JSON.parse(inflateTicket(ticket)) as { "TLS.time": number })["TLS.time"];
  return official(app, key, time, generate);
}

before(async () => {
  app = await newApp("UserSig issuance tests");
});

const issue = async (body: unknown, query?: string) =>
  call(`/api/v1/usersig?${query ?? (await adminQuery(app))}`, { body });

describe("UserSig issuance", () => {
  test("issues UserSigs with the chosen validity that verify, log in, and are recorded", async () => {
    const before = await db().issuedTicket.count({ where: { sdkAppId: app } });
    const reply = await issue({ userIds: ["app_user_1", "app_user_2"], expire: 3600 });
    assert.equal(reply.status, 200, reply.text);
    assert.equal(reply.headers.get("cache-control"), "no-store");
    assert.equal(reply.body.sdkAppId, app);
    assert.equal(reply.body.userSigs.length, 2);
    const { key } = await primaryKey(app);
    for (const [i, item] of reply.body.userSigs.entries()) {
      assert.equal(item.userId, `app_user_${i + 1}`);
      assert.equal(item.expire, 3600);
      assert.equal(
        inflateTicket(item.userSig),
        inflateTicket(officialAlike(item.userSig, key, (api) => api.genUserSig(item.userId, 3600))),
        "as tls-sig-api-v2 writes it",
      );
      const verified = usersig.verifyUserSig({ ticket: item.userSig, sdkAppId: app, userId: item.userId, keys: [key] });
      assert.ok(verified.ok, JSON.stringify(verified));
      assert.ok(Math.abs(item.expiresAt - (nowSeconds() + 3600)) <= 2);
    }
    assert.equal((await login(app, "app_user_1", reply.body.userSigs[0].userSig)).status, 200);
    assert.equal(await db().issuedTicket.count({ where: { sdkAppId: app } }), before + 2);
    const audit = await db().auditEvent.findMany({ where: { sdkAppId: app, action: "usersig.issue" } });
    assert.ok(audit.length >= 2);
    assert.ok(
      audit.every(
        (row) => row.actorType === "app-admin" && row.actor === "administrator" && !row.details.includes("eJ"),
      ),
    );
  });

  test("defaults to 180 days and issues PrivateMapKeys with room and privileges", async () => {
    const reply = await issue({
      userIds: ["rtc_user"],
      privateMapKey: { room: 1234, privileges: ["enterRoom", "receiveAudio", "receiveVideo"], expire: 600 },
    });
    assert.equal(reply.status, 200, reply.text);
    assert.equal(reply.body.userSigs[0].expire, 180 * 86400);
    const pmk = reply.body.privateMapKeys[0];
    assert.equal(pmk.userId, "rtc_user");
    assert.equal(pmk.room, 1234);
    assert.equal(pmk.expire, 600);
    const { key } = await primaryKey(app);
    // enterRoom 2 + receiveAudio 8 + receiveVideo 32.
    assert.equal(
      inflateTicket(pmk.privateMapKey),
      inflateTicket(officialAlike(pmk.privateMapKey, key, (api) => api.genPrivateMapKey("rtc_user", 600, 1234, 42))),
      "as tls-sig-api-v2 writes it",
    );
    const decoded = usersig.decodeUserSig(pmk.privateMapKey);
    assert.ok(decoded.ok && decoded.value.userBuf);
    const fields = usersig.decodePrivateMapKeyBuf(Buffer.from(decoded.value.userBuf, "base64"));
    assert.ok(fields.ok);
    assert.equal(fields.value.privileges, 42);
    assert.equal(fields.value.roomId, 1234);
    assert.equal(fields.value.account, "rtc_user");
    assert.equal(fields.value.sdkAppId, app);
    assert.equal(
      await db().issuedTicket.count({ where: { sdkAppId: app, userId: "rtc_user", kind: "privatemapkey" } }),
      1,
    );
    assert.equal((await lastAudit({ action: "privatemapkey.issue", sdkAppId: app }))?.target, "rtc_user");
    const named = await issue({ userIds: ["rtc_user"], privateMapKey: { room: "room-a" } });
    assert.equal(named.status, 200, named.text);
    const byName = named.body.privateMapKeys[0];
    assert.equal(byName.room, "room-a");
    // Every privilege by default.
    const generate = (api: OfficialApi) =>
      api.genPrivateMapKeyWithStringRoomID("rtc_user", byName.expire, "room-a", 255);
    assert.equal(
      inflateTicket(byName.privateMapKey),
      inflateTicket(officialAlike(byName.privateMapKey, key, generate)),
      "as tls-sig-api-v2 writes it",
    );
  });

  test("up to 100 UserIDs per call", async () => {
    const ids = Array.from({ length: 100 }, (_, i) => `batch_${i}`);
    const reply = await issue({ userIds: ids, expire: 60 });
    assert.equal(reply.status, 200, reply.text);
    assert.equal(reply.body.userSigs.length, 100);
    const tooMany = await issue({ userIds: [...ids, "batch_100"] });
    assert.equal(tooMany.status, 400);
    assert.equal(tooMany.body.error.code, 70402);
  });

  test("refuses invalid requests with 70402", async () => {
    for (const body of [
      {},
      { userIds: [] },
      { userIds: ["bad id"] },
      { userIds: ["ok"], expire: -1 },
      { userIds: ["ok"], privateMapKey: { room: 1, privileges: 999 } },
    ]) {
      const reply = await issue(body);
      assert.equal(reply.status, 400, `${JSON.stringify(body)}: ${reply.text}`);
      assert.equal(reply.body.error.code, 70402);
      assertClean(reply);
    }
    const malformed = await call(`/api/v1/usersig?${await adminQuery(app)}`, { raw: "{nope" });
    assert.equal(malformed.body.error.code, 70402);
    const hugeIp = freshIp();
    const huge = await call(`/api/v1/usersig?${await adminQuery(app)}`, {
      body: { userIds: ["x".repeat(70 * 1024)] },
      ip: hugeIp,
    });
    assert.equal(huge.body.error.code, 70402);
    assert.match(huge.body.error.message, /larger than/);
    const audit = await lastAudit({ action: "usersig.reject", sdkAppId: app, ip: hugeIp });
    assert.equal(audit?.result, "rejected");
    assert.equal(audit?.code, 70402);
  });

  test("requires an app admin's valid UserSig", async () => {
    const noAuth = await call("/api/v1/usersig", { body: { userIds: ["a"] } });
    assert.equal(noAuth.status, 400);
    assert.equal(noAuth.body.error.code, 70402);
    const notAdmin = await issue({ userIds: ["a"] }, await adminQuery(app, { identifier: "regular_user" }));
    assert.equal(notAdmin.status, 403, notAdmin.text);
    assert.equal(notAdmin.body.error.code, 70403);
    const wrong = await issue({ userIds: ["a"] }, await adminQuery(app, { usersig: await userSigFor(app, "someone") }));
    assert.equal(wrong.body.error.code, 70013);
    const expired = await issue(
      { userIds: ["a"] },
      await adminQuery(app, {
        usersig: await userSigFor(app, "administrator", { now: nowSeconds() - 100, expire: 1 }),
      }),
    );
    assert.equal(expired.status, 401);
    assert.equal(expired.body.error.code, 70001);
    const unknownIp = freshIp();
    const unknownApp = await call(`/api/v1/usersig?${await adminQuery(app, { extra: { sdkappid: "1399999999" } })}`, {
      body: { userIds: ["a"] },
      ip: unknownIp,
    });
    assert.equal(unknownApp.status, 404);
    assert.equal(unknownApp.body.error.code, 70020);
    const audit = await lastAudit({ action: "usersig.reject", ip: unknownIp });
    assert.equal(audit?.result, "rejected");
    assert.equal(audit?.code, 70020);
  });
});

describe("OpenAPI", () => {
  test("GET /api/openapi.json describes every endpoint", async () => {
    const reply = await call("/api/openapi.json");
    assert.equal(reply.status, 200);
    assert.equal(reply.body.openapi, "3.1.0");
    for (const path of [
      "/api/v1/login",
      "/api/v1/logout",
      "/api/v1/session",
      "/api/v1/time",
      "/api/v1/usersig",
      "/api/v1/usersig/revoke",
      "/v4/im_open_login_svc/account_import",
      "/v4/im_open_login_svc/multiaccount_import",
      "/v4/im_open_login_svc/account_delete",
      "/v4/im_open_login_svc/account_check",
      "/v4/im_open_login_svc/kick",
      "/v4/openim/query_online_status",
      "/v4/openim/querystate",
    ]) {
      assert.ok(reply.body.paths[path], `missing ${path}`);
    }
  });
});
