// The audit trail's one vocabulary: every action a row can record, with the
// label the console shows. The writer (lib/data/audit.ts) takes only these,
// so an action that is not listed here does not type-check, and the audit
// filters offer every one. Shared with client components: no server imports.

export const AUDIT_ACTIONS = {
  "operator.sign-in": "Operator signed in",
  "operator.sign-out": "Operator signed out",
  "operator.set-password": "Operator password changed",
  "operator.create": "Operator added",
  "operator.update": "Operator changed",
  "operator.change-role": "Operator role changed",
  "operator.disable": "Operator disabled",
  "operator.enable": "Operator enabled",
  "operator.set-membership": "Operator application access changed",
  "setting.change": "Setting changed",
  "app.create": "Application created",
  "app.import": "Application imported",
  "app.rename": "Application renamed",
  "app.set-status": "Application status changed",
  "app.enable": "Application enabled",
  "app.disable": "Application disabled",
  "app.delete": "Application deleted",
  "key.reveal": "Secret key revealed",
  "key.rotate": "Secret key rotated",
  "key.retire": "Secret key retired",
  "keys.rewrap": "Secret keys re-encrypted under a new master key",
  "admin.add": "App admin added",
  "admin.remove": "App admin removed",
  "account.add": "Account added",
  "account.import": "Account imported",
  "account.import-many": "Accounts imported",
  "account.import-csv": "Accounts imported from CSV",
  "account.delete": "Accounts deleted",
  "account.invalidate-login": "Login state invalidated",
  "usersig.issue": "UserSig issued",
  "privatemapkey.issue": "PrivateMapKey issued",
  "usersig.verify": "UserSig verified in the console",
  "usersig.revoke": "UserSig revoked",
  "usersig.reject": "App Server authentication rejected (/api/v1/usersig)",
  login: "User logged in",
  "login.reject": "User login rejected",
  logout: "User logged out",
  "rest.reject": "REST call rejected (/v4)",
  "audit.prune": "Audit rows pruned",
  "callback.configure": "State callbacks configured",
  "callback.remove": "State callbacks turned off",
  "callback.resend": "State callback queued again",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export const AUDIT_ACTION_NAMES = Object.keys(AUDIT_ACTIONS) as AuditAction[];
