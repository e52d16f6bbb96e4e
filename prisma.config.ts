import path from "node:path";
import { defineConfig } from "prisma/config";
import { databaseKind, sqliteFilePath } from "./lib/database-url";

// The Prisma CLI runs on the JavaScript engine through a driver adapter,
// because native engines cannot be downloaded where Tessera is built.
// The provider is chosen by DATABASE_URL; each has its own migrations folder.
const url = process.env.DATABASE_URL;
const kind = databaseKind(url);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema:
    kind === "postgresql" ? path.join("prisma", "postgresql", "schema.prisma") : path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations", kind) },
  adapter: async () => {
    if (kind === "postgresql") {
      const { PrismaPg } = await import("@prisma/adapter-pg");
      return new PrismaPg({ connectionString: url });
    }
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    return new PrismaBetterSQLite3({ url: sqliteFilePath(url) });
  },
});
