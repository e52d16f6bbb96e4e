// `npm run bench:login`: what one login costs in process, without HTTP: N
// logins with valid, distinct UserSigs through lib/api/services/login.ts on a
// fresh SQLite database (or PostgreSQL with --database postgresql), at 1, 10
// and 100 in flight, reporting CPU per login (user + kernel) and logins per
// second. Run it as `node --cpu-prof --conditions=react-server --import tsx tests/bench/login-cost.ts` to see where the time goes.
// Options: --logins <n> (default 20000).
import { parseArgs } from "node:util";
import { freshDatabase } from "../support/bench-process";
import { testSecrets } from "../support/test-env";
import { useTestDatabase } from "../support/test-database";

const { values } = parseArgs({
  options: { logins: { type: "string", default: "20000" }, database: { type: "string", default: "sqlite" } },
});
const total = Number(values.logins);
Object.assign(process.env, testSecrets());
if (values.database === "postgresql") {
  const database = await freshDatabase("postgresql");
  process.env.TESSERA_TEST_PG_URL = database.url.replace(/\/bench$/, "/postgres");
  process.on("exit", database.stop);
}
await useTestDatabase();
const { createApp } = await import("@/lib/data/apps");
const { SYSTEM_ACTOR } = await import("@/lib/data/audit");
const { primaryKey } = await import("@/lib/data/keys");
const { genUserSig } = await import("@/lib/usersig");
const { login } = await import("@/lib/api/services/login");
// The server marks the client address as its own; this process plays the server.
const { PEER_ADDRESS_MARK } = await import("@/lib/client-ip");
(globalThis as Record<symbol, unknown>)[PEER_ADDRESS_MARK] = true;

const { sdkAppId } = await createApp(SYSTEM_ACTOR, "Login cost");
const { key } = await primaryKey(sdkAppId);
let serial = 0;
const next = () => {
  const userId = `cost_${serial++}`;
  return {
    sdkAppId,
    userId,
    userSig: genUserSig({ sdkAppId, key, userId, expire: 86400 }),
    platform: "Unknown",
    ip: "127.0.0.1",
  };
};

async function run(inFlight: number, count: number): Promise<{ cpuUs: number; kernelUs: number; perSecond: number }> {
  const inputs = Array.from({ length: count }, next);
  const cpu = process.cpuUsage();
  const started = performance.now();
  let at = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (at < inputs.length) {
        const result = await login(inputs[at++]!);
        if (!result.ok) throw new Error(`login failed: ${result.code} ${result.message}`);
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  const seconds = (performance.now() - started) / 1000;
  return { cpuUs: (used.user + used.system) / count, kernelUs: used.system / count, perSecond: count / seconds };
}

await run(10, 2000); // warm-up
console.log("| logins in flight | CPU per login | of it in the kernel | logins/s |\n|---:|---:|---:|---:|");
for (const inFlight of [10, 100, 1]) {
  const r = await run(inFlight, inFlight === 1 ? Math.min(total, 3000) : total);
  console.log(`| ${inFlight} | ${r.cpuUs.toFixed(0)} µs | ${r.kernelUs.toFixed(0)} µs | ${r.perSecond.toFixed(0)} |`);
}
process.exit(0);
