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
