// `npm run audit:verify`: walks the audit trail's hash chain
// (lib/data/audit-chain.ts) and records the result for the console's audit
// pages. Exit 0: "chain verified up to #N (M rows not yet sealed)". Exit 1:
// the first row that was altered, inserted or removed.
import nextEnv from "@next/env";

async function main(): Promise<number> {
  nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error }, true);
  // lib/env validates the environment; import after .env.local is loaded.
  const { verifyChain } = await import("@/lib/data/audit-chain");
  const result = await verifyChain();
  if (!result.ok) {
    console.error(`audit chain broken: ${result.problem}`);
    return 1;
  }
  console.log(`chain verified up to #${result.through} (${result.unsealed} rows not yet sealed)`);
  // Someone with write access to the database could recompute every seal; a copy of the head kept elsewhere shows it.
  if (result.head) console.log(`head: #${result.head.id} ${result.head.hash}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`audit:verify failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
