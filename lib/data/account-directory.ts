import "server-only";
import { db } from "@/lib/db";
import { type AccountProfile, existingUserIds, importAccounts } from "@/lib/data/accounts";
import type { Actor } from "@/lib/data/audit";
import { revocationsOf } from "@/lib/data/revocations";
import { validateUserId } from "@/lib/usersig";

// Console-only account queries. Lists use keyset pagination on the
// (sdkAppId, userId) unique index and prefix search, so a page costs the same
// at 100k accounts as at 10.

export const ACCOUNT_PAGE_SIZE = 50;

export type AccountListItem = { userId: string; externalId: string | null; nickname: string; disabled: boolean; createdAt: Date };

export async function listAccounts(
  sdkAppId: number,
  options: { query?: string; after?: string; take?: number } = {},
): Promise<{ accounts: AccountListItem[]; nextAfter: string | null; total: number }> {
  const take = options.take ?? ACCOUNT_PAGE_SIZE;
  const query = options.query?.trim();
  const search = query ? { OR: [{ userId: { startsWith: query } }, { externalId: { startsWith: query } }] } : {};
  const [rows, total] = await Promise.all([
    db().account.findMany({
      where: { sdkAppId, ...search, ...(options.after && { userId: { gt: options.after } }) },
      orderBy: { userId: "asc" },
      take: take + 1,
      select: { userId: true, externalId: true, nickname: true, disabled: true, createdAt: true },
    }),
    db().account.count({ where: { sdkAppId, ...search } }),
  ]);
  const accounts = rows.slice(0, take);
  return { accounts, nextAfter: rows.length > take ? accounts[accounts.length - 1]!.userId : null, total };
}

export async function* streamAccounts(sdkAppId: number, batch = 5000): AsyncGenerator<(AccountListItem & { faceUrl: string })[]> {
  let after: string | undefined;
  while (true) {
    const rows = await db().account.findMany({
      where: { sdkAppId, ...(after && { userId: { gt: after } }) },
      orderBy: { userId: "asc" },
      take: batch,
      select: { userId: true, externalId: true, nickname: true, faceUrl: true, disabled: true, createdAt: true },
    });
    if (rows.length > 0) yield rows;
    if (rows.length < batch) return;
    after = rows[rows.length - 1]!.userId;
  }
}

export type ImportRow = { row: number; userId: string; externalId?: string; nickname?: string; faceUrl?: string };
export type ImportRowError = { row: number; userId: string; message: string };

/**
 * Imports the good rows of one chunk of a CSV file and reports the others:
 * bad UserIDs, rows repeating a UserID earlier in the chunk, accounts that
 * already exist (left unchanged). The caller catches duplicates across chunks.
 */
export async function importAccountRows(actor: Actor, sdkAppId: number, rows: ImportRow[]): Promise<{ imported: number; errors: ImportRowError[] }> {
  const errors: ImportRowError[] = [];
  const firstRow = new Map<string, number>();
  const candidates: ImportRow[] = [];
  for (const row of rows) {
    const problem = validateUserId(row.userId);
    if (problem) errors.push({ row: row.row, userId: row.userId, message: problem });
    else if (firstRow.has(row.userId)) errors.push({ row: row.row, userId: row.userId, message: `Duplicate of row ${firstRow.get(row.userId)}.` });
    else if (row.faceUrl && !/^https?:\/\//.test(row.faceUrl)) errors.push({ row: row.row, userId: row.userId, message: "Avatar URL must start with http:// or https://." });
    else {
      firstRow.set(row.userId, row.row);
      candidates.push(row);
    }
  }
  // Slices keep each IN list under SQLite's bound-parameter limit.
  const existing = new Set<string>();
  for (let start = 0; start < candidates.length; start += 500) {
    for (const userId of await existingUserIds(sdkAppId, candidates.slice(start, start + 500).map((row) => row.userId))) existing.add(userId);
  }
  const fresh: AccountProfile[] = [];
  for (const row of candidates) {
    if (existing.has(row.userId)) errors.push({ row: row.row, userId: row.userId, message: "Already exists; left unchanged." });
    else fresh.push({ userId: row.userId, externalId: row.externalId || null, nickname: row.nickname ?? "", faceUrl: row.faceUrl ?? "" });
  }
  if (fresh.length > 0) await importAccounts(actor, sdkAppId, fresh, "account.import-csv");
  errors.sort((a, b) => a.row - b.row);
  return { imported: fresh.length, errors };
}

export type IssuedTicketDto = { id: string; kind: string; time: number; expire: number; keyVersion: number; issuer: string; createdAt: Date; revoked: { revokedAt: Date; revokedBy: string } | null };
export type LoginDto = { id: string; ip: string; platform: string; createdAt: Date; expiresAt: Date; revokedAt: Date | null };

export async function accountActivity(sdkAppId: number, userId: string): Promise<{ tickets: IssuedTicketDto[]; logins: LoginDto[] }> {
  const [issued, logins] = await Promise.all([
    db().issuedTicket.findMany({
      where: { sdkAppId, userId },
      orderBy: { createdAt: "desc" },
      take: 50,
      select: { id: true, kind: true, time: true, expire: true, keyVersion: true, issuer: true, createdAt: true, sigHash: true },
    }),
    db().userSession.findMany({
      where: { sdkAppId, userId },
      orderBy: { createdAt: "desc" },
      take: 50,
      select: { id: true, ip: true, platform: true, createdAt: true, expiresAt: true, revokedAt: true },
    }),
  ]);
  const revoked = await revocationsOf(issued.map((ticket) => ticket.sigHash));
  const tickets = issued.map(({ sigHash, ...ticket }) => ({ ...ticket, revoked: revoked.get(sigHash) ?? null }));
  return { tickets, logins };
}
