// `npm run fuzz -- --cases N`: fuzzing at depth, run by hand, not in CI.
//
// Drives (a) decodeUserSig/verifyUserSig in-process and (b) the parsers of
// POST /api/v1/login, POST /api/v1/usersig and POST /v4/<service>/<command>
// against Tessera's server, with mutated tickets, bodies, query strings, methods
// and headers, and checks: no crash (no exception in-process; the server keeps
// answering), no accepted forgery, no HTTP 5xx and no REST 70500, no failed
// legitimate control call, and a flat server RSS. Prints a table; exits 1 on
// any failure.
//
// Options:
//   --cases N            total cases (default 20000)
//   --seed S             uint32 seed (default random; printed)
//   --http-share F       fraction of cases sent over HTTP (default 0.2)
//   --control-share F    fraction of HTTP cases that are legitimate controls (default 0.05)
//   --concurrency N      HTTP requests in flight (default 16)
//   --warmup N           HTTP cases before the first RSS sample (default 5000, counted in the table;
//                        the server's heap grows for the first ~10-20k requests, then levels off)
//   --rss-limit-mb N     allowed server RSS growth (default 150)
//   --fuzz-addresses N   loopback client addresses the fuzz cases spread over (default 254; see clientAddress)
//   --timeout-ms N       per-request timeout (default 30000)
//   --base-url URL       fuzz a running server instead (needs its DATABASE_URL and
//                        TESSERA_MASTER_KEY in the environment or .env.local)
//   --pid N              that server's process id, for RSS (else found by its port)
//   --rebuild            build into --dist-dir even if a build exists
//   --dist-dir DIR       (default .next-fuzz)
//   --replay=I           build case I of --seed S (negative: a warm-up case), run it alone and
//                        print everything; the apps and keys are new, so the mutation is the
//                        same but the bytes differ
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setImmediate as yieldToIo } from "node:timers/promises";
import { inspect, parseArgs } from "node:util";
import {
  type HttpCase,
  type HttpJudgement,
  type HttpWorld,
  controlCase,
  loginCase,
  restCase,
  usersigCase,
} from "./http-cases";
import { HttpClient, clientAddress, healthy } from "./http-client";
import { Rng, caseRng } from "./rng";
import {
  FAMILIES,
  type Family,
  type Judgement,
  type TicketCase,
  type World,
  judgeTicket,
  makeWorld,
  ticketCase,
} from "./tickets";
import { ensureBuild, pidListeningOn } from "../support/bench-process";

const { values: opt } = parseArgs({
  options: {
    cases: { type: "string", default: "20000" },
    seed: { type: "string" },
    "http-share": { type: "string", default: "0.2" },
    "control-share": { type: "string", default: "0.05" },
    concurrency: { type: "string", default: "16" },
    warmup: { type: "string", default: "5000" },
    "rss-limit-mb": { type: "string", default: "150" },
    "fuzz-addresses": { type: "string", default: "254" },
    "timeout-ms": { type: "string", default: "30000" },
    "base-url": { type: "string" },
    pid: { type: "string" },
    rebuild: { type: "boolean", default: false },
    "dist-dir": { type: "string", default: ".next-fuzz" },
    replay: { type: "string" },
  },
});
const cases = Number(opt.cases);
const seed = opt.seed !== undefined ? Number(opt.seed) >>> 0 : (Math.random() * 2 ** 32) >>> 0;
const httpShare = Number(opt["http-share"]);
const controlShare = Number(opt["control-share"]);
const concurrency = Math.max(1, Number(opt.concurrency));
const warmup = httpShare > 0 ? Math.max(0, Number(opt.warmup)) : 0;
const rssLimitMb = Number(opt["rss-limit-mb"]);
const timeoutMs = Number(opt["timeout-ms"]);
const distDir = opt["dist-dir"]!;

// ------------------------------------------------------------------ server

let server: { stop: () => Promise<void> } | undefined;
let baseUrl: string;
if (opt["base-url"]) {
  baseUrl = opt["base-url"].replace(/\/$/, "");
  // This process creates the fuzz apps in the server's database, so it needs the same settings.
  if (!process.env.TESSERA_MASTER_KEY && existsSync(".env.local")) process.loadEnvFile(".env.local");
} else {
  const { startServer } = await import("../support/server");
  const { testSecrets } = await import("../support/test-env");
  Object.assign(process.env, testSecrets());
  delete process.env.TESSERA_TEST_PG_URL;
  ensureBuild(distDir, opt.rebuild);
  const started = await startServer({ distDir });
  Object.assign(process.env, started.env);
  server = started;
  baseUrl = started.baseUrl;
}
// Client addresses of our own (see clientAddress) need an IPv4 loopback server address.
const loopback = /^127\.\d+\.\d+\.\d+$/.test(new URL(baseUrl).hostname);
if (!loopback)
  console.log(
    "Note: the server is not on 127.x, so controls and fuzz cases share this host's address; controls answered 429/70050/60007 then mean this address was throttled.",
  );
