// The REST frequency limit (60007) over real HTTP. It gets a second `next
// start` of its own on the same database, with a limit of 3 calls per second,
// so a burst reaches it however fast this machine answers, while the shared
// server keeps the default limit the other tests never approach.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startServer, type TestServer } from "../support/server";
import {
  adminQuery,
  call,
  expectEnvelope,
  lastAudit,
  newApp,
  nowSeconds,
  sleep,
  waitForSecondAfter,
} from "./api-helpers";

const LIMIT = 3;
let limited: TestServer;

before(async () => {
  limited = await startServer({
    databaseUrl: process.env.DATABASE_URL,
    distDir: process.env.TESSERA_DIST_DIR,
    env: { TESSERA_REST_RATE_LIMIT: String(LIMIT) },
  });
});

after(async () => {
  await limited.stop();
});

describe("REST frequency limit", () => {
  test("60007 once an app's calls outrun the limit; other apps and later calls are not affected", async () => {
    const busy = await newApp("REST flood");
    const calm = await newApp("REST calm");
    const check = (query: string) =>
      call(`/v4/im_open_login_svc/account_check?${query}`, {
        base: limited.baseUrl,
        body: { CheckItem: [{ UserID: "x" }] },
      });
    const busyQuery = await adminQuery(busy);

    const started = performance.now();
    const replies = await Promise.all(Array.from({ length: 30 }, () => check(busyQuery)));
    const seconds = (performance.now() - started) / 1000;
    const ok = replies.filter((reply) => reply.body.ErrorCode === 0).length;
    const refused = replies.filter((reply) => reply.body.ErrorCode === 60007);
    assert.equal(ok + refused.length, replies.length, "every call is answered OK or 60007");
    // The burst, plus what refilled while the calls were answered.
    assert.ok(
      ok >= LIMIT && ok <= LIMIT + Math.ceil(seconds * LIMIT) + 1,
      `${ok} of 30 calls passed in ${seconds.toFixed(2)} s`,
    );
    expectEnvelope(refused[0]!, 60007);
    assert.match(refused[0]!.body.ErrorInfo, /at most 3 per second/);
    assert.equal((await lastAudit({ action: "rest.reject", sdkAppId: busy }))?.code, 60007);

    expectEnvelope(await check(await adminQuery(calm)), 0);
    // Once the process's bucket has a token again and the shared count's second has passed.
    const burstEnded = nowSeconds();
    await sleep(1000 / LIMIT + 100);
    await waitForSecondAfter(burstEnded);
    expectEnvelope(await check(busyQuery), 0);
  });
});
