import "server-only";
import {
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from "@simplewebauthn/server";
import { db } from "@/lib/db";
import { type Actor, recordAudit } from "@/lib/data/audit";
import { type ChallengePurpose, consumeChallenge, issueChallenge } from "@/lib/data/webauthn-challenges";
import { relyingParty } from "@/lib/auth/relying-party";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import type { PasskeyDto } from "@/lib/validations/passkeys";

// An operator's passkeys (WebAuthn credentials): registered on the profile
// page, used after the password as a second factor or alone (a discoverable
// credential) to sign in. Every ceremony answers a server challenge that is
// spent by its verification (lib/data/webauthn-challenges.ts); the origin and
// relying party ID come from the console's public URL; a signature counter,
// where the authenticator keeps one, must grow. Public keys are stored, never
// audited; challenges are stored only hashed.

export const MAX_PASSKEYS = 10;

const NOT_VERIFIED = "The passkey's answer could not be verified. Try again.";

export async function listPasskeys(operatorId: string): Promise<PasskeyDto[]> {
  return db().passkey.findMany({
    where: { operatorId },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true },
    orderBy: { createdAt: "asc" },
  });
}

export async function countPasskeys(operatorId: string): Promise<number> {
  return db().passkey.count({ where: { operatorId } });
}

const transportsOf = (stored: string) => (stored ? (stored.split(",") as AuthenticatorTransportFuture[]) : undefined);

/** Options for registering a new passkey; the caller has checked the password. */
export async function registrationOptions(operator: {
  id: string;
  email: string;
  name: string;
}): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const existing = await db().passkey.findMany({ where: { operatorId: operator.id } });
  if (existing.length >= MAX_PASSKEYS) throw new ValidationError(`You can keep up to ${MAX_PASSKEYS} passkeys.`);
  const rp = relyingParty();
  return generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: operator.email,
    userDisplayName: operator.name || operator.email,
    userID: new TextEncoder().encode(operator.id),
    challenge: await issueChallenge("register", operator.id),
    attestationType: "none",
    // Discoverable, so the same passkey also signs in without a password.
    authenticatorSelection: { residentKey: "required", userVerification: "preferred" },
    excludeCredentials: existing.map((key) => ({ id: key.id, transports: transportsOf(key.transports) })),
  });
}

/** Verifies a registration ceremony (its challenge spent here) and stores the passkey. */
export async function addPasskey(
  actor: Actor,
  operatorId: string,
  name: string,
  response: RegistrationResponseJSON,
): Promise<PasskeyDto> {
  const rp = relyingParty();
  const verification = await verifyRegistrationResponse({
    response,
    expectedChallenge: (challenge) => consumeChallenge(challenge, "register", operatorId),
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    requireUserVerification: false,
  }).catch(() => null);
  if (!verification?.verified) throw new ValidationError(NOT_VERIFIED);
  const { credential } = verification.registrationInfo;
  try {
    return await db().$transaction(async (tx) => {
      const row = await tx.passkey.create({
        data: {
          id: credential.id,
          operatorId,
          name,
          publicKey: Buffer.from(credential.publicKey).toString("base64url"),
          counter: BigInt(credential.counter),
          transports: (credential.transports ?? []).join(","),
        },
        select: { id: true, name: true, createdAt: true, lastUsedAt: true },
      });
      await recordAudit({ actor, action: "operator.passkey-add", target: actor.id, details: { name } }, tx);
      return row;
    });
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === "P2002")
      throw new ConflictError("This passkey is already registered.");
    throw error;
  }
}

/** Removes one of the operator's own passkeys; the caller has checked the password. */
export async function removePasskey(actor: Actor, operatorId: string, id: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const row = await tx.passkey.findFirst({ where: { id, operatorId }, select: { name: true } });
    if (!row) throw new NotFoundError("This passkey is not one of yours, or it was already removed.");
    await tx.passkey.delete({ where: { id } });
    await recordAudit({ actor, action: "operator.passkey-remove", target: actor.id, details: { name: row.name } }, tx);
  });
}

/**
 * Options for signing in with a passkey: as the second factor of the
 * operator a pending sign-in names (their passkeys listed), or passwordless
 * (none listed: the browser offers the discoverable passkeys it has, and
 * user verification is required, as the passkey is then the only factor).
 */
export async function authenticationOptions(operatorId: string | null): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const purpose: ChallengePurpose = operatorId ? "second-factor" : "sign-in";
  const allowed = operatorId ? await db().passkey.findMany({ where: { operatorId } }) : [];
  if (operatorId && allowed.length === 0) throw new ValidationError("You have no passkey; use a code instead.");
  return generateAuthenticationOptions({
    rpID: relyingParty().id,
    challenge: await issueChallenge(purpose, operatorId),
    userVerification: operatorId ? "preferred" : "required",
    allowCredentials: allowed.map((key) => ({ id: key.id, transports: transportsOf(key.transports) })),
  });
}

export type PasskeyUse = { operatorId: string; email: string; passkey: string };

/**
 * Verifies an assertion: the passkey must be registered (to `operatorId`,
 * for a second factor), the challenge live and unspent (spent here), the
 * origin and relying party the console's, the signature good, and the
 * counter, where kept, larger than the last one seen. The counter is moved
 * on only from the value checked, so of two uses racing, one wins. Null
 * when anything fails; the use is audited when it passes.
 */
export async function acceptPasskeyAssertion(
  response: AuthenticationResponseJSON,
  operatorId: string | null,
  ip: string,
): Promise<PasskeyUse | null> {
  const purpose: ChallengePurpose = operatorId ? "second-factor" : "sign-in";
  const key = await db().passkey.findUnique({
    where: { id: response.id },
    include: { operator: { select: { email: true, disabled: true } } },
  });
  // A disabled operator's passkey signs nobody in; its challenge simply expires.
  if (!key || key.operator.disabled || (operatorId && key.operatorId !== operatorId)) return null;
  const rp = relyingParty();
  const verification = await verifyAuthenticationResponse({
    response,
    expectedChallenge: (challenge) => consumeChallenge(challenge, purpose, operatorId),
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    credential: {
      id: key.id,
      publicKey: new Uint8Array(Buffer.from(key.publicKey, "base64url")),
      counter: Number(key.counter),
      transports: transportsOf(key.transports),
    },
    requireUserVerification: purpose === "sign-in",
  }).catch(() => null);
  if (!verification?.verified) return null;
  const used = await db().$transaction(async (tx) => {
    const { count } = await tx.passkey.updateMany({
      where: { id: key.id, counter: key.counter },
      data: { counter: BigInt(verification.authenticationInfo.newCounter), lastUsedAt: new Date() },
    });
    if (count !== 1) return false;
    await recordAudit(
      {
        actor: { type: "operator", id: key.operator.email, ip },
        action: "operator.passkey-use",
        target: key.operator.email,
        details: { name: key.name, purpose },
      },
      tx,
    );
    return true;
  });
  return used ? { operatorId: key.operatorId, email: key.operator.email, passkey: key.name } : null;
}
