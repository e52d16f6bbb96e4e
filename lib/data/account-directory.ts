import "server-only";
import { db } from "@/lib/db";
import { createNewAccounts } from "@/lib/data/accounts";
import type { Actor } from "@/lib/data/audit";
import { revocationsOf } from "@/lib/data/revocations";
import { Prisma, isSqlite, queryRows, readBool, readDate } from "@/lib/data/sql";
import { validateUserId } from "@/lib/usersig";

// Console-only account queries. Lists use keyset pagination on the
// (sdkAppId, userId) unique index, the app's total is a counter
// (Application.accountCount), and a search reads index ranges only, so a page
// costs about the same at 1M accounts as at 10.

export const ACCOUNT_PAGE_SIZE = 50;
/** Search matches are counted up to this many; past it the page says "more than". */
export const ACCOUNT_COUNT_LIMIT = 10_000;
// A search whose external-ID matches are too many to sort walks the UserID order instead, at most this many rows per page.
const WALK_LIMIT = 20_000;

export type AccountListItem = {
  userId: string;
  externalId: string | null;
  nickname: string;
  disabled: boolean;
  createdAt: Date;
};

const LIST_FIELDS = { userId: true, externalId: true, nickname: true, disabled: true, createdAt: true } as const;

/**
 * Text starting with `prefix`, in a form the index can read: on SQLite a
 * range (its LIKE ignores ASCII case and reads no index), on PostgreSQL
 * LIKE 'prefix%' (a range would not hold under a linguistic collation). Both
 * are case-sensitive. Prisma's startsWith leaves LIKE's wildcards in the
 * prefix active (UserIDs are full of "_", which also kept PostgreSQL from
 * using the index), so they are escaped here with LIKE's default backslash.
 */
function startingWith(prefix: string) {
  return isSqlite() ? { gte: prefix, lt: `${prefix}\u{10FFFF}` } : { startsWith: prefix.replace(/[\\%_]/g, "\\$&") };
}

/**
 * A page of the app's accounts in UserID order after `after`; with a query,
 * those whose UserID or external ID starts with it. `total` is exact without
 * a query; with one it stops at ACCOUNT_COUNT_LIMIT and `more` says there are more.
 */
export async function listAccounts(
  sdkAppId: number,
  options: { query?: string; after?: string; take?: number } = {},
): Promise<{ accounts: AccountListItem[]; nextAfter: string | null; total: number; more: boolean }> {
  const take = options.take ?? ACCOUNT_PAGE_SIZE;
  const query = options.query?.trim();
  const after = options.after;
  const page = (rows: AccountListItem[]) => {
    const accounts = rows.slice(0, take);
    return { accounts, nextAfter: rows.length > take ? accounts[accounts.length - 1]!.userId : null };
  };
  if (!query) {
    const [rows, app] = await Promise.all([
      db().account.findMany({
        where: { sdkAppId, ...(after && { userId: { gt: after } }) },
        orderBy: { userId: "asc" },
        take: take + 1,
        select: LIST_FIELDS,
      }),
      db().application.findUnique({ where: { sdkAppId }, select: { accountCount: true } }),
    ]);
    return { ...page(rows), total: app?.accountCount ?? 0, more: false };
  }
  const prefix = startingWith(query);
  // The external-ID matches, by their own index, up to the count limit.
  const [byUserId, userIdMatches, byExternalId] = await Promise.all([
    db().account.findMany({
      where: { sdkAppId, userId: { ...prefix, ...(after && { gt: after }) } },
      orderBy: { userId: "asc" },
      take: take + 1,
      select: LIST_FIELDS,
    }),
    // Counted by reading at most the bound in index order (Prisma's count applies `take` after reading every match).
    db().account.findMany({
      where: { sdkAppId, userId: prefix },
      orderBy: { userId: "asc" },
      take: ACCOUNT_COUNT_LIMIT + 1,
      select: { userId: true },
    }),
    db().account.findMany({
      where: { sdkAppId, externalId: prefix },
      orderBy: { externalId: "asc" },
      take: ACCOUNT_COUNT_LIMIT + 1,
      select: { userId: true },
    }),
  ]);
  if (byExternalId.length > ACCOUNT_COUNT_LIMIT)
    return { ...(await walkMatches(sdkAppId, query, after, take)), total: ACCOUNT_COUNT_LIMIT, more: true };
  // Matches by external ID only (a UserID match is in byUserId already), merged into the UserID order.
  const others = byExternalId
    .map((row) => row.userId)
    .filter((userId) => !userId.startsWith(query) && (!after || userId > after))
    .sort()
    .slice(0, take + 1);
  const extra =
    others.length > 0
      ? await db().account.findMany({ where: { sdkAppId, userId: { in: others } }, select: LIST_FIELDS })
      : [];
  const rows = [...byUserId, ...extra].sort((a, b) => (a.userId < b.userId ? -1 : 1)).slice(0, take + 1);
  const total = userIdMatches.length + byExternalId.filter((row) => !row.userId.startsWith(query)).length;
  return { ...page(rows), total: Math.min(total, ACCOUNT_COUNT_LIMIT), more: total > ACCOUNT_COUNT_LIMIT };
}

/**
 * A page of a search that matches more external IDs than can be sorted: the
 * accounts in UserID order, filtered here, reading at most WALK_LIMIT rows. A
 * page that reaches the limit first ends early and the next one goes on from there.
 */
