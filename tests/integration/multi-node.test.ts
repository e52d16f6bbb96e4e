// Several nodes behind a load balancer: a full node (A: console and API) and
// an API-only node (B: the machine routes, without Next), processes of their
// own on the database this pass uses (SQLite in WAL mode, or PostgreSQL),
// each with a REST limit of 10 calls per second. Whatever one node changes
// (a kick, "Invalidate login", a key rotation or retirement, a session's end,
// a throttle's count, the REST budget, a state callback's configuration)
// holds on the other at once: every check reads the database, and no node
// keeps a copy that could go stale.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { type Received, startReceiver } from "../support/callback-receiver";
import { startServer, type TestServer } from "../support/server";
import {
  adminQuery,
  call,
  consoleSignIn,
  expectEnvelope,
  freshIp,
  lastAudit,
  newApp,
  nowSeconds,
  type Reply,
  sleep,
  userSigFor,
  usersig,
  waitForSecondAfter,
} from "./api-helpers";
import { runAction } from "./console-actions";

const { createOperator } = await import("@/lib/data/operators");
const { primaryKey } = await import("@/lib/data/keys");
const { SYSTEM_ACTOR } = await import("@/lib/data/audit");
const { ATTEMPT_POLICIES } = await import("@/lib/api/auth/ticket-attempt");

const LIMIT = 10;
let a: TestServer;
let b: TestServer;

before(async () => {
  const options = {
    databaseUrl: process.env.DATABASE_URL,
    distDir: process.env.TESSERA_DIST_DIR,
    env: { TESSERA_REST_RATE_LIMIT: String(LIMIT) },
  };
  // One after the other: each start runs `npm run setup` on the shared database.
  a = await startServer(options);
  b = await startServer({ ...options, apiOnly: true });
});

after(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
});

const loginOn = (node: TestServer, sdkAppId: number, userId: string, userSig: string, ip = freshIp()) =>
  call("/api/v1/login", { base: node.baseUrl, body: { sdkAppId, userId, userSig }, ip });
const sessionOn = (node: TestServer, token: string) =>
  call("/api/v1/session", { base: node.baseUrl, headers: { authorization: `Bearer ${token}` } });
const restOn = async (
  node: TestServer,
  sdkAppId: number,
  command: string,
  body: unknown,
  options: Parameters<typeof adminQuery>[1] = {},
) => call(`/v4/${command}?${await adminQuery(sdkAppId, options)}`, { base: node.baseUrl, body });

function expectError(reply: Reply, code: number): void {
  assert.equal(reply.body?.error?.code, code, reply.text);
}

function expectLoggedIn(reply: Reply): string {
  assert.equal(reply.status, 200, reply.text);
  assert.equal(reply.body.tokenType, "Bearer", reply.text);
  return reply.body.token;
}

/** An operator who may change keys and accounts, signed in on `node`; returns the session cookie. */
async function operatorOn(node: TestServer): Promise<string> {
  const email = `multi-node-${randomUUID()}@tessera.test`;
  const password = "multi node password 12345";
  await createOperator(SYSTEM_ACTOR, { email, password, role: "admin" });
  const signIn = await consoleSignIn(email, password, { base: node.baseUrl });
  assert.ok(signIn.session, `sign-in on node A failed: ${signIn.status} ${signIn.error}`);
  return signIn.session;
}

const actionOk = (reply: Reply) =>
  assert.ok(reply.status === 200 && /"ok":true/.test(reply.text), `${reply.status} ${reply.text.slice(0, 300)}`);

