// `npm run bench:console`: the console at scale, on SQLite and on a throwaway
// PostgreSQL. For each database: a fresh one, `npm run setup`, `npm run
// seed:scale` (timed), Tessera's server on the build in --dist-dir (built when
// missing), a sign-in as the owner; then every console page timed in rounds
// (the pages take turns, so drift on this shared machine hits them alike):
// the server's response (GET with the session cookie, to the last byte) and
// the full load in Chromium (navigation start to the load event), p50/p95;
// then the two CSV exports streamed to the end: time, size, and how far the
// server's RSS (VmRSS of the process listening on the port) rose meanwhile.
// Prints one table; exits 1 when a target is missed: every page's server
// p95 <= 300 ms, every export's RSS growth < 100 MB, every answer a 200.
//
// Options: --accounts N --events N --tickets N --sessions N (the scale; by
// default 1,000,000, 10,000,000, 1,000,000, 1,000,000), --tries N (measured
// loads per page and way, default 20), --db sqlite|postgresql|both (default
// both), --database-url URL (measure a database seeded before, as the
// configured TESSERA_MASTER_KEY and the test owner; no seeding), --dist-dir
// (default .next-bench), --rebuild.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { chromium, type Browser } from "@playwright/test";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseKind, sqliteFilePath } from "@/lib/database-url";
import { startServer } from "../support/server";
import { TEST_OWNER, testSecrets } from "../support/test-env";
import { ensureBuild, freshDatabase, pidListeningOn, signInAsOwner } from "../support/bench-process";
import { CHROMIUM_LAUNCH_OPTIONS } from "../support/chromium";

const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1]! : fallback;
};
const count = (name: string, fallback: number) => Number(arg(name, String(fallback)).replace(/[_,]/g, ""));
const scale = {
  accounts: count("accounts", 1_000_000),
  events: count("events", 10_000_000),
  tickets: count("tickets", 1_000_000),
  sessions: count("sessions", 1_000_000),
};
const tries = count("tries", 20);
const distDir = arg("dist-dir", ".next-bench");
const reuse = arg("database-url", "");
const databases = reuse
  ? [reuse.startsWith("file:") ? "sqlite" : "postgresql"]
  : arg("db", "both") === "both"
    ? ["sqlite", "postgresql"]
    : [arg("db", "both")];

const NAMES: Record<string, string> = { sqlite: "SQLite", postgresql: "PostgreSQL" };
const PAGE_P95_MS = 300;
const EXPORT_RSS_MB = 100;

Object.assign(process.env, testSecrets());
delete process.env.TESSERA_TEST_PG_URL;

ensureBuild(distDir, process.argv.includes("--rebuild"));

type Timing = { server: number[]; load: number[] };
type ExportRun = { name: string; rows: number; bytes: number; seconds: number; rssBefore: number; rssPeak: number };
type Result = {
  kind: string;
  seedSeconds: number | null;
  pages: Map<string, Timing>;
  exports: ExportRun[];
  rss: { start: number; end: number };
  failures: string[];
};

function npm(args: string[], env: Record<string, string>): void {
  const run = spawnSync("npm", ["run", "-s", ...args], { env: { ...process.env, ...env }, stdio: "inherit" });
  if (run.status !== 0) throw new Error(`npm run ${args.join(" ")} failed (${run.status})`);
}

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;

/** The first column of the first row (the bench's own read of what the pages need: the app, an account). */
async function first(databaseUrl: string, sql: string): Promise<unknown> {
  if (databaseKind(databaseUrl) === "sqlite") {
    const connection = new Database(sqliteFilePath(databaseUrl), { readonly: true });
    try {
      return Object.values((connection.prepare(sql).get() as Record<string, unknown> | undefined) ?? {})[0];
    } finally {
      connection.close();
    }
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return Object.values((await client.query(sql)).rows[0] ?? {})[0];
  } finally {
    await client.end();
  }
}

