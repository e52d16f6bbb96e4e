import "server-only";
import { randomBytes } from "node:crypto";
import { db, type Tx } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { type Actor, type AuditInput, auditInsert, recordAudit } from "@/lib/data/audit";
import type { AuditAction } from "@/lib/audit-actions";
import { notifyQueued, queueStateChanges } from "@/lib/data/callback-outbox";
import { Prisma, queryRows, runTransaction, sqlDate } from "@/lib/data/sql";
import { closeSessions } from "@/lib/data/session-ends";

// Accounts are the UserIDs of an app. Callers validate UserIDs (lib/usersig
// validateUserId) before they get here.

export type AccountProfile = { userId: string; nickname?: string; faceUrl?: string; externalId?: string | null };

export type AccountDto = {
  userId: string;
  externalId: string | null;
  nickname: string;
  faceUrl: string;
  disabled: boolean;
  loginNotBefore: Date | null;
  createdAt: Date;
};

const toDto = (row: AccountDto): AccountDto => ({
  userId: row.userId,
  externalId: row.externalId,
  nickname: row.nickname,
  faceUrl: row.faceUrl,
  disabled: row.disabled,
  loginNotBefore: row.loginNotBefore,
  createdAt: row.createdAt,
});

export async function findAccount(sdkAppId: number, userId: string): Promise<AccountDto | null> {
  const row = await db().account.findUnique({ where: { sdkAppId_userId: { sdkAppId, userId } } });
  return row ? toDto(row) : null;
}

/** Creates the account or, when it exists, updates the profile fields given. */
export async function upsertAccount(tx: Tx, sdkAppId: number, profile: AccountProfile): Promise<void> {
  const fields = {
    ...(profile.nickname !== undefined && { nickname: profile.nickname }),
    ...(profile.faceUrl !== undefined && { faceUrl: profile.faceUrl }),
    ...(profile.externalId !== undefined && { externalId: profile.externalId }),
  };
  await tx.account.upsert({
    where: { sdkAppId_userId: { sdkAppId, userId: profile.userId } },
    create: { sdkAppId, userId: profile.userId, ...fields },
    update: fields,
  });
}

export async function importAccount(actor: Actor, sdkAppId: number, profile: AccountProfile): Promise<void> {
  await db().$transaction(async (tx) => {
    await upsertAccount(tx, sdkAppId, profile);
    await recordAudit({ actor, action: "account.import", sdkAppId, target: profile.userId }, tx);
  });
}

/**
 * Imports many accounts in chunks; existing ones get the profile fields given.
 * One audit row per call, with the count, rather than one per account.
 */
export async function importAccounts(
  actor: Actor,
  sdkAppId: number,
  profiles: AccountProfile[],
  action: Extract<AuditAction, `account.import${string}`> = "account.import-many",
): Promise<void> {
  const CHUNK = 500;
  await db().$transaction(
    async (tx) => {
      for (let start = 0; start < profiles.length; start += CHUNK) {
        const chunk = profiles.slice(start, start + CHUNK);
        const existing = await tx.account.findMany({
          where: { sdkAppId, userId: { in: chunk.map((p) => p.userId) } },
          select: { userId: true },
        });
        const known = new Set(existing.map((row) => row.userId));
        const fresh = chunk.filter((p) => !known.has(p.userId));
        if (fresh.length > 0) {
          await tx.account.createMany({
            data: fresh.map((p) => ({
              sdkAppId,
              userId: p.userId,
              nickname: p.nickname ?? "",
              faceUrl: p.faceUrl ?? "",
              externalId: p.externalId ?? null,
            })),
          });
        }
        for (const profile of chunk.filter((p) => known.has(p.userId))) await upsertAccount(tx, sdkAppId, profile);
      }
      await recordAudit({ actor, action, sdkAppId, details: { count: profiles.length } }, tx);
    },
    { timeout: 120_000 },
  );
}

