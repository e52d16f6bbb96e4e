import "server-only";
import { throttleClient } from "@/lib/client-ip";
import { createHash, randomBytes } from "node:crypto";
import { encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { db, type Tx } from "@/lib/db";
import { type Actor, recordAudit } from "@/lib/data/audit";
import { auditRejected } from "@/lib/data/rejections";
import { clearAttempts, countAttempts, refundAttempts } from "@/lib/data/throttle";
import { PER_CLIENT, STRICT, tooMany } from "@/lib/data/sign-in-throttle";
import { decryptSecret, encryptSecret, sealedKeyId } from "@/lib/secrets/secret-box";
import { formatTotpSecret, matchingStep, newTotpSecret, TOTP_CODE, totpKeyUri } from "@/lib/auth/totp";
import { ConflictError, ValidationError } from "@/lib/errors";
import type { SecondFactorStatus } from "@/lib/validations/second-factors";
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { acceptPasskeyAssertion } from "@/lib/data/passkeys";

// An operator's second factors: a TOTP secret (encrypted under the master
// key like app keys, the operator's id as associated data), single-use
// recovery codes (hashed) and passkeys (lib/data/passkeys.ts). Codes are throttled like passwords and counted
// before they are checked; a TOTP time step is accepted once per operator.

export const RECOVERY_CODE_COUNT = 10;

export type FactorUsed = "totp" | "recovery-code" | "passkey";

export const totpAssociatedData = (operatorId: string) => `totp:${operatorId}`;

export async function secondFactorStatus(operatorId: string): Promise<SecondFactorStatus> {
  const [totp, recoveryCodesLeft] = await Promise.all([
    db().totpFactor.count({ where: { operatorId, confirmedAt: { not: null } } }),
    db().recoveryCode.count({ where: { operatorId, usedAt: null } }),
  ]);
  return { totp: totp > 0, recoveryCodesLeft };
}

/**
 * Starts (or restarts) enrolment: a new secret, kept encrypted until a code
 * confirms it. The secret is returned once, for the QR code and as text.
 */
export async function startTotpEnrollment(
  operatorId: string,
  accountName: string,
): Promise<{ secret: string; uri: string }> {
  const secret = newTotpSecret();
  const secretCiphertext = encryptSecret(Buffer.from(secret).toString("base64"), totpAssociatedData(operatorId));
  await db().$transaction(async (tx) => {
    const existing = await tx.totpFactor.findUnique({ where: { operatorId } });
    if (existing?.confirmedAt) throw new ConflictError("An authenticator app is already on; turn it off first.");
    await tx.totpFactor.upsert({
      where: { operatorId },
      create: { operatorId, secretCiphertext },
      update: { secretCiphertext, lastStep: 0, createdAt: new Date() },
    });
  });
  return { secret: formatTotpSecret(secret), uri: totpKeyUri(accountName, secret) };
}

/** The enrolling operator's secret for the page that shows it again (a reload), or null. */
export async function pendingTotpEnrollment(
  operatorId: string,
  accountName: string,
): Promise<{ secret: string; uri: string } | null> {
  const row = await db().totpFactor.findUnique({ where: { operatorId }, omit: { secretCiphertext: false } });
  if (!row || row.confirmedAt) return null;
  const secret = readSecret(operatorId, row.secretCiphertext);
  return { secret: formatTotpSecret(secret), uri: totpKeyUri(accountName, secret) };
}

function readSecret(operatorId: string, ciphertext: string): Uint8Array {
  return new Uint8Array(Buffer.from(decryptSecret(ciphertext, totpAssociatedData(operatorId)), "base64"));
}

/** Counts one code attempt before it is checked; throws when this operator or client has had too many. */
async function countCodeAttempt(operatorId: string, actor: Actor) {
  const from = throttleClient(actor.ip ?? "");
  const pair = { key: `2fa:pair:${operatorId}:${from}`, policy: STRICT };
  const client = { key: `2fa:ip:${from}`, policy: PER_CLIENT };
  const [pairWait, clientWait] = await countAttempts([pair, client]);
  const wait = Math.max(pairWait!, clientWait!);
  if (wait > 0) {
    await auditRejected({
      actor,
      action: "operator.sign-in",
      target: actor.id,
      code: 70050,
      details: { reason: "second factor throttled" },
    });
    throw tooMany("Too many wrong codes.", wait);
  }
  return {
    succeeded: async () => {
      await refundAttempts([client]);
      await clearAttempts([pair.key]);
    },
  };
}

/** Accepts a TOTP code once: its step must be later than the last step this operator used. */
async function acceptTotp(operatorId: string, code: string, confirmed: boolean): Promise<number | null> {
  const row = await db().totpFactor.findUnique({ where: { operatorId }, omit: { secretCiphertext: false } });
  if (!row || Boolean(row.confirmedAt) !== confirmed) return null;
  const step = matchingStep(readSecret(operatorId, row.secretCiphertext), code);
  if (step === null || step <= row.lastStep) return null;
  // Conditional on the old step, so two requests with the same code cannot both pass.
  const { count } = await db().totpFactor.updateMany({
    where: { operatorId, lastStep: { lt: step } },
    data: { lastStep: step, ...(!confirmed && { confirmedAt: new Date() }) },
  });
  return count === 1 ? step : null;
}

const normaliseRecoveryCode = (code: string) => code.toUpperCase().replace(/[^A-Z2-7]/g, "");
const hashRecoveryCode = (code: string) =>
  createHash("sha256")
    .update(`tessera recovery code\0${normaliseRecoveryCode(code)}`)
    .digest("hex");

function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () =>
    encodeBase32UpperCaseNoPadding(randomBytes(10)).replace(/(.{4})(?=.)/g, "$1-"),
  );
}

