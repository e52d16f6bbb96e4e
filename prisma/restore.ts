// `npm run restore -- <file> [--force]`: puts a copy made by `npm run backup`
// in place of the SQLite database DATABASE_URL names. In order, and stopping
// at the first that fails:
//   1. the copy is a sound SQLite database of Tessera's;
//   2. no server has used the database in the last minute (their heartbeats,
//      lib/data/heartbeats.ts): replacing it under a running server loses
//      what that server writes next; --force does it anyway;
//   3. the configured master keys decrypt every secret key in the copy, so
//      the restored apps can sign (else it names the missing key's id);
//   4. the copy replaces the database (staged beside it, then renamed);
//   5. `npm run audit:verify` runs on the result.
// On PostgreSQL it prints the pg_restore steps (see the README).
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import nextEnv from "@next/env";
import Database from "better-sqlite3";
import { databaseKind, sqliteFilePath } from "../lib/database-url";

const { values: flags, positionals } = parseArgs({
  options: { force: { type: "boolean" } },
  allowPositionals: true,
});

const RECENT_MS = 60_000;

class Refusal extends Error {}

async function main(): Promise<number> {
  nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error }, true);
  const url = process.env.DATABASE_URL;
  if (databaseKind(url) === "postgresql") {
    console.log("On PostgreSQL, stop the servers, then restore the pg_dump copy into an empty database:\n");
    console.log(`  pg_restore --no-owner --dbname="$DATABASE_URL" ${positionals[0] ?? "<file>"}\n`);
    console.log(
      "then `npm run setup -- --check` (the master key decrypts the copy's keys) and `npm run audit:verify`.",
    );
    return 0;
  }
  const file = positionals[0];
  if (!file || positionals.length > 1)
    throw new Refusal("Name the copy to restore: npm run restore -- <file> [--force]");
  const source = path.resolve(file);
  const target = sqliteFilePath(url);
  checkCopy(source);
  if (existsSync(target)) refuseWhileServed(target);

  const staged = `${target}.restoring`;
  rmSync(staged, { force: true });
  copyFileSync(source, staged);
  try {
    await checkMasterKey(staged);
    const db = new Database(staged);
    db.pragma("journal_mode = WAL");
    // The copy's heartbeats are the old deployment's processes, not this one's.
    if (db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'ServerProcess'`).get())
      db.prepare(`DELETE FROM "ServerProcess"`).run();
    db.close();
    // A -wal left beside the old file would be replayed into the new one.
    for (const suffix of ["-wal", "-shm"]) rmSync(`${target}${suffix}`, { force: true });
    renameSync(staged, target);
  } finally {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${staged}${suffix}`, { force: true });
  }
  console.log(`Restored ${source} to ${target}.`);
  const verify = spawnSync("npm", ["run", "-s", "audit:verify"], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: "inherit",
  });
  if (verify.status !== 0) {
    console.error("The restored audit chain does not verify (see above).");
    return 1;
  }
  console.log("If the copy is older than this version, run `npm run setup` before starting the servers.");
  return 0;
}

function checkCopy(source: string): void {
  if (!existsSync(source)) throw new Refusal(`${source} does not exist.`);
  let copy: Database.Database | undefined;
  try {
    copy = new Database(source, { readonly: true, fileMustExist: true });
    const check = copy.pragma("quick_check", { simple: true });
    if (check !== "ok") throw new Refusal(`${source} is damaged (${String(check)}).`);
    const tables = new Set(copy.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all());
    if (!tables.has("_prisma_migrations") || !tables.has("SigningKey") || !tables.has("AuditSeal"))
      throw new Refusal(`${source} is not a Tessera database.`);
  } catch (error) {
    if (error instanceof Refusal) throw error;
    throw new Refusal(`${source} is not a SQLite database (${error instanceof Error ? error.message : error}).`);
  } finally {
    copy?.close();
  }
}

function refuseWhileServed(target: string): void {
  const current = new Database(target, { fileMustExist: true, timeout: 5000 });
  try {
    const hasTable = current.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'ServerProcess'`).get();
    if (!hasTable) return;
    const since = new Date(Date.now() - RECENT_MS).getTime();
    const serving = (
      current.prepare(`SELECT "host", "pid", "seenAt" FROM "ServerProcess"`).all() as {
        host: string;
        pid: number;
        seenAt: number | string;
      }[]
    ).filter((row) => new Date(row.seenAt).getTime() >= since);
    if (serving.length === 0) return;
    const who = serving.map((row) => `${row.host} (pid ${row.pid})`).join(", ");
    if (!flags.force)
      throw new Refusal(
        `${target} is in use: ${serving.length} server process(es) wrote a heartbeat in the last minute: ${who}. Stop them and run this again, or add --force to replace it under them (what they write next is lost).`,
      );
    console.log(`--force: replacing ${target} although ${who} used it in the last minute.`);
  } finally {
    current.close();
  }
}

async function checkMasterKey(staged: string): Promise<void> {
  // lib/env reads DATABASE_URL once, at the first import below: the staged copy.
  process.env.DATABASE_URL = `file:${staged}`;
  const { assertMasterKeyMatches } = await import("@/lib/data/keys");
  const { closeDatabase } = await import("@/lib/db");
  try {
    await assertMasterKeyMatches();
  } catch (error) {
    throw new Refusal(
      `The configured master keys do not decrypt the copy's secret keys: ${error instanceof Error ? error.message : error}`,
    );
  } finally {
    await closeDatabase();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      error instanceof Refusal ? error.message : `restore failed: ${error instanceof Error ? error.message : error}`,
    );
    process.exit(1);
  },
);
