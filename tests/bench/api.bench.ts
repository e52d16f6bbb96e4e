// `npm run bench:api`: load test of the machine-facing API against Tessera's
// server (a full node: Next loaded beside it), on SQLite and then on a
// throwaway PostgreSQL cluster (`--database sqlite` or `postgresql` for one;
// each runs in a process of its own, since this process reads the server's
// database directly). In the same run it starts the floor, a bare node:http
// server answering a login-sized JSON POST (tests/bench/floor-server.mjs),
// and reports every figure as a share of it. Measured, taking turns in
// rounds so every row sees the same drift of this shared machine:
// - the floor;
// - POST /api/v1/login with valid, distinct, pre-generated UserSigs;
// - POST /v4/im_open_login_svc/account_check (10 UserIDs);
// - a route answered by Next (GET /api/auth/providers, next-auth's), so
//   the gain of leaving Next is visible;
// then login and account_check again at 100 connections. Beside each row:
// p50/p99, errors, and the server's CPU time per request (with PostgreSQL's
// own beside it). A response counts as a success only when its body says so
// (a REST call is answered 200 whatever its ErrorCode); every login answered
// 200 must have left a session row. Exits 1 when a target is missed.
// Options: --duration <s> (default 12), --connections <n> (default 10),
// --workers <n> (the server's TESSERA_WORKERS, default 1), --rebuild (build
// even if a build exists), --dist-dir <dir> (default .next-bench).
// Targets (issue 18), as shares of the floor at 10 connections: login >= 12%
// (SQLite) / 6% (PostgreSQL), account_check >= 15% / 8%; zero errors at 10
// and 100 connections.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import autocannon from "autocannon";
import { freePort, startPostgres } from "../support/postgres-cluster";
import { startServer } from "../support/server";
import { testSecrets } from "../support/test-env";
import { ensureBuild, pidListeningOn, treeCpuSeconds } from "../support/bench-process";

const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1]! : fallback;
};
const duration = Number(arg("duration", "12"));
const connections = Number(arg("connections", "10"));
const distDir = arg("dist-dir", ".next-bench");
const database = arg("database", "both");
const workers = arg("workers", "1");
const TARGETS = { sqlite: { login: 0.12, rest: 0.15 }, postgresql: { login: 0.06, rest: 0.08 } } as const;

// Throughput is measured, so the REST frequency limit (60007) is off, and the
// sign-in guard's rate is at its most (the Next row is next-auth's route).
Object.assign(process.env, testSecrets(), { TESSERA_REST_RATE_LIMIT: "0", TESSERA_SIGN_IN_RATE: "10000" });
delete process.env.TESSERA_TEST_PG_URL;

ensureBuild(distDir, process.argv.includes("--rebuild"));

if (database === "both") {
  // One child per database, sharing the build; the exit code is the worse of the two.
  const self = (kind: string) =>
    spawnSync(
      process.execPath,
      [
        ...process.execArgv,
        process.argv[1]!,
        ...process.argv.slice(2).filter((a) => a !== "--rebuild"),
        "--database",
        kind,
      ],
      { stdio: "inherit" },
    ).status ?? 1;
  const codes = [self("sqlite"), self("postgresql")];
  process.exit(Math.max(...codes));
}
if (database !== "sqlite" && database !== "postgresql")
  throw new Error(`--database must be sqlite, postgresql or both, not ${database}`);
const kind: keyof typeof TARGETS = database;
const cluster = kind === "postgresql" ? await startPostgres() : null;
if (cluster) cluster.createDatabase("tessera_bench");
const server = await startServer({
  distDir,
  env: { TESSERA_WORKERS: workers },
  ...(cluster && { databaseUrl: cluster.url("tessera_bench") }),
});
const floor = await startFloor();
// This process reads and checks the server's database directly.
Object.assign(process.env, server.env);
const { db } = await import("@/lib/db");
const { primaryKey } = await import("@/lib/data/keys");
const { genUserSig } = await import("@/lib/usersig");

// With workers, the one listening is the supervisor; their CPU is counted as its children's.
const serverPid = pidListeningOn(Number(new URL(server.baseUrl).port));
const postmasterPid = cluster ? pidListeningOn(Number(new URL(cluster.url("x")).port)) : undefined;
if (serverPid === undefined || (cluster && postmasterPid === undefined))
  throw new Error("the server's or PostgreSQL's process was not found");

async function startFloor(): Promise<{ baseUrl: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["tests/bench/floor-server.mjs", String(port)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`the floor server exited (${code})`)));
  });
  return { baseUrl: `http://127.0.0.1:${port}`, child };
}

type Row = {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  errors: number;
  seconds: number;
  total: number;
  /** Server CPU seconds used (its own; PostgreSQL's apart). */
  cpu: number;
  dbCpu: number;
};

