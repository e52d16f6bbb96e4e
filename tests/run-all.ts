// `npm test`: type-check, then every suite on SQLite and on a throwaway
// PostgreSQL cluster, against a real production build for HTTP and browser
// tests. Given stage names, runs only those (in this order), building and
// starting what they need:
//   lint             ESLint (with the layering rules) and Prettier's check  (npm run lint, format:check)
//   typecheck        tsc --noEmit
//   unit             tests/unit on SQLite, in process          (npm run test:unit)
//   scripts          tests/unit/*.scripts.test.ts on SQLite: the tests that start the project's
//                    npm scripts and CLIs as processes (setup, keys:rewrap, audit:*, usersig) (npm run test:scripts)
//   unit-postgresql  the data-layer unit tests on PostgreSQL
//   integration      tests/integration against Tessera's server, on SQLite and PostgreSQL (npm run test:integration)
//   e2e              tests/e2e in Chromium against Tessera's server on SQLite (npm run test:e2e)
// TESSERA_TEST_ONLY=<text>[,<text>...] keeps only the integration, e2e and PostgreSQL data-unit files whose
// name holds one of them (for a faster loop; CI runs them all).
// Tests are counted from each runner's machine-readable report, never from
// its text output; the closing line counts every test that did not pass.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startPostgres } from "./support/postgres-cluster";
import { startServer } from "./support/server";
import { secretsInLog, testPasswords } from "./support/log-secrets";
import { sqliteTemplate } from "./support/test-database";
import { TEST_OWNER, testSecrets } from "./support/test-env";

const STAGES = ["lint", "typecheck", "unit", "scripts", "unit-postgresql", "integration", "e2e"] as const;
type Stage = (typeof STAGES)[number];

type Tally = { passed: number; failed: number; cancelled: number; skipped: number; todo: number };
const total: Tally = { passed: 0, failed: 0, cancelled: 0, skipped: 0, todo: 0 };
/** Steps that failed: a non-zero exit, a stage that ran no test. */
const failedSteps: string[] = [];
/** Tests that did not pass, for the summary. */
const problems: string[] = [];
let reports: string | undefined;
let reportCount = 0;
/** A new file for one runner's machine-readable report. */
const reportFile = (extension: string) =>
  path.join((reports ??= mkdtempSync(path.join(tmpdir(), "tessera-test-reports-"))), `${++reportCount}.${extension}`);

const files = (dir: string, pattern: RegExp) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => pattern.test(f))
        .sort()
        .map((f) => path.join(dir, f))
    : [];

/** Runs a command, its output shown as it comes; resolves to its exit code. */
function run(label: string, command: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  console.log(`\n=== ${label}`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "inherit", "inherit"] });
    child.on("close", (code, signal) => {
      const status = code ?? 128;
      if (status !== 0) failedSteps.push(`${label} (${signal ? `killed by ${signal}` : `exit ${status}`})`);
      resolve(status);
    });
  });
}

type NodeEvent = {
  passed: boolean;
  name: string;
  file?: string;
  nesting: number;
  suite: boolean;
  skip: boolean;
  todo: boolean;
  failureType?: string;
  message?: string;
};

/** Counts node:test's events (tests/support/test-events-reporter.mjs). */
function countNodeEvents(report: string): Tally & { problems: string[] } {
  const tally = { passed: 0, failed: 0, cancelled: 0, skipped: 0, todo: 0, problems: [] as string[] };
  const events: NodeEvent[] = existsSync(report)
    ? readFileSync(report, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line))
    : [];
  const where = (e: NodeEvent) =>
    `${e.name}${e.file ? ` (${path.relative(process.cwd(), e.file)})` : ""}${e.message ? `: ${e.message}` : ""}`;
  for (const e of events) {
    // With --test, a file's own failure (it threw on import, or failed after
    // its tests) is reported as a test named after the file; so is a file
    // that ran no test at all, as a pass.
    const fileItself = e.nesting === 0 && e.file !== undefined && e.name === e.file;
    if (fileItself) {
      const ranTests = events.some((other) => other !== e && other.file === e.file);
      if (e.passed && ranTests) continue;
      tally.failed++;
      tally.problems.push(
        `${path.relative(process.cwd(), e.file!)}: ${e.passed ? "ran no test" : `failed outside its tests${e.message ? `: ${e.message}` : ""}`}`,
      );
    } else if (e.suite || e.failureType === "subtestsFailed") {
      // A suite or parent test fails when one of its tests did, which is counted there; other failures are its own hooks'.
      if (!e.passed && e.failureType !== "subtestsFailed") {
        tally.failed++;
        tally.problems.push(`${e.failureType}: ${where(e)}`);
      }
    } else if (e.todo) tally.todo++;
    else if (e.skip) tally.skipped++;
    else if (e.passed) tally.passed++;
    else if (e.failureType === "cancelledByParent") {
      tally.cancelled++;
      tally.problems.push(`cancelled: ${where(e)}`);
    } else {
      tally.failed++;
      tally.problems.push(`failed: ${where(e)}`);
    }
  }
  return tally;
}

