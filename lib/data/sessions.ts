import "server-only";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { Arrivals, batched } from "@/lib/data/batch";
import { Prisma, runWrites, sqlDate } from "@/lib/data/sql";
import { type Actor, type AuditInput, auditInsert, recordAudit } from "@/lib/data/audit";
import { countEvents } from "@/lib/data/daily-counts";
import { notifyQueued, outboxInsert } from "@/lib/data/callback-outbox";
import { closeSessions } from "@/lib/data/session-ends";

// Sessions of the app's users after a successful login. The bearer token is
// returned once; only its SHA-256 is stored, so a database leak yields no
// usable token.

/** A session never outlives its UserSig, nor this many seconds. */
export const MAX_SESSION_SECONDS = 7 * 86400;

export type SessionDto = { sdkAppId: number; userId: string; createdAt: Date; expiresAt: Date };

export type SessionLookup =
  | { ok: true; session: SessionDto }
  | { ok: false; problem: "unknown" | "expired" | "revoked" }
  | { ok: false; problem: "app-disabled"; sdkAppId: number };

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

type NewSession = {
  actor: Actor;
  platform: string;
  sdkAppId: number;
  userId: string;
  tokenHash: string;
  keyVersion: number;
  sigHash: string | null;
  accountExists: boolean;
  /** The app's state callback reports logins (lib/data/callback-outbox.ts). */
  reportLogin: boolean;
  createdAt: Date;
  expiresAt: Date;
};

const loginAudit = (s: NewSession): AuditInput => ({
  actor: s.actor,
  action: "login",
  sdkAppId: s.sdkAppId,
  target: s.userId,
  details: {
    keyVersion: s.keyVersion,
    expiresAt: s.expiresAt.toISOString(),
    ...(!s.accountExists && { accountCreated: true }),
  },
});

/**
 * Accounts (on a first login), sessions, audit rows, the day's login count
 * and, for apps whose state callback reports logins, the callbacks' outbox
 * rows of these logins: one multi-row INSERT each.
 */
function loginStatements(sessions: NewSession[]): Prisma.Sql[] {
  const fresh = new Map(sessions.filter((s) => !s.accountExists).map((s) => [`${s.sdkAppId}:${s.userId}`, s]));
  const reported = sessions.filter((s) => s.reportLogin);
  return [
    ...(fresh.size > 0
      ? [
          Prisma.sql`INSERT INTO "Account" ("id", "sdkAppId", "userId", "createdAt", "updatedAt") VALUES ${Prisma.join(
            [...fresh.values()].map(
              (s) =>
                Prisma.sql`(${randomUUID()}, ${s.sdkAppId}, ${s.userId}, ${sqlDate(s.createdAt)}, ${sqlDate(s.createdAt)})`,
            ),
          )} ON CONFLICT ("sdkAppId", "userId") DO NOTHING`,
        ]
      : []),
    Prisma.sql`INSERT INTO "UserSession" ("id", "tokenHash", "sdkAppId", "userId", "ip", "platform", "sigHash", "createdAt", "expiresAt") VALUES ${Prisma.join(
      sessions.map(
        (s) =>
          Prisma.sql`(${randomUUID()}, ${s.tokenHash}, ${s.sdkAppId}, ${s.userId}, ${s.actor.ip ?? ""}, ${s.platform}, ${s.sigHash}, ${sqlDate(s.createdAt)}, ${sqlDate(s.expiresAt)})`,
      ),
    )}`,
    auditInsert(sessions.map((s) => ({ at: s.createdAt, input: loginAudit(s) }))),
    countEvents(
      "logins",
      sessions.map((s) => ({ sdkAppId: s.sdkAppId, at: s.createdAt })),
    ),
    ...(reported.length > 0
      ? [
          outboxInsert(
            reported.map((s) => ({
              sdkAppId: s.sdkAppId,
              userId: s.userId,
              reason: "Register",
              eventTime: s.createdAt,
              clientIp: s.actor.ip ?? "",
              platform: s.platform,
            })),
            reported[0]!.createdAt,
          ),
        ]
      : []),
  ];
}

// Logins between their request and their session's write (verifying the
// UserSig): the group commit below waits a moment for them.
const verifying = new Arrivals();

/** Counts a login as verifying until the returned function is called (the first call counts). */
export const loginVerifying = () => verifying.expect();

// Group commit: the logins that finish verification together are written in
// one transaction, hand-written because this is the hot path (see
// lib/data/sql.ts). A login is answered only after its transaction commits;
// `batched` retries a failed group one login at a time. On SQLite a commit
// blocks the process for the disk's fsync (2.4 ms measured here), so logins
// a moment apart would otherwise split into commits of a few each.
const writeSessions = batched<NewSession, void>(
  async (sessions) => {
    await runWrites(loginStatements(sessions));
    if (sessions.some((s) => s.reportLogin)) notifyQueued();
    return sessions.map(() => undefined);
  },
  { arrivals: verifying },
);

