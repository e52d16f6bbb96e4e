// The audit trail's one vocabulary: every action a row can record. The
// writer (lib/data/audit.ts) takes only these, so an action that is not
// listed here does not type-check, and the audit filters offer every one.
// The label the console shows for each is in the catalogs (auditActions,
// lib/i18n/messages), under auditActionKey(name). Shared with client
// components: no server imports.

export const AUDIT_ACTION_NAMES = [
  "operator.sign-in",
  "operator.sign-out",
  "operator.set-password",
  "operator.set-locale",
  "operator.create",
  "operator.update",
  "operator.change-role",
  "operator.disable",
  "operator.enable",
  "operator.set-membership",
  "operator.totp-enroll",
  "operator.totp-disable",
  "operator.recovery-code-use",
  "operator.recovery-codes-regenerate",
  "operator.passkey-add",
  "operator.passkey-use",
  "operator.passkey-remove",
  "operator.reset-factors",
  "operator.break-glass-reset",
  "operator.sso-sign-in",
  "operator.sso-refuse",
  "setting.change",
  "setting.password-sign-in",
  "sso.configure",
  "sso.remove",
  "app.create",
  "app.import",
  "app.rename",
  "app.set-status",
  "app.enable",
  "app.disable",
  "app.delete",
  "key.reveal",
  "key.rotate",
  "key.retire",
  "keys.rewrap",
  "admin.add",
  "admin.remove",
  "account.add",
  "account.import",
  "account.import-many",
  "account.import-csv",
  "account.delete",
  "account.invalidate-login",
  "usersig.issue",
  "privatemapkey.issue",
  "usersig.verify",
  "usersig.revoke",
  "usersig.reject",
  "login",
  "login.reject",
  "logout",
  "rest.reject",
  "audit.prune",
  "callback.configure",
  "callback.remove",
  "callback.resend",
] as const;

export type AuditAction = (typeof AUDIT_ACTION_NAMES)[number];

export function isAuditAction(value: string): value is AuditAction {
  return (AUDIT_ACTION_NAMES as readonly string[]).includes(value);
}

/** An action's key in the catalogs' auditActions: dots there would nest ("login" and "login.reject" could not both be labels). */
export function auditActionKey(action: AuditAction) {
  return action.replaceAll(".", "_") as AuditActionKey;
}

type Underscored<S extends string> = S extends `${infer Head}.${infer Tail}` ? `${Head}_${Underscored<Tail>}` : S;
export type AuditActionKey = Underscored<AuditAction>;
