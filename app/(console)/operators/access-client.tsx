"use client";
import { useTranslations } from "next-intl";
import { setDeveloperMaxExpireAction } from "@/lib/actions/operators/set-developer-max-expire";
import { setMembershipAction } from "@/lib/actions/operators/set-membership";
import { APP_ROLES, type AppRole } from "@/lib/auth/permissions";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";

export type Membership = { sdkAppId: number; appName: string; role: AppRole };

const selectClass = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm";

/** A scoped operator's applications: change or remove each role, or add an application. */
export function Memberships({
  operatorId,
  email,
  memberships,
  apps,
}: {
  operatorId: string;
  email: string;
  memberships: Membership[];
  apps: { sdkAppId: number; name: string }[];
}) {
  const t = useTranslations("operators");
  const roleName = useTranslations("roles");
  const set = useAction(setMembershipAction, { success: t("accessUpdated") });
  const change = (sdkAppId: number, role: AppRole | null) => set.run({ operatorId, sdkAppId, role });
  const others = apps.filter((app) => !memberships.some((m) => m.sdkAppId === app.sdkAppId));
  return (
    <ul className="space-y-1 text-sm" aria-label={t("appsOf", { email })}>
      {memberships.map((m) => (
        <li key={m.sdkAppId} className="flex flex-wrap items-center gap-2">
          <span className="min-w-32">
            {m.appName} <span className="font-mono text-xs text-slate-500">{m.sdkAppId}</span>
          </span>
          <label className="sr-only" htmlFor={`member-${operatorId}-${m.sdkAppId}`}>
            {t("roleIn", { email, app: m.appName })}
          </label>
          <select
            id={`member-${operatorId}-${m.sdkAppId}`}
            className={selectClass}
            value={m.role}
            disabled={set.pending}
            onChange={(event) => change(m.sdkAppId, event.target.value as AppRole)}
          >
            {APP_ROLES.map((role) => (
              <option key={role} value={role}>
                {roleName(role)}
              </option>
            ))}
          </select>
          <Button
            variant="ghost"
            size="sm"
            aria-label={t("removeFrom", { email, app: m.appName })}
            disabled={set.pending}
            onClick={() => change(m.sdkAppId, null)}
          >
            {t("remove")}
          </Button>
        </li>
      ))}
      {memberships.length === 0 && <li className="text-slate-500">{t("noApps")}</li>}
      {others.length > 0 && (
        <li>
          <label className="sr-only" htmlFor={`add-member-${operatorId}`}>
            {t("giveAccess", { email })}
          </label>
          <select
            id={`add-member-${operatorId}`}
            className={selectClass}
            value=""
            disabled={set.pending}
            onChange={(event) => event.target.value && change(Number(event.target.value), "viewer")}
          >
            <option value="">{t("addApp")}</option>
            {others.map((app) => (
              <option key={app.sdkAppId} value={app.sdkAppId}>
                {app.name} ({app.sdkAppId})
              </option>
            ))}
          </select>
        </li>
      )}
    </ul>
  );
}

/** The owner's setting for how long a developer's test UserSigs may be valid. */
export function DeveloperMaxExpire({ days }: { days: number }) {
  const t = useTranslations("operators");
  const save = useAction(setDeveloperMaxExpireAction, { success: t("saved") });
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        void save.run({ days: Number(new FormData(event.currentTarget).get("days")) });
      }}
    >
      <Input
        className="w-full max-w-md"
        label={t("developerMaxExpire")}
        name="days"
        type="number"
        min={1}
        max={3650}
        defaultValue={days}
        required
        error={save.fieldErrors.days}
        hint={t("developerMaxExpireHint")}
      />
      <Button type="submit" variant="secondary" pending={save.pending}>
        {t("save")}
      </Button>
    </form>
  );
}
