// Failure counting and blocking on whichever database this pass uses.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();
const { recordFailure, retryAfterSeconds, clearFailures } = await import("@/lib/data/throttle");
const { db } = await import("@/lib/db");

const policy = { limit: 3, windowSeconds: 60, blockSeconds: 60 };

describe("throttle", () => {
  test("a key is blocked for blockSeconds once it reaches the limit within the window", async () => {
    await recordFailure(["t:a"], policy);
    await recordFailure(["t:a"], policy);
    assert.equal(await retryAfterSeconds(["t:a"]), 0);
    await recordFailure(["t:a"], policy);
    const wait = await retryAfterSeconds(["t:a"]);
    assert.ok(wait > 58 && wait <= 60, `wait ${wait}`);
    assert.equal(await retryAfterSeconds(["t:other"]), 0);
    await clearFailures(["t:a"]);
    assert.equal(await retryAfterSeconds(["t:a"]), 0);
  });

  test("failures older than the window start a new count", async () => {
    const past = new Date(Date.now() - 120_000);
    await recordFailure(["t:b"], policy, past);
    await recordFailure(["t:b"], policy, past);
    await recordFailure(["t:b"], policy);
    const row = await db().throttle.findUniqueOrThrow({ where: { key: "t:b" } });
    assert.equal(row.failures, 1);
    assert.equal(row.blockedUntil, null);
  });

  test("concurrent failures are all counted", async () => {
    await Promise.all(Array.from({ length: 10 }, () => recordFailure(["t:c"], { limit: 100, windowSeconds: 60, blockSeconds: 60 })));
    assert.equal((await db().throttle.findUniqueOrThrow({ where: { key: "t:c" } })).failures, 10);
  });
});
