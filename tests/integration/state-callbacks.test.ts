// State-change callbacks over real HTTP: the server under test posts to a
// receiver on loopback (tests/support/callback-receiver.ts), which the test
// environment allows (TESSERA_CALLBACK_ALLOWED_NETWORKS=127.0.0.1/32). Every
// event arrives, signed as Tencent signs; a receiver that fails is retried, a
// redirect is not followed, a slow one is cut off at 2 s; a URL pointing
// anywhere else inside is refused with its reason; a receiver that never
// answers holds back no other application's callbacks; and two server
// processes on one database deliver each event once.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { type Receiver, type Received, sign, startReceiver } from "../support/callback-receiver";
import { startServer, type TestServer } from "../support/server";
import { TEST_OWNER } from "../support/test-env";
import { call, consoleSignIn, db, freshIp, newApp, nowSeconds, rest, sleep, userSigFor } from "./api-helpers";
import { runAction } from "./console-actions";

let receiver: Receiver;
let owner: string;

before(async () => {
  receiver = await startReceiver();
  const signIn = await consoleSignIn(TEST_OWNER.email, TEST_OWNER.password);
  assert.ok(signIn.session, "the owner signs in");
  owner = signIn.session;
});

after(async () => {
  await receiver.close();
});

async function configure(sdkAppId: number, input: { url: string; actions?: string[]; token?: string }): Promise<void> {
  const reply = await runAction(
    owner,
    "setCallbackAction",
    { sdkAppId, actions: ["Login", "Logout", "Disconnect"], ...input },
    sdkAppId,
  );
  assert.match(reply.text, /"ok":true/, reply.text.slice(0, 300));
}

async function turnOff(sdkAppId: number): Promise<void> {
  assert.match((await runAction(owner, "removeCallbackAction", { sdkAppId }, sdkAppId)).text, /"ok":true/);
}

async function logIn(
  sdkAppId: number,
  userId: string,
  options: { platform?: string; ip?: string; expire?: number } = {},
): Promise<string> {
  const userSig = await userSigFor(sdkAppId, userId, { expire: options.expire ?? 3600 });
  const reply = await call("/api/v1/login", {
    body: { sdkAppId, userId, userSig, ...(options.platform && { platform: options.platform }) },
    ip: options.ip ?? freshIp(),
  });
  assert.equal(reply.status, 200, reply.text);
  return reply.body.token as string;
}

const at = (path: string) => (received: Received[]) => received.filter((r) => r.path === path);
const event = (r: Received) => `${r.body.Info.To_Account}:${r.body.Info.Action}/${r.body.Info.Reason}`;

