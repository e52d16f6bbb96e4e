// `npm run backup -- --out <file>`: a consistent copy of the live database
// while the servers keep serving. On SQLite it uses SQLite's online backup
// (better-sqlite3's backup(), in one step, so the copy is one snapshot: every
// transaction committed before it started is in it, none half), then prints
// the copy's row counts and the audit chain's head, to keep beside it. On
// PostgreSQL it prints the pg_dump command that does the same (see the
// README's "Running in production").
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import nextEnv from "@next/env";
import Database from "better-sqlite3";
import { databaseKind, sqliteFilePath } from "../lib/database-url";

const { values: flags } = parseArgs({ options: { out: { type: "string" } } });

async function main(): Promise<number> {
  nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error }, true);
  const url = process.env.DATABASE_URL;
  if (databaseKind(url) === "postgresql") {
    const out = flags.out ?? `tessera-${new Date().toISOString().slice(0, 10)}.dump`;
    console.log("On PostgreSQL, pg_dump makes the consistent copy (one snapshot, while the servers keep serving):\n");
    console.log(`  pg_dump --format=custom --no-owner --file=${out} "$DATABASE_URL"\n`);
    console.log("Restore it with pg_restore into an empty database, then run `npm run audit:verify` there:");
    console.log(`  pg_restore --no-owner --dbname="$DATABASE_URL" ${out}`);
    return 0;
  }
  if (!flags.out) {
    console.error("Say where the copy goes: npm run backup -- --out <file>");
    return 2;
  }
  const out = path.resolve(flags.out);
  if (existsSync(out)) {
    console.error(`${out} exists; choose another name (a backup never overwrites a file).`);
    return 2;
  }
  const source = new Database(sqliteFilePath(url), { fileMustExist: true, timeout: 5000 });
  try {
    // All pages in one step: a step reads one snapshot, and WAL lets the servers write meanwhile.
    await source.backup(out, { progress: ({ totalPages }) => Math.max(totalPages, 100) });
  } finally {
    source.close();
  }
  const copy = new Database(out);
  try {
    // One self-contained file: no -wal beside it to forget.
    copy.pragma("journal_mode = DELETE");
    report(copy, out);
  } finally {
    copy.close();
  }
  return 0;
}

function report(copy: Database.Database, out: string): void {
  const tables = copy
    .prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '_prisma_migrations' ORDER BY name`,
    )
    .pluck()
    .all() as string[];
  console.log(`Backed up to ${out}\n`);
  const width = Math.max(...tables.map((table) => table.length));
  for (const table of tables) {
    const count = copy.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number;
    console.log(`  ${table.padEnd(width)}  ${count}`);
  }
  const head = copy.prepare(`SELECT "eventId", "hash" FROM "AuditSeal" ORDER BY "eventId" DESC LIMIT 1`).get() as
    { eventId: number; hash: string } | undefined;
  const newest = copy.prepare(`SELECT max("id") FROM "AuditEvent"`).pluck().get() as number | null;
  console.log(
    head
      ? `\naudit chain head: #${head.eventId} ${head.hash} (newest row #${newest ?? 0}; rows above the head are sealed after a restore)`
      : "\naudit chain: nothing sealed yet",
  );
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`backup failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
