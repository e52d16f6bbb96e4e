import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { PrismaClient as PostgresqlClient } from "@/lib/generated/postgresql/client";
import { PrismaClient as SqliteClient } from "@/lib/generated/sqlite/client";
import { databaseUrl } from "@/lib/env";
import { sqliteFilePath } from "@/lib/database-url";

// Secret columns are never selected unless a query asks for them by name
// (`omit: { ciphertext: false }`), so no page or DTO can leak them by accident.
const omit = {
  signingKey: { ciphertext: true },
  operator: { passwordHash: true },
  callbackConfig: { tokenCiphertext: true },
  totpFactor: { secretCiphertext: true },
  ssoConfig: { clientSecretCiphertext: true },
} as const;

/** The driver beneath Prisma, for the few hand-written hot-path statements (lib/data/sql.ts). */
export type Driver = { kind: "sqlite"; connection: BetterSqlite3.Database } | { kind: "postgresql"; pool: pg.Pool };

/**
 * SQLite transactions start with BEGIN IMMEDIATE. Prisma's adapter issues a
 * deferred BEGIN; a deferred transaction that reads and then writes fails at
 * once with "database is locked" when another process (a second server, the
 * CLI, a test) wrote in between, because busy_timeout cannot help a read lock
 * that must be upgraded. Taking the write lock up front makes it wait instead.
 * The connection is also kept as the driver: SQLite allows one writer, so
 * hand-written statements must share Prisma's connection rather than open a
 * second one that would wait on it.
 */
function sqliteAdapter(url: string, onConnect: (connection: BetterSqlite3.Database) => void): PrismaBetterSQLite3 {
  const factory = new PrismaBetterSQLite3({ url: sqliteFilePath(url), timeout: 5000 });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const connection = (adapter as unknown as { client: BetterSqlite3.Database }).client;
    const prepare = connection.prepare.bind(connection);
    connection.prepare = ((sql: string) =>
      prepare(sql === "BEGIN" ? "BEGIN IMMEDIATE" : sql)) as typeof connection.prepare;
    onConnect(connection);
    return adapter;
  };
  return factory;
}

function createClient() {
  const { url, kind } = databaseUrl();
  if (kind === "postgresql") {
    // The hot path's statements are named (lib/data/sql.ts), so each is parsed once per connection; planned
    // at every call all the same, since a generic plan for a batch's statement can be far worse than one
    // made for its values.
    const pool = new pg.Pool({ connectionString: url, max: 10, options: "-c plan_cache_mode=force_custom_plan" });
    // An idle client's error (say, the server restarted) must not crash the
    // process before Prisma has attached its own listener; the pool replaces the client.
    pool.on("error", (error) =>
      console.error(`PostgreSQL pool: an idle connection failed (${error.message}); it will be replaced.`),
    );
    // Both clients are generated from the same schema, so their types agree;
    // the SQLite one is the type the code is written against.
    const client = new PostgresqlClient({ adapter: new PrismaPg(pool), omit }) as unknown as SqliteClient<
      never,
      typeof omit
    >;
    return {
      client,
      driver: async (): Promise<Driver> => ({ kind: "postgresql", pool }),
      close: async () => {
        await client.$disconnect();
        if (!pool.ended) await pool.end();
      },
    };
  }
  let connection: BetterSqlite3.Database | undefined;
  const client = new SqliteClient({ adapter: sqliteAdapter(url, (opened) => (connection = opened)), omit });
  // Prisma opens its connection lazily; $connect makes sure it exists.
  return {
    client,
    driver: async (): Promise<Driver> => ({
      kind: "sqlite",
      connection: connection ?? (await client.$connect(), connection!),
    }),
    close: () => client.$disconnect(),
  };
}

export type Db = ReturnType<typeof createClient>["client"];
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

// Kept on globalThis so dev-server reloads do not open a new pool each time.
const globalForDb = globalThis as unknown as { tessera?: ReturnType<typeof createClient> };

export function db(): Db {
  globalForDb.tessera ??= createClient();
  return globalForDb.tessera.client;
}

export function driver(): Promise<Driver> {
  globalForDb.tessera ??= createClient();
  return globalForDb.tessera.driver();
}

/** Closes the database connections (a stopping server, after its last write). */
export async function closeDatabase(): Promise<void> {
  const open = globalForDb.tessera;
  globalForDb.tessera = undefined;
  await open?.close();
}
