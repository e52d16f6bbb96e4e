// The console's data functions on whichever database this pass uses:
// operators (sign-in, throttling, session invalidation), applications,
// key rotation and reveal, account import and listing, the audit log's
// keyset pagination and the overview counts. Every change is audited.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { useTestDatabase } from "../support/test-database";

const databaseUrl = await useTestDatabase();
const { db } = await import("@/lib/db");
const { SYSTEM_ACTOR } = await import("@/lib/data/audit");
const apps = await import("@/lib/data/apps");
const keys = await import("@/lib/data/keys");
const operators = await import("@/lib/data/operators");
const directory = await import("@/lib/data/account-directory");
const { IMPORT_CHUNK_ROWS } = await import("@/lib/validations/accounts");
const auditLog = await import("@/lib/data/audit-log");
const { appOverview } = await import("@/lib/data/stats");
const { checkTicket } = await import("@/lib/data/ticket-check");
const { issueTicket } = await import("@/lib/data/ticket-issue");
const { genUserSig } = await import("@/lib/usersig");
const signedWith = (sdkAppId: number, key: string, userId: string) =>
  genUserSig({ sdkAppId, key, userId, expire: 3600 });
const { can, ROLE_PERMISSIONS } = await import("@/lib/auth/permissions");
const { RateLimitError, ValidationError, ConflictError } = await import("@/lib/errors");
const kind = databaseUrl.startsWith("postgres") ? "postgresql" : "sqlite";

const actor = { type: "operator", id: "tester@tessera.test", ip: "local" } as const;
const auditRows = (where: { action: string; sdkAppId?: number }) => db().auditEvent.findMany({ where });

