import "server-only";
import { db } from "@/lib/db";
import { getSetting } from "@/lib/data/settings";
import type { SecondFactorPolicy } from "@/lib/validations/second-factors";

// What a sign-in owes after the right password, before it gets a console
// session. Each step is finished on its own page with the pending sign-in
// (lib/data/pending-sign-ins.ts); only "session" means nothing is owed.
export type SignInStep = "session" | "change-password" | "second-factor" | "enroll";
/** What the first step was: a password, or a passkey alone (passwordless). */
export type SignInMethod = "password" | "passkey";

type OperatorState = { id: string; role: string; mustChangePassword: boolean };

/** A confirmed authenticator app or a passkey. */
export async function hasSecondFactor(operatorId: string): Promise<boolean> {
  const [totp, passkeys] = await Promise.all([
    db().totpFactor.count({ where: { operatorId, confirmedAt: { not: null } } }),
    db().passkey.count({ where: { operatorId } }),
  ]);
  return totp + passkeys > 0;
}

/** Whether the owner's policy requires this operator to have a second factor. */
export async function mustHaveSecondFactor(operator: { id: string; role: string }): Promise<boolean> {
  return requires(await getSetting("signIn.requireSecondFactor"), operator);
}

async function requires(policy: SecondFactorPolicy, operator: { id: string; role: string }): Promise<boolean> {
  if (policy === "nobody") return false;
  if (policy === "everyone") return true;
  if (operator.role === "owner" || operator.role === "admin") return true;
  // A scoped operator who administers an application holds its keys too.
  return (
    operator.role === "scoped" &&
    (await db().operatorMembership.count({ where: { operatorId: operator.id, role: "admin" } })) > 0
  );
}

/** Shown only after the right password, so it tells nothing to someone guessing. */
export const PASSWORD_SIGN_IN_OFF = "Password sign-in is turned off for your account: use Sign in with SSO.";

/** Whether the owner's policy lets this operator sign in with a password (owners always may, so SSO cannot lock them out). */
export async function passwordSignInAllowed(operator: { role: string }): Promise<boolean> {
  return operator.role === "owner" || !(await getSetting("signIn.passwordOwnersOnly"));
}

/**
 * `method` is how the first step was passed: a passwordless passkey sign-in
 * already used a strong factor, so it owes none, only a generated password's
 * replacement.
 */
export async function nextSignInStep(operator: OperatorState, method: SignInMethod = "password"): Promise<SignInStep> {
  if (operator.mustChangePassword) return "change-password";
  if (method === "passkey") return "session";
  if (await hasSecondFactor(operator.id)) return "second-factor";
  if (await mustHaveSecondFactor(operator)) return "enroll";
  return "session";
}

/**
 * Whether a signed-in operator owes a step now (the owner required a second
 * factor after they signed in, a break-glass reset): then they are not
 * signed in, and their next sign-in asks for it.
 */
export async function owesSignInStep(operator: OperatorState): Promise<boolean> {
  if (operator.mustChangePassword) return true;
  return (await mustHaveSecondFactor(operator)) && !(await hasSecondFactor(operator.id));
}