describe("state callbacks", () => {
  test("every event arrives, in order per user, with Tencent's query, body and signature", async () => {
    const sdkAppId = await newApp("Callbacks over HTTP");
    const path = `/events-${sdkAppId}`;
    const token = `tok-${randomBytes(8).toString("hex")}`;
    await configure(sdkAppId, { url: receiver.url(path), token });
    const ips = { alice: freshIp(), aliceOut: freshIp(), bob1: freshIp(), bob2: freshIp(), carol: freshIp() };

    const alice = await logIn(sdkAppId, "alice", { platform: "Android", ip: ips.alice });
    const logout = await call("/api/v1/logout", {
      method: "POST",
      headers: { authorization: `Bearer ${alice}` },
      ip: ips.aliceOut,
    });
    assert.equal(logout.status, 200, logout.text);
    await logIn(sdkAppId, "bob", { platform: "iPhone", ip: ips.bob1 });
    await logIn(sdkAppId, "bob", { platform: "Web", ip: ips.bob2 });
    assert.equal((await rest(sdkAppId, "im_open_login_svc/kick", { UserID: "bob" })).body.ErrorCode, 0);
    const carolSince = nowSeconds();
    await logIn(sdkAppId, "carol", { platform: "PC", ip: ips.carol, expire: 2 });

    const got = at(path)(await receiver.waitFor((r) => at(path)(r).length >= 8, 20_000, "8 callbacks"));
    await sleep(500);
    assert.equal(at(path)(receiver.received).length, 8, "each event once");
    const events = got.map(event);
    assert.deepEqual([...events].sort(), [
      "alice:Login/Register",
      "alice:Logout/Unregister",
      "bob:Disconnect/LinkClose",
      "bob:Disconnect/LinkClose",
      "bob:Login/Register",
      "bob:Login/Register",
      "carol:Disconnect/TimeOut",
      "carol:Login/Register",
    ]);
    const of = (user: string) => events.filter((e) => e.startsWith(`${user}:`));
    assert.deepEqual(of("alice"), ["alice:Login/Register", "alice:Logout/Unregister"]);
    assert.deepEqual(of("bob"), [
      "bob:Login/Register",
      "bob:Login/Register",
      "bob:Disconnect/LinkClose",
      "bob:Disconnect/LinkClose",
    ]);
    assert.deepEqual(of("carol"), ["carol:Login/Register", "carol:Disconnect/TimeOut"]);

    const expected: Record<string, [string, string][]> = {
      "alice:Login/Register": [[ips.alice, "Android"]],
      "alice:Logout/Unregister": [[ips.aliceOut, "Android"]],
      "bob:Login/Register": [
        [ips.bob1, "iOS"],
        [ips.bob2, "Web"],
      ],
      "bob:Disconnect/LinkClose": [
        [ips.bob1, "iOS"],
        [ips.bob2, "Web"],
      ],
      "carol:Login/Register": [[ips.carol, "Windows"]],
      "carol:Disconnect/TimeOut": [[ips.carol, "Windows"]],
    };
    for (const r of got) {
      const q = r.query;
      assert.deepEqual(
        [q.get("SdkAppid"), q.get("CallbackCommand"), q.get("contenttype")],
        [String(sdkAppId), "State.StateChange", "json"],
      );
      assert.ok(
        expected[event(r)]!.some(([ip, platform]) => q.get("ClientIP") === ip && q.get("OptPlatform") === platform),
        `${event(r)} from ${q.get("ClientIP")} on ${q.get("OptPlatform")}`,
      );
      const requestTime = q.get("RequestTime")!;
      assert.match(requestTime, /^\d{10}$/);
      assert.ok(Math.abs(Number(requestTime) - r.at / 1000) < 60, "RequestTime is the attempt's time");
      assert.equal(q.get("Sign"), sign(token, requestTime), "Sign = hex(sha256(token + RequestTime))");
      assert.notEqual(q.get("Sign"), sign(`${token}x`, requestTime));
      assert.match(r.headers["content-type"] ?? "", /^application\/json/);
      assert.deepEqual(
        Object.keys(r.body),
        ["CallbackCommand", "EventTime", "Info"],
        "no KickedDevice: a login never displaces another session",
      );
      assert.equal(r.body.CallbackCommand, "State.StateChange");
      assert.ok(
        Number.isInteger(r.body.EventTime) && Math.abs(r.body.EventTime - r.at) < 15_000,
        "EventTime in milliseconds",
      );
      assert.ok(!r.raw.includes(token) && !r.query.toString().includes(token), "the token itself is never sent");
    }
    const timeout = got.find((r) => event(r) === "carol:Disconnect/TimeOut")!;
    assert.ok(
      timeout.body.EventTime >= (carolSince + 2) * 1000 && timeout.body.EventTime <= (nowSeconds() + 2) * 1000,
      "TimeOut's EventTime is the session's expiry",
    );

    let rows = await db().callbackDelivery.findMany({ where: { sdkAppId } });
    for (let i = 0; i < 20 && rows.some((row) => row.status !== "delivered"); i++) {
      await sleep(100);
      rows = await db().callbackDelivery.findMany({ where: { sdkAppId } });
    }
    assert.deepEqual(
      rows.map((row) => [row.status, row.attempts, row.lastStatus]),
      rows.map(() => ["delivered", 1, 200]),
    );
    assert.ok(rows.every((row) => row.latencyMs !== null && row.latencyMs < 2000));
    await turnOff(sdkAppId);
  });

  test("a receiver answering 500 gets retries with back-off until it answers 2xx", async () => {
    const sdkAppId = await newApp("Callbacks retried");
    const path = `/flaky-${sdkAppId}`;
    receiver.answer(path, (seen) => (seen < 2 ? 500 : 200));
    await configure(sdkAppId, { url: receiver.url(path), actions: ["Login"] });
    await logIn(sdkAppId, "r");
    const got = at(path)(await receiver.waitFor((r) => at(path)(r).length >= 3, 20_000, "3 attempts"));
    assert.deepEqual(
      got.map((r) => r.answered),
      [500, 500, 200],
    );
    assert.equal(new Set(got.map((r) => r.raw)).size, 1, "the same event each time");
    assert.ok(got[1]!.at - got[0]!.at >= 900, `first retry after ~1 s (${got[1]!.at - got[0]!.at} ms)`);
    assert.ok(got[2]!.at - got[1]!.at >= 1900, `second retry after ~2 s (${got[2]!.at - got[1]!.at} ms)`);
    await sleep(300);
    const row = await db().callbackDelivery.findFirstOrThrow({ where: { sdkAppId } });
    assert.deepEqual([row.status, row.attempts, row.lastStatus, row.lastError], ["delivered", 3, 200, null]);
    await turnOff(sdkAppId);
  });

  test("a redirect is not followed and an answer slower than 2 s is cut off; both are retried", async () => {
    const sdkAppId = await newApp("Callbacks bounded");
    const redirect = `/redirect-${sdkAppId}`;
    receiver.answer(redirect, 302);
    await configure(sdkAppId, { url: receiver.url(redirect), actions: ["Login"] });
    await logIn(sdkAppId, "moved");
    await receiver.waitFor((r) => at(redirect)(r).length >= 1);
    await sleep(300);
    const moved = await db().callbackDelivery.findFirstOrThrow({ where: { sdkAppId } });
    assert.deepEqual([moved.status, moved.lastStatus], ["pending", 302]);
    assert.match(moved.lastError ?? "", /Redirect \(HTTP 302\) not followed/);
    assert.equal(at("/followed")(receiver.received).length, 0);

    const slow = `/slow-${sdkAppId}`;
    receiver.answer(slow, (seen) => (seen === 0 ? { status: 200, afterMs: 3500 } : 200));
    await configure(sdkAppId, { url: receiver.url(slow), actions: ["Login"] });
    await logIn(sdkAppId, "slow");
    const got = at(slow)(
      await receiver.waitFor(
        (r) => at(slow)(r).filter((x) => x.body.Info.To_Account === "slow").length >= 2,
        20_000,
        "the slow event twice",
      ),
    );
    const [first, second] = got.filter((r) => r.body.Info.To_Account === "slow");
    const cutAfter = first!.endedAt! - first!.at;
    assert.equal(first!.answered, undefined, "the first attempt was abandoned before its answer");
    assert.ok(cutAfter >= 1800 && cutAfter < 3200, `cut off after ${cutAfter} ms`);
    assert.equal(second!.answered, 200);
    await sleep(300);
    const row = await db().callbackDelivery.findFirstOrThrow({ where: { sdkAppId, userId: "slow" } });
    assert.deepEqual([row.status, row.attempts], ["delivered", 2]);
    await turnOff(sdkAppId);
  });

  test("a URL that points inside is refused, saying why; a spelling of the allowed address is that address", async () => {
    const sdkAppId = await newApp("Callbacks refused");
    const port = new URL(receiver.url("/")).port;
    const refused: [string, RegExp][] = [
      ["localhost", /localhost stands for 127\.0\.0\.1 and ::1, and ::1 is a loopback address/],
      ["[::1]", /::1 is a loopback address/],
      ["0.0.0.0", /0\.0\.0\.0 is an unspecified address/],
      ["[::ffff:127.0.0.1]", /IPv4-mapped IPv6 address/],
      ["127.0.0.2", /127\.0\.0\.2 is a loopback address/],
      ["169.254.169.254", /169\.254\.169\.254 is a link-local address/],
      ["10.0.0.1", /10\.0\.0\.1 is a private network address/],
    ];
    for (const [host, reason] of refused) {
      const reply = await runAction(
        owner,
        "setCallbackAction",
        { sdkAppId, url: `http://${host}:${port}/refused`, actions: ["Login"] },
        sdkAppId,
      );
      assert.match(reply.text, /"ok":false/, host);
      assert.match(reply.text, /Refused: /, host);
      assert.match(reply.text, reason, host);
      assert.match(reply.text, /"fieldErrors":\{"url":/, `${host}: shown on the URL field`);
    }
    assert.equal(await db().callbackConfig.count({ where: { sdkAppId } }), 0);

    const path = `/spelled-${sdkAppId}`;
    await configure(sdkAppId, { url: `http://2130706433:${port}${path}`, actions: ["Login"] });
    await logIn(sdkAppId, "spelled");
    await receiver.waitFor((r) => at(path)(r).length >= 1, 10_000, "the callback to 2130706433 (127.0.0.1)");
    assert.equal(at("/refused")(receiver.received).length, 0);
    await turnOff(sdkAppId);
  });

  test("an application whose receiver never answers holds back no other application's callbacks", async () => {
    const dead = await newApp("Callbacks dead receiver");
    const live = await newApp("Callbacks live receiver");
    const deadPath = `/dead-${dead}`;
    const livePath = `/live-${live}`;
    receiver.answer(deadPath, "hang");
    await configure(dead, { url: receiver.url(deadPath), actions: ["Login"] });
    await configure(live, { url: receiver.url(livePath), actions: ["Login"] });
    await Promise.all(Array.from({ length: 40 }, (_, i) => logIn(dead, `a${i}`)));
    await receiver.waitFor((r) => at(deadPath)(r).length >= 1, 10_000, "the dead receiver's first attempt");

    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      const loggedIn = Date.now();
      await logIn(live, `b${i}`);
      await receiver.waitFor(
        (r) => at(livePath)(r).some((x) => x.body.Info.To_Account === `b${i}`),
        2000,
        `b${i}'s login within 2 s, beside a dead receiver's backlog`,
      );
      latencies.push(Date.now() - loggedIn);
      await Promise.all(Array.from({ length: 5 }, (_, j) => logIn(dead, `a${i}-${j}`)));
    }
    assert.ok(
      latencies.every((ms) => ms < 2000),
      latencies.join(", "),
    );
    assert.ok(
      (await db().callbackDelivery.count({ where: { sdkAppId: dead, status: "pending" } })) >= 60,
      "the dead receiver's queue grew, none of it lost",
    );
    await turnOff(dead);
    await turnOff(live);
  });

  describe("two server processes on one database", () => {
    let second: TestServer;
    before(async () => {
      second = await startServer({ databaseUrl: process.env.DATABASE_URL, distDir: process.env.TESSERA_DIST_DIR });
    });
    after(async () => {
      await second.stop();
    });

    test("share the outbox: each event is delivered once", async () => {
      const sdkAppId = await newApp("Callbacks shared");
      const path = `/shared-${sdkAppId}`;
      // Slow answers keep claims open while the other process looks for work.
      receiver.answer(path, { status: 200, afterMs: 150 });
      await configure(sdkAppId, { url: receiver.url(path), actions: ["Login"] });
      const users = Array.from({ length: 40 }, (_, i) => `m${i}`);
      await Promise.all(
        users.map(async (userId, i) => {
          const userSig = await userSigFor(sdkAppId, userId);
          const reply = await call("/api/v1/login", {
            base: i % 2 === 0 ? undefined : second.baseUrl,
            body: { sdkAppId, userId, userSig },
          });
          assert.equal(reply.status, 200, reply.text);
        }),
      );
      await receiver.waitFor((r) => at(path)(r).length >= users.length, 30_000, `${users.length} callbacks`);
      await sleep(1500);
      const got = at(path)(receiver.received)
        .map((r) => r.body.Info.To_Account)
        .sort();
      assert.deepEqual(got, [...users].sort(), "every login once, none twice");
      await turnOff(sdkAppId);
    });
  });
});
