// The one role → permission table. Every page, server action and route
// handler asks for a permission by name through requireOperator().
// This file is imported by client components too (to hide controls), so it
// has no server-only import; hiding is convenience, the server decides.

export type Role = "owner" | "admin" | "developer" | "viewer";
export const ROLES: readonly Role[] = ["owner", "admin", "developer", "viewer"];

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  owner: "Everything, including managing operators",
  admin: "Applications, keys, app admins and accounts",
  developer: "Generate and verify test UserSigs; read everything else",
  viewer: "Read only",
};

const READ = ["console.read", "audit.read"] as const;
const DEVELOP = [...READ, "tickets.issue", "tickets.verify"] as const;
const ADMINISTER = [...DEVELOP, "apps.write", "keys.reveal", "keys.write", "admins.write", "accounts.write", "accounts.export"] as const;
const OWN = [...ADMINISTER, "operators.manage"] as const;

export type Permission = (typeof OWN)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  owner: OWN,
  admin: ADMINISTER,
  developer: DEVELOP,
  viewer: READ,
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
