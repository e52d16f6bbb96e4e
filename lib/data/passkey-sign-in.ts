import "server-only";
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { type Actor } from "@/lib/data/audit";
import { auditRejected } from "@/lib/data/rejections";
import { countAttempts, refundAttempts } from "@/lib/data/throttle";
import { PER_CLIENT, tooMany } from "@/lib/data/sign-in-throttle";
import { acceptPasskeyAssertion } from "@/lib/data/passkeys";
import { completeSignIn, findOperatorForSession, type PasswordSignIn } from "@/lib/data/operators";
import { nextSignInStep } from "@/lib/data/sign-in-steps";

/** The sign-in throttle's per-client rule, shared with passwords, so guesses of either kind count together. */
const clientRule = (ip: string) => ({ key: `signin:ip:${ip}`, policy: PER_CLIENT });

/**
 * "Sign in with a passkey": a discoverable passkey alone, no password. It is
 * counted like a password attempt before it is checked; a disabled operator
 * is refused; the passkey is the strong factor the owner's policy asks for,
 * so only a generated password's replacement can still be owed (`next`).
 */
export async function signInWithPasskey(
  response: AuthenticationResponseJSON,
  ip: string,
): Promise<(PasswordSignIn & { method: "passkey" }) | null> {
  const anonymous: Actor = { type: "anonymous", id: "passkey", ip };
  const [wait] = await countAttempts([clientRule(ip)]);
  if (wait! > 0) {
    await auditRejected({
      actor: anonymous,
      action: "operator.sign-in",
      target: "passkey",
      code: 70050,
      details: { reason: "throttled" },
    });
    throw tooMany("Too many failed sign-in attempts.", wait!);
  }
  const used = await acceptPasskeyAssertion(response, null, ip);
  const operator = used && (await findOperatorForSession(used.operatorId));
  if (!used || !operator || operator.disabled) {
    await auditRejected({
      actor: anonymous,
      action: "operator.sign-in",
      target: "passkey",
      details: { reason: "invalid passkey" },
    });
    return null;
  }
  await refundAttempts([clientRule(ip)]);
  const next = await nextSignInStep(operator, "passkey");
  if (next === "session") await completeSignIn(operator.id, ip, { method: "passkey", passkey: used.passkey });
  return {
    id: operator.id,
    email: operator.email,
    name: operator.name,
    sessionVersion: operator.sessionVersion,
    next,
    method: "passkey",
  };
}
