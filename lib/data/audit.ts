import "server-only";
import type { Tx } from "@/lib/db";

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

export async function writeAudit(tx: Tx, input: AuditInput): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorType: input.actor.type,
      actor: input.actor.id,
      ip: input.actor.ip ?? "",
      action: input.action,
      result: input.result ?? "ok",
      target: input.target ?? "",
      sdkAppId: input.sdkAppId ?? null,
      code: input.code ?? null,
      details: JSON.stringify(input.details ?? {}),
    },
  });
}
