import path from "node:path";

// Shared by prisma.config.ts, the migration scripts and lib/env.ts, so every
// tool agrees on which database a DATABASE_URL names.

export const DEFAULT_DATABASE_URL = "file:./data/tessera.db";

export type DatabaseKind = "sqlite" | "postgresql";

export function databaseKind(url: string | undefined): DatabaseKind {
  return url && /^postgres(ql)?:\/\//.test(url) ? "postgresql" : "sqlite";
}

/** `file:./data/x.db` → absolute path, relative to the project root (the working directory). */
export function sqliteFilePath(url: string | undefined): string {
  const value = url || DEFAULT_DATABASE_URL;
  if (!value.startsWith("file:"))
    throw new Error(`DATABASE_URL must be file:<path> or postgresql://..., got "${value.split(":")[0]}:..."`);
  return path.resolve(value.slice("file:".length));
}
