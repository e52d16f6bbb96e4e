import "server-only";
import { Prisma } from "@/lib/generated/sqlite/client";
import { databaseUrl } from "@/lib/env";

// Helpers for the few hand-written statements on the login hot path, where
// Prisma's query compiler costs more than the database work. They must read
// and write exactly what Prisma does on both databases: SQLite keeps
// DateTime as ISO-8601 text with "+00:00", PostgreSQL as timestamp(3).

export { Prisma };

export const isSqlite = () => databaseUrl().kind === "sqlite";

export function sqlDate(date: Date): Date | string {
  return isSqlite() ? date.toISOString().replace("Z", "+00:00") : date;
}

export function readDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(String(value));
}

export const readBool = (value: unknown) => value === true || value === 1 || value === 1n || value === "1" || value === "true";

/**
 * Runs a write transaction again when SQLite refuses it because another
 * process (a second server, a CLI script) wrote at the same moment: the
 * adapter begins transactions DEFERRED, so one that reads before it writes
 * fails with SQLITE_BUSY (reported as P1008) instead of waiting.
 */
export async function retryBusy<T>(run: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= attempts || !isSqlite() || (code !== "P1008" && !/SQLITE_BUSY|database is locked/i.test(String(error)))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 10));
    }
  }
}
