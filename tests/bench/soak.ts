// `npm run soak -- --minutes 10 [--database postgresql]`: a long mixed load
// against Tessera's server (issue 11), run by hand, not in CI.
//
// For the whole run, at fixed concurrency, it sends what a live deployment
// sees at once: app-user logins (new UserIDs, repeat logins of the same
// UserIDs, logins with UserSigs the server issued), REST account_import,
// multiaccount_import, account_check and kick with an admin UserSig in the
// query, UserSig issuance (POST /api/v1/usersig), console page loads and
// console writes (server actions: add and delete an account) as the owner,
// and one key rotation half-way through. Afterwards it reads the server's
// database directly and checks:
//   - no 5xx, every request answered, and every answer the one expected
//     (all of the load is legitimate, so any refusal is a finding);
//   - no lost writes: every login answered 200 left its session row, every
//     import answered ErrorCode 0 left its account, console adds and deletes
//     hold;
//   - the rotation: the version went up by one, UserSigs of the old key kept
//     logging in and issuing signed with the new key at once;
//   - steady: p99 latency of the last third of the run after warm-up at most
//     1.5x the first third's (see P99_RATIO), and the server's median RSS
//     less than 10% above the first third's (see RSS_GROWTH_LIMIT).
// Prints a table per minute (requests, failures, p50/p99 per family, the
// server's RSS, its and its database's CPU per request, the load average),
// a table per kind of request, what single requests cost on the idle server
// after warm-up and after the run (see probeIdle), then PASS/FAIL lines;
// exits 1 on any FAIL.
//
// Options:
//   --minutes N        length of the run (default 10; fractions allowed)
//   --database D       sqlite (default) or postgresql (a throwaway cluster)
//   --dist-dir DIR     the build to start (default .next-bench, shared with bench:api)
//   --rebuild          build into --dist-dir even if a build exists
// The REST frequency limit is off (TESSERA_REST_RATE_LIMIT=0), as in bench:api.
import { randomInt } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { startPostgres } from "../support/postgres-cluster";
import { startServer } from "../support/server";
import { TEST_OWNER, testSecrets } from "../support/test-env";
import { treeCpuSeconds, cpuSeconds, ensureBuild, pidListeningOn } from "../support/bench-process";
import { readResponse } from "../support/http-response";

const { values: opt } = parseArgs({
  options: {
    minutes: { type: "string", default: "10" },
    database: { type: "string", default: "sqlite" },
    "dist-dir": { type: "string", default: ".next-bench" },
    rebuild: { type: "boolean", default: false },
  },
});
const minutes = Number(opt.minutes);
if (!(minutes > 0)) throw new Error(`--minutes must be a positive number, not ${opt.minutes}`);
const database = opt.database!;
if (database !== "sqlite" && database !== "postgresql")
  throw new Error(`--database must be sqlite or postgresql, not ${database}`);
const distDir = opt["dist-dir"]!;

const RUN_MS = minutes * 60_000;
// The server's heap and the JIT settle over the first tens of thousands of
// requests, so RSS and latency are compared from here on: 20% of the run,
// at least a minute, at most half of it.
const WARM_UP_MS = Math.min(RUN_MS / 2, Math.max(60_000, RUN_MS * 0.2));
const ROTATE_AT_MS = RUN_MS / 2;
// p99 steady: the last third of the measured part (after warm-up) may be at
// most 1.5 times the first third's p99, plus 5 ms. Thirds, because a soak
// looks for drift (tables and caches that grow make every request a little
// slower, a leak makes GC pauses longer), which shows as a difference
// between the start and the end, not as one slow minute; 1.5x, because the
// closed loops keep the server saturated, so a p99 is mostly queueing and
// moves with the machine's other work (up to 2x between windows in
// development runs while the load average doubled), and drift worth
// finding compounds past that in ten minutes. The 5 ms covers p99s of a few
// milliseconds, where one scheduling hiccup is already 1.5x. The server's
// CPU per request and the load average are printed beside each comparison
// to tell a server that got slower from a machine that got busier.
const P99_RATIO = 1.5;
const P99_SLACK_MS = 5;
const RSS_GROWTH_LIMIT = 0.1;
// In flight at once: closed loops, each sends its next request when the
// previous one is answered. Kicks and console requests are paced (a pause
// after each), as they are rarer than logins in real traffic.
const CONCURRENCY = { login: 4, rest: 3, usersig: 1, kick: 1, console: 1 } as const;
const KICK_PAUSE_MS = 400;
const CONSOLE_PAUSE_MS = 150;

// Latency families (the columns of the per-minute table); each request's
// kind names what exactly it was.
const FAMILIES = ["login", "REST", "usersig", "console read", "console write"] as const;
type Family = (typeof FAMILIES)[number];

Object.assign(process.env, testSecrets(), { TESSERA_REST_RATE_LIMIT: "0" });
delete process.env.TESSERA_TEST_PG_URL;
// Ctrl-C: exit through the exit handlers, which stop the server and the cluster.
process.once("SIGINT", () => process.exit(130));

ensureBuild(distDir, opt.rebuild);

