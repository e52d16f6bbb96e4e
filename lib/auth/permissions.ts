// The one role → permission table. Every page, server action and route
// handler asks for a permission by name through requireOperator(), naming
// the application it acts on.
// This file is imported by client components too (to hide controls), so it
// has no server-only import; hiding is convenience, the server decides.

export type Role = "owner" | "admin" | "developer" | "viewer";
export const ROLES: readonly Role[] = ["owner", "admin", "developer", "viewer"];

/** A scoped operator's role in one application (owning the console is global only). */
export type AppRole = Exclude<Role, "owner">;
export const APP_ROLES: readonly AppRole[] = ["admin", "developer", "viewer"];

/** An operator holds a global role, or is "scoped": a role per application (memberships). */
export type OperatorRole = Role | "scoped";
export const OPERATOR_ROLES: readonly OperatorRole[] = [...ROLES, "scoped"];

const READ = ["console.read", "audit.read"] as const;
const DEVELOP = [...READ, "tickets.issue", "tickets.verify"] as const;
const ADMINISTER = [
  ...DEVELOP,
  "apps.write",
  "keys.reveal",
  "keys.write",
  "admins.write",
  "accounts.write",
  "accounts.export",
] as const;
const OWN = [...ADMINISTER, "operators.manage", "system.read"] as const;

export type Permission = (typeof OWN)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  owner: OWN,
  admin: ADMINISTER,
  developer: DEVELOP,
  viewer: READ,
};

export function can(role: Role | null, permission: Permission): boolean {
  return role !== null && ROLE_PERMISSIONS[role].includes(permission);
}

export type Access = { role: Role } | { role: "scoped"; apps: ReadonlyMap<number, AppRole> };

/**
 * The role an operator acts with: in an application, the global role or the
 * membership's (none when a scoped operator is not a member); outside one
 * (lists, the global audit log, creating an application), a scoped operator
 * is an admin when they administer any application, else a viewer; what
 * they see there is limited to their applications.
 */
export function roleFor(access: Access, sdkAppId?: number): Role | null {
  if (access.role !== "scoped") return access.role;
  if (sdkAppId !== undefined) return access.apps.get(sdkAppId) ?? null;
  return [...access.apps.values()].includes("admin") ? "admin" : "viewer";
}

/** The applications an operator may see; null means all of them. */
export function visibleApps(access: Access): number[] | null {
  return access.role === "scoped" ? [...access.apps.keys()] : null;
}
