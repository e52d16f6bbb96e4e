import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db } from "@/lib/db";

// The challenges handed to WebAuthn ceremonies. Each is random, kept only as
// its SHA-256, short-lived, and spent by the verification that uses it: a
// conditional delete, which one request alone can win on SQLite and on
// PostgreSQL, so one signed answer cannot be replayed or used twice at once.

export type ChallengePurpose = "register" | "second-factor" | "sign-in";

const TTL_MS = 5 * 60_000;
const hashChallenge = (challenge: string) => createHash("sha256").update(`webauthn\0${challenge}`).digest("hex");

/**
 * A new challenge for `purpose`, bound to the operator it is for (none for a
 * passwordless sign-in, where the passkey says who it is). Returns its bytes
 * for the ceremony's options.
 */
export async function issueChallenge(
  purpose: ChallengePurpose,
  operatorId: string | null,
  now = new Date(),
): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = randomBytes(32);
  await db().$transaction([
    db().webAuthnChallenge.deleteMany({ where: { expiresAt: { lt: now } } }),
    db().webAuthnChallenge.create({
      data: {
        id: hashChallenge(bytes.toString("base64url")),
        purpose,
        operatorId,
        expiresAt: new Date(now.getTime() + TTL_MS),
      },
    }),
  ]);
  return new Uint8Array(bytes);
}

/** Spends the challenge a browser answered (base64url): true for exactly one caller, while live, for its purpose and operator. */
export async function consumeChallenge(
  challenge: string,
  purpose: ChallengePurpose,
  operatorId: string | null,
  now = new Date(),
): Promise<boolean> {
  if (challenge.length === 0 || challenge.length > 200) return false;
  const { count } = await db().webAuthnChallenge.deleteMany({
    where: { id: hashChallenge(challenge), purpose, operatorId, expiresAt: { gt: now } },
  });
  return count === 1;
}
