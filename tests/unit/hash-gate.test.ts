// The process's password-hashing gate (lib/auth/hash-gate.ts), with hashes
// that finish when the test says: at most half the cores in flight, strangers
// queued briefly then refused, trusted hashes ahead of strangers and never
// refused for a full queue. And which client address a throttle counts.
import assert from "node:assert/strict";
import { availableParallelism } from "node:os";
import { describe, test } from "node:test";
import { throughHashGate } from "@/lib/auth/hash-gate";
import { attemptRules } from "@/lib/api/auth/ticket-attempt";
import { throttleClient } from "@/lib/client-ip";
import { RateLimitError } from "@/lib/errors";

const IN_FLIGHT = Math.max(1, Math.floor(availableParallelism() / 2));

/** A hash that runs until `finish` is called, recording when it started. */
function pendingHash(started: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { finish, hash: () => (started.push(name), done) };
}

describe("the hashing gate", () => {
  test("half the cores hash at once; trusted hashes go first; a stranger past the queue is refused", async () => {
    const started: string[] = [];
    const running = Array.from({ length: IN_FLIGHT }, (_, i) => pendingHash(started, `running ${i}`));
    const results = running.map((r) => throughHashGate(false, r.hash));
    assert.equal(started.length, IN_FLIGHT);

    const strangers = Array.from({ length: IN_FLIGHT * 6 }, (_, i) => pendingHash(started, `stranger ${i}`));
    const queued = strangers.map((s) => throughHashGate(false, s.hash));
    const refused = throughHashGate(false, async () => started.push("refused"));
    await assert.rejects(refused, (error: unknown) => error instanceof RateLimitError && error.retryAfterSeconds > 0);

    const owner = pendingHash(started, "owner");
    const ownerDone = throughHashGate(true, owner.hash);
    assert.equal(started.length, IN_FLIGHT, "nothing more runs while the slots are taken");

    running[0]!.finish();
    await results[0];
    assert.equal(started.at(-1), "owner", "the freed slot goes to the trusted hash first");
    owner.finish();
    await ownerDone;
    for (const r of running.slice(1)) r.finish();
    for (const s of strangers) s.finish();
    await Promise.all([...results, ...queued]);
    assert.ok(!started.includes("refused"));
    assert.equal(started.length, IN_FLIGHT + strangers.length + 1);
  });

  test("a stranger that waits longer than three seconds is refused, and its place is freed", async () => {
    const started: string[] = [];
    const running = Array.from({ length: IN_FLIGHT }, (_, i) => pendingHash(started, `running ${i}`));
    const results = running.map((r) => throughHashGate(true, r.hash));
    const waiting = throughHashGate(false, async () => started.push("late"));
    await assert.rejects(waiting, RateLimitError);
    for (const r of running) r.finish();
    await Promise.all(results);
    assert.ok(!started.includes("late"));
    // The gate is free again.
    assert.equal(await throughHashGate(false, async () => "ran"), "ran");
  });
});

describe("the client a throttle counts", () => {
  test("IPv4 as it is, IPv6 by its /64, an IPv4-mapped address as IPv4", () => {
    assert.equal(throttleClient("203.0.113.9"), "203.0.113.9");
    assert.equal(throttleClient("2001:db8:1:2::a"), "2001:db8:1:2::/64");
    assert.equal(throttleClient("2001:0db8:0001:0002:ffff:ffff:ffff:ffff"), "2001:db8:1:2::/64");
    assert.equal(throttleClient("fe80::1%eth0"), "fe80::/64");
    assert.equal(throttleClient("::ffff:203.0.113.9"), "203.0.113.9");
    assert.equal(throttleClient("unknown"), "unknown");
  });

  test("an app user's logins from one /64 share the client and pair counts", () => {
    const one = attemptRules("login", "2001:db8:1:2::a", 1400000000, "alice");
    const two = attemptRules("login", "2001:db8:1:2:ffff::b", 1400000000, "alice");
    const other = attemptRules("login", "2001:db8:1:3::a", 1400000000, "alice");
    assert.equal(one.client.key, two.client.key);
    assert.equal(one.pair.key, two.pair.key);
    assert.notEqual(one.client.key, other.client.key);
  });
});
