// The data foundation on whichever database this pass uses (SQLite, or
// PostgreSQL when TESSERA_TEST_PG_URL is set): migrations, encrypted keys,
// rotation, the append-only audit trail, and the setup/start-up checks.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import Database from "better-sqlite3";
import pg from "pg";
import { before, describe, test } from "node:test";
import { createTestDatabase, raisedByTrigger, useTestDatabase } from "../support/test-database";
import { workerArgs } from "../support/worker-process";

const databaseUrl = await useTestDatabase();
const { db } = await import("@/lib/db");
const { createApp, getApp } = await import("@/lib/data/apps");
const keys = await import("@/lib/data/keys");
const { decryptSecret, encryptSecret, MasterKeyMismatchError } = await import("@/lib/secrets/secret-box");
const { readMigrations, pendingMigrations } = await import("@/prisma/migrate");
const { SYSTEM_ACTOR } = await import("@/lib/data/audit");
const { checkTicket } = await import("@/lib/data/ticket-check");
const { genUserSig } = await import("@/lib/usersig");
const { sqliteFilePath } = await import("@/lib/database-url");
const kind = databaseUrl.startsWith("postgres") ? "postgresql" : "sqlite";

// Setup gets a database of its own: on SQLite, Prisma's migrate needs the file to itself.
const setupDatabaseUrl = await createTestDatabase();
const setup = (env: Record<string, string>, ...args: string[]) =>
  spawnSync("npm", ["run", "-s", "setup", "--", ...args], {
    env: { ...process.env, DATABASE_URL: setupDatabaseUrl, ...env },
    encoding: "utf8",
  });
