import "server-only";
import { db, type Tx } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import {
  currentMasterKeyId,
  decryptSecret,
  encryptSecret,
  generateSecretKey,
  sealedKeyId,
} from "@/lib/secrets/secret-box";
import { type Actor, recordAudit } from "@/lib/data/audit";
import { rewrapCallbackTokens } from "@/lib/data/callback-config";
import { rewrapTotpSecrets } from "@/lib/data/second-factors";
import { rewrapSsoClientSecret } from "@/lib/data/sso-config";

// Signing keys: one primary (signs and verifies), any number of secondaries
// that still verify until `verifyUntil` (rotation overlap), retired ones that
// never verify again. A secondary past its `verifyUntil` counts as retired
// everywhere, even before a sweep marks it so.

export type KeyStatus = "primary" | "secondary" | "retired";

export type SigningKeyDto = {
  version: number;
  status: KeyStatus;
  createdAt: Date;
  verifyUntil: Date | null;
  retiredAt: Date | null;
};

export type UsableKey = { version: number; key: string };

const associatedData = (sdkAppId: number, version: number) => `${sdkAppId}:${version}`;

/** Decrypts a stored key; the one place that knows the associated data a key is bound to. */
export function decryptStoredKey(sdkAppId: number, version: number, ciphertext: string): string {
  return decryptSecret(ciphertext, associatedData(sdkAppId, version));
}

export function effectiveStatus(row: { status: string; verifyUntil: Date | null }, now = new Date()): KeyStatus {
  if (row.status === "secondary" && row.verifyUntil && row.verifyUntil <= now) return "retired";
  return row.status as KeyStatus;
}

/** Creates the app's first key or, during rotation, its next primary. */
export async function createPrimaryKey(
  tx: Tx,
  sdkAppId: number,
  version: number,
  secret = generateSecretKey(),
): Promise<void> {
  await tx.signingKey.create({
    data: {
      sdkAppId,
      version,
      status: "primary",
      ciphertext: encryptSecret(secret, associatedData(sdkAppId, version)),
    },
  });
}

export async function listKeys(sdkAppId: number, now = new Date()): Promise<SigningKeyDto[]> {
  const rows = await db().signingKey.findMany({ where: { sdkAppId }, orderBy: { version: "desc" } });
  return rows.map((row) => ({
    version: row.version,
    status: effectiveStatus(row, now),
    createdAt: row.createdAt,
    verifyUntil: row.verifyUntil,
    retiredAt: row.retiredAt ?? (effectiveStatus(row, now) === "retired" ? row.verifyUntil : null),
  }));
}

export async function primaryKey(sdkAppId: number, tx?: Tx): Promise<UsableKey> {
  const query = { where: { sdkAppId, status: "primary" }, omit: { ciphertext: false } } as const;
  const row = await (tx ? tx.signingKey.findFirst(query) : db().signingKey.findFirst(query));
  if (!row) throw new NotFoundError(`Application ${sdkAppId} has no signing key.`, 70016);
  return { version: row.version, key: decryptStoredKey(sdkAppId, row.version, row.ciphertext) };
}

/** The plaintext of one key version, for an explicit, audited reveal only. */
export async function revealKey(sdkAppId: number, version: number): Promise<string> {
  const row = await db().signingKey.findUnique({
    where: { sdkAppId_version: { sdkAppId, version } },
    omit: { ciphertext: false },
  });
  if (!row) throw new NotFoundError(`Key version ${version} of application ${sdkAppId} does not exist.`);
  return decryptStoredKey(sdkAppId, version, row.ciphertext);
}

/** Makes a new primary; the old primary keeps verifying for `graceSeconds` (0 retires it at once). */
export async function rotateKey(
  tx: Tx,
  sdkAppId: number,
  graceSeconds: number,
  now = new Date(),
): Promise<{ version: number; previousVersion: number | null }> {
  const latest = await tx.signingKey.findFirst({ where: { sdkAppId }, orderBy: { version: "desc" } });
  const current = await tx.signingKey.findFirst({ where: { sdkAppId, status: "primary" } });
  if (current) {
    await tx.signingKey.update({
      where: { id: current.id },
      data:
        graceSeconds > 0
          ? { status: "secondary", verifyUntil: new Date(now.getTime() + graceSeconds * 1000) }
          : { status: "retired", verifyUntil: now, retiredAt: now },
    });
  }
  const version = (latest?.version ?? 0) + 1;
  await createPrimaryKey(tx, sdkAppId, version);
  return { version, previousVersion: current?.version ?? null };
}

/** Ends a secondary key's grace period now. The primary cannot be retired: rotate instead. */
export async function retireKey(tx: Tx, sdkAppId: number, version: number, now = new Date()): Promise<void> {
  const row = await tx.signingKey.findUnique({ where: { sdkAppId_version: { sdkAppId, version } } });
  if (!row) throw new NotFoundError(`Key version ${version} of application ${sdkAppId} does not exist.`);
  if (row.status === "primary") throw new NotFoundError("The primary key cannot be retired; rotate the key first.");
  if (effectiveStatus(row, now) === "retired") return;
  await tx.signingKey.update({ where: { id: row.id }, data: { status: "retired", retiredAt: now, verifyUntil: now } });
}

