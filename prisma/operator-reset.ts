// `npm run operator:reset -- --email <email>`: break-glass for a locked-out
// operator (a lost phone, a forgotten password, the last owner). Needs the
// database and the master key (it refuses to run when the master key cannot
// read this database), so only whoever runs the server can use it. Sets a
// generated password, printed once, that must be changed at the next
// sign-in; removes the operator's second factors, enables them and ends
// their sessions. Audited as "operator.break-glass-reset".
import nextEnv from "@next/env";

async function main(): Promise<void> {
  const at = process.argv.indexOf("--email");
  const email = at >= 0 ? process.argv[at + 1] : undefined;
  if (!email) throw new Error("Usage: npm run operator:reset -- --email <email>");
  nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error }, true);
  // lib/env validates the environment; import after .env.local is loaded.
  const { assertMasterKeyMatches } = await import("@/lib/data/keys");
  await assertMasterKeyMatches();
  const { breakGlassReset } = await import("@/lib/data/operators");
  const { SYSTEM_ACTOR } = await import("@/lib/data/audit");
  const password = await breakGlassReset({ ...SYSTEM_ACTOR, id: "operator:reset" }, email);
  console.log(`Reset ${email.trim().toLowerCase()}: second factors removed, sessions ended.`);
  console.log(`  one-time password: ${password}   <- shown only this once; it must be changed at sign-in`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`\n${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
