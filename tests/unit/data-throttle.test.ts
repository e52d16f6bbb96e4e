// Attempt counting and blocking on whichever database this pass uses.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();
const { countAttempts, refundAttempts, clearAttempts, purgeExpired, markKey, isMarked, countLocally, localRetryAfter } =
  await import("@/lib/data/throttle");
const { db } = await import("@/lib/db");

const policy = { limit: 3, windowSeconds: 60, blockSeconds: 60 };
const rule = (key: string) => ({ key, policy });

describe("throttle", () => {
  test("the attempt that reaches the limit runs; the next ones are refused for blockSeconds", async () => {
    assert.deepEqual(await countAttempts([rule("t:a")]), [0]);
    assert.deepEqual(await countAttempts([rule("t:a")]), [0]);
    assert.deepEqual(await countAttempts([rule("t:a")]), [0]);
    const [wait] = await countAttempts([rule("t:a")]);
    assert.ok(wait! > 58 && wait! <= 60, `wait ${wait}`);
    assert.deepEqual(await countAttempts([rule("t:other")]), [0]);
    await clearAttempts(["t:a"]);
    assert.deepEqual(await countAttempts([rule("t:a")]), [0]);
  });

  test("attempts older than the window, or before a lifted block, start a new count", async () => {
    const past = new Date(Date.now() - 120_000);
    for (let i = 0; i < 4; i++) await countAttempts([rule("t:b")], past);
    assert.deepEqual(await countAttempts([rule("t:b")]), [0], "the old block has ended");
    const row = await db().throttle.findUniqueOrThrow({ where: { key: "t:b" } });
    assert.equal(row.failures, 1);
    assert.equal(row.blockedUntil, null);
  });

  test("50 concurrent attempts: exactly `limit` are let through", async () => {
    const waits = await Promise.all(
      Array.from({ length: 50 }, () =>
        countAttempts([{ key: "t:c", policy: { limit: 5, windowSeconds: 60, blockSeconds: 60 } }]),
      ),
    );
    assert.equal(waits.filter(([wait]) => wait === 0).length, 5);
    assert.equal((await db().throttle.findUniqueOrThrow({ where: { key: "t:c" } })).failures, 50);
  });

  test("a refunded attempt (it succeeded) no longer counts and lifts the block it set", async () => {
    for (let i = 0; i < 3; i++) await countAttempts([rule("t:d")]);
    await refundAttempts([rule("t:d")]);
    const row = await db().throttle.findUniqueOrThrow({ where: { key: "t:d" } });
    assert.equal(row.failures, 2);
    assert.equal(row.blockedUntil, null);
    assert.deepEqual(await countAttempts([rule("t:d")]), [0]);
  });

  test("rows are purged once their window and block have passed; marks last their own time", async () => {
    await countAttempts([rule("t:e")], new Date(Date.now() - 10 * 60_000));
    await countAttempts([rule("t:f")]);
    await markKey("t:mark", 3600);
    assert.ok((await purgeExpired()) >= 1);
    assert.equal(await db().throttle.count({ where: { key: "t:e" } }), 0);
    assert.equal(await db().throttle.count({ where: { key: "t:f" } }), 1);
    assert.equal(await isMarked("t:mark"), true);
    assert.equal(await isMarked("t:never"), false);
  });

  test("the process-local count blocks at the limit and restarts after the block", () => {
    const now = Date.now();
    for (let i = 0; i < 2; i++) countLocally(rule("local:a"), now);
    assert.equal(localRetryAfter("local:a", now), 0);
    countLocally(rule("local:a"), now);
    assert.equal(localRetryAfter("local:a", now), 60);
    assert.equal(localRetryAfter("local:a", now + 61_000), 0);
    countLocally(rule("local:a"), now + 61_000);
    assert.equal(localRetryAfter("local:a", now + 61_000), 0, "a new window after the block");
  });
});