/** GET to the last byte; returns milliseconds, or throws on anything but a 200. */
async function serverTime(url: string, cookie: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, { headers: { cookie }, redirect: "manual" });
  await response.arrayBuffer();
  const elapsed = performance.now() - started;
  if (response.status !== 200) throw new Error(`${url}: HTTP ${response.status}`);
  return elapsed;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function measure(kind: string, browser: Browser): Promise<Result> {
  let databaseUrl = reuse;
  let seedSeconds: number | null = null;
  let stopPostgres = () => {};
  if (!databaseUrl) {
    const fresh = await freshDatabase(kind);
    databaseUrl = fresh.url;
    stopPostgres = fresh.stop;
    const env = { DATABASE_URL: databaseUrl };
    console.log(`${NAMES[kind]}: seeding ${databaseUrl} ...`);
    npm(["setup"], env);
    const started = Date.now();
    npm(
      [
        "seed:scale",
        "--",
        "--accounts",
        String(scale.accounts),
        "--events",
        String(scale.events),
        "--tickets",
        String(scale.tickets),
        "--sessions",
        String(scale.sessions),
      ],
      env,
    );
    seedSeconds = (Date.now() - started) / 1000;
  }
  const server = await startServer({ databaseUrl, distDir });
  const failures: string[] = [];
  try {
    const base = server.baseUrl;
    const pid = pidListeningOn(Number(server.env.PORT));
    if (pid === undefined) throw new Error("no readable process listens on the server's port");
    const cookie = await signInAsOwner(base);

    // What the pages need: the seeded app, one of its accounts with activity, and a cursor deep in the audit trail.
    const sdkAppId = Number(
      await first(
        databaseUrl,
        `SELECT "sdkAppId" FROM "Application" WHERE "name" = 'Demo app' ORDER BY "createdAt" LIMIT 1`,
      ),
    );
    const busy = await first(
      databaseUrl,
      `SELECT "userId" FROM "UserSession" WHERE "sdkAppId" = ${sdkAppId} ORDER BY "createdAt" DESC LIMIT 1`,
    );
    const middle = await first(
      databaseUrl,
      `SELECT "userId" FROM "Account" WHERE "sdkAppId" = ${sdkAppId} AND "userId" >= 'user_5' ORDER BY "userId" LIMIT 1`,
    );
    const appBase = `/apps/${sdkAppId}`;
    const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
    const pages: [string, string][] = [
      ["Applications", "/apps"],
      ["App overview", appBase],
      ["Keys", `${appBase}/keys`],
      ["Admins", `${appBase}/admins`],
      ["Accounts", `${appBase}/accounts`],
      ["Accounts, a later page", `${appBase}/accounts?after=${encodeURIComponent(String(middle ?? ""))}`],
      ["Accounts, prefix search (user_12)", `${appBase}/accounts?q=user_12`],
      ["Accounts, external ID search", `${appBase}/accounts?q=1000012`],
      ["An account", `${appBase}/accounts/${encodeURIComponent(String(busy ?? "administrator"))}`],
      ["UserSig tools", `${appBase}/tools`],
      ["App audit", `${appBase}/audit`],
      ["App audit, result=denied", `${appBase}/audit?result=denied`],
      ["API reference", `${appBase}/api`],
      ["Settings", `${appBase}/settings`],
      ["Audit log", "/audit"],
      ["Audit log, 30 days back", `/audit?before=${Date.now() - 30 * 86_400_000}.2147483647`],
      ["Audit log, action=login", "/audit?action=login"],
      ["Audit log, operator filter", `/audit?actor=${encodeURIComponent(TEST_OWNER.email)}`],
      ["Audit log, one day", `/audit?from=${day(20)}&to=${day(20)}`],
      ["Audit log, app + result + day", `/audit?app=${sdkAppId}&result=rejected&from=${day(40)}&to=${day(40)}`],
      ["Operators", "/operators"],
      ["Profile", "/profile"],
    ];

    const context = await browser.newContext();
    const [name, value] = cookie.split(/=(.*)/s) as [string, string];
    await context.addCookies([{ name, value, url: base }]);
    const tab = await context.newPage();
    const loadTime = async (url: string) => {
      const response = await tab.goto(url, { waitUntil: "load" });
      if (response?.status() !== 200 || !tab.url().startsWith(url.split("?")[0]!))
        throw new Error(`${url}: HTTP ${response?.status()} at ${tab.url()}`);
      const elapsed = await tab.evaluate(() => {
        const [navigation] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
        return navigation!.loadEventEnd - navigation!.startTime;
      });
      // After the load the page prefetches its links; those must not overlap the next measurement.
      await tab.waitForLoadState("networkidle");
      return elapsed;
    };

    const timings = new Map(pages.map(([label]) => [label, { server: [] as number[], load: [] as number[] }]));
    const rssStart = rssMb(pid);
    // Two rounds of warm-up (route modules load, caches fill), then the measured rounds.
    for (let round = -2; round < tries; round++) {
      console.log(
        `${NAMES[kind]}: ${round < 0 ? "warm-up round" : `round ${round + 1} of ${tries}`}, ${pages.length} pages ...`,
      );
      for (const [label, url] of pages) {
        try {
          const server = await serverTime(`${base}${url}`, cookie);
          const load = await loadTime(`${base}${url}`);
          if (round >= 0) {
            timings.get(label)!.server.push(server);
            timings.get(label)!.load.push(load);
          }
        } catch (error) {
          failures.push(`${kind}: ${label}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
    const rssEnd = rssMb(pid);
    await context.close();

    const exports: ExportRun[] = [];
    for (const [label, url] of [
      ["Accounts CSV", `${appBase}/accounts/export`],
      ["Audit CSV (every row)", "/audit/export"],
    ] as const) {
      console.log(`${NAMES[kind]}: ${label} ...`);
      // Warm-up, as for the pages: the route's first answer loads its modules.
      const first = await fetch(`${base}${url}`, { headers: { cookie } });
      await first.body?.cancel();
      const rssBefore = rssMb(pid);
      let rssPeak = rssBefore;
      const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb(pid))), 100);
      const started = performance.now();
      let bytes = 0;
      let rows = -1; // the header
      try {
        const response = await fetch(`${base}${url}`, { headers: { cookie } });
        if (response.status !== 200 || !response.body) throw new Error(`HTTP ${response.status}`);
        const reader = response.body.getReader();
        for (let read = await reader.read(); !read.done; read = await reader.read()) {
          bytes += read.value.length;
          for (let i = 0; i < read.value.length; i++) if (read.value[i] === 10) rows++;
        }
      } catch (error) {
        failures.push(`${kind}: ${label}: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        clearInterval(sampler);
      }
      rssPeak = Math.max(rssPeak, rssMb(pid));
      exports.push({ name: label, rows, bytes, seconds: (performance.now() - started) / 1000, rssBefore, rssPeak });
    }
    return { kind, seedSeconds, pages: timings, exports, rss: { start: rssStart, end: rssEnd }, failures };
  } finally {
    await server.stop();
    stopPostgres();
  }
}

const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
const results: Result[] = [];
try {
  for (const kind of databases) results.push(await measure(kind, browser));
} finally {
  await browser.close();
}

const ms = (value: number) => (Number.isNaN(value) ? "—" : value.toFixed(0));
const missed: string[] = results.flatMap((result) => result.failures);

console.log(
  `\nScale: ${scale.accounts.toLocaleString("en-US")} accounts, ${scale.events.toLocaleString("en-US")} audit rows, ${scale.tickets.toLocaleString("en-US")} ledger rows, ${scale.sessions.toLocaleString("en-US")} sessions; ${tries} measured loads per page; ${(await import("node:os")).cpus().length} cores, load average ${(
    await import("node:os")
  )
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}\n`,
);
for (const result of results) {
  if (result.seedSeconds !== null) console.log(`${NAMES[result.kind]}: seeded in ${result.seedSeconds.toFixed(0)} s`);
}
const header = results
  .map((result) => `${NAMES[result.kind]} server p50 / p95 ms | ${NAMES[result.kind]} full load p50 / p95 ms`)
  .join(" | ");
console.log(`\n| page | ${header} |`);
console.log(`|---|${results.map(() => "---:|---:").join("|")}|`);
for (const label of results[0]?.pages.keys() ?? []) {
  const cells = results.map((result) => {
    const { server, load } = result.pages.get(label)!;
    const p95 = percentile(server, 95);
    if (!(p95 <= PAGE_P95_MS))
      missed.push(`${NAMES[result.kind]}: ${label}: server p95 ${ms(p95)} ms > ${PAGE_P95_MS} ms`);
    return `${ms(percentile(server, 50))} / ${p95 > PAGE_P95_MS ? `**${ms(p95)}**` : ms(p95)} | ${ms(percentile(load, 50))} / ${ms(percentile(load, 95))}`;
  });
  console.log(`| ${label} | ${cells.join(" | ")} |`);
}
console.log(
  `\n| export | ${results.map((result) => `${NAMES[result.kind]} rows | MB | s | RSS before → peak MB`).join(" | ")} |`,
);
console.log(`|---|${results.map(() => "---:|---:|---:|---:").join("|")}|`);
for (const [index, run] of (results[0]?.exports ?? []).entries()) {
  const cells = results.map((result) => {
    const e = result.exports[index]!;
    const growth = e.rssPeak - e.rssBefore;
    if (!(growth < EXPORT_RSS_MB)) missed.push(`${NAMES[result.kind]}: ${e.name}: RSS grew ${growth.toFixed(0)} MB`);
    return `${e.rows.toLocaleString("en-US")} | ${(e.bytes / 1e6).toFixed(0)} | ${e.seconds.toFixed(1)} | ${e.rssBefore.toFixed(0)} → ${e.rssPeak.toFixed(0)} (+${growth.toFixed(0)})`;
  });
  console.log(`| ${run.name} | ${cells.join(" | ")} |`);
}
for (const result of results)
  console.log(
    `${NAMES[result.kind]} server RSS: ${result.rss.start.toFixed(0)} MB after start-up and sign-in, ${result.rss.end.toFixed(0)} MB after the page rounds`,
  );

if (missed.length > 0) {
  console.log(`\nTARGETS NOT MET:\n${missed.map((line) => `  - ${line}`).join("\n")}`);
  process.exitCode = 1;
} else {
  console.log(
    `\nTargets met: every page's server p95 <= ${PAGE_P95_MS} ms, every export's RSS growth < ${EXPORT_RSS_MB} MB, every answer 200.`,
  );
}
