import "server-only";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { db, type Tx } from "@/lib/db";
import { batched } from "@/lib/data/batch";
import { Prisma, sqlDate } from "@/lib/data/sql";
import { type Actor, writeAudit } from "@/lib/data/audit";

// Sessions of the app's users after a successful login. The bearer token is
// returned once; only its SHA-256 is stored, so a database leak yields no
// usable token.

/** A session never outlives its UserSig, nor this many seconds. */
export const MAX_SESSION_SECONDS = 7 * 86400;

export type SessionDto = { sdkAppId: number; userId: string; createdAt: Date; expiresAt: Date };

export type SessionLookup = { ok: true; session: SessionDto } | { ok: false; problem: "unknown" | "expired" | "revoked" };

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

type NewSession = {
  actor: Actor;
  sdkAppId: number;
  userId: string;
  tokenHash: string;
  keyVersion: number;
  accountExists: boolean;
  createdAt: Date;
  expiresAt: Date;
};

// Mirrors writeAudit's row for the batched insert below.
const loginAuditRow = (s: NewSession) => ({
  actorType: s.actor.type,
  actor: s.actor.id,
  ip: s.actor.ip ?? "",
  action: "login",
  result: "ok",
  target: s.userId,
  sdkAppId: s.sdkAppId,
  details: JSON.stringify({ keyVersion: s.keyVersion, expiresAt: s.expiresAt.toISOString(), ...(!s.accountExists && { accountCreated: true }) }),
});

async function writeOne(tx: Tx, s: NewSession): Promise<void> {
  if (!s.accountExists) {
    await tx.account.upsert({ where: { sdkAppId_userId: { sdkAppId: s.sdkAppId, userId: s.userId } }, create: { sdkAppId: s.sdkAppId, userId: s.userId }, update: {} });
  }
  await tx.userSession.create({ data: { tokenHash: s.tokenHash, sdkAppId: s.sdkAppId, userId: s.userId, ip: s.actor.ip ?? "", createdAt: s.createdAt, expiresAt: s.expiresAt } });
  await writeAudit(tx, { actor: s.actor, action: "login", sdkAppId: s.sdkAppId, target: s.userId, details: JSON.parse(loginAuditRow(s).details) });
}

// Group commit: the logins that finish verification together are written in
// one transaction (accounts, sessions, audit rows) of three multi-row
// INSERTs, hand-written because this is the hot path (see lib/data/sql.ts).
// A login is answered only after its transaction commits. If a group fails
// (say an account was created concurrently elsewhere), each login is retried
// in its own transaction so one bad row cannot fail the others.
const writeSessions = batched<NewSession, void>(async (sessions) => {
  try {
    const fresh = new Map(sessions.filter((s) => !s.accountExists).map((s) => [`${s.sdkAppId}:${s.userId}`, s]));
    const at = (d: Date) => sqlDate(d);
    // A batch transaction of three statements: cheaper than an interactive one.
    await db().$transaction([
      ...(fresh.size > 0
        ? [
            db().$executeRaw(
              Prisma.sql`INSERT INTO "Account" ("id", "sdkAppId", "userId", "createdAt", "updatedAt") VALUES ${Prisma.join(
                [...fresh.values()].map((s) => Prisma.sql`(${randomUUID()}, ${s.sdkAppId}, ${s.userId}, ${at(s.createdAt)}, ${at(s.createdAt)})`),
              )} ON CONFLICT ("sdkAppId", "userId") DO NOTHING`,
            ),
          ]
        : []),
      db().$executeRaw(
        Prisma.sql`INSERT INTO "UserSession" ("id", "tokenHash", "sdkAppId", "userId", "ip", "createdAt", "expiresAt") VALUES ${Prisma.join(
          sessions.map((s) => Prisma.sql`(${randomUUID()}, ${s.tokenHash}, ${s.sdkAppId}, ${s.userId}, ${s.actor.ip ?? ""}, ${at(s.createdAt)}, ${at(s.expiresAt)})`),
        )}`,
      ),
      db().$executeRaw(
        Prisma.sql`INSERT INTO "AuditEvent" ("at", "actorType", "actor", "action", "target", "sdkAppId", "ip", "result", "details") VALUES ${Prisma.join(
          sessions.map((s) => {
            const row = loginAuditRow(s);
            return Prisma.sql`(${at(s.createdAt)}, ${row.actorType}, ${row.actor}, ${row.action}, ${row.target}, ${row.sdkAppId}, ${row.ip}, ${row.result}, ${row.details})`;
          }),
        )}`,
      ),
    ]);
  } catch (error) {
    if (sessions.length === 1) throw error;
    for (const s of sessions) await db().$transaction((tx) => writeOne(tx, s));
  }
  return sessions.map(() => undefined);
});

/**
 * Starts a session for a verified login: creates the account on a UserID's
 * first login, stores the session and audits the login, in one transaction
 * shared with concurrent logins.
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
  await writeSessions({ ...input, tokenHash: hashToken(token), createdAt: now, expiresAt });
  return { token, expiresAt };
}

export async function findSession(token: string, now = new Date()): Promise<SessionLookup> {
  const row = await db().userSession.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row) return { ok: false, problem: "unknown" };
  if (row.revokedAt) return { ok: false, problem: "revoked" };
  if (row.expiresAt <= now) return { ok: false, problem: "expired" };
  // A login verified just before a kick may commit its session just after
  // it; sessions that started at or before the invalidated second are ended.
  const account = await db().account.findUnique({ where: { sdkAppId_userId: { sdkAppId: row.sdkAppId, userId: row.userId } }, select: { disabled: true, loginNotBefore: true } });
  if (!account || account.disabled) return { ok: false, problem: "revoked" };
  if (account.loginNotBefore && Math.floor(row.createdAt.getTime() / 1000) <= account.loginNotBefore.getTime() / 1000) return { ok: false, problem: "revoked" };
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