/** Sums rounds: throughput and CPU over the whole time, the worst round's percentiles. */
function combine(name: string, rows: Row[]): Row {
  const sum = (key: "total" | "seconds" | "ok" | "errors" | "cpu" | "dbCpu") =>
    rows.reduce((total, row) => total + row[key], 0);
  return {
    name,
    rps: sum("total") / sum("seconds"),
    p50: Math.max(...rows.map((row) => row.p50)),
    p99: Math.max(...rows.map((row) => row.p99)),
    ok: sum("ok"),
    errors: sum("errors"),
    seconds: sum("seconds"),
    total: sum("total"),
    cpu: sum("cpu"),
    dbCpu: sum("dbCpu"),
  };
}

/** What to send, where, and which answers are successes (status and body). */
type Load = Omit<autocannon.Options, "url" | "connections" | "duration" | "requests"> & {
  base?: string;
  path: string;
  requests?: autocannon.Request[];
  succeeded: (status: number, body: string) => boolean;
};

const json = (body: string): Record<string, unknown> | null => {
  try {
    return JSON.parse(body) as Record<string, unknown>;
  } catch {
    return null;
  }
};

// Time runs from the start to the last response, by our own clock: autocannon
// reports its result on its next one-second sample tick, so in `amount` mode
// its `duration` is rounded up to whole seconds.
async function measure(
  name: string,
  { base = server.baseUrl, path: urlPath, requests, succeeded, ...options }: Load,
  seconds = duration,
  clients = connections,
): Promise<Row> {
  const cpuPid = base === server.baseUrl ? serverPid! : floor.child.pid!;
  const cpuBefore = treeCpuSeconds(cpuPid);
  const dbBefore = postmasterPid ? treeCpuSeconds(postmasterPid) : 0;
  const started = performance.now();
  let last = started;
  let total = 0;
  let ok = 0;
  const onResponse = (status: number, body: string) => {
    if (succeeded(status, body)) ok++;
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const run = autocannon(
      {
        url: `${base}${urlPath}`,
        connections: clients,
        duration: seconds,
        ...options,
        requests: (requests ?? [{}]).map((request) => ({ ...request, onResponse })),
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    run.on("response", () => {
      total++;
      last = performance.now();
    });
  });
  const elapsed = (last - started) / 1000;
  return {
    name,
    seconds: elapsed,
    total,
    rps: total / elapsed,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    // Every answer that is not a success, and every request that got no answer (autocannon's errors include timeouts).
    errors: total - ok + result.errors,
    cpu: treeCpuSeconds(cpuPid) - cpuBefore,
    dbCpu: postmasterPid ? treeCpuSeconds(postmasterPid) - dbBefore : 0,
  };
}

try {
  const app = await db().application.findFirstOrThrow({ where: { name: "Demo app" } });
  const sdkAppId = app.sdkAppId;
  const { key } = await primaryKey(sdkAppId);

  // Enough distinct UserSigs for a generous upper bound of the login rate;
  // running out would be reported as reuse, never silently.
  const needed = Math.ceil(duration * 12_000) + 20_000;
  const started = Date.now();
  const logins = Array.from({ length: needed }, (_, i) =>
    JSON.stringify({
      sdkAppId,
      userId: `bench_${i}`,
      userSig: genUserSig({ sdkAppId, key, userId: `bench_${i}`, expire: 86400 }),
    }),
  );
  console.log(`Pre-generated ${needed} UserSigs in ${Date.now() - started} ms.`);
  let next = 0;
  let reused = 0;
  const loginLoad: Load = {
    path: "/api/v1/login",
    succeeded: (status, body) => status === 200 && json(body)?.tokenType === "Bearer",
    requests: [
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        setupRequest: (request: autocannon.Request) => {
          if (next >= logins.length) reused++;
          return { ...request, body: logins[next++ % logins.length]! };
        },
      },
    ],
  };

  const adminSig = genUserSig({ sdkAppId, key, userId: "administrator", expire: 86400 });
  const restLoad: Load = {
    method: "POST",
    path: `/v4/im_open_login_svc/account_check?sdkappid=${sdkAppId}&identifier=administrator&usersig=${encodeURIComponent(adminSig)}&random=12345&contenttype=json`,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ CheckItem: Array.from({ length: 10 }, (_, i) => ({ UserID: `bench_${i * 7}` })) }),
    succeeded: (status, body) => status === 200 && json(body)?.ErrorCode === 0,
  };
  const floorLoad: Load = {
    base: floor.baseUrl,
    path: "/",
    method: "POST",
    headers: { "content-type": "application/json" },
    body: logins[0]!,
    succeeded: (status, body) => status === 200 && json(body)?.ok === true,
  };
  const nextLoad: Load = {
    path: "/api/auth/providers",
    succeeded: (status, body) => status === 200 && json(body)?.credentials !== undefined,
  };

  // Warm-up: the JIT, the database's caches, Next's route modules.
  await measure("warm-up", floorLoad, 2);
  const warmLogin = await measure("warm-up", { ...loginLoad, amount: 5000 });
  await measure("warm-up", restLoad, 2);
  await measure("warm-up", nextLoad, 2);

  const rounds = 3;
  const slice = Math.max(1, Math.round(duration / rounds));
  // A fixed number of logins (a slice's worth at the warm-up rate), so every
  // request sent is answered and can be counted in the database.
  const loginAmount = Math.max(500, Math.round(warmLogin.rps * slice));
  const parts: Record<"floor" | "login" | "rest" | "next", Row[]> = { floor: [], login: [], rest: [], next: [] };
  for (let round = 0; round < rounds; round++) {
    parts.floor.push(await measure("floor", floorLoad, slice));
    parts.login.push(await measure("login", { ...loginLoad, amount: loginAmount }));
    parts.rest.push(await measure("rest", restLoad, slice));
    parts.next.push(await measure("next", nextLoad, slice));
  }
  const floorRow = combine("floor: bare node:http, a login-sized JSON POST", parts.floor);
  const loginRow = combine("POST /api/v1/login (distinct valid UserSigs)", parts.login);
  const restRow = combine("POST /v4/im_open_login_svc/account_check (10 UserIDs)", parts.rest);
  const nextRow = combine("GET /api/auth/providers (a route answered by Next)", parts.next);
  const many = 100;
  const loginMany = await measure(`login, ${many} connections`, { ...loginLoad, amount: loginAmount }, slice, many);
  const restMany = await measure(`account_check, ${many} connections`, restLoad, slice, many);
  loginMany.name = `POST /api/v1/login, ${many} connections`;
  restMany.name = `POST /v4/.../account_check, ${many} connections`;

  const sessions = await db().userSession.count({ where: { sdkAppId } });
  const loginsOk = warmLogin.ok + loginRow.ok + loginMany.ok;

  const os = await import("node:os");
  console.log(
    `\n${kind === "sqlite" ? "SQLite" : "PostgreSQL"}, ${workers} server process${workers === "1" ? "" : "es"}, ${connections} connections (and ${many}), ${duration} s per endpoint in ${rounds} rounds, ${os.cpus().length} cores shared with the load generator\n`,
  );
  const cpuCell = (row: Row) =>
    `${((row.cpu / row.total) * 1e6).toFixed(0)}${postmasterPid && row !== floorRow ? ` + ${((row.dbCpu / row.total) * 1e6).toFixed(0)} db` : ""}`;
  console.log("| endpoint | req/s | of the floor | p50 ms | p99 ms | errors | server CPU µs/request |");
  console.log("|---|---:|---:|---:|---:|---:|---:|");
  for (const row of [floorRow, loginRow, restRow, nextRow, loginMany, restMany]) {
    console.log(
      `| ${row.name} | ${row.rps.toFixed(0)} | ${((row.rps / floorRow.rps) * 100).toFixed(1)}% | ${row.p50} | ${row.p99} | ${row.errors} | ${cpuCell(row)} |`,
    );
  }
  console.log(
    `\nLogin vs the Next route: ${(loginRow.rps / nextRow.rps).toFixed(2)}x; account_check vs the Next route: ${(restRow.rps / nextRow.rps).toFixed(2)}x`,
  );
  const recorded = sessions === loginsOk;
  console.log(
    `Logins answered 200 with a token (incl. warm-up): ${loginsOk}; sessions in the database: ${sessions} -> ${recorded ? "every login recorded" : "MISMATCH"}`,
  );
  if (reused > 0) console.log(`Note: ${reused} logins reused a UserSig (raise the pre-generated count).`);
  const target = TARGETS[kind];
  const checks = [
    [
      floorRow.errors + loginRow.errors + restRow.errors + nextRow.errors === 0,
      `zero errors at ${connections} connections`,
    ],
    [loginMany.errors + restMany.errors === 0, `zero errors at ${many} connections`],
    [recorded, "every login recorded"],
    [loginRow.rps >= floorRow.rps * target.login, `login >= ${target.login * 100}% of the floor`],
    [restRow.rps >= floorRow.rps * target.rest, `account_check >= ${target.rest * 100}% of the floor`],
  ] as const;
  for (const [met, what] of checks) console.log(`${met ? "met    " : "MISSED "} ${what}`);
  process.exitCode = checks.every(([met]) => met) ? 0 : 1;
} finally {
  floor.child.kill();
  await server.stop();
  cluster?.stop();
}
