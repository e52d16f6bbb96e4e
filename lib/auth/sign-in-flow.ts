import "server-only";
import { clearPendingCookie, readPendingCookie } from "@/lib/auth/pending-cookie";
import { redirect } from "next/navigation";
import {
  consumePendingSignIn,
  findPendingSignIn,
  type PendingSignIn,
  type PendingStep,
} from "@/lib/data/pending-sign-ins";
import { completeSignIn, findOperatorForSession } from "@/lib/data/operators";
import { type FactorUsed, verifyPasskeyFactor, verifySecondFactor } from "@/lib/data/second-factors";
import type { Actor } from "@/lib/data/audit";
import { parseAuthenticationJson } from "@/lib/validations/passkeys";
import { PASSWORD_SIGN_IN_OFF, passwordSignInAllowed, type SignInStep } from "@/lib/data/sign-in-steps";
import { secondFactorCodeSchema } from "@/lib/validations/second-factors";
import { ValidationError } from "@/lib/errors";

// The steps after the password. Each is finished on its own page with the
// pending sign-in; the session exists only once the pending sign-in has been
// exchanged (once: it is deleted by the exchange).

/** What the password step answers the sign-in form with, per owed step (next-auth passes it as `error`). */
export const SIGN_IN_STEP_ERRORS: Record<Exclude<SignInStep, "session">, string> = {
  "second-factor": "SecondFactorRequired",
  enroll: "SecondFactorEnrollmentRequired",
  "change-password": "PasswordChangeRequired",
};

export const EXPIRED = "This sign-in has expired. Sign in again.";

/** How the session was signed in: an SSO session owes none of Tessera's own steps (lib/auth/sso-flow.ts says why). */
export type SessionMethod = "password" | "sso";
export type SessionUser = { id: string; email: string; name: string; sessionVersion: number; method: SessionMethod };

/**
 * The next-auth user for a pending sign-in that owes nothing more, or that a
 * valid second factor (a code, or a passkey's assertion as JSON) finishes.
 */
export async function finishPendingSignIn(
  factor: { code: string; passkey: string },
  ip: string,
): Promise<SessionUser | null> {
  const token = await readPendingCookie();
  const pending = await findPendingSignIn(token);
  if (!token || !pending) throw new ValidationError(EXPIRED);
  const actor = { type: "operator" as const, id: pending.email, ip };
  const method: SessionMethod = pending.purpose === "sso" ? "sso" : "password";
  // A password sign-in begun before the owner turned password sign-in off does not finish after it.
  if (method === "password" && pending.method === "password" && !(await passwordSignInAllowed(pending)))
    throw new ValidationError(PASSWORD_SIGN_IN_OFF);
  let secondFactor: FactorUsed | null = null;
  if (pending.purpose === "second-factor") {
    secondFactor = await checkSecondFactor(actor, pending.operatorId, factor);
    if (!secondFactor) return null;
  } else if (pending.purpose !== "ready" && pending.purpose !== "sso") {
    // Enrolling or a new password is owed: the code alone does not finish it.
    return null;
  }
  if (!(await consumePendingSignIn(token))) throw new ValidationError(EXPIRED);
  await clearPendingCookie();
  const operator = await findOperatorForSession(pending.operatorId);
  if (!operator || operator.disabled) return null;
  if (method === "sso") await completeSignIn(operator.id, ip, { method }, "operator.sso-sign-in");
  else await completeSignIn(operator.id, ip, { method: pending.method, secondFactor });
  return {
    id: operator.id,
    email: operator.email,
    name: operator.name,
    sessionVersion: operator.sessionVersion,
    method,
  };
}

async function checkSecondFactor(
  actor: Actor,
  operatorId: string,
  factor: { code: string; passkey: string },
): Promise<FactorUsed | null> {
  if (factor.passkey) {
    const response = parseAuthenticationJson(factor.passkey);
    return response ? verifyPasskeyFactor(actor, operatorId, response) : null;
  }
  const code = secondFactorCodeSchema.safeParse(factor.code);
  return code.success ? verifySecondFactor(actor, operatorId, code.data) : null;
}

/** For a step's page: the pending sign-in that owes this step, or back to the sign-in page. */
export async function requirePendingPage(purpose: PendingStep): Promise<PendingSignIn> {
  const pending = await findPendingSignIn(await readPendingCookie());
  if (!pending || pending.purpose !== purpose) redirect("/sign-in");
  return pending;
}