const serverPid = opt.pid
  ? Number(opt.pid)
  : loopback
    ? pidListeningOn(Number(new URL(baseUrl).port || 80))
    : undefined;

function rssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

// ------------------------------------------------------------------- world

const { createApp, setAppStatus } = await import("@/lib/data/apps");
const { primaryKey } = await import("@/lib/data/keys");
const { SYSTEM_ACTOR } = await import("@/lib/data/audit");
async function newApp(name: string) {
  const { sdkAppId } = await createApp(SYSTEM_ACTOR, name);
  return { sdkAppId, key: (await primaryKey(sdkAppId)).key };
}
const fuzzApp = await newApp("Fuzz app");
const otherApp = await newApp("Fuzz other app");
// Legitimate controls only: no fuzz case holds a genuine credential for it, so nothing the fuzz does is charged to it.
const controlApp = await newApp("Fuzz control app");
const disabledApp = await newApp("Fuzz disabled app");
await setAppStatus(SYSTEM_ACTOR, disabledApp.sdkAppId, "disabled");

const world: World = makeWorld(Math.floor(Date.now() / 1000), fuzzApp, otherApp, new Rng(seed));
const httpWorld: HttpWorld = { ...world, control: controlApp, disabled: disabledApp };
const client = new HttpClient(baseUrl, timeoutMs, (from, slot) =>
  clientAddress(from, slot, { loopback, fuzzAddresses: Number(opt["fuzz-addresses"]) }),
);

function httpCase(rng: Rng): HttpCase {
  if (rng.chance(controlShare)) return controlCase(rng, httpWorld);
  const target = rng.weighted({ login: 40, rest: 40, usersig: 20 });
  return target === "login"
    ? loginCase(rng, httpWorld)
    : target === "rest"
      ? restCase(rng, httpWorld)
      : usersigCase(rng, httpWorld);
}

// ------------------------------------------------------------------ tallies

const ROWS = [
  "in-process decode+verify",
  "HTTP POST /api/v1/login",
  "HTTP POST /api/v1/usersig",
  "HTTP POST /v4/<service>/<command>",
  "control: login",
  "control: REST",
  "control: usersig",
] as const;
type RowName = (typeof ROWS)[number];
const COLUMNS = [
  "cases",
  "accepted",
  "rejected",
  "throttled",
  "no answer",
  "crash",
  "5xx/70500",
  "forgery",
  "wrong verdict/answer",
  "decode mismatch",
  "legit failure",
] as const;
type Column = (typeof COLUMNS)[number];
const table = new Map<RowName, Record<Column, number>>(
  ROWS.map((row) => [row, Object.fromEntries(COLUMNS.map((c) => [c, 0])) as Record<Column, number>]),
);
const families = new Map<Family, { cases: number; accepted: number }>(
  FAMILIES.map((f) => [f, { cases: 0, accepted: 0 }]),
);

type Failure = {
  column: Column;
  caseIndex: number;
  row: RowName;
  label: string;
  detail: string;
  input: string;
  answer?: string;
};
/**
 * Failures grouped by a signature (kind, target, method, the detail with
 * numbers and quoted text blanked), so one bug hit a thousand times shows as
 * one line with a count and a few reproducible examples.
 */
type Group = { signature: string; column: Column; count: number; examples: Failure[] };
const groups = new Map<string, Group>();
let failureCount = 0;
const EXAMPLES_PER_GROUP = 5;

function addFailure(f: Failure): void {
  failureCount++;
  const method = f.row.startsWith("in-process") ? "" : ` | ${f.input.split(" ", 1)[0]}`;
  const detail = f.detail
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/\d+/g, "#")
    .slice(0, 100);
  const signature = `${f.column} | ${f.row}${method} | ${detail}`;
  const group =
    groups.get(signature) ??
    groups.set(signature, { signature, column: f.column, count: 0, examples: [] }).get(signature)!;
  group.count++;
  if (group.examples.length < EXAMPLES_PER_GROUP) group.examples.push(f);
}
const PROBLEM_COLUMN: Record<string, Column> = {
  crash: "crash",
  forgery: "forgery",
  "wrong-verdict": "wrong verdict/answer",
  "wrong-answer": "wrong verdict/answer",
  "decode-mismatch": "decode mismatch",
  "legit-failure": "legit failure",
  "5xx": "5xx/70500",
  "no-answer": "no answer",
};

