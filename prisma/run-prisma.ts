// Runs the Prisma CLI the way it works offline: with the JS engine and driver
// adapters no native engine is needed, but the CLI still tries to download
// one unless these variables name a placeholder. Before every run it derives
// the PostgreSQL schema from the one source of truth, prisma/schema.prisma.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

// Any existing file will do; it is never executed.
const placeholder = path.resolve("prisma", "schema.prisma");
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= placeholder;
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= placeholder;
process.env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
process.env.CHECKPOINT_DISABLE = "1";

export const POSTGRESQL_SCHEMA = path.join("prisma", "postgresql", "schema.prisma");

export function writePostgresqlSchema(): void {
  const source = readFileSync(path.join("prisma", "schema.prisma"), "utf8");
  const derived = source
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('output     = "../lib/generated/sqlite"', 'output     = "../../lib/generated/postgresql"')
    // An SDKAppID is an unsigned 32-bit integer. SQLite's INTEGER holds it as
    // it is; PostgreSQL's \`integer\` stops at 2^31 - 1, and \`oid\` is exactly
    // 0..4294967295 while staying a JS number (a BigInt column would not).
    .replace(/^(\s+sdkAppId\s+Int\??)(?=\s)/gm, "$1 @db.Oid");
  if (!derived.includes('"postgresql"') || !derived.includes("generated/postgresql") || !derived.includes("@db.Oid")) {
    throw new Error("prisma/schema.prisma no longer has the datasource/generator lines run-prisma.ts rewrites");
  }
  mkdirSync(path.dirname(POSTGRESQL_SCHEMA), { recursive: true });
  writeFileSync(
    POSTGRESQL_SCHEMA,
    `// Generated from prisma/schema.prisma by prisma/run-prisma.ts. Do not edit.\n${derived}`,
  );
}

/**
 * Runs the Prisma CLI. `quiet` keeps its output (config notices, the
 * datasource-url warning every driver-adapter project gets) unless it fails:
 * set-up tells the user what it did in its own words.
 */
export function runPrisma(args: string[], env: NodeJS.ProcessEnv = process.env, { quiet = false } = {}): number {
  const bin = path.resolve("node_modules", ".bin", "prisma");
  const result = spawnSync(bin, args, { stdio: quiet ? "pipe" : "inherit", env, encoding: "utf8" });
  const status = result.status ?? 1;
  if (quiet && status !== 0) process.stderr.write(`${result.stdout ?? ""}${result.stderr ?? ""}`);
  return status;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writePostgresqlSchema();
  const args = process.argv.slice(2);
  if (args[0] === "generate" && args.length === 1) {
    // One client per provider: the query compiler inside a client is provider-specific.
    const quiet = { quiet: true };
    const status =
      runPrisma(["generate"], process.env, quiet) ||
      runPrisma(["generate", "--schema", POSTGRESQL_SCHEMA], process.env, quiet);
    if (status === 0) console.log("Generated the Prisma clients (lib/generated/sqlite, lib/generated/postgresql).");
    process.exit(status);
  }
  process.exit(runPrisma(args));
}
