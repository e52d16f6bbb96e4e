import "server-only";
import type { Tx } from "@/lib/db";
import { Prisma, sqlDate } from "@/lib/data/sql";

// Writes one row of the append-only audit trail. Callers pass the transaction
// of the change itself, so the change and its audit row land together.
// `details` must never carry a secret key, a ticket or a password.

export type Actor = { type: "operator" | "app-admin" | "user" | "system" | "anonymous"; id: string; ip?: string };

export type AuditInput = {
  actor: Actor;
  action: string;
  result?: "ok" | "denied" | "rejected" | "error";
  target?: string;
  sdkAppId?: number | null;
  code?: number | null;
  details?: Record<string, unknown>;
};

export const SYSTEM_ACTOR: Actor = { type: "system", id: "tessera" };

/** The stored columns of an audit row ("at" is the database's default unless set). */
export function auditColumns(input: AuditInput) {
  return {
    actorType: input.actor.type,
    actor: input.actor.id,
    ip: input.actor.ip ?? "",
    action: input.action,
    result: input.result ?? "ok",
    target: input.target ?? "",
    sdkAppId: input.sdkAppId ?? null,
    code: input.code ?? null,
    details: JSON.stringify(input.details ?? {}),
  };
}

export async function writeAudit(tx: Tx, input: AuditInput): Promise<void> {
  await tx.auditEvent.create({ data: auditColumns(input) });
}

/** A multi-row INSERT of audit rows, for the hot path's hand-written batches (lib/data/sql.ts). */
export function auditInsert(entries: { at: Date; input: AuditInput }[]): Prisma.Sql {
  const rows = entries.map(({ at, input }) => ({ at: sqlDate(at), ...auditColumns(input) }));
  const columns = Prisma.raw(Object.keys(rows[0]!).map((column) => `"${column}"`).join(", "));
  return Prisma.sql`INSERT INTO "AuditEvent" (${columns}) VALUES ${Prisma.join(rows.map((row) => Prisma.sql`(${Prisma.join(Object.values(row))})`))}`;
}