const show = (v: unknown, max = 600) => {
  const text = typeof v === "string" ? JSON.stringify(v) : inspect(v, { depth: 3, breakLength: Infinity });
  return text.length > max ? `${text.slice(0, max)}... (${text.length} chars)` : text;
};

function record(
  row: RowName,
  outcome: "accepted" | "rejected" | "throttled" | "no answer",
  problem: string | undefined,
  failure: Omit<Failure, "column" | "row">,
): void {
  const counts = table.get(row)!;
  counts.cases++;
  counts[outcome]++;
  if (problem) {
    const column = PROBLEM_COLUMN[problem]!;
    if (column !== outcome) counts[column]++;
    addFailure({ ...failure, column, row });
  }
}

// --------------------------------------------------------------- one case

/** The slowest in-process cases: a decoder that does too much work on some input shows here. */
const slowest: { ms: number; index: number; c: TicketCase }[] = [];

function runTicketCase(index: number, rng: Rng, verbose = false): void {
  const c = ticketCase(rng, world);
  const t0 = performance.now();
  const j: Judgement = judgeTicket(c, world, rng);
  const ms = performance.now() - t0;
  if (slowest.length < 10 || ms > slowest[slowest.length - 1]!.ms) {
    slowest.push({ ms, index, c });
    slowest.sort((a, b) => b.ms - a.ms).splice(10);
  }
  const family = families.get(c.family)!;
  family.cases++;
  if (j.outcome === "accepted") family.accepted++;
  record("in-process decode+verify", j.outcome, j.problem, {
    caseIndex: index,
    label: c.label,
    detail: j.detail ?? "",
    input: `ticket ${show(c.ticket)} (base "${c.base.name}", claims from ${c.claimFrom})`,
  });
  if (verbose)
    console.log(
      inspect(
        {
          label: c.label,
          ticket: c.ticket,
          base: c.base.name,
          signedContents: c.signed.map((x) => x.content),
          judgement: j,
        },
        { depth: 4 },
      ),
    );
}

const rowOf = (c: HttpCase): RowName =>
  c.control
    ? c.target === "login"
      ? "control: login"
      : c.target === "rest"
        ? "control: REST"
        : "control: usersig"
    : c.target === "login"
      ? "HTTP POST /api/v1/login"
      : c.target === "rest"
        ? "HTTP POST /v4/<service>/<command>"
        : "HTTP POST /api/v1/usersig";

let serverDown: string | undefined;
let probing: Promise<void> | undefined;

/** After a request got no answer: is the server still up? One probe at a time. */
function probeServer(): Promise<void> {
  probing ??= (async () => {
    const alive = serverPid === undefined || existsSync(`/proc/${serverPid}`);
    if (!alive) serverDown = `server process ${serverPid} is gone`;
    else if (!(await healthy(baseUrl))) serverDown = "server stopped answering GET /api/health for 15 s";
  })().finally(() => (probing = undefined));
  return probing;
}

async function runHttpCase(index: number, c: HttpCase, verbose = false): Promise<void> {
  const answer = await client.send(c.request, Math.floor(index / 8));
  const input = `${c.request.method} ${show(c.request.path, 400)} headers ${show(c.request.headers, 300)}${c.request.chunked ? " (chunked)" : ""} body ${c.request.body ? show(c.request.body.toString("utf8"), 400) : "none"}`;
  if (verbose) console.log(`request: ${input}\nanswer: ${inspect(answer, { depth: 3 })}`);
  if (!answer.ok) {
    await probeServer();
    // Node's HTTP parser answers 431 to a request head over 16 KB and closes the
    // socket; while a big request is still being written that arrives as a reset.
    const head =
      c.request.path.length + Object.entries(c.request.headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 0);
    if (!serverDown && head > 16 * 1024 && /ECONNRESET|EPIPE/.test(answer.error)) {
      record(rowOf(c), "rejected", undefined, { caseIndex: index, label: c.label, detail: "", input });
      return;
    }
    record(rowOf(c), "no answer", c.control ? "legit-failure" : "no-answer", {
      caseIndex: index,
      label: c.label,
      detail: `no answer: ${answer.error}`,
      input,
    });
    return;
  }
  let j: HttpJudgement;
  try {
    j = c.judge(answer);
  } catch (error) {
    // A bug in the fuzzer's own judge must not end a long run; it is reported like a failure.
    j = { outcome: "rejected", problem: "wrong-answer", detail: `the fuzzer's judge threw ${String(error)}` };
  }
  if (verbose) console.log(`judgement: ${inspect(j)}`);
  const outcome = j.outcome === "success" ? "accepted" : j.outcome;
  record(rowOf(c), outcome, j.problem, {
    caseIndex: index,
    label: c.label,
    detail: j.detail ?? "",
    input,
    answer: `HTTP ${answer.status} ${show(answer.text, 400)}`,
  });
}

