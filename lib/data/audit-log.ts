import "server-only";
import { db } from "@/lib/db";
import { type Actor, writeAudit } from "@/lib/data/audit";

// Reading the audit trail for the console: keyset pagination on the id
// (newest first), so any page costs the same at 1M rows.

export type AuditFilter = { sdkAppId?: number; actor?: string; action?: string; result?: string; from?: Date; to?: Date };

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
};

export const AUDIT_PAGE_SIZE = 50;

function where(filter: AuditFilter, before?: number) {
  return {
    ...(filter.sdkAppId !== undefined && { sdkAppId: filter.sdkAppId }),
    ...(filter.actor && { actor: filter.actor }),
    ...(filter.action && { action: filter.action }),
    ...(filter.result && { result: filter.result }),
    ...((filter.from || filter.to) && { at: { ...(filter.from && { gte: filter.from }), ...(filter.to && { lt: filter.to }) } }),
    ...(before !== undefined && { id: { lt: before } }),
  };
}

export async function listAuditEvents(filter: AuditFilter, before?: number, take = AUDIT_PAGE_SIZE): Promise<{ events: AuditEventDto[]; nextBefore: number | null }> {
  const rows = await db().auditEvent.findMany({ where: where(filter, before), orderBy: { id: "desc" }, take: take + 1 });
  const events = rows.slice(0, take);
  return { events, nextBefore: rows.length > take ? events[events.length - 1]!.id : null };
}

/** Every matching event, newest first, in batches (for CSV export). */
export async function* streamAuditEvents(filter: AuditFilter, batch = 2000): AsyncGenerator<AuditEventDto[]> {
  let before: number | undefined;
  while (true) {
    const { events, nextBefore } = await listAuditEvents(filter, before, batch);
    if (events.length > 0) yield events;
    if (nextBefore === null) return;
    before = nextBefore;
  }
}

/** The operators, for the filter menu (a DISTINCT over 1M audit rows would not be quick). */
export async function auditActorOptions(): Promise<string[]> {
  const rows = await db().operator.findMany({ select: { email: true }, orderBy: { email: "asc" } });
  return rows.map((row) => row.email);
}

/** A refused console request (wrong role). Has no change to share a transaction with. */
export async function auditDenied(actor: Actor, action: string, permission: string, sdkAppId?: number): Promise<void> {
  await db().$transaction((tx) => writeAudit(tx, { actor, action, result: "denied", sdkAppId, code: 70403, details: { permission } }));
}
