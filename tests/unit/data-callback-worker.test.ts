// The state-callback worker in this process, on whichever database this pass
// uses, posting to a receiver on 127.0.0.1 (allowed by the test environment,
// tests/support/test-env.ts): one application's dead receiver never delays
// another's deliveries; a delivery whose name now resolves inside fails with
// that reason, recorded and listed like any other error; and
// stopCallbackWorker() lets the attempts in flight finish, records them,
// releases their claims and claims nothing more.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Received, type Receiver, startReceiver } from "../support/callback-receiver";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();
const { db } = await import("@/lib/db");
const { createApp } = await import("@/lib/data/apps");
const { SYSTEM_ACTOR } = await import("@/lib/data/audit");
const { removeCallbackConfig, setCallbackConfig } = await import("@/lib/data/callback-config");
const { listDeliveries, notifyQueued, queueStateChanges } = await import("@/lib/data/callback-outbox");
const { callbackDispatcher } = await import("@/lib/callbacks/outbound");
const { DeliveryScheduler, PER_APP, postStateChange } = await import("@/lib/callbacks/scheduler");
const { startCallbackWorker, stopCallbackWorker } = await import("@/lib/callbacks/worker");

const operator = { type: "operator" as const, id: "ops@tessera.test", ip: "10.0.0.9" };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let receiver: Receiver;

before(async () => {
  receiver = await startReceiver();
});

after(async () => {
  await stopCallbackWorker();
  await receiver.close();
});

async function appWithCallback(name: string, url: string): Promise<number> {
  const { sdkAppId } = await createApp(SYSTEM_ACTOR, name);
  await setCallbackConfig(operator, sdkAppId, { url, actions: ["Login"], token: "", removeToken: false });
  return sdkAppId;
}

/** Queues one login per UserID, as a login's transaction does, and wakes the worker as a login does. */
async function queue(sdkAppId: number, userIds: string[]): Promise<void> {
  await db().$transaction((tx) =>
    queueStateChanges(
      tx,
      userIds.map((userId) => ({
        sdkAppId,
        userId,
        reason: "Register" as const,
        eventTime: new Date(),
        clientIp: "192.0.2.1",
        platform: "Web",
      })),
    ),
  );
  notifyQueued();
}

const users = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);
const at = (path: string) => receiver.received.filter((r) => r.path === path);
const pending = (sdkAppId: number) => db().callbackDelivery.count({ where: { sdkAppId, status: "pending" } });

/** The most requests to `path` the receiver held open at one time. */
function mostAtOnce(received: Received[]): number {
  const edges = received.flatMap((r) => [
    [r.at, 1],
    [r.endedAt ?? Date.now(), -1],
  ]);
  edges.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let open = 0;
  let most = 0;
  for (const [, step] of edges) most = Math.max(most, (open += step!));
  return most;
}

