// The REST commands under every spelling of their fields that Tencent's API
// has accepted, current and older (lib/api/README.md, "Legacy names accepted", says
// which source shows each): every command, every spelling, against the
// running server, each checked by its effect (the account imported with its
// profile, deleted, kicked with its sessions ended and a Disconnect sent,
// its state reported) and not only by the envelope. Older request names:
// Identifier for UserID (account_import, kick), Accounts for AccountList
// (multiaccount_import), Type (account_import, ignored), IsNeedDetail on
// querystate. Older response name: State beside Status in both online-status
// commands. A body that names one thing under both names, differently, is
// refused (70402) and changes nothing.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Receiver, startReceiver } from "../support/callback-receiver";
import { call, db, expectEnvelope, newApp, rest, userSigFor, waitForSecondAfter } from "./api-helpers";

const { setCallbackConfig } = await import("@/lib/data/callback-config");
const { SYSTEM_ACTOR } = await import("@/lib/data/audit");

let app: number;
let receiver: Receiver;
const DISCONNECTS = "/disconnects";

before(async () => {
  app = await newApp("REST legacy names");
  receiver = await startReceiver();
  await setCallbackConfig(SYSTEM_ACTOR, app, {
    url: receiver.url(DISCONNECTS),
    actions: ["Disconnect"],
    token: "",
    removeToken: false,
  });
});

after(async () => {
  await receiver.close();
});

let counter = 0;
/** A UserID no other test in this file uses. */
const fresh = (what: string) => `${what}_${++counter}`;

const account = (userId: string) => db().account.findUnique({ where: { sdkAppId_userId: { sdkAppId: app, userId } } });

async function imported(userIds: string[]): Promise<Record<string, string>> {
  const reply = await rest(app, "im_open_login_svc/account_check", {
    CheckItem: userIds.map((UserID) => ({ UserID })),
  });
  expectEnvelope(reply, 0);
  return Object.fromEntries(
    reply.body.ResultItem.map((item: { UserID: string; AccountStatus: string }) => [item.UserID, item.AccountStatus]),
  );
}

/** Logs `userId` in on `platform`; the session's token and the UserSig it used. */
async function logIn(userId: string, platform = "Android"): Promise<{ token: string; userSig: string }> {
  const userSig = await userSigFor(app, userId);
  const reply = await call("/api/v1/login", { body: { sdkAppId: app, userId, userSig, platform } });
  assert.equal(reply.status, 200, reply.text);
  return { token: reply.body.token, userSig };
}

const sessionCode = async (token: string) => {
  const reply = await call("/api/v1/session", { headers: { authorization: `Bearer ${token}` } });
  return reply.status === 200 ? 0 : reply.body.error.code;
};

describe("account_import: UserID or its older name Identifier", () => {
  const spellings: { spelling: string; body: (userId: string) => Record<string, unknown> }[] = [
    { spelling: "UserID", body: (UserID) => ({ UserID }) },
    { spelling: "Identifier (older)", body: (Identifier) => ({ Identifier }) },
    { spelling: "UserID and Identifier, the same", body: (id) => ({ UserID: id, Identifier: id }) },
    { spelling: "Identifier with Type 0 (older)", body: (Identifier) => ({ Identifier, Type: 0 }) },
    {
      spelling: "Identifier with Type 1 (older; no robot accounts here)",
      body: (Identifier) => ({ Identifier, Type: 1 }),
    },
  ];
  for (const { spelling, body } of spellings) {
    test(`${spelling} imports the account with its profile, and re-import updates it`, async () => {
      const userId = fresh("imp");
      const faceUrl = `https://example.com/${userId}.png`;
      expectEnvelope(
        await rest(app, "im_open_login_svc/account_import", { ...body(userId), Nick: "First", FaceUrl: faceUrl }),
        0,
      );
      assert.deepEqual(await imported([userId]), { [userId]: "Imported" });
      expectEnvelope(await rest(app, "im_open_login_svc/account_import", { ...body(userId), Nick: "Second" }), 0);
      const row = await account(userId);
      assert.equal(row?.nickname, "Second");
      assert.equal(row?.faceUrl, faceUrl);
    });
  }

  test("UserID and Identifier naming different accounts: 70402 that names both, and nothing is imported", async () => {
    const [a, b] = [fresh("imp_conflict"), fresh("imp_conflict")];
    const reply = await rest(app, "im_open_login_svc/account_import", { UserID: a, Identifier: b });
    expectEnvelope(reply, 70402);
    assert.match(reply.body.ErrorInfo, /Identifier.*UserID/);
    assert.deepEqual(await imported([a, b]), { [a]: "NotImported", [b]: "NotImported" });
  });

  test("neither name: 70402 that says which field, and under which older name", async () => {
    const reply = await rest(app, "im_open_login_svc/account_import", { Nick: "nobody" });
    expectEnvelope(reply, 70402);
    assert.match(reply.body.ErrorInfo, /UserID: required \(older clients send it as Identifier\)/);
  });
});