type PlaywrightSuite = {
  title: string;
  suites?: PlaywrightSuite[];
  specs?: {
    title: string;
    file: string;
    tests: { projectName: string; expectedStatus: string; status: string; results: { status: string }[] }[];
  }[];
};

/** Counts Playwright's JSON report: a test skipped because an earlier one failed, or interrupted, did not pass. */
function countPlaywright(report: string): Tally & { problems: string[] } {
  const tally = { passed: 0, failed: 0, cancelled: 0, skipped: 0, todo: 0, problems: [] as string[] };
  if (!existsSync(report)) return tally;
  const json = JSON.parse(readFileSync(report, "utf8")) as {
    suites: PlaywrightSuite[];
    errors: { message?: string }[];
  };
  for (const error of json.errors) {
    tally.failed++;
    tally.problems.push(`error: ${(error.message ?? "").split("\n")[0]}`);
  }
  const visit = (suite: PlaywrightSuite) => {
    suite.suites?.forEach(visit);
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        const name = `[${test.projectName}] ${spec.file}: ${spec.title}`;
        const last = test.results.at(-1)?.status;
        if (test.expectedStatus === "skipped") tally.skipped++;
        else if (test.status === "expected") tally.passed++;
        else if (test.status === "skipped" || last === "interrupted") {
          tally.cancelled++;
          tally.problems.push(`not run or interrupted: ${name}`);
        } else {
          tally.failed++;
          tally.problems.push(`${test.status === "flaky" ? "flaky" : "failed"}: ${name}`);
        }
      }
    }
  };
  json.suites.forEach(visit);
  return tally;
}

function tally(label: string, exitCode: number, counted: Tally & { problems: string[] }): void {
  const { problems: found, ...counts } = counted;
  if (counts.passed + counts.failed + counts.cancelled === 0) failedSteps.push(`${label}: ran no test`);
  // A runner that failed without reporting a failed test (it crashed, or was killed) counts as one failure.
  if (exitCode !== 0 && counts.failed + counts.cancelled === 0) counts.failed++;
  problems.push(...found.map((problem) => `${label}: ${problem}`));
  for (const key of Object.keys(total) as (keyof Tally)[]) total[key] += counts[key];
  console.log(`--- ${label}: ${summary(counts)}`);
}

const summary = (t: Tally) =>
  `${t.passed} passed, ${t.failed} failed, ${t.cancelled} cancelled, ${t.skipped} skipped, ${t.todo} todo`;

const tsx = path.resolve("node_modules", ".bin", "tsx");

async function nodeTests(
  label: string,
  testFiles: string[],
  env: Record<string, string>,
  concurrency = 2,
): Promise<void> {
  if (testFiles.length === 0) return;
  const report = reportFile("jsonl");
  const args = [
    "--conditions=react-server",
    "--test",
    `--test-concurrency=${concurrency}`,
    "--test-reporter=spec",
    "--test-reporter-destination=stdout",
    `--test-reporter=${path.resolve("tests/support/test-events-reporter.mjs")}`,
    `--test-reporter-destination=${report}`,
    ...testFiles,
  ];
  const code = await run(label, tsx, args, env);
  tally(label, code, countNodeEvents(report));
}

