import "server-only";
import { db } from "@/lib/db";
import { hashPassword } from "@/lib/auth/password";
import { type Actor, writeAudit } from "@/lib/data/audit";

export type Role = "owner" | "admin" | "developer" | "viewer";
export const ROLES: readonly Role[] = ["owner", "admin", "developer", "viewer"];

export type OperatorDto = { id: string; email: string; name: string; role: Role; disabled: boolean; lastSignInAt: Date | null; createdAt: Date };

export async function countOperators(): Promise<number> {
  return db().operator.count();
}

export async function createOperator(actor: Actor, input: { email: string; name?: string; password: string; role: Role }): Promise<OperatorDto> {
  const passwordHash = await hashPassword(input.password);
  return db().$transaction(async (tx) => {
    const row = await tx.operator.create({ data: { email: input.email.toLowerCase(), name: input.name ?? "", passwordHash, role: input.role } });
    await writeAudit(tx, { actor, action: "operator.create", target: row.email, details: { role: input.role } });
    return { id: row.id, email: row.email, name: row.name, role: row.role as Role, disabled: row.disabled, lastSignInAt: row.lastSignInAt, createdAt: row.createdAt };
  });
}
