// Applies the committed migrations to the database DATABASE_URL names.
// SQLite: `prisma migrate deploy`. PostgreSQL: Prisma's deploy cannot run
// through the pg driver adapter ("Column type 'name' could not be
// deserialized"), so this applies the same files itself and records them in
// `_prisma_migrations` exactly as Prisma does (same table, checksum =
// SHA-256 of migration.sql), which keeps `prisma migrate status` and a later
// switch back to `migrate deploy` working.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseKind, sqliteFilePath } from "../lib/database-url";
import { runPrisma } from "./run-prisma";

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;
// The advisory lock id Prisma's migrate uses, so a concurrent `prisma migrate` waits too.
const PRISMA_MIGRATE_LOCK = 72707369;

export type Migration = { name: string; sql: string; checksum: string };

export function readMigrations(kind: "sqlite" | "postgresql"): Migration[] {
  const dir = path.join("prisma", "migrations", kind);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export async function migratePostgresql(url: string, log: (line: string) => void = console.log): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK]);
    await client.query(MIGRATIONS_TABLE);
    const { rows } = await client.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
    }>(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`);
    for (const migration of readMigrations("postgresql")) {
      const done = rows.find((row) => row.migration_name === migration.name && row.rolled_back_at === null);
      if (done?.finished_at) {
        if (done.checksum !== migration.checksum)
          log(`warning: migration ${migration.name} was edited after it was applied`);
        continue;
      }
      if (done)
        throw new Error(
          `migration ${migration.name} failed earlier and needs manual attention (see _prisma_migrations)`,
        );
      const started = new Date();
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
           VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)`,
          [randomUUID(), migration.checksum, migration.name, started],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
      applied.push(migration.name);
      log(`applied migration ${migration.name}`);
    }
  } finally {
    await client.end();
  }
  return applied;
}

export async function migrate(url: string, log: (line: string) => void = console.log): Promise<void> {
  if (databaseKind(url) === "postgresql") {
    await migratePostgresql(url, log);
    return;
  }
  // Prisma's deploy needs the SQLite file to itself even when nothing is
  // pending, so a running server would make it fail: only call it with work to do.
  const pending = existsSync(sqliteFilePath(url))
    ? await pendingMigrations(url)
    : readMigrations("sqlite").map((m) => m.name);
  if (pending.length === 0) return;
  const status = runPrisma(["migrate", "deploy"], { ...process.env, DATABASE_URL: url }, { quiet: true });
  if (status !== 0) throw new Error(`prisma migrate deploy exited with ${status}`);
  for (const name of pending) log(`applied migration ${name}`);
  // WAL lets readers work while a write is in progress; the mode is stored in the file.
  const sqlite = new Database(sqliteFilePath(url));
  sqlite.pragma("journal_mode = WAL");
  sqlite.close();
}

/** Names of committed migrations the database has not finished applying. */
export async function pendingMigrations(url: string): Promise<string[]> {
  const kind = databaseKind(url);
  const query = `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  let applied: string[] = [];
  if (kind === "postgresql") {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const exists = await client.query(`SELECT to_regclass('"_prisma_migrations"') AS t`);
      if (exists.rows[0]?.t)
        applied = (await client.query<{ migration_name: string }>(query)).rows.map((r) => r.migration_name);
    } finally {
      await client.end();
    }
  } else {
    const sqlite = new Database(sqliteFilePath(url), { readonly: true, fileMustExist: true });
    try {
      const hasTable = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE name = '_prisma_migrations'`).get();
      if (hasTable)
        applied = (sqlite.prepare(query).all() as { migration_name: string }[]).map((r) => r.migration_name);
    } finally {
      sqlite.close();
    }
  }
  return readMigrations(kind)
    .map((m) => m.name)
    .filter((name) => !applied.includes(name));
}
