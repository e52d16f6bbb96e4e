import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { authOptions, SESSION_MAX_AGE_SECONDS } from "@/lib/auth/options";
import { can, type Permission, type Role } from "@/lib/auth/permissions";
import { clientIp } from "@/lib/client-ip";
import { findOperatorForSession } from "@/lib/data/operators";
import type { Actor } from "@/lib/data/audit";
import { AppError, ForbiddenError } from "@/lib/errors";

export type SignedInOperator = { id: string; email: string; name: string; role: Role; authTime: number; actor: Actor };

export class SignedOutError extends AppError {
  constructor() {
    super("Your session has ended. Sign in again.", 70403, 401);
  }
}

/**
 * The one identity choke point: the JWT names an operator, and the operator
 * must still exist, be enabled and have the same sessionVersion.
 */
export const getSession = cache(async (): Promise<SignedInOperator | null> => {
  const session = (await getServerSession(authOptions)) as { operatorId?: string; sessionVersion?: number; authTime?: number } | null;
  if (!session?.operatorId) return null;
  // The cookie expires after 12 hours too; this also bounds a token replayed from elsewhere.
  if (!session.authTime || Date.now() / 1000 - session.authTime > SESSION_MAX_AGE_SECONDS) return null;
  const operator = await findOperatorForSession(session.operatorId);
  if (!operator || operator.disabled || operator.sessionVersion !== session.sessionVersion) return null;
  const requestHeaders = await headers();
  const ip = clientIp(requestHeaders.get("x-forwarded-for"));
  return {
    id: operator.id,
    email: operator.email,
    name: operator.name,
    role: operator.role,
    authTime: session.authTime,
    actor: { type: "operator", id: operator.email, ip },
  };
});

/** For server actions and route handlers: throws SignedOutError or ForbiddenError. */
export async function requireOperator(permission: Permission): Promise<SignedInOperator> {
  const operator = await getSession();
  if (!operator) throw new SignedOutError();
  if (!can(operator.role, permission)) throw new ForbiddenError(`Your role (${operator.role}) does not allow this.`);
  return operator;
}

/** For pages: redirects to sign-in, or to the forbidden page. */
export async function requirePageOperator(permission: Permission): Promise<SignedInOperator> {
  const operator = await getSession();
  if (!operator) redirect("/sign-in");
  if (!can(operator.role, permission)) redirect("/forbidden");
  return operator;
}