/**
 * Starts a session for a verified login: creates the account on a UserID's
 * first login, stores the session and audits the login, in one transaction
 * shared with concurrent logins.
 */
export async function createSession(input: {
  actor: Actor;
  /** What the client said it runs on, for the REST online-status Detail. */
  platform?: string;
  sdkAppId: number;
  userId: string;
  ticketExpiresAt: number;
  keyVersion: number;
  /** The ticket's ledger hash (lib/data/ledger.ts sigHash), so revoking it ends the session. */
  sigHash?: string;
  accountExists: boolean;
  /** Queue a Login state callback (the app's callback reports logins: TicketCheck.callbackActions). */
  reportLogin?: boolean;
  now?: Date;
}): Promise<{ token: string; expiresAt: Date }> {
  const now = input.now ?? new Date();
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Math.min(input.ticketExpiresAt * 1000, now.getTime() + MAX_SESSION_SECONDS * 1000));
  await writeSessions({
    ...input,
    platform: input.platform ?? "Unknown",
    sigHash: input.sigHash ?? null,
    reportLogin: input.reportLogin ?? false,
    tokenHash: hashToken(token),
    createdAt: now,
    expiresAt,
  });
  return { token, expiresAt };
}

export async function findSession(token: string, now = new Date()): Promise<SessionLookup> {
  const row = await db().userSession.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row) return { ok: false, problem: "unknown" };
  if (row.revokedAt) return { ok: false, problem: "revoked" };
  if (row.expiresAt <= now) return { ok: false, problem: "expired" };
  // A login verified just before a kick or a revocation of its UserSig may
  // commit its session just after it: sessions that started at or before the
  // invalidated second, or with a revoked UserSig, are ended.
  // A disabled application refuses its users' sessions as it refuses their
  // logins; they are not ended, so enabling it again lets them go on.
  const [app, account, revoked] = await Promise.all([
    db().application.findUnique({ where: { sdkAppId: row.sdkAppId }, select: { status: true } }),
    db().account.findUnique({
      where: { sdkAppId_userId: { sdkAppId: row.sdkAppId, userId: row.userId } },
      select: { disabled: true, loginNotBefore: true },
    }),
    row.sigHash ? db().revokedTicket.findUnique({ where: { sigHash: row.sigHash }, select: { sigHash: true } }) : null,
  ]);
  if (app?.status !== "enabled") return { ok: false, problem: "app-disabled", sdkAppId: row.sdkAppId };
  if (!account || account.disabled || revoked) return { ok: false, problem: "revoked" };
  if (account.loginNotBefore && Math.floor(row.createdAt.getTime() / 1000) <= account.loginNotBefore.getTime() / 1000)
    return { ok: false, problem: "revoked" };
  return {
    ok: true,
    session: { sdkAppId: row.sdkAppId, userId: row.userId, createdAt: row.createdAt, expiresAt: row.expiresAt },
  };
}

/** Ends one session (logout), queueing its Logout state callback. Returns false when the token was not live. */
export async function endSession(actor: Actor, token: string, now = new Date()): Promise<boolean> {
  const ended = await db().$transaction(async (tx) => {
    const row = await tx.userSession.findUnique({ where: { tokenHash: hashToken(token) } });
    if (!row || row.revokedAt || row.expiresAt <= now) return false;
    // Zero when a kick or the expiry sweep closed it in the meantime: that ending is the one reported.
    if ((await closeSessions(tx, { id: row.id }, "Unregister", now, actor.ip ?? "")) === 0) return false;
    await recordAudit({ actor, action: "logout", sdkAppId: row.sdkAppId, target: row.userId }, tx);
    return true;
  });
  if (ended) notifyQueued();
  return ended;
}

/** The platforms of each UserID's live sessions, for the REST online-status queries; users without one are absent. */
export async function livePlatforms(
  sdkAppId: number,
  userIds: string[],
  now = new Date(),
): Promise<Map<string, string[]>> {
  const rows = await db().userSession.groupBy({
    by: ["userId", "platform"],
    where: { sdkAppId, userId: { in: userIds }, revokedAt: null, expiresAt: { gt: now } },
    orderBy: [{ userId: "asc" }, { platform: "asc" }],
  });
  const platforms = new Map<string, string[]>();
  for (const row of rows) platforms.set(row.userId, [...(platforms.get(row.userId) ?? []), row.platform]);
  return platforms;
}