const cluster = database === "postgresql" ? await startPostgres() : null;
if (cluster) cluster.createDatabase("tessera_soak");
const server = await startServer({ distDir, ...(cluster && { databaseUrl: cluster.url("tessera_soak") }) });
// This process reads and checks the server's database directly, and signs in
// to the console with the integration tests' helpers (which need the base URL).
Object.assign(process.env, server.env, { TESSERA_TEST_BASE_URL: server.baseUrl });
const { db } = await import("@/lib/db");
const { createApp } = await import("@/lib/data/apps");
const { primaryKey } = await import("@/lib/data/keys");
const { SYSTEM_ACTOR } = await import("@/lib/data/audit");
const { genUserSig, verifyUserSig } = await import("@/lib/usersig");
const { consoleSignIn, freshIp } = await import("../integration/api-helpers");
const { runAction } = await import("../integration/console-actions");

// ------------------------------------------- the server's memory and CPU

/** The process's resident memory in MB, and the anonymous part of it (heaps, not mapped files or shared memory). */
function rssMb(pid: number): { rss: number; anon: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const [rss, anon] = [/VmRSS:\s+(\d+) kB/, /RssAnon:\s+(\d+) kB/].map((field) => field.exec(status)?.[1]);
    return rss && anon ? { rss: Number(rss) / 1024, anon: Number(anon) / 1024 } : undefined;
  } catch {
    return undefined;
  }
}

const serverPid = pidListeningOn(Number(new URL(server.baseUrl).port));
if (serverPid === undefined) throw new Error(`no process found listening on ${server.baseUrl}`);
const postmasterPid = cluster ? pidListeningOn(Number(new URL(cluster.url("x")).port)) : undefined;
if (cluster && postmasterPid === undefined) throw new Error("no PostgreSQL process found listening");
/** The server's CPU seconds, its database's included (SQLite runs inside it; PostgreSQL does not). */
const serverCpuSeconds = () => {
  const own = cpuSeconds(serverPid);
  return own === undefined ? undefined : own + (postmasterPid === undefined ? 0 : treeCpuSeconds(postmasterPid));
};

// ------------------------------------------------------------------ HTTP

type Answered = { status: number; text: string; body: any };
type Answer = Answered | { status: 0; error: string };
const answered = (answer: Answer): answer is Answered => !("error" in answer);

// Keep-alive connections from 127.0.0.1, like an App Server's or a proxy's pool.
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/**
 * One request; `from` sends it on a connection of its own from another
 * loopback address (the server sees the socket's address as the client's).
 */
function send(
  method: string,
  urlPath: string,
  init: { body?: unknown; headers?: Record<string, string>; from?: string } = {},
  retried = false,
): Promise<Answer> {
  const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
  return new Promise((resolve) => {
    const request = http.request(
      `${server.baseUrl}${urlPath}`,
      {
        method,
        headers: {
          ...(payload !== undefined && {
            "content-type": "application/json",
            "content-length": String(Buffer.byteLength(payload)),
          }),
          ...init.headers,
        },
        ...(init.from ? { agent: false, localAddress: init.from } : { agent }),
        timeout: 60_000,
      },
      (response) =>
        readResponse(response).then(
          ({ text, body }) => resolve({ status: response.statusCode ?? 0, text, body }),
          (error: Error) => resolve({ status: 0, error: error.message }),
        ),
    );
    request.on("timeout", () => request.destroy(new Error("no answer in 60 s")));
    request.on("error", (error: NodeJS.ErrnoException) => {
      // A keep-alive socket the server closed while idle fails on reuse: the
      // client's race, not the server failing, so retry once on a new socket.
      if (request.reusedSocket && error.code === "ECONNRESET" && !retried) resolve(send(method, urlPath, init, true));
      else resolve({ status: 0, error: error.message });
    });
    request.end(payload);
  });
}

// ---------------------------------------------------------------- tallies

type Sample = { at: number; ms: number };
type MinuteTally = {
  requests: number;
  serverErrors: number;
  unanswered: number;
  refused: number;
  latency: Map<Family, number[]>;
};
/** Every few seconds: the server's RSS (MB), CPU seconds used so far by it and by this process, the load average. */
type MachineSample = { at: number; rss: number; anon: number; serverCpu: number; soakCpu: number; load: number };
type KindTally = { family: Family; requests: number; ok: number; latency: number[]; refusals: Map<string, number> };

let runStart = 0;
/** While set, no request of the load starts (see probeIdle). */
let paused: Promise<void> | null = null;
let inFlight = 0;
const minuteTallies: MinuteTally[] = [];
const kindTallies = new Map<string, KindTally>();
const familySamples = new Map<Family, Sample[]>(FAMILIES.map((family) => [family, []]));
const machineSamples: MachineSample[] = [];
/** Refusals as "minute: kind: answer", for the log. */
const refusalLog: string[] = [];

const minuteIndex = (at: number) => Math.max(0, Math.floor((at - runStart) / 60_000));

function minuteOf(at: number): MinuteTally {
  const index = minuteIndex(at);
  while (minuteTallies.length <= index)
    minuteTallies.push({
      requests: 0,
      serverErrors: 0,
      unanswered: 0,
      refused: 0,
      latency: new Map(),
    });
  return minuteTallies[index]!;
}