async function countRows(table: "Operator" | "Application"): Promise<number> {
  if (kind === "sqlite") {
    const sqlite = new Database(sqliteFilePath(setupDatabaseUrl), { readonly: true });
    try {
      return (sqlite.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
    } finally {
      sqlite.close();
    }
  }
  const client = new pg.Client({ connectionString: setupDatabaseUrl });
  await client.connect();
  try {
    return Number((await client.query(`SELECT count(*) AS n FROM "${table}"`)).rows[0].n);
  } finally {
    await client.end();
  }
}

describe(`foundation on ${kind}`, () => {
  test("migrations are recorded in _prisma_migrations as Prisma writes them", async () => {
    const rows = await db().$queryRawUnsafe<
      { migration_name: string; checksum: string; finished_at: unknown; applied_steps_count: unknown }[]
    >(`SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations"`);
    const files = readMigrations(kind);
    assert.deepEqual(
      rows.map((r) => r.migration_name).sort(),
      files.map((m) => m.name),
    );
    for (const file of files) {
      const row = rows.find((r) => r.migration_name === file.name)!;
      const sql = readFileSync(`prisma/migrations/${kind}/${file.name}/migration.sql`);
      assert.equal(row.checksum, createHash("sha256").update(sql).digest("hex"));
      assert.ok(row.finished_at);
      assert.equal(Number(row.applied_steps_count), 1);
    }
    assert.deepEqual(await pendingMigrations(databaseUrl), []);
  });

  test("an app is created with an encrypted primary key, the built-in admin and an audit row", async () => {
    const app = await createApp(SYSTEM_ACTOR, "Foundation test");
    assert.ok(app.sdkAppId >= 1_400_000_000 && app.sdkAppId <= 1_499_999_999);
    assert.equal((await getApp(app.sdkAppId)).status, "enabled");
    const row = await db().signingKey.findFirstOrThrow({
      where: { sdkAppId: app.sdkAppId },
      omit: { ciphertext: false },
    });
    const { key } = await keys.primaryKey(app.sdkAppId);
    assert.match(key, /^[0-9a-f]{64}$/);
    assert.ok(!row.ciphertext.includes(key), "ciphertext must not contain the key");
    assert.ok(!Buffer.from(row.ciphertext.slice(3), "base64").toString("hex").includes(key));
    const admins = await db().appAdmin.findMany({ where: { sdkAppId: app.sdkAppId } });
    assert.deepEqual(
      admins.map((a) => a.identifier),
      ["administrator"],
    );
    const audit = await db().auditEvent.findFirstOrThrow({ where: { sdkAppId: app.sdkAppId, action: "app.create" } });
    assert.ok(!audit.details.includes(key));
  });

  test("rows omit the ciphertext unless asked for it", async () => {
    const app = await createApp(SYSTEM_ACTOR, "Omit test");
    const row = await db().signingKey.findFirstOrThrow({ where: { sdkAppId: app.sdkAppId } });
    assert.equal("ciphertext" in row, false);
  });

  test("a ciphertext is bound to its app and version", () => {
    const sealed = encryptSecret("secret", "1400000001:1");
    assert.equal(decryptSecret(sealed, "1400000001:1"), "secret");
    assert.throws(() => decryptSecret(sealed, "1400000002:1"), MasterKeyMismatchError);
    assert.throws(() => decryptSecret(sealed, "1400000001:2"), MasterKeyMismatchError);
    const tampered = sealed.slice(0, -4) + (sealed.endsWith("AAAA") ? "BBBB" : "AAAA");
    assert.throws(() => decryptSecret(tampered, "1400000001:1"));
  });

  test("rotation keeps the old key verifying for the grace period, then not", async () => {
    const app = await createApp(SYSTEM_ACTOR, "Rotation test");
    // The versions whose UserSigs a login accepts at `at`, by the check logins use.
    const accepted = async (at: Date) => {
      const now = Math.floor(at.getTime() / 1000);
      const versions: number[] = [];
      for (const { version } of await keys.listKeys(app.sdkAppId, at)) {
        const key = await keys.revealKey(app.sdkAppId, version);
        const ticket = genUserSig({
          sdkAppId: app.sdkAppId,
          key,
          userId: "rotation",
          expire: 30 * 86400,
          now: now - 10,
        });
        const result = await checkTicket({ sdkAppId: app.sdkAppId, userId: "rotation", ticket, now });
        if (result.ok) versions.push(result.keyVersion);
      }
      return versions;
    };
    const first = await keys.primaryKey(app.sdkAppId);
    const now = new Date();
    const rotated = await db().$transaction((tx) => keys.rotateKey(tx, app.sdkAppId, 3600, now));
    assert.deepEqual(rotated, { version: 2, previousVersion: 1 });
    const second = await keys.primaryKey(app.sdkAppId);
    assert.notEqual(second.key, first.key);
    assert.deepEqual(await accepted(now), [2, 1]);
    const later = new Date(now.getTime() + 3601_000);
    assert.deepEqual(await accepted(later), [2]);
    assert.equal((await keys.listKeys(app.sdkAppId, later)).find((k) => k.version === 1)?.status, "retired");

    await db().$transaction((tx) => keys.retireKey(tx, app.sdkAppId, 1, now));
    assert.deepEqual(await accepted(now), [2]);
    await assert.rejects(
      db().$transaction((tx) => keys.retireKey(tx, app.sdkAppId, 2, now)),
      /primary key cannot be retired/,
    );

    await db().$transaction((tx) => keys.rotateKey(tx, app.sdkAppId, 0, now));
    assert.deepEqual(await accepted(now), [3]);
    assert.equal(await keys.revealKey(app.sdkAppId, 1), first.key);
  });

  test("read-then-write transactions from two processes at once all commit", async () => {
    const worker = () =>
      new Promise<number>((resolve, reject) => {
        const child = spawn(process.execPath, workerArgs("tests/support/transaction-worker.ts", "100"), {
          env: { ...process.env, DATABASE_URL: databaseUrl },
        });
        let out = "";
        child.stdout.on("data", (chunk) => (out += chunk));
        child.on("error", reject);
        child.on("exit", () => resolve(JSON.parse(out.trim().split("\n").pop()!).failed));
      });
    assert.deepEqual(await Promise.all([worker(), worker()]), [0, 0]);
    assert.equal(await db().throttle.count({ where: { key: { startsWith: "worker-" } } }), 200);
  });

  test("the audit trail refuses UPDATE and DELETE", async () => {
    const row = await db().auditEvent.findFirstOrThrow();
    await assert.rejects(
      db().auditEvent.update({ where: { id: row.id }, data: { result: "error" } }),
      raisedByTrigger("AuditEvent is append-only"),
    );
    await assert.rejects(
      db().auditEvent.delete({ where: { id: row.id } }),
      raisedByTrigger("AuditEvent is append-only"),
    );
    assert.equal((await db().auditEvent.findUniqueOrThrow({ where: { id: row.id } })).result, row.result);
  });
});

describe(`setup and start-up checks on ${kind}`, () => {
  before(() => {
    const first = setup({});
    assert.equal(first.status, 0, first.stderr);
  });

  test("running setup again changes nothing and creates no second owner", async () => {
    assert.equal(await countRows("Operator"), 1);
    assert.equal(await countRows("Application"), 1);
    const again = setup({});
    assert.equal(again.status, 0, again.stderr);
    assert.doesNotMatch(again.stdout, /Created the first operator/);
    assert.equal(await countRows("Operator"), 1);
    assert.equal(await countRows("Application"), 1);
  });

  test("the start-up check passes with the right master key", () => {
    const check = setup({}, "--check");
    assert.equal(check.status, 0, check.stderr);
  });

  test("a wrong master key is a clear error at start-up", () => {
    const check = setup({ TESSERA_MASTER_KEY: randomBytes(32).toString("hex") }, "--check");
    assert.equal(check.status, 1);
    assert.match(check.stderr, /TESSERA_MASTER_KEY cannot decrypt/);
    assert.doesNotMatch(check.stderr, /\n\s+at /, "no stack trace");
  });

  test("a malformed or missing master key is a clear error at start-up", () => {
    const bad = setup({ TESSERA_MASTER_KEY: "not-hex" }, "--check");
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /TESSERA_MASTER_KEY must be 64 hex characters/);
    const env = { ...process.env, DATABASE_URL: setupDatabaseUrl } as Record<string, string>;
    delete env.TESSERA_MASTER_KEY;
    // Setup reads .env.local from its working directory, and a set-up checkout
    // has one with a key: run it from an empty directory, where none is.
    const missing = spawnSync(
      path.resolve("node_modules/.bin/tsx"),
      [
        "--conditions=react-server",
        "--tsconfig",
        path.resolve("tsconfig.json"),
        path.resolve("prisma/setup.ts"),
        "--check",
      ],
      { cwd: mkdtempSync(path.join(tmpdir(), "tessera-no-env-")), env: env as NodeJS.ProcessEnv, encoding: "utf8" },
    );
    assert.equal(missing.status, 1, missing.stderr);
    assert.match(missing.stderr, /TESSERA_MASTER_KEY is not set/);
  });
});
