import "server-only";
import { createHash } from "node:crypto";
import type BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { Prisma } from "@/lib/generated/sqlite/client";
import { driver } from "@/lib/db";
import { databaseUrl } from "@/lib/env";

// The few hand-written statements of the login hot path (tickets, sessions,
// throttle). There, Prisma's client costs about twenty times the database
// work of a statement, so they run on the driver beneath it: Prisma's own
// better-sqlite3 connection or pg pool (lib/db.ts). Statements are built with
// Prisma.sql, which renders both placeholder styles. They must read and write
// exactly what Prisma does: SQLite keeps DateTime as ISO-8601 text with
// "+00:00", PostgreSQL as timestamp(3) holding UTC.

export { Prisma };

export const isSqlite = () => databaseUrl().kind === "sqlite";

export function sqlDate(date: Date): string {
  const iso = date.toISOString();
  return isSqlite() ? iso.replace("Z", "+00:00") : iso.replace("T", " ").replace("Z", "");
}

export function readDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  const text = String(value);
  // PostgreSQL timestamps arrive as zone-less UTC text (see pgTypes).
  return new Date(/(Z|[+-]\d\d:\d\d)$/.test(text) ? text : `${text.replace(" ", "T")}Z`);
}

export const readBool = (value: unknown) =>
  value === true || value === 1 || value === 1n || value === "1" || value === "true";

// pg parses `timestamp` as local time; the text is kept and read as UTC.
const TIMESTAMP_OID = 1114;
const pgTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_OID
      ? (text: string) => text
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * The query for pg as a named prepared statement: PostgreSQL then parses and
 * plans a statement shape once per connection instead of at every call (on
 * the hot path that was most of the database's CPU per request). Batches
 * repeat a handful of shapes; the name is the text's hash.
 */
function pgQuery(statement: Prisma.Sql): pg.QueryConfig {
  let name = pgNames.get(statement.text);
  if (!name) {
    if (pgNames.size >= MAX_PREPARED) pgNames.clear();
    name = `t${createHash("sha256").update(statement.text).digest("base64url").slice(0, 22)}`;
    pgNames.set(statement.text, name);
  }
  return { name, text: statement.text, values: statement.values, types: pgTypes };
}
const pgNames = new Map<string, string>();

// Batches repeat a handful of statement shapes, so preparing each once pays.
// Statements belong to their connection, so each connection has its own.
const preparedBy = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();
const MAX_PREPARED = 500;

function prepare(connection: BetterSqlite3.Database, text: string): BetterSqlite3.Statement {
  let prepared = preparedBy.get(connection);
  if (!prepared) preparedBy.set(connection, (prepared = new Map()));
  let statement = prepared.get(text);
  if (!statement) {
    if (prepared.size >= MAX_PREPARED) prepared.clear();
    // Prisma's connection returns integers as BigInt; these statements' integers fit a number.
    statement = connection.prepare(text).safeIntegers(false);
    prepared.set(text, statement);
  }
  return statement;
}

// Prisma's SQLite connection is shared: a statement sent while a Prisma
// transaction is open would run inside it, so wait until that ends. A read or
// a transaction of ours then runs synchronously to its end; nothing can slip
// in between. (So never call these from inside a Prisma transaction's
// callback: on SQLite they would wait for it until it timed out.)
async function idle(connection: BetterSqlite3.Database): Promise<BetterSqlite3.Database> {
  while (connection.inTransaction) await new Promise((resolve) => setImmediate(resolve));
  return connection;
}

export async function queryRows<T>(statement: Prisma.Sql): Promise<T[]> {
  const db = await driver();
  if (db.kind === "sqlite") return prepare(await idle(db.connection), statement.sql).all(...statement.values) as T[];
  return (await db.pool.query(pgQuery(statement))).rows as T[];
}

/**
 * Runs the statements in one transaction: all of them land, or none. Returns each statement's rows (RETURNING).
 * `then`, when given, builds more statements from those rows, run in the same transaction after them.
 */
export async function runTransaction(
  statements: Prisma.Sql[],
  then?: (results: unknown[][]) => Prisma.Sql[],
): Promise<unknown[][]> {
  const db = await driver();
  if (db.kind === "sqlite") {
    const connection = await idle(db.connection);
    const run = (batch: Prisma.Sql[]) =>
      batch.map((statement) => {
        const prepared = prepare(connection, statement.sql);
        if (prepared.reader) return prepared.all(...statement.values);
        prepared.run(...statement.values);
        return [];
      });
    return connection
      .transaction(() => {
        const results = run(statements);
        return then ? [...results, ...run(then(results))] : results;
      })
      .immediate();
  }
  const client = await db.pool.connect();
  try {
    await client.query("BEGIN");
    const results: unknown[][] = [];
    const run = async (batch: Prisma.Sql[]) => {
      for (const statement of batch) results.push((await client.query(pgQuery(statement))).rows);
    };
    await run(statements);
    if (then) await run(then([...results]));
    await client.query("COMMIT");
    return results;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Runs write statements whose rows nobody reads, all or none: on SQLite in
 * one transaction, as runTransaction; on PostgreSQL as one statement whose
 * writes are data-modifying WITH clauses, so one round trip instead of BEGIN,
 * one per statement and COMMIT. There each round trip costs the server
 * process a socket write and a reply to parse, which on the login hot path
 * outweighed the database's own work. The clauses run on one snapshot in no
 * set order, so no two statements may touch the same row.
 */
export async function runWrites(statements: Prisma.Sql[]): Promise<void> {
  const db = await driver();
  if (db.kind === "sqlite" || statements.length === 0) return void (await runTransaction(statements));
  const clauses = statements.map((statement, i) => Prisma.sql`${Prisma.raw(`"w${i}"`)} AS (${statement})`);
  const single = statements.length === 1 ? statements[0]! : Prisma.sql`WITH ${Prisma.join(clauses)} SELECT 1`;
  await db.pool.query(pgQuery(single));
}