describe("state callback worker", () => {
  test("a name that now resolves inside fails with that reason, recorded and listed like any delivery error", async () => {
    const port = new URL(receiver.url("/")).port;
    // Saved as a name, which is checked when it is resolved: here, to loopback, and no network is allowed.
    const sdkAppId = await appWithCallback("Worker rebound", `http://app-server.test:${port}/rebound`);
    const dispatcher = callbackDispatcher({ allowed: [], resolve: async () => ["127.0.0.1"] });
    const failures: unknown[] = [];
    const scheduler = new DeliveryScheduler((_, error) => error && failures.push(error), postStateChange(dispatcher));
    await queue(sdkAppId, ["inside"]);
    await scheduler.pump();
    await scheduler.stop();
    await dispatcher.close();

    const reason =
      "Not sent: app-server.test resolves to 127.0.0.1, and 127.0.0.1 is a loopback address (this server itself): state callbacks go only to public addresses; to reach an internal App Server, add its network to TESSERA_CALLBACK_ALLOWED_NETWORKS.";
    const row = await db().callbackDelivery.findFirstOrThrow({ where: { sdkAppId } });
    assert.deepEqual(
      [row.status, row.attempts, row.lastStatus, row.latencyMs, row.lastError, row.claimToken],
      ["pending", 1, null, null, reason, null],
      "retried with back-off like any failure, in case the name changes back",
    );
    const { deliveries } = await listDeliveries(sdkAppId);
    assert.equal(deliveries[0]!.lastError, reason, "the console lists the reason");
    assert.equal(at("/rebound").length, 0);
    assert.deepEqual(failures, []);
    await removeCallbackConfig(operator, sdkAppId);
  });

  test("one app's dead receiver never delays another's deliveries, while the dead app's queue grows", async () => {
    const dead = await appWithCallback("Worker dead receiver", receiver.url("/dead"));
    const live = await appWithCallback("Worker live receiver", receiver.url("/live"));
    receiver.answer("/dead", "hang");
    startCallbackWorker();
    await queue(dead, users("a", 40));
    await receiver.waitFor(() => at("/dead").length >= PER_APP, 5000, "the dead app's first attempts");
    const before = await pending(dead);

    const latencies: number[] = [];
    for (let i = 0; i < 6; i++) {
      const queued = Date.now();
      await queue(live, [`b${i}`]);
      await receiver.waitFor(
        () => at("/live").some((r) => r.body.Info.To_Account === `b${i}`),
        2000,
        `b${i} within 2 s, behind a dead receiver's backlog`,
      );
      latencies.push(Date.now() - queued);
      await queue(dead, users(`a${i}-`, 5));
      await sleep(250);
    }
    assert.ok(
      latencies.every((ms) => ms < 2000),
      `the live app's callbacks arrived in ${latencies.join(", ")} ms`,
    );
    assert.equal(at("/live").length, 6, "each once");
    assert.ok((await pending(dead)) >= before + 30, "the dead app's queue grew, none of it lost");
    assert.ok(
      mostAtOnce(at("/dead")) <= PER_APP,
      `at most ${PER_APP} of one app's attempts at once (${mostAtOnce(at("/dead"))})`,
    );
    await stopCallbackWorker();
    await removeCallbackConfig(operator, dead);
    await removeCallbackConfig(operator, live);
  });

  test("stopCallbackWorker() lets attempts in flight finish and records them, releases their claims and claims nothing more", async () => {
    const slow = await appWithCallback("Worker stop slow", receiver.url("/slow"));
    const hung = await appWithCallback("Worker stop hung", receiver.url("/hung"));
    receiver.answer("/slow", { status: 200, afterMs: 800 });
    receiver.answer("/hung", "hang");
    startCallbackWorker();
    await queue(slow, ["s1"]);
    await queue(hung, ["h1"]);
    await receiver.waitFor(() => at("/slow").length === 1 && at("/hung").length === 1, 5000, "both attempts");
    const stopping = Date.now();
    await stopCallbackWorker();
    const waited = Date.now() - stopping;
    assert.ok(waited >= 500 && waited < 4000, `waited ${waited} ms for the attempts in flight`);

    const row = async (sdkAppId: number, userId: string) =>
      db().callbackDelivery.findFirstOrThrow({ where: { sdkAppId, userId } });
    const delivered = await row(slow, "s1");
    assert.deepEqual(
      [delivered.status, delivered.lastStatus, delivered.claimToken, delivered.claimedUntil],
      ["delivered", 200, null, null],
    );
    const cut = await row(hung, "h1");
    assert.deepEqual(
      [cut.status, cut.lastError, cut.claimToken, cut.claimedUntil],
      ["pending", "No answer within 2 s.", null, null],
      "recorded, its claim released: it is retried after its back-off, not after a lease",
    );

    await queue(slow, ["s2"]);
    await sleep(1500);
    const waiting = await row(slow, "s2");
    assert.deepEqual([waiting.status, waiting.attempts, waiting.claimedUntil], ["pending", 0, null]);
    assert.equal(at("/slow").length, 1, "nothing sent after the stop");

    startCallbackWorker();
    await receiver.waitFor(() => at("/slow").length === 2, 5000, "s2 after a new start");
    await stopCallbackWorker();
    assert.equal((await row(slow, "s2")).status, "delivered");
    await removeCallbackConfig(operator, hung);
  });
});