/** What an answer that is not a success was, in a few words: "401 70052", "500", "no answer: ...". */
function describe(answer: Answer): string {
  if (!answered(answer)) return `no answer: ${answer.error}`;
  const code = answer.body?.error?.code ?? answer.body?.ErrorCode;
  return code !== undefined && code !== 0 ? `${answer.status} ${code}` : String(answer.status);
}

/**
 * Times `run` and records its outcome under `kind`: `ok` says whether the
 * answer is the expected one, else `why` (by default the status and code).
 */
async function timed(
  kind: string,
  family: Family,
  run: () => Promise<Answer>,
  ok: (answer: Answered) => boolean | string,
): Promise<Answer> {
  while (paused) await paused;
  inFlight++;
  const started = performance.now();
  const answer = await run();
  const ended = performance.now();
  inFlight--;
  const ms = ended - started;
  const verdict = answered(answer) && ok(answer);
  const minute = minuteOf(ended);
  minute.requests++;
  const forMinute = minute.latency.get(family) ?? [];
  forMinute.push(ms);
  minute.latency.set(family, forMinute);
  familySamples.get(family)!.push({ at: ended - runStart, ms });
  const tally: KindTally = kindTallies.get(kind) ?? { family, requests: 0, ok: 0, latency: [], refusals: new Map() };
  kindTallies.set(kind, tally);
  tally.requests++;
  tally.latency.push(ms);
  if (verdict === true) {
    tally.ok++;
    return answer;
  }
  if (!answered(answer)) minute.unanswered++;
  else if (answer.status >= 500) minute.serverErrors++;
  else minute.refused++;
  const why = typeof verdict === "string" ? verdict : describe(answer);
  tally.refusals.set(why, (tally.refusals.get(why) ?? 0) + 1);
  if (refusalLog.length < 50)
    refusalLog.push(
      `minute ${minuteIndex(ended) + 1}: ${kind}: ${why}${answered(answer) ? ` ${answer.text.slice(0, 200)}` : ""}`,
    );
  return answer;
}

