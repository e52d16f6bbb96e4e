// Clock skew over real HTTP: GET /api/v1/time, and UserSigs dated ahead of
// the server's clock, refused beyond TESSERA_CLOCK_SKEW_SECONDS (default 300)
// with 70005, which also stops them surviving a kick.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startServer, type TestServer } from "../support/server";
import { assertClean, call, login, newApp, nowSeconds, type Reply, rest, sleep, userSigFor } from "./api-helpers";

let app: number;
/** A second server on the same database with TESSERA_CLOCK_SKEW_SECONDS=30. */
let strict: TestServer;

before(async () => {
  app = await newApp("Clock skew tests");
  strict = await startServer({
    databaseUrl: process.env.DATABASE_URL,
    distDir: process.env.TESSERA_DIST_DIR,
    env: { TESSERA_CLOCK_SKEW_SECONDS: "30" },
  });
});

after(async () => {
  await strict.stop();
});

function expectFuture(reply: Reply, leeway: number) {
  assert.equal(reply.status, 400, reply.text);
  assert.equal(reply.body.error.code, 70005, reply.text);
  assert.match(
    reply.body.error.message,
    new RegExp(`issued \\d+ seconds in the future: .* at most ${leeway} seconds of clock skew`),
  );
  assert.match(reply.body.error.fix, /clock.*GET \/api\/v1\/time/);
  assertClean(reply);
}

describe("clock skew", () => {
  test("GET /api/v1/time answers the server's Unix time, without auth, never cached", async () => {
    const start = Date.now();
    const reply = await call("/api/v1/time");
    assert.equal(reply.status, 200, reply.text);
    assert.equal(reply.headers.get("cache-control"), "no-store");
    // Same machine, so the same clock: a time from the build or a cache would be older than the request.
    assert.ok(reply.body.timeMs >= start && reply.body.timeMs <= Date.now(), reply.text);
    assert.equal(reply.body.time, Math.floor(reply.body.timeMs / 1000));
    await sleep(20);
    assert.ok((await call("/api/v1/time")).body.timeMs > reply.body.timeMs);
  });

  test("login refuses a UserSig dated beyond the leeway (70005, naming the skew), accepts one within it and one signed for /api/v1/time", async () => {
    const now = nowSeconds();
    expectFuture(await login(app, "skew_user", await userSigFor(app, "skew_user", { now: now + 400 })), 300);
    const within = await login(app, "skew_user", await userSigFor(app, "skew_user", { now: now + 240 }));
    assert.equal(within.status, 200, within.text);
    // What a client with a wrong clock does: sign for the server's time.
    const { time } = (await call("/api/v1/time")).body;
    const synced = await login(app, "skew_user", await userSigFor(app, "skew_user", { now: time }));
    assert.equal(synced.status, 200, synced.text);
  });

  test("TESSERA_CLOCK_SKEW_SECONDS sets the leeway", async () => {
    const sig = await userSigFor(app, "skew_strict", { now: nowSeconds() + 120 });
    expectFuture(
      await call("/api/v1/login", {
        base: strict.baseUrl,
        body: { sdkAppId: app, userId: "skew_strict", userSig: sig },
      }),
      30,
    );
    assert.equal((await login(app, "skew_strict", sig)).status, 200, "the default server's 300 s accept it");
  });

  test("a kick now catches a UserSig signed before it for a later time; within the leeway one still survives (the residual window)", async () => {
    const userId = "skew_kicked";
    assert.equal((await rest(app, "im_open_login_svc/account_import", { UserID: userId })).body.ErrorCode, 0);
    const now = nowSeconds();
    // Both signed before the kick and dated after it, so TLS.time alone cannot tell them from UserSigs made after it.
    const hourAhead = await userSigFor(app, userId, { now: now + 3600 });
    const minuteAhead = await userSigFor(app, userId, { now: now + 60 });
    assert.equal((await rest(app, "im_open_login_svc/kick", { UserID: userId })).body.ErrorCode, 0);
    // Before the leeway existed this one logged in right after the kick.
    expectFuture(await login(app, userId, hourAhead), 300);
    const survivor = await login(app, userId, minuteAhead);
    assert.equal(survivor.status, 200, survivor.text);
  });
});