async function browserTests(label: string, env: Record<string, string>): Promise<void> {
  await ensureChromium();
  await ensureCjkFonts();
  const report = reportFile("json");
  const code = await run(
    label,
    path.resolve("node_modules", ".bin", "playwright"),
    // Playwright keeps the spec files whose path matches one of these (the setup project still runs).
    ["test", "-c", "tests/e2e/playwright.config.ts", "--reporter=list,json", ...onlyFilter()],
    { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: report },
  );
  tally(label, code, countPlaywright(report));
}

const ONLY = (process.env.TESSERA_TEST_ONLY ?? "").split(",").filter(Boolean);
const onlyFilter = () => ONLY;
const selected = (file: string) => ONLY.length === 0 || ONLY.some((text) => file.includes(text));

async function ensureChromium(): Promise<void> {
  if (existsSync("/usr/bin/chromium")) return;
  console.log("Installing Debian's chromium for the browser tests...");
  await run("apt-get update", "apt-get", ["update", "-qq"]);
  await run("install chromium", "apt-get", ["install", "-y", "-qq", "chromium"], { DEBIAN_FRONTEND: "noninteractive" });
}

/** A Simplified Chinese font, so the zh-CN browser tests' screenshots show glyphs rather than boxes. */
async function ensureCjkFonts(): Promise<void> {
  if (existsSync("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")) return;
  console.log("Installing Debian's fonts-noto-cjk for the zh-CN browser tests...");
  await run("apt-get update", "apt-get", ["update", "-qq"]);
  await run("install fonts-noto-cjk", "apt-get", ["install", "-y", "-qq", "fonts-noto-cjk"], {
    DEBIAN_FRONTEND: "noninteractive",
  });
}

/** promtool (Debian's prometheus package) checks the shipped alert rules (tests/unit/prometheus-rules.scripts.test.ts). */
async function ensurePromtool(): Promise<void> {
  if (existsSync("/usr/bin/promtool")) return;
  console.log("Installing Debian's prometheus (promtool) for the alert rules' check...");
  await run("apt-get update", "apt-get", ["update", "-qq"]);
  await run("install prometheus", "apt-get", ["install", "-y", "-qq", "prometheus"], {
    DEBIAN_FRONTEND: "noninteractive",
  });
}