// ----------------------------------------------------------------- replay

if (opt.replay !== undefined) {
  const index = Number(opt.replay);
  // Negative indexes are the warm-up cases, which are all HTTP.
  const rng = index < 0 ? caseRng(seed ^ 0x5bd1e995, -1 - index) : caseRng(seed, index);
  console.log(`Replaying case ${index} of seed ${seed} against ${baseUrl}`);
  if (index < 0 || rng.float() < httpShare) {
    const c = httpCase(rng);
    console.log(`HTTP case: ${c.label}`);
    await runHttpCase(index, c, true);
  } else {
    runTicketCase(index, rng, true);
  }
  client.close();
  await server?.stop();
  process.exit(0);
}

// -------------------------------------------------------------------- run

console.log(
  `Fuzzing: ${cases} cases, seed ${seed}, HTTP share ${httpShare}, controls ${controlShare} of HTTP, concurrency ${concurrency}, server ${baseUrl} (pid ${serverPid ?? "unknown"})`,
);
console.log(
  `Reproduce with: npm run fuzz -- --cases ${cases} --seed ${seed} --http-share ${httpShare}; one case: --seed ${seed} --replay=<index>`,
);

let inFlight = 0;
const waiting: (() => void)[] = [];
const release = () => {
  inFlight--;
  waiting.shift()?.();
};
async function dispatch(index: number, c: HttpCase): Promise<void> {
  while (inFlight >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
  inFlight++;
  void runHttpCase(index, c).finally(release);
}
async function drain(): Promise<void> {
  while (inFlight > 0) await new Promise<void>((resolve) => waiting.push(resolve));
}

let rssPeak = 0;
const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb(serverPid) ?? 0)), 1000);
const started = performance.now();
let lastReport = started;
let notSent = 0;

// Warm-up: HTTP cases from their own stream (judged and counted like the rest)
// until route modules are loaded and the JIT has settled; then the first RSS sample.
for (let k = 0; k < warmup && !serverDown; k++) await dispatch(-1 - k, httpCase(caseRng(seed ^ 0x5bd1e995, k)));
await drain();
const rssStart = rssMb(serverPid);
// Mid-run sample: a leak keeps growing in the second half, a heap settling to its working size does not.
let rssMid: number | undefined;
const warmupSeconds = (performance.now() - started) / 1000;

let sinceYield = 0;
for (let i = 0; i < cases; i++) {
  const rng = caseRng(seed, i);
  if (i === Math.floor(cases / 2)) rssMid = rssMb(serverPid);
  if (rng.float() < httpShare) {
    if (serverDown) {
      notSent++;
      continue;
    }
    await dispatch(i, httpCase(rng));
  } else {
    runTicketCase(i, rng);
    // Let answers and timers run between in-process batches.
    if (++sinceYield % 256 === 0) await yieldToIo();
  }
  if (performance.now() - lastReport > 10_000) {
    lastReport = performance.now();
    const s = (lastReport - started) / 1000;
    console.log(
      `  ${i + 1}/${cases} cases in ${s.toFixed(0)} s (${((i + 1) / s).toFixed(0)}/s), server RSS ${rssMb(serverPid)?.toFixed(0) ?? "?"} MB, failures so far ${failureCount}`,
    );
  }
}
await drain();
const seconds = (performance.now() - started) / 1000;
if (!serverDown) await probeServer();
const rssEnd = rssMb(serverPid);
clearInterval(sampler);
rssPeak = Math.max(rssPeak, rssEnd ?? 0);

// ----------------------------------------------------------------- report

