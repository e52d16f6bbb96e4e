/*
 * UserSig throughput: Tessera vs the official tls-sig-api-v2 (generate) and
 * vs a bare HMAC-SHA256 of the same content (verify's floor), plus decode,
 * and decode's worst case: the costliest tickets of at most 4096 characters
 * an attacker can craft (tests/unit/usersig-crafted.ts), as decoding comes
 * before any authentication. Candidates run interleaved, round after round,
 * and the median round counts, so a noisy neighbour on the machine hits
 * every candidate alike.
 *
 *   npm run bench              print the table
 *   npm run bench -- --assert  also exit 1 when a target is missed
 */
import { createHmac } from "node:crypto";
import { createRequire } from "node:module";
import { decodeUserSig, genUserSig, verifyUserSig } from "../../lib/usersig";
import { costliestTicket, emptyDeepBlock, ticketOfBlocks } from "../unit/usersig-crafted";
import { inflateTicket } from "../unit/usersig-support";

type OfficialApi = { genUserSig(userId: string, expire: number): string };
const require = createRequire(import.meta.url);
const { Api } = require("tls-sig-api-v2") as { Api: new (sdkAppId: number, key: string) => OfficialApi };

const SDK_APP_ID = 1400000000;
const KEY = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
const USER_ID = "xiaojun";
const EXPIRE = 86400 * 180;
const ROUNDS = 15;
const ROUND_MS = 150;
const TARGET_GENERATE_SPEEDUP = 2.5;
const TARGET_VERIFY_COST = 4;
const TARGET_WORST_DECODE_US = 1000;

const official = new Api(SDK_APP_ID, KEY);
const now = Math.floor(Date.now() / 1000);
const ticket = genUserSig({ sdkAppId: SDK_APP_ID, key: KEY, userId: USER_ID, expire: EXPIRE, now });
const content = `TLS.identifier:${USER_ID}\nTLS.sdkappid:${SDK_APP_ID}\nTLS.time:${now}\nTLS.expire:${EXPIRE}\n`;
// The genuine ticket behind as many empty 15-bit-code dynamic blocks as fit (issue 8), and the ticket that costs the bounded inflater most.
const emptyBlocks = ticketOfBlocks(emptyDeepBlock, inflateTicket(ticket));
const crafted = { [`decode, ${emptyBlocks.blocks} empty blocks`]: emptyBlocks.ticket, "decode, costliest crafted": costliestTicket() };

// Results go to a sink so the JIT cannot drop the work.
let sink = 0;
const candidates: Record<string, () => void> = {
  "generate (official)": () => (sink += official.genUserSig(USER_ID, EXPIRE).length),
  "generate (Tessera)": () => (sink += genUserSig({ sdkAppId: SDK_APP_ID, key: KEY, userId: USER_ID, expire: EXPIRE }).length),
  "HMAC-SHA256 (floor)": () => (sink += createHmac("sha256", KEY).update(content).digest().length),
  "verify (Tessera)": () => (sink += verifyUserSig({ ticket, sdkAppId: SDK_APP_ID, userId: USER_ID, keys: [KEY], now }).ok ? 1 : 0),
  "decode (Tessera)": () => (sink += decodeUserSig(ticket).ok ? 1 : 0),
  ...Object.fromEntries(Object.entries(crafted).map(([name, t]) => [name, () => (sink += decodeUserSig(t).ok ? 1 : 0)])),
};

function opsPerSecond(fn: () => void, ms: number): number {
  let ops = 0;
  const start = performance.now();
  let elapsed = 0;
  // Batches grow to 200 calls, so a candidate of milliseconds per call (the crafted tickets, before issue 8's fix) still fits a round.
  for (let batch = 1; elapsed < ms; batch = Math.min(batch * 2, 200)) {
    for (let i = 0; i < batch; i++) fn();
    ops += batch;
    elapsed = performance.now() - start;
  }
  return (ops / elapsed) * 1000;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

for (const fn of Object.values(candidates)) opsPerSecond(fn, 300); // warm-up: JIT and caches
const samples = new Map<string, number[]>(Object.keys(candidates).map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, fn] of Object.entries(candidates)) samples.get(name)!.push(opsPerSecond(fn, ROUND_MS));
}
const ops = (name: string) => median(samples.get(name)!);

console.log(`UserSig benchmark: median of ${ROUNDS} interleaved rounds of ${ROUND_MS} ms (Node ${process.version})\n`);
console.log(`${"operation".padEnd(28)}${"ops/s".padStart(12)}${"µs/op".padStart(10)}`);
for (const name of Object.keys(candidates)) {
  const o = ops(name);
  console.log(`${name.padEnd(28)}${Math.round(o).toLocaleString("en-US").padStart(12)}${(1e6 / o).toFixed(2).padStart(10)}`);
}

const generateSpeedup = ops("generate (Tessera)") / ops("generate (official)");
const verifyCost = ops("HMAC-SHA256 (floor)") / ops("verify (Tessera)");
const generateMet = generateSpeedup >= TARGET_GENERATE_SPEEDUP;
const verifyMet = verifyCost <= TARGET_VERIFY_COST;
const worstDecode = Math.max(...Object.keys(crafted).map((name) => 1e6 / ops(name)));
const worstMet = worstDecode < TARGET_WORST_DECODE_US;
console.log(`\ngenerate: ${generateSpeedup.toFixed(2)}x the official library (target >= ${TARGET_GENERATE_SPEEDUP}x): ${generateMet ? "met" : "MISSED"}`);
console.log(`verify:   ${verifyCost.toFixed(2)}x the cost of a bare HMAC (target <= ${TARGET_VERIFY_COST}x): ${verifyMet ? "met" : "MISSED"}`);
console.log(`worst-case decode: ${worstDecode.toFixed(1)} µs per call on a crafted 4 KB ticket (target < ${TARGET_WORST_DECODE_US / 1000} ms): ${worstMet ? "met" : "MISSED"}`);
if (sink === -1) console.log(sink);

if (process.argv.includes("--assert") && !(generateMet && verifyMet && worstMet)) process.exit(1);