describe("multiaccount_import: AccountList or its older form Accounts", () => {
  const spellings: { spelling: string; body: (userIds: string[]) => Record<string, unknown>; profiles: boolean }[] = [
    {
      spelling: "AccountList with profiles",
      body: (ids) => ({ AccountList: ids.map((UserID) => ({ UserID, Nick: `Nick ${UserID}` })) }),
      profiles: true,
    },
    { spelling: "Accounts (older)", body: (Accounts) => ({ Accounts }), profiles: false },
    {
      spelling: "AccountList and Accounts naming the same accounts",
      body: (ids) => ({ AccountList: ids.map((UserID) => ({ UserID, Nick: `Nick ${UserID}` })), Accounts: ids }),
      profiles: true,
    },
  ];
  for (const { spelling, body, profiles } of spellings) {
    test(`${spelling} imports every valid account and reports the rest in FailAccounts`, async () => {
      const good = [fresh("multi"), fresh("multi")];
      const reply = await rest(app, "im_open_login_svc/multiaccount_import", body([...good, "bad id"]));
      expectEnvelope(reply, 0);
      assert.deepEqual(reply.body.FailAccounts, ["bad id"]);
      assert.deepEqual(await imported(good), Object.fromEntries(good.map((id) => [id, "Imported"])));
      for (const id of good) assert.equal((await account(id))?.nickname, profiles ? `Nick ${id}` : "");
    });
  }

  test("AccountList and Accounts naming different accounts: 70402, and nothing is imported", async () => {
    const [a, b] = [fresh("multi_conflict"), fresh("multi_conflict")];
    const reply = await rest(app, "im_open_login_svc/multiaccount_import", {
      AccountList: [{ UserID: a }],
      Accounts: [b],
    });
    expectEnvelope(reply, 70402);
    assert.match(reply.body.ErrorInfo, /Accounts.*AccountList/);
    assert.deepEqual(await imported([a, b]), { [a]: "NotImported", [b]: "NotImported" });
  });
});

describe("account_delete and account_check: one spelling each (no source shows another)", () => {
  test("DeleteItem deletes the accounts and answers each; CheckItem then reports them NotImported", async () => {
    const [gone, kept] = [fresh("del"), fresh("del")];
    expectEnvelope(await rest(app, "im_open_login_svc/multiaccount_import", { Accounts: [gone, kept] }), 0);
    assert.deepEqual(await imported([gone, kept]), { [gone]: "Imported", [kept]: "Imported" });
    const reply = await rest(app, "im_open_login_svc/account_delete", { DeleteItem: [{ UserID: gone }] });
    expectEnvelope(reply, 0);
    assert.deepEqual(reply.body.ResultItem, [{ ResultCode: 0, ResultInfo: "", UserID: gone }]);
    assert.equal(await account(gone), null);
    assert.deepEqual(await imported([gone, kept]), { [gone]: "NotImported", [kept]: "Imported" });
  });
});