/**
 * Decrypts every stored key, so a missing or wrong master key is found at
 * start-up rather than when a user of the app it encrypted logs in. Throws
 * MasterKeyMismatchError or MasterKeyMissingError.
 */
export async function assertMasterKeyMatches(): Promise<void> {
  const rows = await db().signingKey.findMany({ omit: { ciphertext: false } });
  for (const row of rows) decryptStoredKey(row.sdkAppId, row.version, row.ciphertext);
}

export type RewrapResult = {
  /** The master key every stored key is now encrypted under. */
  keyId: string;
  total: number;
  /** Keys re-encrypted, by the master key they were under ("v1" for legacy ciphertexts, which name none). */
  rewrapped: Record<string, number>;
  /** The same for the state callbacks' tokens (lib/data/callback-config.ts). */
  callbackTokens: { total: number; rewrapped: Record<string, number> };
  /** The same for operators' TOTP secrets (lib/data/second-factors.ts). */
  totpSecrets: { total: number; rewrapped: Record<string, number> };
  /** The same for single sign-on's client secret (lib/data/sso-config.ts). */
  ssoClientSecret: { total: number; rewrapped: Record<string, number> };
};

/**
 * Re-encrypts every stored key that is not under the current master key, in
 * one transaction with its audit row: interrupted, nothing changes; run
 * again, it finds nothing to do and writes nothing.
 */
export async function rewrapStoredKeys(actor: Actor): Promise<RewrapResult> {
  const keyId = currentMasterKeyId();
  return db().$transaction(
    async (tx) => {
      // In a fixed order, so a run that stops at an undecryptable key stops at the same one each time.
      const rows = await tx.signingKey.findMany({
        orderBy: [{ sdkAppId: "asc" }, { version: "asc" }],
        omit: { ciphertext: false },
      });
      const rewrapped: Record<string, number> = {};
      for (const row of rows) {
        const from = sealedKeyId(row.ciphertext) ?? "v1";
        if (from === keyId) continue;
        const data = associatedData(row.sdkAppId, row.version);
        await tx.signingKey.update({
          where: { id: row.id },
          data: { ciphertext: encryptSecret(decryptSecret(row.ciphertext, data), data) },
        });
        rewrapped[from] = (rewrapped[from] ?? 0) + 1;
      }
      const callbackTokens = await rewrapCallbackTokens(tx, keyId);
      const totpSecrets = await rewrapTotpSecrets(tx, keyId);
      const ssoClientSecret = await rewrapSsoClientSecret(tx, keyId);
      const moves = [rewrapped, callbackTokens.rewrapped, totpSecrets.rewrapped, ssoClientSecret.rewrapped];
      if (moves.some((moved) => Object.keys(moved).length > 0)) {
        await recordAudit(
          {
            actor,
            action: "keys.rewrap",
            details: {
              keyId,
              total: rows.length,
              rewrapped,
              ...(callbackTokens.total > 0 && { callbackTokens }),
              ...(totpSecrets.total > 0 && { totpSecrets }),
              ...(ssoClientSecret.total > 0 && { ssoClientSecret }),
            },
          },
          tx,
        );
      }
      return { keyId, total: rows.length, rewrapped, callbackTokens, totpSecrets, ssoClientSecret };
    },
    // Every key in one transaction: more than Prisma's 5 s default on a large database.
    { timeout: 10 * 60_000 },
  );
}

/** Rotation as the console does it: the change and its audit row in one transaction. */
export async function rotateAppKey(actor: Actor, sdkAppId: number, graceSeconds: number): Promise<{ version: number }> {
  return db().$transaction(async (tx) => {
    const { version, previousVersion } = await rotateKey(tx, sdkAppId, graceSeconds);
    await recordAudit(
      { actor, action: "key.rotate", sdkAppId, target: `v${version}`, details: { previousVersion, graceSeconds } },
      tx,
    );
    return { version };
  });
}

export async function retireAppKey(actor: Actor, sdkAppId: number, version: number): Promise<void> {
  await db().$transaction(async (tx) => {
    await retireKey(tx, sdkAppId, version);
    await recordAudit({ actor, action: "key.retire", sdkAppId, target: `v${version}` }, tx);
  });
}

/** Decrypts one key for an explicit reveal and audits it (the key itself never goes in the audit row). */
export async function revealAppKey(
  actor: Actor,
  sdkAppId: number,
  version: number,
  method: "password" | "recent-sign-in",
): Promise<string> {
  const key = await revealKey(sdkAppId, version);
  await recordAudit({ actor, action: "key.reveal", sdkAppId, target: `v${version}`, details: { method } });
  return key;
}

/** Which key signed what: the ledger's tickets per key version, and the latest one (counters kept by database triggers). */
export async function keyUsage(sdkAppId: number): Promise<Map<number, { count: number; lastIssuedAt: Date | null }>> {
  const rows = await db().signingKey.findMany({
    where: { sdkAppId },
    select: { version: true, signedCount: true, lastSignedAt: true },
  });
  return new Map(rows.map((row) => [row.version, { count: row.signedCount, lastIssuedAt: row.lastSignedAt }]));
}
