import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresqlClient } from "@/lib/generated/postgresql/client";
import { PrismaClient as SqliteClient } from "@/lib/generated/sqlite/client";
import { databaseUrl } from "@/lib/env";
import { sqliteFilePath } from "@/prisma/database-url";

// Secret columns are never selected unless a query asks for them by name
// (`omit: { ciphertext: false }`), so no page or DTO can leak them by accident.
const omit = {
  signingKey: { ciphertext: true },
  operator: { passwordHash: true },
} as const;

function createClient() {
  const { url, kind } = databaseUrl();
  if (kind === "postgresql") {
    // Both clients are generated from the same schema, so their types agree;
    // the SQLite one is the type the code is written against.
    return new PostgresqlClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }), omit }) as unknown as SqliteClient<never, typeof omit>;
  }
  return new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: sqliteFilePath(url), timeout: 5000 }), omit });
}

export type Db = ReturnType<typeof createClient>;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

// Kept on globalThis so dev-server reloads do not open a new pool each time.
const globalForDb = globalThis as unknown as { tesseraDb?: Db };

export function db(): Db {
  globalForDb.tesseraDb ??= createClient();
  return globalForDb.tesseraDb;
}
