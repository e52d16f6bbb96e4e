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

/**
 * SQLite transactions start with BEGIN IMMEDIATE. Prisma's adapter issues a
 * deferred BEGIN; a deferred transaction that reads and then writes fails at
 * once with "database is locked" when another process (a second server, the
 * CLI, a test) wrote in between, because busy_timeout cannot help a read lock
 * that must be upgraded. Taking the write lock up front makes it wait instead.
 */
function withImmediateTransactions(factory: PrismaBetterSQLite3): PrismaBetterSQLite3 {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const client = (adapter as unknown as { client: { prepare: (sql: string) => unknown } }).client;
    const prepare = client.prepare.bind(client);
    client.prepare = (sql: string) => prepare(sql === "BEGIN" ? "BEGIN IMMEDIATE" : sql);
    return adapter;
  };
  return factory;
}

function createClient() {
  const { url, kind } = databaseUrl();
  if (kind === "postgresql") {
    // Both clients are generated from the same schema, so their types agree;
    // the SQLite one is the type the code is written against.
    return new PostgresqlClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }), omit }) as unknown as SqliteClient<never, typeof omit>;
  }
  return new SqliteClient({ adapter: withImmediateTransactions(new PrismaBetterSQLite3({ url: sqliteFilePath(url), timeout: 5000 })), omit });
}

export type Db = ReturnType<typeof createClient>;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

// Kept on globalThis so dev-server reloads do not open a new pool each time.
const globalForDb = globalThis as unknown as { tesseraDb?: Db };

export function db(): Db {
  globalForDb.tesseraDb ??= createClient();
  return globalForDb.tesseraDb;
}
