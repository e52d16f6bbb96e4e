// The hot path's hand-written statements (lib/data/sql.ts) on whichever
// database this pass uses: they share Prisma's connection or pool, yet never
// land inside a Prisma transaction, and timestamps round-trip as UTC.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();
const { db } = await import("@/lib/db");
const { Prisma, queryRows, runTransaction, runWrites, readDate, sqlDate } = await import("@/lib/data/sql");

describe("hand-written statements", () => {
  test("a statement sent while a Prisma transaction is open does not join it (and is not rolled back with it)", async () => {
    let ours: Promise<unknown> | undefined;
    const prisma = db().$transaction(async (tx) => {
      await tx.throttle.create({ data: { key: "sql:prisma", failures: 1, windowStart: new Date() } });
      ours = runTransaction([
        Prisma.sql`INSERT INTO "Throttle" ("key", "failures", "windowStart") VALUES (${"sql:ours"}, 1, ${sqlDate(new Date())})`,
      ]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      throw new Error("roll back");
    });
    await assert.rejects(prisma, /roll back/);
    await ours;
    const keys = (await db().throttle.findMany({ where: { key: { startsWith: "sql:" } } })).map((row) => row.key);
    assert.deepEqual(keys, ["sql:ours"]);
  });

  test("a failing statement rolls back the whole transaction", async () => {
    const insert = (key: string) =>
      Prisma.sql`INSERT INTO "Throttle" ("key", "failures", "windowStart") VALUES (${key}, 1, ${sqlDate(new Date())})`;
    await assert.rejects(runTransaction([insert("sql:first"), insert("sql:first")]));
    assert.equal(await db().throttle.count({ where: { key: "sql:first" } }), 0);
  });

  // On PostgreSQL runWrites sends its statements as one statement of WITH clauses.
  test("runWrites lands every statement, or, when one fails, none of them", async () => {
    const throttle = (key: string) =>
      Prisma.sql`INSERT INTO "Throttle" ("key", "failures", "windowStart") VALUES (${key}, 1, ${sqlDate(new Date())})`;
    const setting = (key: string) =>
      Prisma.sql`INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES (${key}, 'x', ${sqlDate(new Date())})`;
    await runWrites([throttle("sql:w1"), setting("sql:s1"), throttle("sql:w2")]);
    assert.equal(await db().throttle.count({ where: { key: { in: ["sql:w1", "sql:w2"] } } }), 2);
    assert.equal(await db().setting.count({ where: { key: "sql:s1" } }), 1);

    // The third statement breaks the key's uniqueness: the first two are rolled back with it.
    await assert.rejects(runWrites([throttle("sql:w3"), setting("sql:s2"), throttle("sql:w1")]));
    assert.equal(await db().throttle.count({ where: { key: "sql:w3" } }), 0);
    assert.equal(await db().setting.count({ where: { key: "sql:s2" } }), 0);
  });

  test("timestamps written by hand read back the same through Prisma and by hand", async () => {
    const at = new Date("2026-11-26T23:59:58.123Z");
    await runTransaction([
      Prisma.sql`INSERT INTO "Throttle" ("key", "failures", "windowStart", "blockedUntil") VALUES (${"sql:time"}, 1, ${sqlDate(at)}, ${sqlDate(at)})`,
    ]);
    const row = await db().throttle.findUniqueOrThrow({ where: { key: "sql:time" } });
    assert.equal(row.windowStart.toISOString(), at.toISOString());
    const [raw] = await queryRows<{ blockedUntil: unknown }>(
      Prisma.sql`SELECT "blockedUntil" FROM "Throttle" WHERE "key" = ${"sql:time"}`,
    );
    assert.equal(readDate(raw!.blockedUntil)?.toISOString(), at.toISOString());
    const created = await db().throttle.create({ data: { key: "sql:prisma-time", failures: 1, windowStart: at } });
    const [back] = await queryRows<{ windowStart: unknown }>(
      Prisma.sql`SELECT "windowStart" FROM "Throttle" WHERE "key" = ${created.key} AND "windowStart" = ${sqlDate(at)}`,
    );
    assert.equal(readDate(back!.windowStart)?.toISOString(), at.toISOString());
  });
});