// Rows per INSERT statement: 8 bound values each, far below SQLite's 32,766 and PostgreSQL's 65,535.
const INSERT_ROWS = 1000;
const ACCOUNT_COLUMNS = ["id", "sdkAppId", "userId", "externalId", "nickname", "faceUrl", "createdAt", "updatedAt"];
const insertTexts = new Map<number, string[]>();

/**
 * A multi-row INSERT of Account rows that skips existing UserIDs, returning
 * those it created. Its text is built once per row count and its values
 * passed flat: a thousand Prisma.sql fragments per statement were most of
 * the import's allocations.
 */
function insertAccounts(values: unknown[]): Prisma.Sql {
  const rows = values.length / ACCOUNT_COLUMNS.length;
  let strings = insertTexts.get(rows);
  if (!strings) {
    const row = Array<string>(ACCOUNT_COLUMNS.length - 1).fill(", ");
    strings = [
      `INSERT INTO "Account" (${ACCOUNT_COLUMNS.map((column) => `"${column}"`).join(", ")}) VALUES (`,
      ...Array.from({ length: rows }, (_, index) => (index === 0 ? row : ["), (", ...row])).flat(),
      `) ON CONFLICT ("sdkAppId", "userId") DO NOTHING RETURNING "userId"`,
    ];
    insertTexts.set(rows, strings);
  }
  return new Prisma.Sql(strings, values);
}

/**
 * Creates the accounts that do not exist yet and leaves existing ones alone;
 * returns the UserIDs it created. One transaction on the driver beneath
 * Prisma (lib/data/sql.ts): multi-row INSERTs that skip existing UserIDs
 * (ON CONFLICT DO NOTHING, so an account created meanwhile by a login or a
 * concurrent import is skipped too, never duplicated) and the one audit row,
 * which `audit` describes. A CSV import's chunk of thousands of rows is a
 * handful of statements instead of Prisma's objects and round trips per row.
 */
export async function createNewAccounts(
  sdkAppId: number,
  profiles: AccountProfile[],
  audit: (created: number) => AuditInput,
  now = new Date(),
): Promise<Set<string>> {
  const at = sqlDate(now);
  // Ids in insertion order (a cuid's shape: the time, a sequence, then randomness shared by the call), so
  // the rows append to the id index rather than dirtying a random page of it each: at 1M accounts random
  // ids made every chunk rewrite thousands of that index's pages.
  const time = now.getTime().toString(36);
  const nonce = randomBytes(8).toString("hex");
  const inserts: Prisma.Sql[] = [];
  // Statements of INSERT_ROWS rows, then of powers of two for the rest: a dozen statement shapes in all, so
  // the driver's cache of prepared statements (lib/data/sql.ts) holds a few, not one per chunk's remainder.
  for (let start = 0, size = 0; start < profiles.length; start += size) {
    const left = profiles.length - start;
    size = left >= INSERT_ROWS ? INSERT_ROWS : 2 ** Math.floor(Math.log2(left));
    const values: unknown[] = [];
    for (let index = start; index < start + size; index++) {
      const p = profiles[index]!;
      const id = `c${time}${index.toString(36).padStart(4, "0")}${nonce}`;
      values.push(id, sdkAppId, p.userId, p.externalId ?? null, p.nickname ?? "", p.faceUrl ?? "", at, at);
    }
    inserts.push(insertAccounts(values));
  }
  // The audit row names how many were created, known only after the INSERTs: it is built from their RETURNING within the same transaction.
  const created = new Set<string>();
  await runTransaction(inserts, (results) => {
    for (const rows of results) for (const row of rows as { userId: string }[]) created.add(row.userId);
    return [auditInsert([{ at: now, input: audit(created.size) }])];
  });
  return created;
}

/**
 * Deletes accounts with their sessions, reporting each live one as a
 * Disconnect (LinkClose) state callback; returns the UserIDs that did not
 * exist. App admins' accounts are kept (the caller reports them).
 */
