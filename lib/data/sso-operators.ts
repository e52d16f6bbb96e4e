import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/data/audit";
import { createOperator } from "@/lib/data/operators";
import { ConflictError } from "@/lib/errors";
import type { SsoNewOperatorRole } from "@/lib/validations/sso";

export type SsoAdmission =
  { operator: { id: string; sessionVersion: number } } | { refused: "unknown-operator" | "disabled-operator" };

/**
 * The operator an SSO sign-in with this (verified, allowed) email becomes:
 * the one with that email, or, when the owner chose a role for first
 * sign-ins, a new one with that role. An operator made here has a random
 * password nobody knows: they sign in with SSO (an owner can set a password
 * later).
 */
export async function admitSsoOperator(
  email: string,
  newOperatorRole: SsoNewOperatorRole | null,
  ip: string,
): Promise<SsoAdmission> {
  const existing = await db().operator.findUnique({
    where: { email },
    select: { id: true, sessionVersion: true, disabled: true },
  });
  if (existing) return existing.disabled ? { refused: "disabled-operator" } : { operator: existing };
  if (!newOperatorRole) return { refused: "unknown-operator" };
  const actor: Actor = { type: "operator", id: email, ip };
  try {
    const created = await createOperator(actor, {
      email,
      password: randomBytes(32).toString("base64url"),
      role: newOperatorRole,
      via: "sso",
    });
    return { operator: { id: created.id, sessionVersion: 0 } };
  } catch (error) {
    // Two first sign-ins at once: the other one made the operator.
    if (error instanceof ConflictError) return admitSsoOperator(email, null, ip);
    throw error;
  }
}
