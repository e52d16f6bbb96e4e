import "server-only";
import { db } from "@/lib/db";
import { type Actor, recordAudit } from "@/lib/data/audit";
import type { AuditAction } from "@/lib/audit-actions";
import type { SecondFactorPolicy } from "@/lib/validations/second-factors";

// Console-wide settings an owner changes. Each has a default and is stored
// only once changed.

export const SETTING_DEFAULTS: {
  "tickets.developerMaxExpire": number;
  "signIn.requireSecondFactor": SecondFactorPolicy;
  "signIn.passwordOwnersOnly": boolean;
} = {
  /** The longest validity a developer may give a test UserSig in the console (7 days). */
  "tickets.developerMaxExpire": 7 * 86_400,
  /** Who must have a second factor before they get a console session. */
  "signIn.requireSecondFactor": "nobody",
  /** Password sign-in for owners only (everyone else signs in with SSO); owners keep it so SSO can never lock them out. */
  "signIn.passwordOwnersOnly": false,
};

export type SettingKey = keyof typeof SETTING_DEFAULTS;

export async function getSetting<K extends SettingKey>(key: K): Promise<(typeof SETTING_DEFAULTS)[K]> {
  const row = await db().setting.findUnique({ where: { key } });
  return row ? (JSON.parse(row.value) as (typeof SETTING_DEFAULTS)[K]) : SETTING_DEFAULTS[key];
}

export async function setSetting<K extends SettingKey>(
  actor: Actor,
  key: K,
  value: (typeof SETTING_DEFAULTS)[K],
  action: AuditAction = "setting.change",
): Promise<void> {
  await db().$transaction(async (tx) => {
    const before = await tx.setting.findUnique({ where: { key } });
    const json = JSON.stringify(value);
    await tx.setting.upsert({ where: { key }, create: { key, value: json }, update: { value: json } });
    await recordAudit(
      {
        actor,
        action,
        target: key,
        details: { from: before ? JSON.parse(before.value) : SETTING_DEFAULTS[key], to: value },
      },
      tx,
    );
  });
}