export async function deleteAccounts(
  actor: Actor,
  sdkAppId: number,
  userIds: string[],
  now = new Date(),
): Promise<{ missing: string[]; admins: string[] }> {
  const result = await db().$transaction(async (tx) => {
    const admins = (
      await tx.appAdmin.findMany({ where: { sdkAppId, identifier: { in: userIds } }, select: { identifier: true } })
    ).map((a) => a.identifier);
    const deletable = userIds.filter((id) => !admins.includes(id));
    const existing = new Set(
      (await tx.account.findMany({ where: { sdkAppId, userId: { in: deletable } }, select: { userId: true } })).map(
        (row) => row.userId,
      ),
    );
    await tx.account.deleteMany({ where: { sdkAppId, userId: { in: [...existing] } } });
    // RETURNING the deleted rows as they were when deleted: a session a concurrent logout closed first is reported by that logout only.
    const sessions =
      existing.size === 0
        ? []
        : await tx.$queryRaw<
            {
              userId: string;
              ip: string;
              platform: string;
              closedAt: Date | null;
              revokedAt: Date | null;
              expiresAt: Date;
            }[]
          >(
            Prisma.sql`DELETE FROM "UserSession" WHERE "sdkAppId" = ${sdkAppId} AND "userId" IN (${Prisma.join([...existing])}) RETURNING "userId", "ip", "platform", "closedAt", "revokedAt", "expiresAt"`,
          );
    const live = sessions.filter((s) => s.closedAt === null && s.revokedAt === null && new Date(s.expiresAt) > now);
    await queueStateChanges(
      tx,
      live.map((s) => ({
        sdkAppId,
        userId: s.userId,
        reason: "LinkClose" as const,
        eventTime: now,
        clientIp: s.ip,
        platform: s.platform,
      })),
      now,
    );
    const missing = deletable.filter((id) => !existing.has(id));
    await recordAudit(
      {
        actor,
        action: "account.delete",
        sdkAppId,
        target: [...existing].slice(0, 20).join(","),
        details: { deleted: existing.size, missing: missing.length },
      },
      tx,
    );
    return { missing, admins };
  });
  notifyQueued();
  return result;
}

/** Which of these UserIDs have accounts: REST account_check's read, so on the driver beneath Prisma (lib/data/sql.ts). */
export async function existingUserIds(sdkAppId: number, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await queryRows<{ userId: string }>(
    Prisma.sql`SELECT "userId" FROM "Account" WHERE "sdkAppId" = ${sdkAppId} AND "userId" IN (${Prisma.join(userIds)})`,
  );
  return new Set(rows.map((row) => row.userId));
}

/**
 * Invalidates a user's login state: every UserSig whose TLS.time is at or
 * before this second stops working (70052) and live sessions end, each
 * reported as a Disconnect (LinkClose) state callback. Ticket times are whole
 * seconds, so a UserSig generated in a later second works.
 */
export async function invalidateLogin(
  actor: Actor,
  sdkAppId: number,
  userId: string,
  now = new Date(),
): Promise<{ notBefore: Date }> {
  const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const result = await db().$transaction(async (tx) => {
    const { count } = await tx.account.updateMany({ where: { sdkAppId, userId }, data: { loginNotBefore: notBefore } });
    if (count === 0) throw new NotFoundError(`Account "${userId}" does not exist in application ${sdkAppId}.`, 70107);
    await closeSessions(tx, { sdkAppId, userId }, "LinkClose", now);
    // Sessions that ran out are revoked too (their end is reported by the expiry sweep).
    await tx.userSession.updateMany({ where: { sdkAppId, userId, revokedAt: null }, data: { revokedAt: now } });
    await recordAudit(
      {
        actor,
        action: "account.invalidate-login",
        sdkAppId,
        target: userId,
        details: { notBefore: notBefore.toISOString() },
      },
      tx,
    );
    return { notBefore };
  });
  notifyQueued();
  return result;
}