describe("kick: UserID or its older name Identifier", () => {
  const spellings: { spelling: string; body: (userId: string) => Record<string, unknown> }[] = [
    { spelling: "UserID", body: (UserID) => ({ UserID }) },
    { spelling: "Identifier (older)", body: (Identifier) => ({ Identifier }) },
    { spelling: "UserID and Identifier, the same", body: (id) => ({ UserID: id, Identifier: id }) },
  ];
  for (const { spelling, body } of spellings) {
    test(`${spelling} kicks the user: both sessions end with a Disconnect each, earlier UserSigs are refused, the state reads Offline`, async () => {
      const userId = fresh("kick");
      const phone = await logIn(userId, "Android");
      const web = await logIn(userId, "Web");
      const online = await rest(app, "openim/query_online_status", { To_Account: [userId] });
      assert.equal(online.body.QueryResult[0].Status, "Online", online.text);

      expectEnvelope(await rest(app, "im_open_login_svc/kick", body(userId)), 0);

      for (const { token } of [phone, web]) assert.equal(await sessionCode(token), 70052);
      const relogin = await call("/api/v1/login", { body: { sdkAppId: app, userId, userSig: phone.userSig } });
      assert.equal(relogin.body.error?.code, 70052, relogin.text);
      const offline = await rest(app, "openim/query_online_status", { To_Account: [userId] });
      assert.deepEqual(offline.body.QueryResult, [{ To_Account: userId, Status: "Offline", State: "Offline" }]);
      assert.equal(await db().userSession.count({ where: { sdkAppId: app, userId, closedAt: null } }), 0);
      const mine = (received: Receiver["received"]) =>
        received.filter((r) => r.path === DISCONNECTS && r.body.Info.To_Account === userId);
      const sent = mine(await receiver.waitFor((r) => mine(r).length >= 2, 20_000, `${userId}'s Disconnects`));
      assert.deepEqual(
        sent.map((r) => `${r.body.Info.Action}/${r.body.Info.Reason}/${r.query.get("OptPlatform")}`).sort(),
        ["Disconnect/LinkClose/Android", "Disconnect/LinkClose/Web"],
      );

      // A UserSig made after the kick's second logs in again.
      const notBefore = (await account(userId))!.loginNotBefore!.getTime() / 1000;
      await waitForSecondAfter(notBefore);
      await logIn(userId);
    });
  }

  test("UserID and Identifier naming different users: a clear 70402, and neither is kicked", async () => {
    const [a, b] = [fresh("kick_conflict"), fresh("kick_conflict")];
    const sessions = [await logIn(a), await logIn(b)];
    const reply = await rest(app, "im_open_login_svc/kick", { UserID: a, Identifier: b });
    expectEnvelope(reply, 70402);
    assert.equal(
      reply.body.ErrorInfo,
      "Invalid parameters: Identifier: differs from UserID; Identifier is UserID's older name, so send one of them",
    );
    for (const { token } of sessions) assert.equal(await sessionCode(token), 0);
    for (const id of [a, b]) assert.equal((await account(id))?.loginNotBefore, null);
    const state = await rest(app, "openim/query_online_status", { To_Account: [a, b] });
    assert.deepEqual(
      state.body.QueryResult.map((item: { Status: string }) => item.Status),
      ["Online", "Online"],
    );
  });

  test("an unknown account under the older name is 70107, as under UserID", async () => {
    expectEnvelope(await rest(app, "im_open_login_svc/kick", { Identifier: fresh("kick_nobody") }), 70107);
  });
});

describe("online state: query_online_status and its older name querystate", () => {
  const commands = ["openim/query_online_status", "openim/querystate"];
  const spellings: { spelling: string; extra: Record<string, unknown>; detail: boolean }[] = [
    { spelling: "To_Account", extra: {}, detail: false },
    { spelling: "To_Account, IsNeedDetail 0", extra: { IsNeedDetail: 0 }, detail: false },
    { spelling: "To_Account, IsNeedDetail 1", extra: { IsNeedDetail: 1 }, detail: true },
  ];
  for (const command of commands) {
    for (const { spelling, extra, detail } of spellings) {
      test(`${command} with ${spelling} reports each state as Status and as State${detail ? ", with Detail" : ""}`, async () => {
        const [on, off, ghost] = [fresh("state_on"), fresh("state_off"), fresh("state_ghost")];
        await logIn(on, "iPhone");
        expectEnvelope(await rest(app, "im_open_login_svc/account_import", { UserID: off }), 0);
        const reply = await rest(app, command, { To_Account: [on, off, ghost], ...extra });
        expectEnvelope(reply, 0);
        assert.deepEqual(reply.body.QueryResult, [
          {
            To_Account: on,
            Status: "Online",
            State: "Online",
            ...(detail && { Detail: [{ Platform: "iPhone", Status: "Online" }] }),
          },
          { To_Account: off, Status: "Offline", State: "Offline", ...(detail && { Detail: [] }) },
        ]);
        assert.deepEqual(reply.body.ErrorList, [{ To_Account: ghost, ErrorCode: 70107 }]);
      });
    }
  }
});

describe("the OpenAPI document", () => {
  type Property = { type?: string; deprecated?: boolean; description?: string };
  const bodyOf = (doc: any, command: string): Record<string, Property> =>
    doc.paths[`/v4/${command}`].post.requestBody.content["application/json"].schema.properties;

  test("shows each older request name beside the current one, marked deprecated", async () => {
    const doc = (await call("/api/openapi.json")).body;
    for (const command of ["im_open_login_svc/kick", "im_open_login_svc/account_import"]) {
      const body = bodyOf(doc, command);
      assert.equal(body.UserID?.type, "string", command);
      assert.equal(body.UserID?.deprecated, undefined, command);
      assert.equal(body.Identifier?.type, "string", command);
      assert.equal(body.Identifier?.deprecated, true, command);
      assert.match(body.Identifier?.description ?? "", /older name: send UserID/, command);
    }
    assert.equal(bodyOf(doc, "im_open_login_svc/account_import").Type?.deprecated, true);
    const multi = bodyOf(doc, "im_open_login_svc/multiaccount_import");
    assert.equal(multi.AccountList?.deprecated, undefined);
    assert.equal(multi.Accounts?.deprecated, true);
    assert.ok(bodyOf(doc, "openim/querystate").IsNeedDetail, "querystate documents IsNeedDetail");
  });
});
