// `npm run audit:prune -- --before=YYYY-MM-DD`: removes the sealed audit rows
// older than that day (UTC), with their seals, in one transaction that also
// writes the "audit.prune" row anchoring what remains (lib/data/audit-chain.ts).
// Refused while `npm run audit:verify` would fail. On SQLite the deletion holds
// the write lock while it runs: on a busy server, prune in steps.
import nextEnv from "@next/env";

const USAGE = "usage: npm run audit:prune -- --before=YYYY-MM-DD (a past day, UTC)";

async function main(): Promise<number> {
  const day =
    process.argv
      .slice(2)
      .find((arg) => arg.startsWith("--before="))
      ?.slice("--before=".length) ?? "";
  const before = new Date(`${day}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(before.getTime()) || before.toISOString().slice(0, 10) !== day) {
    console.error(USAGE);
    return 2;
  }
  // A typo in the year must not empty the trail.
  if (before.getTime() > Date.now()) {
    console.error(`--before=${day} is in the future; ${USAGE}`);
    return 2;
  }
  nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error }, true);
  // lib/env validates the environment; import after .env.local is loaded.
  const { pruneAudit } = await import("@/lib/data/audit-chain");
  const { removed, throughId } = await pruneAudit({ type: "system", id: "audit:prune" }, before);
  console.log(
    throughId === null
      ? `nothing to prune before ${day}`
      : `removed ${removed} audit rows before ${day} (through #${throughId}); the chain now starts after #${throughId}`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`audit:prune failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
