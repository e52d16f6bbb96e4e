// The audit trail's hash chain on whichever database this pass uses: rows
// written by two processes at once end in one chain; `npm run audit:verify`
// names the first row someone with raw database access altered, removed or
// slipped in; `npm run audit:prune` keeps the chain verifiable; the triggers
// refuse every other DELETE, UPDATE of a seal and (PostgreSQL) TRUNCATE.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import Database from "better-sqlite3";
import pg from "pg";
import { describe, test } from "node:test";
import { raisedByTrigger, useTestDatabase } from "../support/test-database";
import { workerArgs } from "../support/worker-process";

const databaseUrl = await useTestDatabase();
const kind = databaseUrl.startsWith("postgres") ? "postgresql" : "sqlite";
const { db } = await import("@/lib/db");
const { createApp } = await import("@/lib/data/apps");
const { SYSTEM_ACTOR, auditInsert } = await import("@/lib/data/audit");
const { Prisma, queryRows, runTransaction } = await import("@/lib/data/sql");
const { sealPending } = await import("@/lib/data/audit-seal");
const { lastVerification, verifyChain } = await import("@/lib/data/audit-chain");
const { sqliteFilePath } = await import("@/lib/database-url");

/** Runs statements as someone with raw access to the database can: with the append-only triggers out of the way. */
async function asAttacker(...statements: string[]): Promise<void> {
  if (kind === "sqlite") {
    const sqlite = new Database(sqliteFilePath(databaseUrl), { timeout: 5000 });
    try {
      const triggers = sqlite
        .prepare(
          `SELECT "name", "sql" FROM sqlite_master WHERE "type" = 'trigger' AND "tbl_name" IN ('AuditEvent', 'AuditSeal')`,
        )
        .all() as { name: string; sql: string }[];
      sqlite
        .transaction(() => {
          for (const trigger of triggers) sqlite.exec(`DROP TRIGGER "${trigger.name}"`);
          for (const statement of statements) sqlite.exec(statement);
          for (const trigger of triggers) sqlite.exec(trigger.sql);
        })
        .immediate();
    } finally {
      sqlite.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    for (const table of ["AuditEvent", "AuditSeal"]) await client.query(`ALTER TABLE "${table}" DISABLE TRIGGER USER`);
    for (const statement of statements) await client.query(statement);
    for (const table of ["AuditEvent", "AuditSeal"]) await client.query(`ALTER TABLE "${table}" ENABLE TRIGGER USER`);
    await client.query("COMMIT");
  } finally {
    await client.end();
  }
}

const ids = async (where = "TRUE") =>
  (await queryRows<{ id: number }>(Prisma.raw(`SELECT "id" FROM "AuditEvent" WHERE ${where} ORDER BY "id"`))).map(
    (row) => Number(row.id),
  );

async function sealAll(): Promise<void> {
  for (let pass = 0; pass < 100; pass++) if (!(await sealPending(0)).waiting) return;
  assert.fail("rows still unsealed after 100 passes");
}

async function problem(): Promise<string | undefined> {
  const result = await verifyChain();
  return result.ok ? undefined : result.problem;
}

const cli = (script: "audit:verify" | "audit:prune", ...args: string[]) =>
  spawnSync("npm", ["run", "-s", script, "--", ...args], { env: process.env, encoding: "utf8" });

/** A run of `length` consecutive ids in the middle of the sealed chain. */
async function consecutive(length: number): Promise<number> {
  const all = await ids();
  for (let i = Math.floor(all.length / 2); i + length <= all.length; i++)
    if (all[i + length - 1] === all[i]! + length - 1) return all[i]!;
  throw new Error(`no ${length} consecutive ids`);
}

describe(`audit chain on ${kind}`, () => {
  test("rows written by two processes at once, every way the app writes them, end in one chain that verifies", async () => {
    // Rows from 2020 first, for the prune below.
    await runTransaction([
      auditInsert(
        Array.from({ length: 5 }, (_, i) => ({
          at: new Date(Date.UTC(2020, 0, i + 1)),
          input: { actor: SYSTEM_ACTOR, action: "app.rename", details: { old: i } },
        })),
      ),
    ]);
    const { sdkAppId } = await createApp(SYSTEM_ACTOR, "Chain");
    const worker = () =>
      new Promise<number>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          workerArgs("tests/support/audit-chain-worker.ts", String(sdkAppId), "40"),
          {
            env: { ...process.env, TESSERA_AUDIT_REPEAT_WINDOW: "1" },
          },
        );
        let out = "";
        child.stdout.on("data", (chunk) => (out += chunk));
        child.stderr.on("data", (chunk) => process.stderr.write(chunk));
        child.on("error", reject);
        child.on("exit", (code) =>
          code === 0
            ? resolve(JSON.parse(out.trim().split("\n").pop()!).sealed)
            : reject(new Error(`worker exited with ${code}`)),
        );
      });
    const sealedByWorkers = await Promise.all([worker(), worker()]);
    assert.ok(
      sealedByWorkers.every((sealed) => sealed > 0),
      `both processes sealed while they wrote (${sealedByWorkers})`,
    );
    await sealAll();

    const result = await verifyChain();
    assert.equal(result.problem, undefined);
    assert.equal(result.through, Math.max(...(await ids())));
    assert.equal(result.unsealed, 0);
    assert.equal(await db().auditSeal.count(), await db().auditEvent.count());
    // Every writer is in the chain: console changes, logins, first rejections and their repeat rows.
    for (const where of [
      { action: "app.rename", sdkAppId },
      { action: "login", result: "ok" },
      { action: "login", result: "rejected", count: 1 },
      { action: "login", result: "rejected", count: { gt: 1 } },
    ]) {
      assert.ok((await db().auditEvent.count({ where })) > 0, JSON.stringify(where));
    }
    assert.deepEqual(await lastVerification(), result);
  });

  test("a gap in the ids (a rolled-back transaction's, on PostgreSQL) verifies; a row slipped into it does not", async () => {
    const max = Math.max(...(await ids()));
    if (kind === "sqlite")
      await asAttacker(`UPDATE sqlite_sequence SET "seq" = ${max + 3} WHERE "name" = 'AuditEvent'`);
    else await db().$executeRawUnsafe(`SELECT setval(pg_get_serial_sequence('"AuditEvent"', 'id'), ${max + 3})`);
    await createApp(SYSTEM_ACTOR, "After the gap");
    assert.equal(Math.min(...(await ids(`"id" > ${max}`))), max + 4);
    await sealAll();
    assert.equal(await problem(), undefined);

    await asAttacker(
      `INSERT INTO "AuditEvent" ("id", "actorType", "actor", "action", "result") VALUES (${max + 2}, 'operator', 'mallory@example.com', 'key.reveal', 'ok')`,
    );
    assert.equal(await problem(), `audit row #${max + 2} was inserted after sealing`);
    await asAttacker(`DELETE FROM "AuditEvent" WHERE "id" = ${max + 2}`);
    assert.equal(await problem(), undefined);
  });

  test("an edited row, or an edited seal, is named; the CLI exits non-zero and the console sees it", async () => {
    const [id] = await ids(`"action" = 'login' AND "result" = 'ok'`);
    await asAttacker(`UPDATE "AuditEvent" SET "actor" = "actor" || '!' WHERE "id" = ${id}`);
    const failed = cli("audit:verify");
    assert.equal(failed.status, 1, failed.stderr);
    assert.match(failed.stderr, new RegExp(`audit row #${id} was altered`));
    assert.equal((await lastVerification())?.problem, `audit row #${id} was altered`);
    await asAttacker(`UPDATE "AuditEvent" SET "actor" = substr("actor", 1, length("actor") - 1) WHERE "id" = ${id}`);

    const [seal] = await queryRows<{ hash: string }>(
      Prisma.sql`SELECT "hash" FROM "AuditSeal" WHERE "eventId" = ${id}`,
    );
    await asAttacker(`UPDATE "AuditSeal" SET "hash" = '${"f".repeat(64)}' WHERE "eventId" = ${id}`);
    assert.equal(await problem(), `audit row #${id} was altered`);
    await asAttacker(`UPDATE "AuditSeal" SET "hash" = '${seal!.hash}' WHERE "eventId" = ${id}`);

    const passed = cli("audit:verify");
    assert.equal(passed.status, 0, passed.stderr);
    assert.match(
      passed.stdout,
      new RegExp(`^chain verified up to #${Math.max(...(await ids()))} \\(\\d+ rows not yet sealed\\)$`, "m"),
    );
    assert.equal((await lastVerification())?.ok, true);
  });

  test("removed rows are named, whether their seals stayed or went with them", async () => {
    const first = (await consecutive(4)) + 1;
    const range = `BETWEEN ${first} AND ${first + 2}`;
    await asAttacker(
      `CREATE TABLE "saved_events" AS SELECT * FROM "AuditEvent" WHERE "id" ${range}`,
      `DELETE FROM "AuditEvent" WHERE "id" ${range}`,
    );
    assert.equal(await problem(), `audit rows #${first}-#${first + 2} were removed`);
    await asAttacker(
      `CREATE TABLE "saved_seals" AS SELECT * FROM "AuditSeal" WHERE "eventId" ${range}`,
      `DELETE FROM "AuditSeal" WHERE "eventId" ${range}`,
    );
    assert.equal(await problem(), `audit rows #${first}-#${first + 2} were removed`);
    await asAttacker(
      `INSERT INTO "AuditEvent" SELECT * FROM "saved_events"`,
      `INSERT INTO "AuditSeal" SELECT * FROM "saved_seals"`,
      `DROP TABLE "saved_events"`,
      `DROP TABLE "saved_seals"`,
    );
    assert.equal(await problem(), undefined);

    await asAttacker(
      `CREATE TABLE "saved_events" AS SELECT * FROM "AuditEvent" WHERE "id" = ${first}`,
      `DELETE FROM "AuditEvent" WHERE "id" = ${first}`,
    );
    assert.equal(await problem(), `audit row #${first} was removed`);
    await asAttacker(`INSERT INTO "AuditEvent" SELECT * FROM "saved_events"`, `DROP TABLE "saved_events"`);
    assert.equal(await problem(), undefined);
  });

  test("the chain's end cut off, or the chain recomputed after an edit, is caught against the last verification", async () => {
    assert.equal(await problem(), undefined);
    const all = await ids();
    const [last, beforeLast] = [all[all.length - 1]!, all[all.length - 2]!];
    const tail = `>= ${beforeLast}`;
    await asAttacker(
      `CREATE TABLE "saved_events" AS SELECT * FROM "AuditEvent" WHERE "id" ${tail}`,
      `CREATE TABLE "saved_seals" AS SELECT * FROM "AuditSeal" WHERE "eventId" ${tail}`,
      `DELETE FROM "AuditEvent" WHERE "id" ${tail}`,
      `DELETE FROM "AuditSeal" WHERE "eventId" ${tail}`,
    );
    assert.match(
      (await problem()) ?? "",
      new RegExp(
        `^audit rows after #${all[all.length - 3]} were removed \\(the chain reached #${last} when verified on `,
      ),
    );
    await asAttacker(
      `INSERT INTO "AuditEvent" SELECT * FROM "saved_events"`,
      `INSERT INTO "AuditSeal" SELECT * FROM "saved_seals"`,
      `DROP TABLE "saved_events"`,
      `DROP TABLE "saved_seals"`,
    );
    assert.equal(await problem(), undefined);

    // Edit a row, drop the seals from there on and let the sealer make a fresh, self-consistent chain.
    const edited = await consecutive(1);
    await asAttacker(
      `UPDATE "AuditEvent" SET "actor" = "actor" || '!' WHERE "id" = ${edited}`,
      `DELETE FROM "AuditSeal" WHERE "eventId" >= ${edited}`,
    );
    await sealAll();
    assert.match(
      (await problem()) ?? "",
      new RegExp(`^the chain was rewritten: the seal of audit row #${last} is not the one verified on `),
    );
    // Undone the same way, the chain is the same again: hashes depend only on the rows.
    await asAttacker(
      `UPDATE "AuditEvent" SET "actor" = substr("actor", 1, length("actor") - 1) WHERE "id" = ${edited}`,
      `DELETE FROM "AuditSeal" WHERE "eventId" >= ${edited}`,
    );
    await sealAll();
    assert.equal(await problem(), undefined);
  });

  test("DELETE of rows or seals, UPDATE of a seal and (PostgreSQL) TRUNCATE are refused", async () => {
    const [events, seals] = [await db().auditEvent.count(), await db().auditSeal.count()];
    const [id] = await ids();
    await assert.rejects(db().auditEvent.deleteMany({}), raisedByTrigger("AuditEvent is append-only"));
    await assert.rejects(db().auditEvent.delete({ where: { id } }), raisedByTrigger("AuditEvent is append-only"));
    await assert.rejects(db().auditSeal.deleteMany({}), raisedByTrigger("AuditSeal is append-only"));
    await assert.rejects(
      db().auditSeal.update({ where: { eventId: id }, data: { hash: "0".repeat(64) } }),
      raisedByTrigger("AuditSeal is append-only"),
    );
    if (kind === "postgresql") {
      await assert.rejects(db().$executeRawUnsafe(`TRUNCATE "AuditEvent"`), /AuditEvent is append-only/);
      await assert.rejects(db().$executeRawUnsafe(`TRUNCATE "AuditSeal"`), /AuditSeal is append-only/);
    }
    assert.deepEqual([await db().auditEvent.count(), await db().auditSeal.count()], [events, seals]);
    assert.equal(await problem(), undefined);
  });

  test("prune removes the sealed rows before a day, with their seals, and the chain still verifies from its checkpoint", async () => {
    assert.equal(cli("audit:prune").status, 2);
    assert.equal(cli("audit:prune", "--before=2021-02-30").status, 2);
    assert.equal(cli("audit:prune", "--before=2999-01-01").status, 2);

    // A broken chain is not pruned: that would destroy the evidence.
    const [edited] = await ids(`"action" = 'login'`);
    await asAttacker(`UPDATE "AuditEvent" SET "target" = 'x' || "target" WHERE "id" = ${edited}`);
    const refused = cli("audit:prune", "--before=2021-01-01");
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, new RegExp(`does not verify \\(audit row #${edited} was altered\\)`));
    await asAttacker(`UPDATE "AuditEvent" SET "target" = substr("target", 2) WHERE "id" = ${edited}`);

    const old = await ids(`"at" < '2021-01-01'`);
    assert.equal(old.length, 5);
    const [anchor] = await queryRows<{ hash: string }>(
      Prisma.sql`SELECT "hash" FROM "AuditSeal" WHERE "eventId" = ${old[4]}`,
    );
    const pruned = cli("audit:prune", "--before=2021-01-01");
    assert.equal(pruned.status, 0, pruned.stderr);
    assert.match(pruned.stdout, new RegExp(`^removed 5 audit rows before 2021-01-01 \\(through #${old[4]}\\)`));
    assert.deepEqual(await ids(`"at" < '2021-01-01'`), []);
    assert.equal(await db().auditSeal.count({ where: { eventId: { lte: old[4] } } }), 0);
    const row = await db().auditEvent.findFirstOrThrow({ where: { action: "audit.prune" } });
    assert.deepEqual(JSON.parse(row.details), {
      before: "2021-01-01",
      removed: 5,
      throughId: old[4],
      throughHash: anchor!.hash,
    });
    assert.equal(await problem(), undefined);
    await sealAll();
    const verified = cli("audit:verify");
    assert.equal(verified.status, 0, verified.stderr);
    assert.equal(cli("audit:prune", "--before=2021-01-01").stdout.trim(), "nothing to prune before 2021-01-01");

    // A row put back below the checkpoint is named.
    await asAttacker(
      `INSERT INTO "AuditEvent" ("id", "actorType", "actor", "action", "result") VALUES (${old[0]}, 'system', 'tessera', 'app.rename', 'ok')`,
    );
    assert.equal(await problem(), `audit row #${old[0]} was inserted after sealing`);
    await asAttacker(`DELETE FROM "AuditEvent" WHERE "id" = ${old[0]}`);
    assert.equal(await problem(), undefined);
  });
});
