import "server-only";
import { db } from "@/lib/db";
import { type Actor, recordAudit } from "@/lib/data/audit";
import { Prisma, queryRows, readDate, sqlDate } from "@/lib/data/sql";
import type { AuditAction } from "@/lib/audit-actions";

// Reading the audit trail for the console, newest first, with keyset
// pagination on (at, id): every filter has an index that ends in `at`
// ([action, at], [actor, at], ...), so any page of any filter costs the same
// at 1M rows. The cursor is "<at ms>.<id>".

export type AuditFilter = {
  sdkAppId?: number;
  /** The applications the reader may see (a scoped operator's); rows of others, and console-wide rows, are hidden. */
  visibleApps?: number[] | null;
  actor?: string;
  action?: string;
  result?: string;
  from?: Date;
  to?: Date;
};

function appCondition(filter: AuditFilter) {
  const { sdkAppId, visibleApps } = filter;
  if (!visibleApps) return sdkAppId === undefined ? {} : { sdkAppId };
  if (sdkAppId === undefined) return { sdkAppId: { in: visibleApps } };
  return { sdkAppId: visibleApps.includes(sdkAppId) ? sdkAppId : { in: [] } };
}

export type AuditEventDto = {
  id: number;
  at: Date;
  actorType: string;
  actor: string;
  action: string;
  target: string;
  sdkAppId: number | null;
  ip: string;
  result: string;
  code: number | null;
  details: string;
  /** Identical rejections this row stands for, and when the last one was. */
  count: number;
  lastAt: Date | null;
};

export const AUDIT_PAGE_SIZE = 50;

export function parseAuditCursor(cursor: string | undefined): { at: Date; id: number } | undefined {
  const match = cursor?.match(/^(\d{1,15})\.(\d{1,15})$/);
  return match ? { at: new Date(Number(match[1])), id: Number(match[2]) } : undefined;
}

function where(filter: AuditFilter, before?: { at: Date; id: number }) {
  const at = {
    ...(filter.from && { gte: filter.from }),
    ...(filter.to && { lt: filter.to }),
    ...(before && { lte: before.at }),
  };
  return {
    ...appCondition(filter),
    ...(filter.actor && { actor: filter.actor }),
    ...(filter.action && { action: filter.action }),
    ...(filter.result && { result: filter.result }),
    ...(Object.keys(at).length > 0 && { at }),
    ...(before && { NOT: { at: before.at, id: { gte: before.id } } }),
  };
}

export async function listAuditEvents(
  filter: AuditFilter,
  cursor?: string,
  take = AUDIT_PAGE_SIZE,
): Promise<{ events: AuditEventDto[]; next: string | null }> {
  const rows = await db().auditEvent.findMany({
    where: where(filter, parseAuditCursor(cursor)),
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: take + 1,
  });
  const events = rows.slice(0, take);
  const last = events[events.length - 1];
  return { events, next: rows.length > take && last ? `${last.at.getTime()}.${last.id}` : null };
}

// The export's conditions: where() as hand-written SQL.
function sqlConditions(filter: AuditFilter): Prisma.Sql[] {
  const { sdkAppId, visibleApps } = filter;
  const none = Prisma.sql`1 = 0`;
  const app =
    visibleApps && sdkAppId === undefined
      ? visibleApps.length > 0
        ? Prisma.sql`"sdkAppId" IN (${Prisma.join(visibleApps)})`
        : none
      : sdkAppId === undefined
        ? null
        : visibleApps && !visibleApps.includes(sdkAppId)
          ? none
          : Prisma.sql`"sdkAppId" = ${sdkAppId}`;
  return [
    ...(app ? [app] : []),
    ...(filter.actor ? [Prisma.sql`"actor" = ${filter.actor}`] : []),
    ...(filter.action ? [Prisma.sql`"action" = ${filter.action}`] : []),
    ...(filter.result ? [Prisma.sql`"result" = ${filter.result}`] : []),
    ...(filter.from ? [Prisma.sql`"at" >= ${sqlDate(filter.from)}`] : []),
    ...(filter.to ? [Prisma.sql`"at" < ${sqlDate(filter.to)}`] : []),
  ];
}

type AuditRow = Omit<AuditEventDto, "at" | "lastAt"> & { at: unknown; lastAt: unknown };

/**
 * Every matching event, newest first, in batches (for CSV export). The same
 * keyset as the pages, read with hand-written statements on the driver
 * (lib/data/sql.ts): over millions of rows Prisma's cost per row was most of
 * the export's time. Batches are small so that little is alive between
 * reads: the server's memory stays flat however long the export.
 */
export async function* streamAuditEvents(filter: AuditFilter, batch = 500): AsyncGenerator<AuditEventDto[]> {
  const conditions = sqlConditions(filter);
  let before: { at: unknown; id: number } | undefined;
  while (true) {
    // "at" <= the last one's, then past it in id: the range lets the index seek.
    const keyset = before ? [Prisma.sql`"at" <= ${before.at} AND ("at" < ${before.at} OR "id" < ${before.id})`] : [];
    const where = [...conditions, ...keyset];
    const rows = await queryRows<AuditRow>(
      Prisma.sql`SELECT "id", "at", "actorType", "actor", "action", "target", "sdkAppId", "ip", "result", "code", "details", "count", "lastAt" FROM "AuditEvent"
        ${where.length > 0 ? Prisma.sql`WHERE ${Prisma.join(where, " AND ")}` : Prisma.empty} ORDER BY "at" DESC, "id" DESC LIMIT ${batch}`,
    );
    if (rows.length > 0) {
      yield rows.map((row) => ({
        ...row,
        id: Number(row.id),
        at: readDate(row.at)!,
        sdkAppId: row.sdkAppId === null ? null : Number(row.sdkAppId),
        code: row.code === null ? null : Number(row.code),
        count: Number(row.count),
        lastAt: readDate(row.lastAt),
      }));
    }
    if (rows.length < batch) return;
    const last = rows[rows.length - 1]!;
    before = { at: last.at, id: Number(last.id) };
  }
}

/**
 * The operators, for the filter menu (a DISTINCT over 1M audit rows would not
 * be quick); for a scoped reader only those who share one of their applications.
 */
export async function auditActorOptions(visibleApps: number[] | null = null): Promise<string[]> {
  const rows = await db().operator.findMany({
    where: visibleApps ? { memberships: { some: { sdkAppId: { in: visibleApps } } } } : {},
    select: { email: true },
    orderBy: { email: "asc" },
  });
  return rows.map((row) => row.email);
}

/** A refused console request (wrong role). Has no change to share a transaction with. */
export async function auditDenied(
  actor: Actor,
  action: AuditAction,
  permission: string,
  sdkAppId?: number,
): Promise<void> {
  await recordAudit({ actor, action, result: "denied", sdkAppId, code: 70403, details: { permission } });
}
