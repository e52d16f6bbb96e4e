import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { type Actor, writeAudit } from "@/lib/data/audit";

// Sessions of the app's users after a successful login. The bearer token is
// returned once; only its SHA-256 is stored, so a database leak yields no
// usable token.

/** A session never outlives its UserSig, nor this many seconds. */
export const MAX_SESSION_SECONDS = 7 * 86400;

export type SessionDto = { sdkAppId: number; userId: string; createdAt: Date; expiresAt: Date };

export type SessionLookup = { ok: true; session: SessionDto } | { ok: false; problem: "unknown" | "expired" | "revoked" };

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * Starts a session for a verified login: creates the account on a UserID's
 * first login, stores the session and audits the login, all in one transaction.
 */
export async function createSession(input: {
  actor: Actor;
  sdkAppId: number;
  userId: string;
  ticketExpiresAt: number;
  keyVersion: number;
  accountExists: boolean;
  now?: Date;
}): Promise<{ token: string; expiresAt: Date }> {
  const now = input.now ?? new Date();
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Math.min(input.ticketExpiresAt * 1000, now.getTime() + MAX_SESSION_SECONDS * 1000));
  const { sdkAppId, userId } = input;
  await db().$transaction(async (tx) => {
    if (!input.accountExists) {
      await tx.account.upsert({ where: { sdkAppId_userId: { sdkAppId, userId } }, create: { sdkAppId, userId }, update: {} });
    }
    await tx.userSession.create({ data: { tokenHash: hashToken(token), sdkAppId, userId, ip: input.actor.ip ?? "", createdAt: now, expiresAt } });
    await writeAudit(tx, {
      actor: input.actor,
      action: "login",
      sdkAppId,
      target: userId,
      details: { keyVersion: input.keyVersion, expiresAt: expiresAt.toISOString(), ...(!input.accountExists && { accountCreated: true }) },
    });
  });
  return { token, expiresAt };
}

export async function findSession(token: string, now = new Date()): Promise<SessionLookup> {
  const row = await db().userSession.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row) return { ok: false, problem: "unknown" };
  if (row.revokedAt) return { ok: false, problem: "revoked" };
  if (row.expiresAt <= now) return { ok: false, problem: "expired" };
  return { ok: true, session: { sdkAppId: row.sdkAppId, userId: row.userId, createdAt: row.createdAt, expiresAt: row.expiresAt } };
}

/** Ends one session (logout). Returns false when the token was not live. */
export async function endSession(actor: Actor, token: string, now = new Date()): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const row = await tx.userSession.findUnique({ where: { tokenHash: hashToken(token) } });
    if (!row || row.revokedAt || row.expiresAt <= now) return false;
    await tx.userSession.update({ where: { id: row.id }, data: { revokedAt: now } });
    await writeAudit(tx, { actor, action: "logout", sdkAppId: row.sdkAppId, target: row.userId });
    return true;
  });
}

/** Live sessions per UserID, for the REST online-status queries. */
export async function liveSessionCounts(sdkAppId: number, userIds: string[], now = new Date()): Promise<Map<string, number>> {
  const rows = await db().userSession.groupBy({
    by: ["userId"],
    where: { sdkAppId, userId: { in: userIds }, revokedAt: null, expiresAt: { gt: now } },
    _count: { _all: true },
  });
  return new Map(rows.map((row) => [row.userId, row._count._all]));
}