async function main(stages: Set<Stage>): Promise<void> {
  // Tests that start processes (each npm script or CLI run costs about 1.5 s of
  // CPU) are a stage of their own, so the in-process unit loop stays fast.
  const scripts = files("tests/unit", /\.scripts\.test\.ts$/);
  const unit = files("tests/unit", /\.test\.ts$/).filter((f) => !scripts.includes(f));
  const dataUnit = [...unit, ...scripts].filter((f) => path.basename(f).startsWith("data-") && selected(f)).sort();
  const integration = files("tests/integration", /\.test\.ts$/).filter(selected);
  // Load tests (*.load.test.ts) measure latency, so they run after the rest, one at a time.
  const load = integration.filter((f) => f.endsWith(".load.test.ts"));
  const functional = integration.filter((f) => !load.includes(f));
  const secrets = testSecrets();

  if (stages.has("lint")) {
    await run("lint", path.resolve("node_modules", ".bin", "eslint"), [
      "-c",
      "tests/lint/eslint.config.mjs",
      "--max-warnings",
      "0",
      ".",
    ]);
    await run("format check", path.resolve("node_modules", ".bin", "prettier"), [
      "--check",
      "--log-level",
      "warn",
      "--ignore-path",
      ".gitignore",
      "--ignore-path",
      "tests/lint/prettierignore",
      ".",
    ]);
  }
  if (stages.has("typecheck")) await run("type-check", path.resolve("node_modules", ".bin", "tsc"), ["--noEmit"]);

  if (stages.has("unit") || stages.has("scripts")) {
    const templateDir = mkdtempSync(path.join(tmpdir(), "tessera-template-"));
    try {
      const template = await sqliteTemplate(templateDir);
      if (stages.has("unit")) await nodeTests("unit (SQLite)", unit, { ...secrets, ...template });
      if (stages.has("scripts")) {
        await ensurePromtool();
        await nodeTests("scripts (SQLite)", scripts, { ...secrets, ...template });
      }
    } finally {
      rmSync(templateDir, { recursive: true, force: true });
    }
  }

  if (!stages.has("unit-postgresql") && !stages.has("integration") && !stages.has("e2e")) return;
  const postgres = stages.has("unit-postgresql") || stages.has("integration") ? await startPostgres() : null;
  try {
    postgres?.createDatabase("tessera_admin");
    const pgBase = postgres?.url("tessera_admin");
    // Far from UTC, so a timestamp written or read as local time shows.
    const farFromUtc = { TZ: "Asia/Shanghai" };
    if (stages.has("unit-postgresql"))
      await nodeTests("data unit (PostgreSQL)", dataUnit, { ...secrets, ...farFromUtc, TESSERA_TEST_PG_URL: pgBase! });

    if (!stages.has("integration") && !stages.has("e2e")) return;
    if (
      (await run("next build", path.resolve("node_modules", ".bin", "next"), ["build"], {
        ...secrets,
        NODE_ENV: "production",
      })) !== 0
    )
      return;
    const databases: [string, Record<string, string>][] = [["SQLite", {}]];
    if (stages.has("integration")) databases.push(["PostgreSQL", { TESSERA_TEST_PG_URL: pgBase! }]);
    for (const [database, env] of databases) {
      Object.assign(process.env, env);
      // WebAuthn refuses an IP address as relying party ID, so the browser
      // tests (passkeys) reach the console by a host name; an http:// issuer
      // is allowed for the OpenID Provider on loopback (tests/e2e/sso.spec.ts).
      const server = await startServer({
        ...(database === "SQLite" && stages.has("e2e") && { publicHost: "localhost" as const }),
        // Test files sign in from fresh addresses, many at once; the sign-in
        // guard's rate is tested on a server of its own (sign-in.load.test.ts).
        env: { TESSERA_SSO_ALLOW_HTTP_ISSUER: "1", TESSERA_SIGN_IN_RATE: "10000" },
      });
      try {
        const serverEnv = { ...server.env, TESSERA_TEST_BASE_URL: server.baseUrl };
        if (stages.has("integration")) {
          await nodeTests(`integration (${database})`, functional, serverEnv);
          await nodeTests(`integration under load (${database})`, load, serverEnv, 1);
          // Every line the server logged for the suite's traffic: no secret the tests used may be in it.
          const secrets = [server.env.TESSERA_MASTER_KEY!, server.env.NEXTAUTH_SECRET!, TEST_OWNER.password];
          const leaks = secretsInLog(server.output(), [...secrets, ...testPasswords()]);
          if (leaks.length > 0)
            failedSteps.push(`integration (${database}): the server logged secrets: ${leaks.join(", ")}`);
        }
        if (stages.has("e2e") && database === "SQLite") await browserTests("e2e (SQLite)", serverEnv);
      } finally {
        await server.stop();
      }
    }
  } finally {
    postgres?.stop();
  }
}

const asked = process.argv.slice(2);
const unknown = asked.filter((stage) => !(STAGES as readonly string[]).includes(stage));
if (unknown.length > 0) {
  console.error(`Unknown stage ${unknown.join(", ")}; the stages are ${STAGES.join(", ")} (none: all of them).`);
  process.exit(2);
}

main(new Set(asked.length > 0 ? (asked as Stage[]) : STAGES))
  .catch((error: unknown) => {
    console.error(error);
    failedSteps.push(`tests/run-all.ts: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
  })
  .finally(() => {
    if (reports) rmSync(reports, { recursive: true, force: true });
    console.log("\n=== summary");
    for (const failure of [...failedSteps, ...problems]) console.log(`FAILED: ${failure}`);
    console.log(
      `${summary(total)}${failedSteps.length > 0 ? `; ${failedSteps.length} failed step${failedSteps.length > 1 ? "s" : ""}` : ""}`,
    );
    process.exit(failedSteps.length > 0 || total.failed + total.cancelled > 0 ? 1 : 0);
  });