async function replaceRecoveryCodes(tx: Tx, operatorId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await tx.recoveryCode.deleteMany({ where: { operatorId } });
  await tx.recoveryCode.createMany({ data: codes.map((code) => ({ operatorId, codeHash: hashRecoveryCode(code) })) });
  return codes;
}

/** Spends a recovery code; the audit row says how many are left. */
async function spendRecoveryCode(operatorId: string, code: string, actor: Actor): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const { count } = await tx.recoveryCode.updateMany({
      where: { operatorId, codeHash: hashRecoveryCode(code), usedAt: null },
      data: { usedAt: new Date() },
    });
    if (count !== 1) return false;
    const left = await tx.recoveryCode.count({ where: { operatorId, usedAt: null } });
    await recordAudit({ actor, action: "operator.recovery-code-use", target: actor.id, details: { left } }, tx);
    return true;
  });
}

/**
 * Confirms enrolment with the first code; returns the recovery codes, shown
 * once. The caller has checked the password.
 */
export async function confirmTotpEnrollment(actor: Actor, operatorId: string, code: string): Promise<string[]> {
  const attempt = await countCodeAttempt(operatorId, actor);
  if ((await acceptTotp(operatorId, code, false)) === null)
    throw new ValidationError("That code is not right. Check the time on your device and try the next one.", {
      code: "That code is not right.",
    });
  await attempt.succeeded();
  return db().$transaction(async (tx) => {
    const codes = await replaceRecoveryCodes(tx, operatorId);
    await recordAudit({ actor, action: "operator.totp-enroll", target: actor.id }, tx);
    return codes;
  });
}

/**
 * Checks a second-factor code for a sign-in or a sensitive change: a TOTP
 * code (each step once) or an unused recovery code. Throttled; a wrong code
 * is audited as a refused sign-in step.
 */
export async function verifySecondFactor(actor: Actor, operatorId: string, code: string): Promise<FactorUsed | null> {
  const attempt = await countCodeAttempt(operatorId, actor);
  const used: FactorUsed | null = TOTP_CODE.test(code)
    ? (await acceptTotp(operatorId, code, true)) !== null
      ? "totp"
      : null
    : (await spendRecoveryCode(operatorId, code, actor))
      ? "recovery-code"
      : null;
  if (used) await attempt.succeeded();
  else
    await auditRejected({
      actor,
      action: "operator.sign-in",
      target: actor.id,
      details: { reason: "invalid second factor" },
    });
  return used;
}

/** Checks a passkey's assertion as the second factor of a sign-in, throttled and audited like a code. */
export async function verifyPasskeyFactor(
  actor: Actor,
  operatorId: string,
  response: AuthenticationResponseJSON,
): Promise<FactorUsed | null> {
  const attempt = await countCodeAttempt(operatorId, actor);
  if (await acceptPasskeyAssertion(response, operatorId, actor.ip ?? "")) {
    await attempt.succeeded();
    return "passkey";
  }
  await auditRejected({ actor, action: "operator.sign-in", target: actor.id, details: { reason: "invalid passkey" } });
  return null;
}

/** Turns TOTP off (the caller has checked the password and a code) and drops the recovery codes. */
export async function disableTotp(actor: Actor, operatorId: string): Promise<void> {
  await db().$transaction(async (tx) => {
    await tx.totpFactor.deleteMany({ where: { operatorId } });
    await tx.recoveryCode.deleteMany({ where: { operatorId } });
    await recordAudit({ actor, action: "operator.totp-disable", target: actor.id }, tx);
  });
}

export async function regenerateRecoveryCodes(actor: Actor, operatorId: string): Promise<string[]> {
  return db().$transaction(async (tx) => {
    if (!(await tx.totpFactor.count({ where: { operatorId, confirmedAt: { not: null } } })))
      throw new ValidationError("Turn on an authenticator app first; recovery codes stand in for it.");
    const codes = await replaceRecoveryCodes(tx, operatorId);
    await recordAudit({ actor, action: "operator.recovery-codes-regenerate", target: actor.id }, tx);
    return codes;
  });
}

/** Removes every second factor of an operator (an owner's reset, break-glass) inside the caller's transaction. */
export async function removeSecondFactors(tx: Tx, operatorId: string): Promise<void> {
  await tx.totpFactor.deleteMany({ where: { operatorId } });
  await tx.recoveryCode.deleteMany({ where: { operatorId } });
  await tx.passkey.deleteMany({ where: { operatorId } });
}

/** Re-encrypts every TOTP secret under the current master key, inside `npm run keys:rewrap`'s transaction. */
export async function rewrapTotpSecrets(
  tx: Tx,
  keyId: string,
): Promise<{ total: number; rewrapped: Record<string, number> }> {
  const rows = await tx.totpFactor.findMany({ orderBy: { operatorId: "asc" }, omit: { secretCiphertext: false } });
  const rewrapped: Record<string, number> = {};
  for (const row of rows) {
    const from = sealedKeyId(row.secretCiphertext) ?? "v1";
    if (from === keyId) continue;
    const data = totpAssociatedData(row.operatorId);
    await tx.totpFactor.update({
      where: { operatorId: row.operatorId },
      data: { secretCiphertext: encryptSecret(decryptSecret(row.secretCiphertext, data), data) },
    });
    rewrapped[from] = (rewrapped[from] ?? 0) + 1;
  }
  return { total: rows.length, rewrapped };
}
