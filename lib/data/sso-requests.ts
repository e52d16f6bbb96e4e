import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/db";

// SSO sign-ins between the redirect to the identity provider and its
// redirect back (SsoRequest). Kept server-side so a state is accepted once:
// the callback deletes the row, and a replayed state finds nothing.

const TTL_MS = 10 * 60_000;
/** States are random (openid-client's randomState); stored hashed, like pending sign-in tokens. */
const hashState = (state: string) => createHash("sha256").update(state).digest("hex");

export type SsoChecks = { nonce: string; codeVerifier: string };

export async function saveSsoRequest(state: string, checks: SsoChecks, now = new Date()): Promise<void> {
  await db().$transaction([
    db().ssoRequest.deleteMany({ where: { expiresAt: { lt: now } } }),
    db().ssoRequest.create({
      data: { id: hashState(state), ...checks, expiresAt: new Date(now.getTime() + TTL_MS) },
    }),
  ]);
}

/** Spends a state: its nonce and PKCE verifier for exactly one caller, while it is live; null otherwise. */
export async function consumeSsoRequest(state: string, now = new Date()): Promise<SsoChecks | null> {
  if (state.length > 200) return null;
  const id = hashState(state);
  const row = await db().ssoRequest.findUnique({ where: { id } });
  if (!row) return null;
  // The delete decides who spent it: of two callbacks racing with one state, one deletes the row.
  const { count } = await db().ssoRequest.deleteMany({ where: { id, expiresAt: { gt: now } } });
  return count === 1 ? { nonce: row.nonce, codeVerifier: row.codeVerifier } : null;
}