describe("several nodes on one database", () => {
  test("a kick through REST on node A refuses the kicked UserSig and ends the session on node B at once", async () => {
    const app = await newApp("Multi-node kick");
    const userId = "kicked_across";
    const sig = await userSigFor(app, userId);
    const token = expectLoggedIn(await loginOn(b, app, userId, sig));

    const kick = await restOn(a, app, "im_open_login_svc/kick", { UserID: userId });
    expectEnvelope(kick, 0);
    const kickedAt = nowSeconds();
    expectError(await loginOn(b, app, userId, sig), 70052);
    expectError(await sessionOn(b, token), 70052);

    await waitForSecondAfter(kickedAt);
    expectLoggedIn(await loginOn(b, app, userId, await userSigFor(app, userId)));
  });

  test("Invalidate login in the console on node A refuses the login on the API-only node B at once", async () => {
    const app = await newApp("Multi-node invalidate");
    const userId = "invalidated_across";
    const sig = await userSigFor(app, userId);
    const token = expectLoggedIn(await loginOn(b, app, userId, sig));
    const cookie = await operatorOn(a);

    actionOk(await runAction(cookie, "invalidateLoginAction", { sdkAppId: app, userId }, app, a.baseUrl));
    expectError(await loginOn(b, app, userId, sig), 70052);
    expectError(await sessionOn(a, token), 70052);
    expectError(await sessionOn(b, token), 70052);
  });

  test("a key rotation on node A signs with the new key on node B; retiring the old key now refuses its UserSigs on node B at once", async () => {
    const app = await newApp("Multi-node keys");
    const cookie = await operatorOn(a);
    const old = await primaryKey(app);
    const oldSig = await userSigFor(app, "rotated_user", { key: old.key });
    const oldAdmin = await userSigFor(app, "administrator", { key: old.key });

    actionOk(await runAction(cookie, "rotateKeyAction", { sdkAppId: app, graceDays: 1 }, app, a.baseUrl));
    const fresh = await primaryKey(app);
    assert.equal(fresh.version, old.version + 1);
    // Node B signs with the new primary key at once...
    const issued = await call(`/api/v1/usersig?${await adminQuery(app, { usersig: oldAdmin })}`, {
      base: b.baseUrl,
      body: { userIds: ["rotated_user"] },
    });
    assert.equal(issued.status, 200, issued.text);
    const newSig: string = issued.body.userSigs[0].userSig;
    assert.ok(
      usersig.verifyUserSig({ ticket: newSig, sdkAppId: app, userId: "rotated_user", keys: [fresh.key] }).ok,
      "signed with the new key",
    );
    // ...and still accepts the old key during the grace period.
    expectLoggedIn(await loginOn(b, app, "rotated_user", oldSig));
    expectLoggedIn(await loginOn(b, app, "rotated_user", newSig));

    actionOk(await runAction(cookie, "retireKeyAction", { sdkAppId: app, version: old.version }, app, a.baseUrl));
    expectError(await loginOn(b, app, "rotated_user", oldSig), 70009);
    expectEnvelope(
      await restOn(b, app, "im_open_login_svc/account_check", { CheckItem: [{ UserID: "x" }] }, { usersig: oldAdmin }),
      70009,
    );
    expectLoggedIn(await loginOn(b, app, "rotated_user", newSig));
  });

  test("sessions: one started on node A is answered on node B, and ended there it is over on node A", async () => {
    const app = await newApp("Multi-node sessions");
    const userId = "roaming_user";
    const token = expectLoggedIn(await loginOn(a, app, userId, await userSigFor(app, userId)));
    const me = await sessionOn(b, token);
    assert.equal(me.status, 200, me.text);
    assert.equal(me.body.userId, userId);
    const online = await restOn(b, app, "openim/query_online_status", { To_Account: [userId] });
    expectEnvelope(online, 0);
    assert.equal(online.body.QueryResult[0].Status, "Online");

    const out = await call("/api/v1/logout", {
      base: b.baseUrl,
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(out.status, 200, out.text);
    expectError(await sessionOn(a, token), 70052);
    const offline = await restOn(a, app, "openim/query_online_status", { To_Account: [userId] });
    assert.equal(offline.body.QueryResult[0].Status, "Offline", offline.text);
  });

  test("login throttles count failures on both nodes together", async () => {
    const app = await newApp("Multi-node throttle");
    const userId = "guessed_user";
    const ip = freshIp();
    const forged = await userSigFor(app, userId, { key: "f".repeat(64) });
    const limit = ATTEMPT_POLICIES.pair.limit;
    // Half the client's failures on each node: neither node alone reaches the limit.
    for (let i = 0; i < limit; i++) expectError(await loginOn(i % 2 === 0 ? a : b, app, userId, forged, ip), 70009);
    // Refused before verification, on both nodes, even with a valid UserSig.
    const valid = await userSigFor(app, userId);
    for (const node of [a, b]) {
      const refused = await loginOn(node, app, userId, valid, ip);
      expectError(refused, 70050);
      assert.ok(Number(refused.headers.get("retry-after")) > 0);
    }
    expectLoggedIn(await loginOn(b, app, userId, valid));
  });

  test("state callbacks: configured on node A, the events of logins on node B and their ends on node A are each reported once, in order", async () => {
    const receiver = await startReceiver();
    try {
      const app = await newApp("Multi-node callbacks");
      const path = `/multi-node-${app}`;
      const cookie = await operatorOn(a);
      actionOk(
        await runAction(
          cookie,
          "setCallbackAction",
          { sdkAppId: app, url: receiver.url(path), actions: ["Login", "Logout", "Disconnect"] },
          app,
          a.baseUrl,
        ),
      );

      const leaving = expectLoggedIn(await loginOn(b, app, "leaving", await userSigFor(app, "leaving")));
      const out = await call("/api/v1/logout", {
        base: a.baseUrl,
        method: "POST",
        headers: { authorization: `Bearer ${leaving}` },
      });
      assert.equal(out.status, 200, out.text);
      expectLoggedIn(await loginOn(b, app, "kicked", await userSigFor(app, "kicked")));
      expectEnvelope(await restOn(a, app, "im_open_login_svc/kick", { UserID: "kicked" }), 0);

      const mine = (received: Received[]) => received.filter((r) => r.path === path);
      await receiver.waitFor((received) => mine(received).length >= 4, 20_000, "4 callbacks");
      // Both nodes' workers poll the one outbox: wait for a second copy that must not come.
      await sleep(1500);
      const events = mine(receiver.received).map(
        (r) => `${r.body.Info.To_Account}:${r.body.Info.Action}/${r.body.Info.Reason}`,
      );
      const of = (userId: string) => events.filter((event) => event.startsWith(`${userId}:`));
      assert.deepEqual(of("leaving"), ["leaving:Login/Register", "leaving:Logout/Unregister"], events.join(", "));
      assert.deepEqual(of("kicked"), ["kicked:Login/Register", "kicked:Disconnect/LinkClose"], events.join(", "));
      assert.equal(events.length, 4, events.join(", "));
    } finally {
      await receiver.close();
    }
  });

  test(`the REST limit (${LIMIT} per second per app) counts calls on both nodes together (60007)`, async (t) => {
    // Both nodes have answered REST calls before (route loaded, database open), so the burst is quick.
    const warm = await newApp("Multi-node REST warm-up");
    await Promise.all(
      [a, b].map(async (node) =>
        expectEnvelope(
          await restOn(node, warm, "im_open_login_svc/account_check", { CheckItem: [{ UserID: "x" }] }),
          0,
        ),
      ),
    );

    // The nodes share a count per wall-clock second: a burst within one second is held to
    // exactly LIMIT. One that straddles a boundary is tried again; if none fits (a slow
    // machine), calls either side of the boundary may reach 2 * LIMIT, never more.
    for (let attempt = 1; ; attempt++) {
      const app = await newApp("Multi-node REST limit");
      const query = await adminQuery(app);
      // One client address, so the refusals share audit rows and the burst stays quick.
      const ip = freshIp();
      const check = (node: TestServer) =>
        call(`/v4/im_open_login_svc/account_check?${query}`, {
          base: node.baseUrl,
          body: { CheckItem: [{ UserID: "x" }] },
          ip,
        });
      await sleep(1010 - (Date.now() % 1000));
      const started = Date.now();
      const replies = await Promise.all(Array.from({ length: 3 * LIMIT }, (_, i) => check(i % 2 === 0 ? a : b)));
      const ended = Date.now();
      const within = Math.floor(started / 1000) === Math.floor(ended / 1000);
      const ok = replies.filter((reply) => reply.body.ErrorCode === 0).length;
      const refused = replies.filter((reply) => reply.body.ErrorCode === 60007);
      const what = `${ok} of ${replies.length} calls split over two nodes passed in ${ended - started} ms (attempt ${attempt})`;
      assert.equal(ok + refused.length, replies.length, "every call is answered OK or 60007");
      if (!within && attempt < 3) continue;
      t.diagnostic(what);
      if (within) assert.equal(ok, LIMIT, what);
      else assert.ok(ok >= LIMIT && ok <= 2 * LIMIT, what);
      expectEnvelope(refused[0]!, 60007);
      assert.match(refused[0]!.body.ErrorInfo, new RegExp(`at most ${LIMIT} per second`));
      assert.equal((await lastAudit({ action: "rest.reject", sdkAppId: app }))?.code, 60007);

      // The next second has a budget again, on either node (once each node's own bucket has a token).
      await sleep(1000 / LIMIT + 100);
      await waitForSecondAfter(Math.floor(ended / 1000));
      expectEnvelope(await check(b), 0);
      expectEnvelope(await check(a), 0);
      return;
    }
  });
});
