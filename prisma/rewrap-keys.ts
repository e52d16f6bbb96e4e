// `npm run keys:rewrap`: re-encrypts every stored secret key (and state
// callback token, operator TOTP secret, SSO client secret) under the current TESSERA_MASTER_KEY,
// so a previous master key can be removed from TESSERA_PREVIOUS_MASTER_KEYS
// afterwards. All or nothing, and safe to run again. Prints key ids and
// counts only, never a key.
import nextEnv from "@next/env";

async function main(): Promise<void> {
  nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error }, true);
  // lib/env validates the environment; import after .env.local is loaded.
  const { rewrapStoredKeys } = await import("@/lib/data/keys");
  const { SYSTEM_ACTOR } = await import("@/lib/data/audit");
  const { keyId, total, rewrapped, callbackTokens, totpSecrets, ssoClientSecret } =
    await rewrapStoredKeys(SYSTEM_ACTOR);
  console.log(report(keyId, total, rewrapped, "stored secret key(s)"));
  if (callbackTokens.total > 0)
    console.log(report(keyId, callbackTokens.total, callbackTokens.rewrapped, "state callback token(s)"));
  if (totpSecrets.total > 0)
    console.log(report(keyId, totpSecrets.total, totpSecrets.rewrapped, "operator TOTP secret(s)"));
  if (ssoClientSecret.total > 0)
    console.log(report(keyId, ssoClientSecret.total, ssoClientSecret.rewrapped, "SSO client secret(s)"));
}

function report(keyId: string, total: number, rewrapped: Record<string, number>, what: string): string {
  // Master keys by id, the legacy format last: the same line whatever order the rows came in.
  const moved = Object.entries(rewrapped).sort(([a], [b]) => (a === "v1" ? 1 : b === "v1" ? -1 : a.localeCompare(b)));
  if (moved.length === 0) return `Nothing to do: all ${total} ${what} are already encrypted under master key ${keyId}.`;
  const count = moved.reduce((sum, [, n]) => sum + n, 0);
  const sources = moved
    .map(([from, n]) => `${n} from ${from === "v1" ? "the legacy format" : `master key ${from}`}`)
    .join(", ");
  return `Re-encrypted ${count} of ${total} ${what} under master key ${keyId} (${sources}).`;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`\n${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
