// The overview's expiry warnings (issue 10, part 6), read from the ledger on
// whichever database this pass uses.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();
const { createApp } = await import("@/lib/data/apps");
const { SYSTEM_ACTOR } = await import("@/lib/data/audit");
const { rotateAppKey } = await import("@/lib/data/keys");
const { issueTickets } = await import("@/lib/data/ticket-issue");
const { revokeTickets } = await import("@/lib/data/revocations");
const { expiryWarnings } = await import("@/lib/data/expiry-warnings");

const operator = { type: "operator" as const, id: "ops@tessera.test", ip: "127.0.0.1" };
const appServer = { type: "app-admin" as const, id: "administrator", ip: "127.0.0.1" };
const DAY = 86_400;
const usersig = (sdkAppId: number, userId: string, expire: number) => ({
  kind: "usersig" as const,
  sdkAppId,
  userId,
  expire,
});

describe("expiry warnings", () => {
  test("a secondary key that stops within 7 days: counts the live UserSigs and PrivateMapKeys it signed that outlive it, not revoked ones", async () => {
    const { sdkAppId } = await createApp(SYSTEM_ACTOR, "Key warning");
    const outliving = await issueTickets(operator, sdkAppId, [
      usersig(sdkAppId, "a", 30 * DAY),
      usersig(sdkAppId, "b", 30 * DAY),
      usersig(sdkAppId, "c", 30 * DAY),
    ]);
    await issueTickets(operator, sdkAppId, [
      { kind: "privatemapkey", sdkAppId, userId: "a", expire: 30 * DAY, room: "1", privileges: 255 },
    ]);
    await issueTickets(appServer, sdkAppId, [usersig(sdkAppId, "short", 2 * DAY)]); // gone before the key stops
    assert.deepEqual(await expiryWarnings(sdkAppId), [], "no warning while v1 is the primary");

    await rotateAppKey(operator, sdkAppId, 3 * DAY);
    await issueTickets(operator, sdkAppId, [usersig(sdkAppId, "d", 30 * DAY)]); // signed with v2
    const [warning, ...rest] = await expiryWarnings(sdkAppId);
    assert.deepEqual(rest, []);
    assert.equal(warning?.kind, "key");
    assert.ok(warning.kind === "key");
    assert.equal(warning.version, 1);
    assert.equal(warning.userSigs, 3);
    assert.equal(warning.privateMapKeys, 1);
    assert.ok(Math.abs(warning.stopsAt.getTime() - (Date.now() + 3 * DAY * 1000)) < 60_000);

    await revokeTickets(operator, sdkAppId, [outliving[0]!.ticket]);
    const [afterRevoke] = await expiryWarnings(sdkAppId);
    assert.ok(afterRevoke?.kind === "key" && afterRevoke.userSigs === 2);

    // More than 7 days before the key stops, and after it stopped: nothing.
    assert.deepEqual(await expiryWarnings(sdkAppId, new Date(Date.now() - 5 * DAY * 1000)), []);
    assert.deepEqual(await expiryWarnings(sdkAppId, new Date(Date.now() + 4 * DAY * 1000)), []);
  });

  test("admin UserSigs from the console: warned when the last live one expires within 7 days; API-issued and non-admin ones don't count", async () => {
    const { sdkAppId } = await createApp(SYSTEM_ACTOR, "Admin warning");
    await issueTickets(appServer, sdkAppId, [usersig(sdkAppId, "administrator", 2 * DAY)]);
    await issueTickets(operator, sdkAppId, [usersig(sdkAppId, "not_an_admin", 2 * DAY)]);
    assert.deepEqual(await expiryWarnings(sdkAppId), []);

    await issueTickets(operator, sdkAppId, [usersig(sdkAppId, "administrator", 2 * DAY)]);
    const [last] = await issueTickets(operator, sdkAppId, [usersig(sdkAppId, "administrator", 5 * DAY)]);
    const warnings = await expiryWarnings(sdkAppId);
    assert.equal(warnings.length, 1);
    const [warning] = warnings;
    assert.ok(warning?.kind === "admin");
    assert.equal(warning.identifier, "administrator");
    assert.equal(warning.live, 2);
    assert.equal(warning.expiresAt.getTime() / 1000, last!.expiresAt, "the last one to expire");

    // A replacement that outlives the window ends the warning.
    await issueTickets(operator, sdkAppId, [usersig(sdkAppId, "administrator", 60 * DAY)]);
    assert.deepEqual(await expiryWarnings(sdkAppId), []);
  });
});
