import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { authOptions, SESSION_MAX_AGE_SECONDS } from "@/lib/auth/options";
import { type Access, can, type OperatorRole, type Permission, type Role, roleFor } from "@/lib/auth/permissions";
import { clientIp } from "@/lib/client-ip";
import { findOperatorForSession } from "@/lib/data/operators";
import { touchConsoleSession } from "@/lib/data/console-sessions";
import { owesSignInStep } from "@/lib/data/sign-in-steps";
import type { SessionMethod } from "@/lib/auth/sign-in-flow";
import { env } from "@/lib/env";
import type { Actor } from "@/lib/data/audit";
import { AppError, ForbiddenError } from "@/lib/errors";

export type SignedInOperator = {
  id: string;
  email: string;
  name: string;
  role: OperatorRole;
  access: Access;
  authTime: number;
  actor: Actor;
  /** The console language they chose on their profile, if any (lib/i18n/request.ts). */
  locale: string | null;
};

/** An operator authorised for one request: `role` is the role they act with there, `can` asks about it. */
export type AuthorisedOperator = SignedInOperator & { roleHere: Role; can: (permission: Permission) => boolean };

export class SignedOutError extends AppError {
  constructor() {
    super("Your session has ended. Sign in again.", 70403, 401);
  }
}

/**
 * The one identity choke point: the JWT names an operator and a console
 * session; the operator must still exist, be enabled and have the same
 * sessionVersion, and the session must not have ended or gone idle.
 */
export const getSession = cache(async (): Promise<SignedInOperator | null> => {
  const requestHeaders = await headers();
  const session = (await getServerSession(authOptions(requestHeaders))) as {
    operatorId?: string;
    sessionVersion?: number;
    authTime?: number;
    sid?: string;
    method?: SessionMethod;
  } | null;
  if (!session?.operatorId || !session.sid) return null;
  // The cookie expires after 12 hours too; this also bounds a token replayed from elsewhere.
  if (!session.authTime || Date.now() / 1000 - session.authTime > SESSION_MAX_AGE_SECONDS) return null;
  const operator = await findOperatorForSession(session.operatorId);
  if (!operator || operator.disabled || operator.sessionVersion !== session.sessionVersion) return null;
  // Tessera's own steps (a second factor, a new password) guard password sessions; the identity provider vouched for an SSO one.
  if (session.method !== "sso" && (await owesSignInStep(operator))) return null;
  if (!(await touchConsoleSession(session.sid, operator.id, env().TESSERA_CONSOLE_IDLE_MINUTES * 60))) return null;
  const ip = clientIp(requestHeaders.get("x-forwarded-for"));
  return {
    id: operator.id,
    email: operator.email,
    name: operator.name,
    role: operator.role,
    access: operator.access,
    authTime: session.authTime,
    actor: { type: "operator", id: operator.email, ip },
    locale: operator.locale,
  };
});

function authorise(operator: SignedInOperator, sdkAppId?: number): AuthorisedOperator | null {
  const roleHere = roleFor(operator.access, sdkAppId);
  return roleHere === null ? null : { ...operator, roleHere, can: (permission) => can(roleHere, permission) };
}

/**
 * For server actions and route handlers: throws SignedOutError or
 * ForbiddenError. Anything that acts on an application names it, so a
 * scoped operator is held to their role there.
 */
export async function requireOperator(permission: Permission, sdkAppId?: number): Promise<AuthorisedOperator> {
  const operator = await getSession();
  if (!operator) throw new SignedOutError();
  const authorised = authorise(operator, sdkAppId);
  if (!authorised) throw new ForbiddenError(`You have no access to application ${sdkAppId}.`);
  if (!authorised.can(permission))
    throw new ForbiddenError(
      `Your role${sdkAppId === undefined ? "" : ` in application ${sdkAppId}`} (${authorised.roleHere}) does not allow this.`,
    );
  return authorised;
}

/** For pages: redirects to sign-in, or to the forbidden page. */
export async function requirePageOperator(permission: Permission, sdkAppId?: number): Promise<AuthorisedOperator> {
  const operator = await getSession();
  if (!operator) redirect("/sign-in");
  const authorised = authorise(operator, sdkAppId);
  if (!authorised?.can(permission)) redirect("/forbidden");
  return authorised;
}