const percentile = (values: number[], p: number): number => {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const median = (values: number[]) => percentile(values, 50);

// ------------------------------------------------------------ the world

const app = await createApp(SYSTEM_ACTOR, "Soak app");
const sdkAppId = app.sdkAppId;
const firstKey = await primaryKey(sdkAppId);
const nowSeconds = () => Math.floor(Date.now() / 1000);
// UserSigs of the first key carry a TLS.time from before the run, as if
// pre-generated: signing one costs ~10 µs, so they are made as needed
// rather than held (a ten-minute supply would be ~100 MB in this process).
const signedBefore = nowSeconds() - 60;
const oldKeySig = (userId: string) =>
  genUserSig({ sdkAppId, key: firstKey.key, userId, expire: 86400, now: signedBefore });

const signIn = await consoleSignIn(TEST_OWNER.email, TEST_OWNER.password, { base: server.baseUrl });
if (!signIn.session) throw new Error(`console sign-in failed: ${signIn.status} ${signIn.error}`);
const cookie = signIn.session;

/** The key rotation's state: when it was asked for and answered, and the new key. */
const rotation: {
  started: number | null;
  done: number | null;
  newKey: { version: number; key: string } | null;
  adminSig: string | null;
  problem: string | null;
} = { started: null, done: null, newKey: null, adminSig: null, problem: null };
const adminSigV1 = genUserSig({ sdkAppId, key: firstKey.key, userId: "administrator", expire: 86400 });
let adminTurn = 0;
/** After the rotation, App Server calls alternate between admin UserSigs of the old and the new key. */
const adminQuery = () => {
  const sig = rotation.adminSig && adminTurn++ % 2 === 1 ? rotation.adminSig : adminSigV1;
  return new URLSearchParams({
    sdkappid: String(sdkAppId),
    identifier: "administrator",
    usersig: sig,
    random: String(randomInt(2 ** 32 - 1)),
    contenttype: "json",
  }).toString();
};

/** 200s per UserID, compared with the session rows at the end. */
const loginsOk = new Map<string, number>();
/** UserIDs whose import was answered ErrorCode 0, in that order. */
const imported: string[] = [];
/** Console adds and deletes answered ok: the accounts' expected final state. */
const consoleAccounts = new Map<string, boolean>();

const loginOk = (a: Answered) => a.status === 200 && a.body?.tokenType === "Bearer";
const restOk = (a: Answered) => a.status === 200 && a.body?.ErrorCode === 0;
const actionOk = (a: Answered) => a.status === 200 && /"ok":true/.test(a.text);
/** `ok` of an answer that may have none. */
const passed = (answer: Answer, ok: (a: Answered) => boolean) => answered(answer) && ok(answer);

/**
 * A login; `kicked` expects the refusal a UserSig signed before a kick gets
 * (70052), sent from `from`. Every 200 is counted, expected or not, since it
 * must have left a session.
 */
async function login(kind: string, userId: string, userSig: string, kicked?: { from: string }): Promise<boolean> {
  const answer = await timed(
    kind,
    "login",
    () => send("POST", "/api/v1/login", { body: { sdkAppId, userId, userSig }, from: kicked?.from }),
    kicked ? (a) => a.status === 401 && a.body?.error?.code === 70052 : loginOk,
  );
  const ok = passed(answer, loginOk);
  if (ok) loginsOk.set(userId, (loginsOk.get(userId) ?? 0) + 1);
  return ok;
}

const rest = (kind: string, command: string, body: unknown, ok: (a: Answered) => boolean | string = restOk) =>
  timed(kind, "REST", () => send("POST", `/v4/im_open_login_svc/${command}?${adminQuery()}`, { body }), ok);

/** A console server action as the owner; a failed connection is an answer of its own, as in `send`. */
const action = (kind: string, name: string, input: unknown) =>
  timed(
    kind,
    "console write",
    () =>
      runAction(cookie, name, input, sdkAppId, server.baseUrl).catch((error: Error): Answer => ({
        status: 0,
        error: error.message,
      })),
    actionOk,
  );

const elapsed = () => performance.now() - runStart;
const running = () => elapsed() < RUN_MS;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------- loads

let newUsers = 0;
let loginTurn = 0;
const REPEAT_USERS = 200;

/** Logins: four in five for a new UserID, one in five again for one of a few hundred UserIDs. */
async function loginLoop(): Promise<void> {
  while (running()) {
    if (loginTurn++ % 5 === 4) {
      const userId = `rep_${randomInt(REPEAT_USERS)}`;
      await login("login: repeat UserID", userId, oldKeySig(userId));
      continue;
    }
    const userId = `u_${newUsers++}`;
    const newKey = rotation.newKey;
    // After the rotation, half the new logins come with UserSigs of the new key
    // (signed now, as an App Server would), half with old ones that must still verify.
    if (newKey && newUsers % 2 === 0)
      await login("login: new UserID, new key", userId, genUserSig({ sdkAppId, key: newKey.key, userId }));
    else await login(`login: new UserID, old key${newKey ? " (after rotation)" : ""}`, userId, oldKeySig(userId));
  }
}

let restTurn = 0;
let importNumber = 0;

/** REST: single and batch imports, and checks whose answers must reflect every import already acknowledged. */
async function restLoop(): Promise<void> {
  while (running()) {
    const turn = restTurn++ % 4;
    if (turn === 0) {
      const userId = `imp_${importNumber++}`;
      const answer = await rest("REST account_import", "account_import", { UserID: userId, Nick: `Soak ${userId}` });
      if (passed(answer, restOk)) imported.push(userId);
    } else if (turn === 1) {
      const batch = importNumber++;
      const userIds = Array.from({ length: 10 }, (_, i) => `mimp_${batch}_${i}`);
      const complete = (a: Answered) => restOk(a) && a.body.FailAccounts?.length === 0;
      const answer = await rest(
        "REST multiaccount_import (10)",
        "multiaccount_import",
        { AccountList: userIds.map((UserID) => ({ UserID, Nick: UserID })) },
        (a) => complete(a) || (restOk(a) ? `FailAccounts ${JSON.stringify(a.body.FailAccounts)}` : false),
      );
      if (passed(answer, complete)) imported.push(...userIds);
    } else {
      const known = Array.from({ length: Math.min(7, imported.length) }, () => imported[randomInt(imported.length)]!);
      const want = new Map<string, string>(known.map((id) => [id, "Imported"]));
      while (want.size < 10) want.set(`never_${randomInt(1e9)}`, "NotImported");
      await rest(
        "REST account_check (10)",
        "account_check",
        { CheckItem: [...want.keys()].map((UserID) => ({ UserID })) },
        (a) => {
          if (!restOk(a)) return false;
          const wrong = (a.body.ResultItem as { UserID: string; AccountStatus: string }[]).filter(
            (item) => want.get(item.UserID) !== item.AccountStatus,
          );
          return wrong.length === 0 || `AccountStatus wrong for ${wrong.map((item) => item.UserID).join(", ")}`;
        },
      );
    }
  }
}

let kicked = 0;

/**
 * Kicks: an imported account logs in, is kicked, and its UserSig (signed
 * before the kick) must then be refused with 70052. The refused login comes
 * from a loopback address of its own: failures count against the client
 * address (30 a minute), and everything else here comes from 127.0.0.1.
 */
async function kickLoop(): Promise<void> {
  while (running()) {
    await sleep(KICK_PAUSE_MS);
    if (kicked >= imported.length) continue;
    const userId = imported[kicked++]!;
    const sig = oldKeySig(userId);
    if (!(await login("login: before kick", userId, sig))) continue;
    if (!passed(await rest("REST kick", "kick", { UserID: userId }), restOk)) continue;
    await login("login: after kick (70052 expected)", userId, sig, { from: freshIp() });
  }
}

let issueNumber = 0;

/** Issued UserSigs with when they were asked for and answered, checked against the keys after the run. */
const issuedSigs: { sentAt: number; answeredAt: number; userId: string; userSig: string }[] = [];

/** UserSig issuance for an App Server, five UserIDs a call; the first one then logs in. */
async function usersigLoop(): Promise<void> {
  while (running()) {
    const batch = issueNumber++;
    const userIds = Array.from({ length: 5 }, (_, i) => `iss_${batch}_${i}`);
    const sentAt = elapsed();
    const answer = await timed(
      "usersig: issue 5",
      "usersig",
      () => send("POST", `/api/v1/usersig?${adminQuery()}`, { body: { userIds, expire: 3600 } }),
      (a) => a.status === 200 && a.body?.userSigs?.length === userIds.length,
    );
    if (!answered(answer) || answer.status !== 200 || !answer.body?.userSigs?.[0]) continue;
    const answeredAt = elapsed();
    for (const { userId, userSig } of answer.body.userSigs as { userId: string; userSig: string }[])
      issuedSigs.push({ sentAt, answeredAt, userId, userSig });
    await login("login: issued UserSig", userIds[0]!, answer.body.userSigs[0].userSig);
  }
}

const PAGES = [
  "/apps",
  `/apps/${sdkAppId}`,
  `/apps/${sdkAppId}/accounts`,
  `/apps/${sdkAppId}/audit`,
  "/audit",
  `/apps/${sdkAppId}/keys`,
];
let consoleTurn = 0;
let pageTurn = 0;
let consoleNumber = 0;
const pendingDeletes: string[] = [];

/** The console as the owner: page loads, and every fourth request a write (add an account, or delete one it added). */
async function consoleLoop(): Promise<void> {
  while (running()) {
    await sleep(CONSOLE_PAUSE_MS);
    const turn = consoleTurn++;
    if (turn % 4 !== 3) {
      const page = PAGES[pageTurn++ % PAGES.length]!;
      await timed(
        `console read: GET ${page.replace(String(sdkAppId), "[id]")}`,
        "console read",
        () => send("GET", page, { headers: { cookie } }),
        (a) => a.status === 200,
      );
    } else if (turn % 8 === 7 && pendingDeletes.length > 0) {
      const userId = pendingDeletes.shift()!;
      const answer = await action("console write: delete account", "deleteAccountsAction", {
        sdkAppId,
        userIds: [userId],
      });
      if (passed(answer, actionOk)) consoleAccounts.set(userId, false);
    } else {
      const userId = `con_${consoleNumber++}`;
      const answer = await action("console write: add account", "addAccountAction", {
        sdkAppId,
        userId,
        externalId: "",
        nickname: `Console ${userId}`,
        faceUrl: "",
      });
      if (passed(answer, actionOk)) {
        consoleAccounts.set(userId, true);
        // Every other added account is deleted again.
        if (consoleNumber % 2 === 0) pendingDeletes.push(userId);
      }
    }
  }
}

/** The console's "Rotate key", once, half-way; the old key keeps verifying for a day. */
async function rotateKey(): Promise<void> {
  await sleep(ROTATE_AT_MS);
  rotation.started = elapsed();
  const answer = await action("console write: rotate key", "rotateKeyAction", { sdkAppId, graceDays: 1 });
  if (!passed(answer, actionOk)) {
    rotation.problem = `the rotation was answered ${describe(answer)}`;
    return;
  }
  const next = await primaryKey(sdkAppId);
  if (next.version !== firstKey.version + 1) {
    rotation.problem = `key version ${firstKey.version} became ${next.version}, not ${firstKey.version + 1}`;
    return;
  }
  rotation.newKey = next;
  rotation.adminSig = genUserSig({ sdkAppId, key: next.key, userId: "administrator", expire: 86400 });
  rotation.done = elapsed();
  console.log(`  key rotated to version ${next.version} at ${(rotation.done / 1000).toFixed(0)} s`);
}

/**
 * The machine over [from, to) ms of the run: the server's RSS range, the CPU
 * share (of one core) the server with its database and this process used,
 * the server's and database's CPU milliseconds per request (a drift in the
 * work per request shows here even when other processes on the machine slow
 * everything down), the load average.
 */
function machineOver(from: number, to: number) {
  const inside = machineSamples.filter((s) => s.at >= from && s.at < to);
  // From the last sample before the window, so CPU deltas cover all of it.
  const before = machineSamples.filter((s) => s.at < from).at(-1) ?? inside[0];
  const end = inside.at(-1);
  if (!before || !end || end.at <= before.at)
    return {
      rssMin: NaN,
      rssMax: NaN,
      anon: NaN,
      serverCpuShare: NaN,
      serverCpuPerRequest: NaN,
      soakCpuShare: NaN,
      load: NaN,
    };
  const seconds = (end.at - before.at) / 1000;
  let requests = 0;
  for (const samples of familySamples.values())
    requests += samples.filter((s) => s.at > before.at && s.at <= end.at).length;
  return {
    rssMin: Math.min(...inside.map((s) => s.rss)),
    rssMax: Math.max(...inside.map((s) => s.rss)),
    anon: median(inside.map((s) => s.anon)),
    serverCpuShare: (end.serverCpu - before.serverCpu) / seconds,
    serverCpuPerRequest: ((end.serverCpu - before.serverCpu) * 1000) / requests,
    soakCpuShare: (end.soakCpu - before.soakCpu) / seconds,
    load: inside.reduce((sum, s) => sum + s.load, 0) / inside.length,
  };
}

/**
 * What single requests cost on the otherwise idle server, with the data the
 * run has written so far: each of a few requests 20 times in a row, the
 * median time and the server's (and database's) CPU per request. Measured
 * after warm-up (the load paused for it) and after the run, so a request
 * that costs more as the tables grow shows here, apart from the queueing
 * that dominates the load's latencies; the CPU figure is the one other
 * processes on the machine do not move.
 */
async function probeIdle(): Promise<{ sizes: string; cost: Map<string, { ms: number; cpu: number }> }> {
  const [accounts, sessions, audit] = await Promise.all([
    db().account.count({ where: { sdkAppId } }),
    db().userSession.count({ where: { sdkAppId } }),
    db().auditEvent.count(),
  ]);
  const known = imported.slice(-10);
  const requests: [string, () => Promise<Answer>][] = [
    ...PAGES.map((page): [string, () => Promise<Answer>] => [
      `GET ${page.replace(String(sdkAppId), "[id]")}`,
      () => send("GET", page, { headers: { cookie } }),
    ]),
    [
      "POST /api/v1/login",
      async () => {
        const userId = `probe_${probeNumber++}`;
        const answer = await send("POST", "/api/v1/login", { body: { sdkAppId, userId, userSig: oldKeySig(userId) } });
        if (passed(answer, loginOk)) loginsOk.set(userId, 1);
        return answer;
      },
    ],
    [
      "REST account_check (10)",
      () =>
        send("POST", `/v4/im_open_login_svc/account_check?${adminQuery()}`, {
          body: { CheckItem: known.map((UserID) => ({ UserID })) },
        }),
    ],
    [
      "POST /api/v1/usersig (5)",
      () =>
        send("POST", `/api/v1/usersig?${adminQuery()}`, {
          body: { userIds: ["p1", "p2", "p3", "p4", "p5"], expire: 3600 },
        }),
    ],
  ];
  const cost = new Map<string, { ms: number; cpu: number }>();
  for (const [name, request] of requests) {
    const times: number[] = [];
    const cpuBefore = serverCpuSeconds()!;
    for (let i = 0; i < PROBE_REPEATS; i++) {
      const started = performance.now();
      await request();
      times.push(performance.now() - started);
    }
    cost.set(name, { ms: median(times), cpu: ((serverCpuSeconds()! - cpuBefore) * 1000) / PROBE_REPEATS });
  }
  return { sizes: `${accounts} accounts, ${sessions} sessions, ${audit} audit rows`, cost };
}
const PROBE_REPEATS = 20;
let probeNumber = 0;
/** Where the measured part of the run starts: the end of warm-up and of the probe that follows it. */
let measuredFrom = WARM_UP_MS;
const probes: ({ when: string } & Awaited<ReturnType<typeof probeIdle>>)[] = [];

/** Pauses the load at the end of warm-up, once every request in flight is answered, for probeIdle. */
async function probeAfterWarmUp(): Promise<void> {
  await sleep(WARM_UP_MS);
  let resume = () => {};
  paused = new Promise((resolve) => (resume = resolve));
  while (inFlight > 0) await sleep(20);
  probes.push({ when: `after warm-up (${(elapsed() / 1000).toFixed(0)} s)`, ...(await probeIdle()) });
  measuredFrom = elapsed();
  paused = null;
  resume();
}

// ------------------------------------------------------------------- run

console.log(
  `Soak: ${minutes} min on ${database === "sqlite" ? "SQLite" : "PostgreSQL"}, server ${server.baseUrl} (pid ${serverPid}), app ${sdkAppId}; ` +
    `in flight: ${Object.entries(CONCURRENCY)
      .map(([name, n]) => `${name} ${n}`)
      .join(", ")}; warm-up ${(WARM_UP_MS / 1000).toFixed(0)} s, key rotation at ${(ROTATE_AT_MS / 1000).toFixed(0)} s`,
);

let exitCode = 0;
try {
  runStart = performance.now();
  const sample = () => {
    const [memory, serverCpu] = [rssMb(serverPid), serverCpuSeconds()];
    const soak = process.cpuUsage();
    if (memory !== undefined && serverCpu !== undefined)
      machineSamples.push({
        at: elapsed(),
        ...memory,
        serverCpu,
        soakCpu: (soak.user + soak.system) / 1e6,
        load: loadavg()[0]!,
      });
  };
  sample();
  const sampler = setInterval(sample, 2_000);
  let reported = 0;
  const progress = setInterval(() => {
    const done = Math.floor(elapsed() / 60_000);
    for (; reported < done; reported++) {
      const m = minuteTallies[reported];
      if (!m) continue;
      console.log(
        `  minute ${reported + 1}: ${m.requests} requests, ${m.serverErrors} 5xx, ${m.unanswered} unanswered, ${m.refused} other refusals, login p99 ${percentile(m.latency.get("login") ?? [], 99).toFixed(0)} ms, RSS ${machineSamples.at(-1)?.rss.toFixed(0)} MB`,
      );
    }
  }, 5_000);

  const loops = [
    ...Array.from({ length: CONCURRENCY.login }, loginLoop),
    ...Array.from({ length: CONCURRENCY.rest }, restLoop),
    ...Array.from({ length: CONCURRENCY.usersig }, usersigLoop),
    ...Array.from({ length: CONCURRENCY.kick }, kickLoop),
    ...Array.from({ length: CONCURRENCY.console }, consoleLoop),
    rotateKey(),
    probeAfterWarmUp(),
  ];
  await Promise.all(loops);
  sample();
  const runSeconds = elapsed() / 1000;
  clearInterval(sampler);
  clearInterval(progress);
  probes.push({ when: "after the run", ...(await probeIdle()) });
  agent.destroy();

  // ---------------------------------------------------------- the tables

  const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : "-");
  const p50p99 = (values: number[] | undefined) =>
    values?.length ? `${fmt(percentile(values, 50))} / ${fmt(percentile(values, 99))}` : "-";
  console.log(
    `\n${database === "sqlite" ? "SQLite" : "PostgreSQL"}, ${minutes} min (${runSeconds.toFixed(0)} s), ${cpus().length} cores; p50 / p99 in ms\n`,
  );
  const header = [
    "min",
    "requests",
    "req/s",
    "5xx",
    "unanswered",
    "other refusals",
    ...FAMILIES,
    "server RSS MB",
    "of it anon (median)",
    "server+DB CPU %",
    "server+DB CPU ms/req",
    "soak CPU %",
    "load avg",
  ];
  console.log(`| ${header.join(" | ")} |\n|${header.map(() => "---:|").join("")}`);
  minuteTallies.forEach((m, i) => {
    const seconds = Math.min(60, runSeconds - i * 60);
    if (seconds <= 0.5) return;
    const machine = machineOver(i * 60_000, (i + 1) * 60_000);
    const cells = [
      i + 1,
      m.requests,
      fmt(m.requests / seconds),
      m.serverErrors,
      m.unanswered,
      m.refused,
      ...FAMILIES.map((f) => p50p99(m.latency.get(f))),
      `${fmt(machine.rssMin)}-${fmt(machine.rssMax)}`,
      fmt(machine.anon),
      fmt(machine.serverCpuShare * 100),
      machine.serverCpuPerRequest.toFixed(1),
      fmt(machine.soakCpuShare * 100),
      machine.load.toFixed(1),
    ];
    console.log(`| ${cells.join(" | ")} |`);
  });

  console.log("\n| kind | requests | as expected | p50 ms | p99 ms | other answers |");
  console.log("|---|---:|---:|---:|---:|---|");
  for (const [kind, t] of [...kindTallies].sort(
    ([a, x], [b, y]) => FAMILIES.indexOf(x.family) - FAMILIES.indexOf(y.family) || a.localeCompare(b),
  ))
    console.log(
      `| ${kind} | ${t.requests} | ${t.ok} | ${fmt(percentile(t.latency, 50))} | ${fmt(percentile(t.latency, 99))} | ${[
        ...t.refusals,
      ]
        .map(([why, n]) => `${n}× ${why}`)
        .join("; ")} |`,
    );
  if (refusalLog.length > 0) console.log(`\nFirst refusals:\n  ${refusalLog.join("\n  ")}`);

  console.log(
    `\nSingle requests on the idle server, ${PROBE_REPEATS} of each in a row: median ms / server+DB CPU ms per request\n`,
  );
  for (const p of probes) console.log(`- ${p.when}: ${p.sizes}`);
  console.log(`\n| request | ${probes.map((p) => p.when).join(" | ")} |\n|---|${probes.map(() => "---:|").join("")}`);
  for (const name of probes[0]!.cost.keys())
    console.log(
      `| ${name} | ${probes.map((p) => `${p.cost.get(name)!.ms.toFixed(1)} / ${p.cost.get(name)!.cpu.toFixed(1)}`).join(" | ")} |`,
    );

  // ---------------------------------------------------------- the checks

  const checks: [boolean, string][] = [];
  const check = (passed: boolean, what: string) => checks.push([passed, what]);
  const total = (pick: (m: MinuteTally) => number) => minuteTallies.reduce((sum, m) => sum + pick(m), 0);
  const requests = total((m) => m.requests);

  check(total((m) => m.serverErrors) === 0, `0 5xx (${total((m) => m.serverErrors)} of ${requests} requests)`);
  check(total((m) => m.unanswered) === 0, `every request answered (${total((m) => m.unanswered)} without an answer)`);
  check(
    total((m) => m.refused) === 0,
    `every other answer as expected (${total((m) => m.refused)} refusals of legitimate requests)`,
  );

  // Sessions by UserID, revoked (kicked) ones included: a kick ends a session but keeps its row.
  const rows = await db().userSession.groupBy({ by: ["userId"], where: { sdkAppId }, _count: { _all: true } });
  const sessionsOf = new Map(rows.map((row) => [row.userId, row._count._all]));
  let lost = 0;
  let lostUsers = 0;
  let extra = 0;
  for (const [userId, ok] of loginsOk) {
    const have = sessionsOf.get(userId) ?? 0;
    if (have < ok) {
      lost += ok - have;
      lostUsers++;
    }
  }
  for (const [userId, have] of sessionsOf) extra += Math.max(0, have - (loginsOk.get(userId) ?? 0));
  const okLogins = [...loginsOk.values()].reduce((a, b) => a + b, 0);
  check(
    lost === 0,
    `every login answered 200 has its session row (${okLogins} logins of ${loginsOk.size} UserIDs; ${lost} missing across ${lostUsers} UserIDs; ${extra} rows without a 200)`,
  );

  const accounts = new Set(
    (await db().account.findMany({ where: { sdkAppId }, select: { userId: true } })).map((a) => a.userId),
  );
  const missingImports = imported.filter((userId) => !accounts.has(userId));
  check(
    missingImports.length === 0,
    `every import answered ErrorCode 0 left its account (${imported.length} imported, ${missingImports.length} missing${missingImports.length ? `: ${missingImports.slice(0, 5).join(", ")}` : ""})`,
  );
  const wrongConsole = [...consoleAccounts].filter(([userId, present]) => accounts.has(userId) !== present);
  check(
    wrongConsole.length === 0,
    `console writes hold (${[...consoleAccounts.values()].filter(Boolean).length} accounts added and kept, ${[...consoleAccounts.values()].filter((p) => !p).length} added and deleted; ${wrongConsole.length} wrong)`,
  );

  const afterRotation = (prefix: string) =>
    [...kindTallies].filter(([kind]) => kind.startsWith(prefix)).reduce((sum, [, t]) => sum + t.ok, 0);
  check(
    rotation.problem === null && rotation.newKey !== null,
    rotation.newKey
      ? `key rotated mid-run (version ${firstKey.version} -> ${rotation.newKey.version} at ${(rotation.done! / 1000).toFixed(0)} s); afterwards ${afterRotation("login: new UserID, old key (after rotation)")} logins with old-key UserSigs and ${afterRotation("login: new UserID, new key")} with new-key UserSigs answered 200`
      : `key rotated mid-run: ${rotation.problem ?? "did not happen (run too short?)"}`,
  );

  // Issuing signs with the primary key at once: the old key until the
  // rotation was asked for, the new one once it was answered, either between.
  const wrongKey = issuedSigs.filter(({ sentAt, answeredAt, userId, userSig }) => {
    const keys = [
      ...(rotation.done === null || sentAt < rotation.done ? [firstKey.key] : []),
      ...(rotation.newKey && rotation.started !== null && answeredAt > rotation.started ? [rotation.newKey.key] : []),
    ];
    return !verifyUserSig({ ticket: userSig, sdkAppId, userId, keys }).ok;
  });
  check(
    wrongKey.length === 0,
    `issued UserSigs signed with the primary key of their time (${issuedSigs.length} issued, ${wrongKey.length} not)`,
  );

  // p99 steady: the first third after warm-up against the last third (see P99_RATIO).
  const measured = RUN_MS - measuredFrom;
  const firstWindow = [measuredFrom, measuredFrom + measured / 3] as const;
  const lastWindow = [RUN_MS - measured / 3, Infinity] as const;
  const [firstMachine, lastMachine] = [machineOver(...firstWindow), machineOver(...lastWindow)];
  const context = `server+DB CPU ${firstMachine.serverCpuPerRequest.toFixed(1)} -> ${lastMachine.serverCpuPerRequest.toFixed(1)} ms/request, load average ${firstMachine.load.toFixed(1)} -> ${lastMachine.load.toFixed(1)}`;
  const within = (samples: Sample[], [from, to]: readonly [number, number]) =>
    samples.filter((s) => s.at >= from && s.at < to).map((s) => s.ms);
  for (const family of FAMILIES) {
    const first = within(familySamples.get(family)!, firstWindow);
    const last = within(familySamples.get(family)!, lastWindow);
    if (first.length < 100 || last.length < 100) {
      console.log(`(p99 of ${family} not compared: ${first.length} and ${last.length} samples in the two windows)`);
      continue;
    }
    const [a, b] = [percentile(first, 99), percentile(last, 99)];
    check(
      b <= a * P99_RATIO + P99_SLACK_MS,
      `p99 steady, ${family}: ${b.toFixed(1)} ms in the last third vs ${a.toFixed(1)} ms in the first third after warm-up (limit ${(a * P99_RATIO + P99_SLACK_MS).toFixed(1)}; ${first.length} / ${last.length} requests; ${context})`,
    );
  }

  // RSS: the same windows' medians. Heap RSS is a sawtooth (a major GC frees
  // tens of MB, once a minute or so under this load), so a window's median
  // over dozens of samples is compared, not any one sample; a leak lifts the
  // whole saw, and the last third's median with it.
  const rssOver = ([from, to]: readonly [number, number]) =>
    machineSamples.filter((s) => s.at >= from && s.at < to).map((s) => s.rss);
  const [rssStart, rssEnd] = [median(rssOver(firstWindow)), median(rssOver(lastWindow))];
  const rssPeak = Math.max(...rssOver([measuredFrom, Infinity]));
  const growth = (rssEnd - rssStart) / rssStart;
  check(
    growth < RSS_GROWTH_LIMIT,
    `server RSS growth after warm-up < ${RSS_GROWTH_LIMIT * 100}%: median ${rssStart.toFixed(0)} MB in the first third, ${rssEnd.toFixed(0)} MB in the last (${(growth * 100).toFixed(1)}%; peak after warm-up ${rssPeak.toFixed(0)} MB; ${machineSamples[0]?.rss.toFixed(0)} MB at the start)`,
  );

  console.log("");
  for (const [passed, what] of checks) console.log(`${passed ? "PASS" : "FAIL"} ${what}`);
  exitCode = checks.every(([passed]) => passed) ? 0 : 1;
} finally {
  await server.stop();
  cluster?.stop();
}
process.exit(exitCode);