const os = await import("node:os");
console.log(
  `\nSeed ${seed}; ${cases} cases + ${warmup} warm-up HTTP cases in ${seconds.toFixed(1)} s (warm-up ${warmupSeconds.toFixed(1)} s, then ${(cases / (seconds - warmupSeconds)).toFixed(0)} cases/s); ${process.platform}, ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}\n`,
);
console.log(`| target | ${COLUMNS.join(" | ")} |`);
console.log(`|---|${COLUMNS.map(() => "---:").join("|")}|`);
const total = Object.fromEntries(COLUMNS.map((c) => [c, 0])) as Record<Column, number>;
for (const [row, counts] of table) {
  console.log(`| ${row} | ${COLUMNS.map((c) => counts[c]).join(" | ")} |`);
  for (const c of COLUMNS) total[c] += counts[c];
}
console.log(`| **total** | ${COLUMNS.map((c) => total[c]).join(" | ")} |`);
if (notSent > 0) console.log(`\n${notSent} HTTP cases were not sent because the server was down.`);
console.log(
  `\nIn-process mutation families (cases / accepted): ${[...families].map(([f, s]) => `${f} ${s.cases}/${s.accepted}`).join(", ")}`,
);
console.log(
  "(accepted in-process = re-spellings of genuine content and genuinely signed variants; the oracle checks each one)",
);
if (slowest.length > 0) {
  // The ten slowest, timed again (best of five): a GC pause during the run is not the decoder's cost.
  const retimed = slowest
    .map(({ index, c }) => {
      const best = Math.min(
        ...Array.from({ length: 5 }, () => {
          const t0 = performance.now();
          judgeTicket(c, world, new Rng(0));
          return performance.now() - t0;
        }),
      );
      return { index, label: c.label, best };
    })
    .sort((a, b) => b.best - a.best)[0]!;
  console.log(
    `Slowest in-process case (decode + verify + reference check, timed again): ${retimed.best.toFixed(2)} ms, case ${retimed.index} (${retimed.label}); slowest seen in the run ${slowest[0]!.ms.toFixed(1)} ms`,
  );
}

const growth = rssStart !== undefined && rssEnd !== undefined ? rssEnd - rssStart : undefined;
const controls = ["control: login", "control: REST", "control: usersig"].reduce(
  (sum, row) => sum + table.get(row as RowName)!.cases,
  0,
);
const checks: [string, boolean][] = [
  [
    `crashes: ${total.crash} in-process exceptions; server ${serverDown ? `DOWN (${serverDown})` : "still answering"}`,
    total.crash === 0 && !serverDown,
  ],
  [`accepted forgeries: ${total.forgery}`, total.forgery === 0],
  [`HTTP 5xx / REST ErrorCode 70500: ${total["5xx/70500"]}`, total["5xx/70500"] === 0],
  [
    `legitimate failures: ${total["legit failure"]} of ${controls + families.get("control")!.cases} controls (HTTP ${controls}, in-process ${families.get("control")!.cases})`,
    total["legit failure"] === 0,
  ],
  [`requests without an answer: ${total["no answer"]}`, total["no answer"] === 0],
  [
    `wrong verdicts/answers: ${total["wrong verdict/answer"]}; decoder disagreements with node:zlib+JSON.parse: ${total["decode mismatch"]}`,
    total["wrong verdict/answer"] === 0 && total["decode mismatch"] === 0,
  ],
  [
    growth === undefined
      ? `server RSS: not measured (no pid; pass --pid)`
      : `server RSS: ${rssStart!.toFixed(0)} MB after warm-up, ${rssMid?.toFixed(0) ?? "?"} MB half-way, ${rssEnd!.toFixed(0)} MB at the end (peak ${rssPeak.toFixed(0)}); growth ${growth.toFixed(1)} MB (limit ${rssLimitMb}), ${rssMid === undefined ? "?" : (rssEnd! - rssMid).toFixed(1)} MB of it in the second half`,
    growth === undefined || growth <= rssLimitMb,
  ],
];
console.log("");
for (const [text, ok] of checks) console.log(`${ok ? "PASS" : "FAIL"}  ${text}`);

if (failureCount > 0) {
  const sorted = [...groups.values()].sort((a, b) => b.count - a.count);
  console.log(`\n${failureCount} failures, ${sorted.length} distinct signatures (count, signature, first example):`);
  for (const g of sorted.slice(0, 25)) {
    const f = g.examples[0]!;
    console.log(
      `- ${g.count} x ${g.signature}\n    e.g. case ${f.caseIndex}: ${f.label}\n    ${f.detail}\n    input: ${f.input}${f.answer ? `\n    answer: ${f.answer}` : ""}`,
    );
  }
  if (sorted.length > 25) console.log(`  ... and ${sorted.length - 25} more signatures`);
  const file = path.join(tmpdir(), `tessera-fuzz-${seed}.json`);
  writeFileSync(file, JSON.stringify({ seed, cases, httpShare, failureCount, groups: sorted }, null, 1));
  console.log(`\nEvery signature with up to ${EXAMPLES_PER_GROUP} examples: ${file}`);
}

client.close();
await server?.stop();
const passed = checks.every(([, ok]) => ok);
console.log(passed ? "\nFUZZ PASSED" : "\nFUZZ FAILED");
process.exit(passed ? 0 : 1);
