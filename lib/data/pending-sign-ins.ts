import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import type { SignInMethod, SignInStep } from "@/lib/data/sign-in-steps";

// A sign-in whose password was right but that still owes a step. Its token
// is the only thing that can finish it, lives in an HttpOnly cookie, and is
// stored only as a hash; it is single-use (deleted by the exchange that
// finishes it) and short-lived. It is not a session: nothing reads it except
// the pages and next-auth providers that finish sign-in.

/**
 * What the pending sign-in still owes; "ready" owes nothing more and is
 * exchanged for a session as it is; "sso" is the same for a sign-in the
 * identity provider vouched for (lib/auth/sso-flow.ts).
 */
export type PendingStep = Exclude<SignInStep, "session"> | "ready" | "sso";
export type PendingSignIn = {
  operatorId: string;
  email: string;
  role: string;
  purpose: PendingStep;
  /** How the first step was passed (a passkey alone owes no second factor). */
  method: SignInMethod;
  sessionVersion: number;
};

const TTL_MS = 10 * 60_000;
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export async function createPendingSignIn(
  operator: { id: string; sessionVersion: number; method?: SignInMethod },
  purpose: PendingStep,
  now = new Date(),
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db().$transaction([
    db().pendingSignIn.deleteMany({ where: { expiresAt: { lt: now } } }),
    db().pendingSignIn.create({
      data: {
        id: hashToken(token),
        operatorId: operator.id,
        purpose,
        method: operator.method ?? "password",
        sessionVersion: operator.sessionVersion,
        expiresAt: new Date(now.getTime() + TTL_MS),
      },
    }),
  ]);
  return token;
}

/** The pending sign-in a token names, while it is live and its operator unchanged (a new password, disabling end it). */
export async function findPendingSignIn(token: string | undefined, now = new Date()): Promise<PendingSignIn | null> {
  if (!token || token.length > 100) return null;
  const row = await db().pendingSignIn.findUnique({ where: { id: hashToken(token) }, include: { operator: true } });
  if (!row || row.expiresAt <= now || row.operator.disabled || row.operator.sessionVersion !== row.sessionVersion)
    return null;
  return {
    operatorId: row.operatorId,
    email: row.operator.email,
    role: row.operator.role,
    purpose: row.purpose as PendingStep,
    method: row.method as SignInMethod,
    sessionVersion: row.sessionVersion,
  };
}

/** Spends the token: true for exactly one caller, and only while it is live. */
export async function consumePendingSignIn(token: string, now = new Date()): Promise<boolean> {
  const { count } = await db().pendingSignIn.deleteMany({ where: { id: hashToken(token), expiresAt: { gt: now } } });
  return count === 1;
}

/** Moves a pending sign-in on to its next step (a new password set, then a second factor owed). */
export async function advancePendingSignIn(token: string, purpose: PendingStep, sessionVersion: number): Promise<void> {
  await db().pendingSignIn.update({ where: { id: hashToken(token) }, data: { purpose, sessionVersion } });
}
