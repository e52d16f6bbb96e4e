// A fresh, migrated database for one test process: SQLite by default, or a
// new database in the PostgreSQL cluster named by TESSERA_TEST_PG_URL (set by
// tests/run-all.ts for the PostgreSQL pass). Call before anything touches
// lib/env or lib/db, which read DATABASE_URL once.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { sqliteFilePath } from "@/lib/database-url";
import { migrate } from "@/prisma/migrate";
import { testSecrets } from "./test-env";

/**
 * Names a SQLite file `prisma migrate deploy` has migrated once for the whole
 * run (tests/run-all.ts sets it): copying it is instant, while each deploy
 * starts the Prisma CLI and its schema engine, over a second of CPU per test
 * file. Without it (a test file run on its own) each process migrates its own.
 */
const SQLITE_TEMPLATE = "TESSERA_TEST_SQLITE_TEMPLATE";

export async function createTestDatabase(): Promise<string> {
  const pgBase = process.env.TESSERA_TEST_PG_URL;
  if (!pgBase) return `file:${path.join(mkdtempSync(path.join(tmpdir(), "tessera-db-")), "test.db")}`;
  const name = `t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: pgBase });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(pgBase);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Points this process at a new migrated database and returns its URL. */
export async function useTestDatabase(): Promise<string> {
  const url = await createTestDatabase();
  Object.assign(process.env, testSecrets(), { DATABASE_URL: url });
  const template = process.env[SQLITE_TEMPLATE];
  if (template && url.startsWith("file:")) copyFileSync(template, sqliteFilePath(url));
  // With the template copied, this only finds that nothing is pending.
  await silently(() => migrate(url));
  return url;
}

/** Migrates the SQLite template in `dir`; returns the environment that makes useTestDatabase copy it. */
export async function sqliteTemplate(dir: string): Promise<Record<string, string>> {
  const file = path.join(dir, "template.db");
  await silently(() => migrate(`file:${file}`));
  return { [SQLITE_TEMPLATE]: file };
}

async function silently<T>(run: () => Promise<T>): Promise<T> {
  const log = console.log;
  console.log = () => {};
  try {
    return await run();
  } finally {
    console.log = log;
  }
}

/**
 * For assert.rejects: the error of a write a trigger refused with this
 * message, and not some other failure. SQLite's adapter reports a trigger's
 * ABORT as a constraint violation, with the trigger's message in `meta`.
 */
export const raisedByTrigger = (triggerMessage: string) => (error: unknown) => {
  const { message, meta } = error as { message?: string; meta?: unknown };
  const text = `${message} ${JSON.stringify(meta)}`;
  assert.ok(text.includes(triggerMessage), `not refused by a trigger with "${triggerMessage}": ${text.slice(-400)}`);
  return true;
};
