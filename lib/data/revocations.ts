import "server-only";
import { db, type Tx } from "@/lib/db";
import { type Actor, recordAudit } from "@/lib/data/audit";
import { decryptStoredKey, effectiveStatus } from "@/lib/data/keys";
import { sigHash } from "@/lib/data/ledger";
import { notifyQueued } from "@/lib/data/callback-outbox";
import { closeSessions } from "@/lib/data/session-ends";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { countRevoked } from "@/lib/metrics/registry";
import { decodeUserSig, verifyUserSig } from "@/lib/usersig";

// Revoking single UserSigs. A revocation is a row keyed by the ledger's hash
// of TLS.sig; login and REST admin checks look it up in their batched read
// (lib/data/login-state.ts loadState) and refuse the ticket with 70052. Sessions
// the ticket started end with it. Rows are kept until the ticket would have
// expired anyway, then purged.

export type RevokeOutcome =
  | { index: number; ok: true; userId: string; alreadyRevoked: boolean; sessionsEnded: number; expiresAt: number }
  | { index: number; ok: false; code: number; message: string };

type Revocation = { sigHash: string; userId: string; expiresAt: number };

/** Revokes one ticket inside `tx`: the row (kept if it exists), its sessions ended (each a Disconnect state callback), an audit row. */
async function revokeOne(
  tx: Tx,
  actor: Actor,
  sdkAppId: number,
  revocation: Revocation,
  now: Date,
): Promise<{ alreadyRevoked: boolean; sessionsEnded: number }> {
  const existing = await tx.revokedTicket.findUnique({
    where: { sigHash: revocation.sigHash },
    select: { sigHash: true },
  });
  if (!existing) {
    await tx.revokedTicket.create({
      data: {
        sigHash: revocation.sigHash,
        sdkAppId,
        userId: revocation.userId,
        expiresAt: new Date(revocation.expiresAt * 1000),
        revokedAt: now,
        revokedBy: `${actor.type}:${actor.id}`,
      },
    });
  }
  const closed = await closeSessions(tx, { sigHash: revocation.sigHash }, "LinkClose", now);
  // Sessions that ran out count too (their end is reported by the expiry sweep).
  const count =
    closed +
    (
      await tx.userSession.updateMany({
        where: { sigHash: revocation.sigHash, revokedAt: null },
        data: { revokedAt: now },
      })
    ).count;
  if (!existing || count > 0) {
    await recordAudit(
      {
        actor,
        action: "usersig.revoke",
        sdkAppId,
        target: revocation.userId,
        details: { expiresAt: new Date(revocation.expiresAt * 1000).toISOString(), sessionsEnded: count },
      },
      tx,
    );
  }
  return { alreadyRevoked: existing !== null, sessionsEnded: count };
}

/**
 * Revokes UserSigs of one app, each reported on its own: a ticket must be for
 * this app and verify with one of its live keys (so nobody revokes garbage or
 * another app's ticket), including UserSigs the App Server signed itself.
 * The accepted ones are revoked in one transaction.
 */
export async function revokeTickets(
  actor: Actor,
  sdkAppId: number,
  tickets: string[],
  now = new Date(),
): Promise<RevokeOutcome[]> {
  const rows = await db().signingKey.findMany({
    where: { sdkAppId, status: { in: ["primary", "secondary"] } },
    omit: { ciphertext: false },
    orderBy: { version: "desc" },
  });
  const keys = rows
    .filter((row) => effectiveStatus(row, now) !== "retired")
    .map((row) => decryptStoredKey(sdkAppId, row.version, row.ciphertext));
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const checked = tickets.map((ticket, index) => {
    const decoded = decodeUserSig(ticket);
    if (!decoded.ok) return { index, ok: false as const, code: decoded.code, message: decoded.reason };
    // A ticket dated ahead of the clock-skew leeway is not usable yet, but will be: it can be revoked.
    const result = verifyUserSig({
      ticket,
      sdkAppId,
      userId: decoded.value.identifier,
      keys,
      now: nowSeconds,
      futureLeewaySeconds: Number.MAX_SAFE_INTEGER,
    });
    if (!result.ok) return { index, ok: false as const, code: result.code, message: result.reason };
    return {
      index,
      ok: true as const,
      revocation: { sigHash: sigHash(result.value.sig), userId: result.value.identifier, expiresAt: result.expiresAt },
    };
  });
  const accepted = checked.filter((c) => c.ok);
  const done = new Map<number, { alreadyRevoked: boolean; sessionsEnded: number }>();
  if (accepted.length > 0) {
    await db().$transaction(async (tx) => {
      await purgeExpired(tx, now);
      for (const { index, revocation } of accepted)
        done.set(index, await revokeOne(tx, actor, sdkAppId, revocation, now));
    });
    countRevoked(sdkAppId, [...done.values()].filter((outcome) => !outcome.alreadyRevoked).length);
    notifyQueued();
  }
  return checked.map((c) =>
    c.ok
      ? {
          index: c.index,
          ok: true,
          userId: c.revocation.userId,
          expiresAt: c.revocation.expiresAt,
          ...done.get(c.index)!,
        }
      : { index: c.index, ok: false, code: c.code, message: c.message },
  );
}

/** Revokes a UserSig by its ledger entry (the console knows the hash, never the ticket). */
export async function revokeIssued(
  actor: Actor,
  sdkAppId: number,
  ledgerId: string,
  now = new Date(),
): Promise<{ userId: string; alreadyRevoked: boolean; sessionsEnded: number }> {
  const entry = await db().issuedTicket.findFirst({
    where: { id: ledgerId, sdkAppId },
    select: { userId: true, kind: true, time: true, expire: true, sigHash: true },
  });
  if (!entry) throw new NotFoundError("That UserSig is not in this application's ledger.");
  if (entry.kind !== "usersig") throw new ValidationError("Only UserSigs can be revoked.");
  const expiresAt = entry.time + entry.expire;
  if (expiresAt * 1000 <= now.getTime()) throw new ValidationError("That UserSig has already expired.");
  const result = await db().$transaction(async (tx) => {
    await purgeExpired(tx, now);
    return revokeOne(tx, actor, sdkAppId, { sigHash: entry.sigHash, userId: entry.userId, expiresAt }, now);
  });
  countRevoked(sdkAppId, result.alreadyRevoked ? 0 : 1);
  notifyQueued();
  return { userId: entry.userId, ...result };
}

/** Revocations of these ledger hashes that are still kept, for showing the ledger's state. */
export async function revocationsOf(sigHashes: string[]): Promise<Map<string, { revokedAt: Date; revokedBy: string }>> {
  if (sigHashes.length === 0) return new Map();
  const rows = await db().revokedTicket.findMany({
    where: { sigHash: { in: sigHashes } },
    select: { sigHash: true, revokedAt: true, revokedBy: true },
  });
  return new Map(rows.map((row) => [row.sigHash, { revokedAt: row.revokedAt, revokedBy: row.revokedBy }]));
}

// Run on every revoke: revocations are rare, and the rows due since the last
// one are found by the expiresAt index.
async function purgeExpired(tx: Tx, now: Date): Promise<number> {
  return (await tx.revokedTicket.deleteMany({ where: { expiresAt: { lt: now } } })).count;
}

/** Drops revocations of tickets that have expired (the signature check refuses those anyway). */
export async function purgeExpiredRevocations(now = new Date()): Promise<number> {
  return db().$transaction((tx) => purgeExpired(tx, now));
}
