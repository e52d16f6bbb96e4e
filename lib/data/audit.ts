import "server-only";
import type { Tx } from "@/lib/db";
import { startSealer } from "@/lib/data/audit-seal";
import { Prisma, runWrites, sqlDate } from "@/lib/data/sql";
import type { AuditAction } from "@/lib/audit-actions";
import { canExist } from "@/lib/validations/common";

// The one writer of the append-only audit trail. Callers pass the
// transaction of the change itself, so the change and its audit row land
// together. Actions come from the one vocabulary (lib/audit-actions.ts).
// `details` must never carry a secret key, a ticket or a password.

export type Actor = { type: "operator" | "app-admin" | "user" | "system" | "anonymous"; id: string; ip?: string };

export type AuditInput = {
  actor: Actor;
  action: AuditAction;
  result?: "ok" | "denied" | "rejected" | "error";
  target?: string;
  sdkAppId?: number | null;
  code?: number | null;
  details?: Record<string, unknown>;
  /** Identical rejections folded into this row (lib/data/rejections.ts): how many, and the last one's time. */
  count?: number;
  lastAt?: Date;
};

export const SYSTEM_ACTOR: Actor = { type: "system", id: "tessera" };

// Much of what is audited comes from anonymous requests, so every text is
// bounded and made storable (PostgreSQL refuses NUL; a lone surrogate would
// be silently replaced) before it is written.
const MAX_TEXT = 254;
const MAX_DETAIL_TEXT = 500;

function storable(text: string, max: number): string {
  return text.slice(0, max).toWellFormed().replace(/\0/g, "\ufffd");
}

/** The stored columns of an audit row ("at" is the database's default unless set). */
export function auditColumns(input: AuditInput) {
  return {
    actorType: input.actor.type,
    actor: storable(input.actor.id, MAX_TEXT),
    ip: storable(input.actor.ip ?? "", 64),
    action: input.action,
    result: input.result ?? "ok",
    target: storable(input.target ?? "", MAX_TEXT),
    // A number no app can have (a rejected request's) is not an app to file the row under.
    sdkAppId: input.sdkAppId != null && canExist(input.sdkAppId) ? input.sdkAppId : null,
    code: input.code ?? null,
    // JSON escapes NUL and lone surrogates itself; only the length needs a bound.
    details: JSON.stringify(input.details ?? {}, (_, value: unknown) =>
      typeof value === "string" ? value.slice(0, MAX_DETAIL_TEXT) : value,
    ),
    count: input.count ?? 1,
    lastAt: input.lastAt ?? null,
  };
}

/** Records one audit row: in the caller's transaction `tx` when there is one, else on its own. */
export async function recordAudit(input: AuditInput, tx?: Tx): Promise<void> {
  if (!tx) return void (await runWrites([auditInsert([{ at: new Date(), input }])]));
  // This process seals the row into the hash chain a few seconds after it commits (lib/data/audit-seal.ts).
  startSealer();
  await tx.auditEvent.create({ data: auditColumns(input) });
}

/** recordAudit's form for hand-written batches (the login hot path, repeated rejections): a multi-row INSERT (lib/data/sql.ts). */
export function auditInsert(entries: { at: Date; input: AuditInput }[]): Prisma.Sql {
  startSealer();
  const rows = entries.map(({ at, input }) => {
    const columns = auditColumns(input);
    return { at: sqlDate(at), ...columns, lastAt: columns.lastAt && sqlDate(columns.lastAt) };
  });
  const columns = Prisma.raw(
    Object.keys(rows[0]!)
      .map((column) => `"${column}"`)
      .join(", "),
  );
  return Prisma.sql`INSERT INTO "AuditEvent" (${columns}) VALUES ${Prisma.join(rows.map((row) => Prisma.sql`(${Prisma.join(Object.values(row))})`))}`;
}
