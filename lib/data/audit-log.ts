import "server-only";
import { db } from "@/lib/db";
import { type Actor, recordAudit } from "@/lib/data/audit";
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

/** Every matching event, newest first, in batches (for CSV export). */
export async function* streamAuditEvents(filter: AuditFilter, batch = 2000): AsyncGenerator<AuditEventDto[]> {
  let cursor: string | undefined;
  while (true) {
    const { events, next } = await listAuditEvents(filter, cursor, batch);
    if (events.length > 0) yield events;
    if (next === null) return;
    cursor = next;
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