async function walkMatches(
  sdkAppId: number,
  query: string,
  after: string | undefined,
  take: number,
): Promise<{ accounts: AccountListItem[]; nextAfter: string | null }> {
  const matches: AccountListItem[] = [];
  let cursor = after;
  for (let walked = 0; walked < WALK_LIMIT;) {
    const rows = await db().account.findMany({
      where: { sdkAppId, ...(cursor && { userId: { gt: cursor } }) },
      orderBy: { userId: "asc" },
      take: 2000,
      select: LIST_FIELDS,
    });
    for (const row of rows) {
      if (!row.userId.startsWith(query) && !row.externalId?.startsWith(query)) continue;
      matches.push(row);
      if (matches.length > take) return { accounts: matches.slice(0, take), nextAfter: matches[take - 1]!.userId };
    }
    if (rows.length < 2000) return { accounts: matches, nextAfter: null };
    walked += rows.length;
    cursor = rows[rows.length - 1]!.userId;
  }
  return { accounts: matches, nextAfter: cursor ?? null };
}

type ExportRow = {
  userId: string;
  externalId: string | null;
  nickname: string;
  faceUrl: string;
  disabled: unknown;
  createdAt: unknown;
};

/**
 * Every account of the app in UserID order, in batches (for CSV export): the
 * list's keyset read with hand-written statements on the driver
 * (lib/data/sql.ts), since at 1M rows Prisma's objects per row were most of
 * the export's time and memory.
 */
export async function* streamAccounts(
  sdkAppId: number,
  batch = 1000,
): AsyncGenerator<(AccountListItem & { faceUrl: string })[]> {
  let after: string | undefined;
  while (true) {
    const rows = await queryRows<ExportRow>(
      Prisma.sql`SELECT "userId", "externalId", "nickname", "faceUrl", "disabled", "createdAt" FROM "Account"
        WHERE "sdkAppId" = ${sdkAppId} ${after === undefined ? Prisma.empty : Prisma.sql`AND "userId" > ${after}`} ORDER BY "userId" LIMIT ${batch}`,
    );
    if (rows.length > 0)
      yield rows.map((row) => ({ ...row, disabled: readBool(row.disabled), createdAt: readDate(row.createdAt)! }));
    if (rows.length < batch) return;
    after = rows[rows.length - 1]!.userId;
  }
}

export type ImportRow = { row: number; userId: string; externalId?: string; nickname?: string; faceUrl?: string };
export type ImportRowError = { row: number; userId: string; message: string };

/**
 * Imports the good rows of one chunk of a CSV file and reports the others:
 * bad UserIDs, rows repeating a UserID earlier in the chunk, accounts that
 * already exist (left unchanged). The caller catches duplicates across
 * chunks. The chunk is one transaction with one audit row, whatever its
 * size, so a 1M-row file is a few hundred of each.
 */
export async function importAccountRows(
  actor: Actor,
  sdkAppId: number,
  rows: ImportRow[],
): Promise<{ imported: number; errors: ImportRowError[] }> {
  const errors: ImportRowError[] = [];
  const firstRow = new Map<string, number>();
  const candidates: ImportRow[] = [];
  for (const row of rows) {
    const problem = validateUserId(row.userId);
    if (problem) errors.push({ row: row.row, userId: row.userId, message: problem });
    else if (firstRow.has(row.userId))
      errors.push({ row: row.row, userId: row.userId, message: `Duplicate of row ${firstRow.get(row.userId)}.` });
    else if (row.faceUrl && !/^https?:\/\//.test(row.faceUrl))
      errors.push({ row: row.row, userId: row.userId, message: "Avatar URL must start with http:// or https://." });
    else {
      firstRow.set(row.userId, row.row);
      candidates.push(row);
    }
  }
  const created =
    candidates.length === 0
      ? new Set<string>()
      : await createNewAccounts(
          sdkAppId,
          // In UserID order: each index page the chunk touches is then visited once, while it is in SQLite's cache.
          [...candidates]
            .sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0))
            .map((row) => ({
              userId: row.userId,
              externalId: row.externalId || null,
              nickname: row.nickname ?? "",
              faceUrl: row.faceUrl ?? "",
            })),
          (count) => ({
            actor,
            action: "account.import-csv",
            sdkAppId,
            details: { count, rows: `${rows[0]!.row}-${rows[rows.length - 1]!.row}` },
          }),
        );
  for (const row of candidates)
    if (!created.has(row.userId))
      errors.push({ row: row.row, userId: row.userId, message: "Already exists; left unchanged." });
  errors.sort((a, b) => a.row - b.row);
  return { imported: created.size, errors };
}

export type IssuedTicketDto = {
  id: string;
  kind: string;
  time: number;
  expire: number;
  keyVersion: number;
  issuer: string;
  createdAt: Date;
  expired: boolean;
  revoked: { revokedAt: Date; revokedBy: string } | null;
};
export type LoginDto = {
  id: string;
  ip: string;
  platform: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
};

export async function accountActivity(
  sdkAppId: number,
  userId: string,
  now = Date.now(),
): Promise<{ tickets: IssuedTicketDto[]; logins: LoginDto[] }> {
  const [issued, logins] = await Promise.all([
    db().issuedTicket.findMany({
      where: { sdkAppId, userId },
      orderBy: { createdAt: "desc" },
      take: 50,
      select: {
        id: true,
        kind: true,
        time: true,
        expire: true,
        keyVersion: true,
        issuer: true,
        createdAt: true,
        sigHash: true,
      },
    }),
    db().userSession.findMany({
      where: { sdkAppId, userId },
      orderBy: { createdAt: "desc" },
      take: 50,
      select: { id: true, ip: true, platform: true, createdAt: true, expiresAt: true, revokedAt: true },
    }),
  ]);
  const revoked = await revocationsOf(issued.map((ticket) => ticket.sigHash));
  const tickets = issued.map(({ sigHash, ...ticket }) => ({
    ...ticket,
    expired: now / 1000 > ticket.time + ticket.expire,
    revoked: revoked.get(sigHash) ?? null,
  }));
  return { tickets, logins };
}
