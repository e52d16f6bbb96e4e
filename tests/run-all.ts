// `npm test`: type-check, then every suite on SQLite and on a throwaway
// PostgreSQL cluster, against a real production build for HTTP and browser
// tests. Prints one closing line "N passed, N failed".
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { startPostgres } from "./support/postgres-cluster";
import { startServer } from "./support/server";
import { testSecrets } from "./support/test-env";

type Tally = { passed: number; failed: number; skipped: number };
const total: Tally = { passed: 0, failed: 0, skipped: 0 };
const failures: string[] = [];

const files = (dir: string, pattern: RegExp) =>
  existsSync(dir) ? readdirSync(dir).filter((f) => pattern.test(f)).sort().map((f) => path.join(dir, f)) : [];

function run(label: string, command: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  console.log(`\n=== ${label}`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const tee = (chunk: Buffer) => {
      output += chunk;
      process.stdout.write(chunk);
    };
    child.stdout.on("data", tee);
    child.stderr.on("data", tee);
    child.on("close", (code) => {
      if (code !== 0) failures.push(`${label} (exit ${code})`);
      resolve(output);
    });
  });
}

/** Counts from node:test's TAP summary ("# pass N") or Playwright's ("N passed"). */
function tally(label: string, output: string): void {
  const node = (name: string) => Number(output.match(new RegExp(`^# ${name} (\\d+)$`, "m"))?.[1] ?? 0);
  const pw = (name: string) => Number(output.match(new RegExp(`^\\s+(\\d+) ${name}`, "m"))?.[1] ?? 0);
  const passed = node("pass") + pw("passed");
  const failed = node("fail") + pw("failed") + pw("flaky");
  const skipped = node("skipped") + node("todo") + pw("skipped");
  if (passed + failed === 0 && !failures.some((f) => f.startsWith(label))) failures.push(`${label} (ran no test)`);
  total.passed += passed;
  total.failed += failed;
  total.skipped += skipped;
  console.log(`--- ${label}: ${passed} passed, ${failed} failed, ${skipped} skipped`);
}

const tsx = path.resolve("node_modules", ".bin", "tsx");
const nodeTest = (testFiles: string[]) => ["--conditions=react-server", "--test", "--test-reporter=tap", "--test-concurrency=2", ...testFiles];

async function ensureChromium(): Promise<void> {
  if (existsSync("/usr/bin/chromium")) return;
  console.log("Installing Debian's chromium for the browser tests...");
  await run("apt-get update", "apt-get", ["update", "-qq"]);
  await run("install chromium", "apt-get", ["install", "-y", "-qq", "chromium"], { DEBIAN_FRONTEND: "noninteractive" });
}

async function main(): Promise<void> {
  const unit = files("tests/unit", /\.test\.ts$/);
  const dataUnit = unit.filter((f) => path.basename(f).startsWith("data-"));
  const integration = files("tests/integration", /\.test\.ts$/);
  const e2e = files("tests/e2e", /\.spec\.ts$/);
  const secrets = testSecrets();

  await run("type-check", path.resolve("node_modules", ".bin", "tsc"), ["--noEmit"]);

  if (unit.length) tally("unit (SQLite)", await run("unit tests (SQLite)", tsx, nodeTest(unit), secrets));

  const postgres = await startPostgres();
  try {
    postgres.createDatabase("tessera_admin");
    const pgBase = postgres.url("tessera_admin");
    // Far from UTC, so a timestamp written or read as local time shows.
    const farFromUtc = { TZ: "Asia/Shanghai" };
    if (dataUnit.length) tally("data unit (PostgreSQL)", await run("data-layer unit tests (PostgreSQL)", tsx, nodeTest(dataUnit), { ...secrets, ...farFromUtc, TESSERA_TEST_PG_URL: pgBase }));

    if (integration.length || e2e.length) {
      await run("next build", path.resolve("node_modules", ".bin", "next"), ["build"], { ...secrets, NODE_ENV: "production" });
      for (const [database, env] of [["SQLite", {}], ["PostgreSQL", { TESSERA_TEST_PG_URL: pgBase }]] as const) {
        Object.assign(process.env, env);
        const server = await startServer();
        try {
          const serverEnv = { ...server.env, TESSERA_TEST_BASE_URL: server.baseUrl };
          if (integration.length) tally(`integration (${database})`, await run(`integration tests (${database})`, tsx, nodeTest(integration), serverEnv));
          if (e2e.length && database === "SQLite") {
            await ensureChromium();
            tally("e2e (SQLite)", await run("browser tests (SQLite)", path.resolve("node_modules", ".bin", "playwright"), ["test", "-c", "tests/e2e/playwright.config.ts", "--reporter=list"], serverEnv));
          }
        } finally {
          await server.stop();
        }
      }
    }
  } finally {
    postgres.stop();
  }

  console.log("\n=== summary");
  for (const failure of failures) console.log(`FAILED: ${failure}`);
  console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  process.exit(failures.length > 0 || total.failed > 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