describe(`console data on ${kind}`, () => {
  test("roles: one table, each role a superset of the one below", () => {
    assert.ok(can("owner", "operators.manage"));
    assert.ok(!can("admin", "operators.manage"));
    assert.ok(can("admin", "keys.reveal") && can("admin", "accounts.write"));
    assert.ok(can("developer", "tickets.issue") && !can("developer", "keys.reveal") && !can("developer", "apps.write"));
    assert.ok(can("viewer", "console.read") && !can("viewer", "tickets.issue") && !can("viewer", "tickets.verify"));
    for (const permission of ROLE_PERMISSIONS.viewer) assert.ok(can("developer", permission));
    for (const permission of ROLE_PERMISSIONS.developer) assert.ok(can("admin", permission));
    for (const permission of ROLE_PERMISSIONS.admin) assert.ok(can("owner", permission));
  });

  test("operators sign in, unknown emails fail alike, repeated failures are throttled, changes end sessions", async () => {
    const created = await operators.createOperator(SYSTEM_ACTOR, {
      email: "Dev@Tessera.test",
      password: "a long enough password",
      role: "developer",
    });
    assert.equal(created.email, "dev@tessera.test");
    await assert.rejects(
      operators.createOperator(SYSTEM_ACTOR, {
        email: "dev@tessera.test",
        password: "another password!",
        role: "viewer",
      }),
      ConflictError,
    );
    const ok = await operators.authenticateOperator({
      email: "DEV@tessera.test",
      password: "a long enough password",
      ip: "local",
    });
    assert.equal(ok?.id, created.id);
    assert.equal(
      await operators.authenticateOperator({ email: "dev@tessera.test", password: "wrong", ip: "local" }),
      null,
    );
    assert.equal(
      await operators.authenticateOperator({ email: "nobody@tessera.test", password: "wrong", ip: "local" }),
      null,
    );
    for (let i = 0; i < 4; i++)
      await operators.authenticateOperator({ email: "dev@tessera.test", password: "wrong", ip: "local" });
    await assert.rejects(
      operators.authenticateOperator({ email: "dev@tessera.test", password: "a long enough password", ip: "local" }),
      RateLimitError,
    );
    const rejected = await auditRows({ action: "operator.sign-in" });
    assert.ok(rejected.some((row) => row.result === "rejected" && row.target === "nobody@tessera.test"));
    assert.ok(rejected.every((row) => !row.details.includes("wrong")));

    const before = (await operators.findOperatorForSession(created.id))!.sessionVersion;
    await operators.updateOperator(actor, created.id, { role: "viewer" });
    const after = (await operators.findOperatorForSession(created.id))!;
    assert.equal(after.role, "viewer");
    assert.equal(after.sessionVersion, before + 1);
    await operators.updateOperator(actor, created.id, { disabled: true });
    assert.equal((await operators.findOperatorForSession(created.id))!.disabled, true);
    assert.equal((await auditRows({ action: "operator.change-role" })).length, 1);
  });

  test("the last active owner cannot be demoted or disabled", async () => {
    const owner = await operators.createOperator(SYSTEM_ACTOR, {
      email: "only-owner@tessera.test",
      password: "a long enough password",
      role: "owner",
    });
    await assert.rejects(operators.updateOperator(actor, owner.id, { role: "admin" }), ValidationError);
    await assert.rejects(operators.updateOperator(actor, owner.id, { disabled: true }), ValidationError);
  });

  test("apps are renamed, disabled and deleted only when disabled and confirmed by name", async () => {
    const app = await apps.createApp(actor, "Lifecycle");
    await apps.renameApp(actor, app.sdkAppId, "Lifecycle 2");
    assert.equal((await apps.getApp(app.sdkAppId)).name, "Lifecycle 2");
    await assert.rejects(apps.deleteApp(actor, app.sdkAppId, "Lifecycle 2"), ConflictError);
    await apps.setAppStatus(actor, app.sdkAppId, "disabled");
    await assert.rejects(apps.deleteApp(actor, app.sdkAppId, "Lifecycle"), ValidationError);
    await directory.importAccountRows(actor, app.sdkAppId, [{ row: 1, userId: "gone" }]);
    await apps.deleteApp(actor, app.sdkAppId, "Lifecycle 2");
    assert.equal(await apps.findApp(app.sdkAppId), null);
    assert.equal(await db().account.count({ where: { sdkAppId: app.sdkAppId } }), 0);
    for (const action of ["app.rename", "app.disable", "app.delete"])
      assert.equal((await auditRows({ action, sdkAppId: app.sdkAppId })).length, 1);
  });

  test("rotation keeps the old key verifying for the grace period; retire and reveal are audited without the key", async () => {
    const app = await apps.createApp(actor, "Keys");
    const v1 = (await keys.primaryKey(app.sdkAppId)).key;
    await issueTicket(actor, { kind: "usersig", sdkAppId: app.sdkAppId, userId: "u1" });
    const { version } = await keys.rotateAppKey(actor, app.sdkAppId, 7 * 86_400);
    assert.equal(version, 2);
    const listed = await keys.listKeys(app.sdkAppId);
    assert.deepEqual(
      listed.map((k) => [k.version, k.status]),
      [
        [2, "primary"],
        [1, "secondary"],
      ],
    );
    assert.ok(Math.abs(listed[1]!.verifyUntil!.getTime() - Date.now() - 7 * 86_400_000) < 60_000);
    assert.ok(
      (await checkTicket({ sdkAppId: app.sdkAppId, userId: "u1", ticket: signedWith(app.sdkAppId, v1, "u1") })).ok,
    );
    assert.equal((await keys.keyUsage(app.sdkAppId)).get(1)?.count, 1);

    assert.equal(await keys.revealAppKey(actor, app.sdkAppId, 1, "password"), v1);
    await keys.retireAppKey(actor, app.sdkAppId, 1);
    const afterRetire = await checkTicket({
      sdkAppId: app.sdkAppId,
      userId: "u1",
      ticket: signedWith(app.sdkAppId, v1, "u1"),
    });
    assert.equal(afterRetire.ok ? 0 : afterRetire.code, 70009);
    await assert.rejects(keys.retireAppKey(actor, app.sdkAppId, 2));
    const trail = await db().auditEvent.findMany({ where: { sdkAppId: app.sdkAppId } });
    for (const action of ["key.rotate", "key.reveal", "key.retire"])
      assert.ok(
        trail.some((row) => row.action === action),
        action,
      );
    for (const row of trail) assert.ok(!row.details.includes(v1) && !row.target.includes(v1));
  });

  test("a CSV chunk imports the good rows and reports bad UserIDs, duplicates, bad URLs and existing accounts", async () => {
    const app = await apps.createApp(actor, "Import");
    const result = await directory.importAccountRows(actor, app.sdkAppId, [
      { row: 2, userId: "alice", externalId: "1", nickname: "Alice" },
      { row: 3, userId: "bad id" },
      { row: 4, userId: "alice" },
      { row: 5, userId: "administrator" },
      { row: 6, userId: "bob", faceUrl: "javascript:alert(1)" },
      { row: 7, userId: "x".repeat(33) },
      { row: 8, userId: "carol", externalId: "3" },
    ]);
    assert.equal(result.imported, 2);
    assert.deepEqual(
      result.errors.map((e) => e.row),
      [3, 4, 5, 6, 7],
    );
    assert.match(result.errors[1]!.message, /Duplicate of row 2/);
    assert.match(result.errors[2]!.message, /Already exists/);
    assert.equal((await auditRows({ action: "account.import-csv", sdkAppId: app.sdkAppId })).length, 1);
  });

  test("a full-size CSV chunk imports in one transaction with one audit row, and again changes nothing", async () => {
    const app = await apps.createApp(actor, "Big chunk");
    const rows = Array.from({ length: IMPORT_CHUNK_ROWS }, (_, i) => ({
      row: i + 2,
      userId: `bulk${i}`,
      externalId: `${9000 + i}`,
      nickname: `Bulk ${i}`,
      faceUrl: i === 7 ? "https://example.com/7.png" : "",
    }));
    assert.equal((await directory.importAccountRows(actor, app.sdkAppId, rows)).imported, IMPORT_CHUNK_ROWS);
    const again = await directory.importAccountRows(actor, app.sdkAppId, rows);
    assert.equal(again.imported, 0);
    assert.equal(again.errors.length, IMPORT_CHUNK_ROWS);
    const counted = await db().application.findUnique({ where: { sdkAppId: app.sdkAppId } });
    assert.equal(counted!.accountCount, IMPORT_CHUNK_ROWS + 1); // and the "administrator" account
    const stored = await db().account.findUnique({
      where: { sdkAppId_userId: { sdkAppId: app.sdkAppId, userId: "bulk7" } },
    });
    assert.equal(stored!.externalId, "9007");
    assert.equal(stored!.faceUrl, "https://example.com/7.png");
    assert.ok(Math.abs(stored!.createdAt.getTime() - Date.now()) < 60_000);
    assert.ok(stored!.id.length > 0);
    const audit = await auditRows({ action: "account.import-csv", sdkAppId: app.sdkAppId });
    assert.deepEqual(
      audit.map((row) => JSON.parse(row.details)),
      [
        { count: IMPORT_CHUNK_ROWS, rows: `2-${IMPORT_CHUNK_ROWS + 1}` },
        { count: 0, rows: `2-${IMPORT_CHUNK_ROWS + 1}` },
      ],
    );
  });

  test("accounts are listed by keyset pages and found by UserID or external ID prefix", async () => {
    const app = await apps.createApp(actor, "Listing");
    const rows = Array.from({ length: 120 }, (_, i) => ({
      row: i + 1,
      userId: `user_${String(i).padStart(3, "0")}`,
      externalId: `ext-${i}`,
    }));
    await directory.importAccountRows(actor, app.sdkAppId, rows);
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await directory.listAccounts(app.sdkAppId, { after });
      assert.equal(page.total, 121);
      seen.push(...page.accounts.map((a) => a.userId));
      after = page.nextAfter ?? undefined;
    } while (after);
    assert.equal(seen.length, 121);
    assert.equal(new Set(seen).size, 121);
    assert.deepEqual(seen, [...seen].sort());
    const search = await directory.listAccounts(app.sdkAppId, { query: "user_01" });
    assert.equal(search.total, 10);
    const byExternal = await directory.listAccounts(app.sdkAppId, { query: "ext-119" });
    assert.deepEqual(
      byExternal.accounts.map((a) => a.userId),
      ["user_119"],
    );
    let exported = 0;
    for await (const batch of directory.streamAccounts(app.sdkAppId, 50)) exported += batch.length;
    assert.equal(exported, 121);
  });

  test("the audit log pages newest first without gaps or repeats, per filter", async () => {
    const app = await apps.createApp(actor, "Audit");
    for (let i = 0; i < 7; i++) await issueTicket(actor, { kind: "usersig", sdkAppId: app.sdkAppId, userId: `a${i}` });
    await auditLog.auditDenied(actor, "key.rotate", "keys.write", app.sdkAppId);
    const filter = { sdkAppId: app.sdkAppId, action: "usersig.issue" };
    const ids: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await auditLog.listAuditEvents(filter, cursor, 3);
      ids.push(...page.events.map((e) => e.id));
      cursor = page.next ?? undefined;
    } while (cursor);
    assert.equal(ids.length, 7);
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => b - a),
    );
    const denied = await auditLog.listAuditEvents({ sdkAppId: app.sdkAppId, result: "denied" });
    assert.equal(denied.events.length, 1);
    assert.equal(denied.events[0]!.code, 70403);
    const future = await auditLog.listAuditEvents({ sdkAppId: app.sdkAppId, from: new Date(Date.now() + 86_400_000) });
    assert.equal(future.events.length, 0);
    let streamed = 0;
    for await (const batch of auditLog.streamAuditEvents(filter, 2)) streamed += batch.length;
    assert.equal(streamed, 7);
  });

  test("the overview counts tickets per day and the app's accounts, admins and live keys", async () => {
    const app = await apps.createApp(actor, "Overview");
    await issueTicket(actor, { kind: "usersig", sdkAppId: app.sdkAppId, userId: "o1" });
    await issueTicket(actor, { kind: "usersig", sdkAppId: app.sdkAppId, userId: "o2" });
    const overview = await appOverview(app.sdkAppId);
    assert.equal(overview.issued.length, 30);
    assert.equal(overview.issued.at(-1)!.count, 2);
    assert.equal(
      overview.issued.reduce((sum, d) => sum + d.count, 0),
      2,
    );
    assert.equal(overview.accounts, 1);
    assert.equal(overview.admins, 1);
    assert.equal(overview.activeKeys, 1);
  });
});

describe(`console data on ${kind}: password changes`, () => {
  test("changing one's password needs the current one, ends sessions, and wrong guesses are throttled", async () => {
    const op = await operators.createOperator(SYSTEM_ACTOR, {
      email: "changer@tessera.test",
      password: "first password 123",
      role: "admin",
    });
    const version = (await operators.findOperatorForSession(op.id))!.sessionVersion;
    await assert.rejects(operators.changeOwnPassword(actor, op.id, "not it", "second password 123"), ValidationError);
    await operators.changeOwnPassword(actor, op.id, "first password 123", "second password 123");
    assert.equal((await operators.findOperatorForSession(op.id))!.sessionVersion, version + 1);
    assert.ok(
      await operators.authenticateOperator({
        email: "changer@tessera.test",
        password: "second password 123",
        ip: "local",
      }),
    );
    for (let i = 0; i < 5; i++) assert.equal(await operators.checkOperatorPassword(op.id, "guess"), false);
    await assert.rejects(operators.checkOperatorPassword(op.id, "second password 123"), RateLimitError);
    assert.equal((await auditRows({ action: "operator.set-password" })).length, 1);
  });
});
