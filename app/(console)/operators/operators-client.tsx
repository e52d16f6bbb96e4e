"use client";
import { useState } from "react";
import { useFormatter, useTranslations } from "next-intl";
import { createOperatorAction } from "@/lib/actions/operators/create-operator";
import { updateOperatorAction } from "@/lib/actions/operators/update-operator";
import { OPERATOR_ROLES, type OperatorRole } from "@/lib/auth/permissions";
import { type Membership, Memberships } from "@/app/(console)/operators/access-client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, FormDialog } from "@/components/ui/dialog";
import { ResetSecondFactors } from "@/app/(console)/operators/second-factors-client";
import { Input, Select } from "@/components/ui/field";
import { formatDate } from "@/components/ui/format";
import { Table, Td } from "@/components/ui/table";
import { useAction } from "@/components/ui/use-action";

type Operator = {
  id: string;
  email: string;
  name: string;
  role: OperatorRole;
  memberships: Membership[];
  disabled: boolean;
  lastSignInAt: string | null;
};

export function OperatorsClient({
  operators,
  currentId,
  apps,
}: {
  operators: Operator[];
  currentId: string;
  apps: { sdkAppId: number; name: string }[];
}) {
  const [adding, setAdding] = useState(false);
  const [disabling, setDisabling] = useState<Operator | null>(null);
  const t = useTranslations("operators");
  const roleName = useTranslations("roles");
  const roleDescription = useTranslations("roleDescriptions");
  const format = useFormatter();
  const create = useAction(createOperatorAction, { success: t("added") });
  const update = useAction(updateOperatorAction, { success: t("updated") });
  return (
    <div className="space-y-4">
      <div className="flex justify-end">
        <Button onClick={() => setAdding(true)}>{t("add")}</Button>
      </div>
      <Table
        label={t("title")}
        columns={[
          t("email"),
          t("name"),
          t("role"),
          t("status"),
          t("lastSignIn"),
          { label: t("actions"), srOnly: true },
        ]}
      >
        {operators.map((operator) => (
          <tr key={operator.id}>
            <Td>
              {operator.email}
              {operator.id === currentId && <span className="ml-1 text-xs text-slate-500">{t("you")}</span>}
            </Td>
            <Td>{operator.name || "—"}</Td>
            <Td>
              <label className="sr-only" htmlFor={`role-${operator.id}`}>
                {t("roleOf", { email: operator.email })}
              </label>
              <select
                id={`role-${operator.id}`}
                className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
                value={operator.role}
                disabled={update.pending}
                onChange={(event) => update.run({ id: operator.id, role: event.target.value as OperatorRole })}
              >
                {OPERATOR_ROLES.map((role) => (
                  <option key={role} value={role}>
                    {roleName(role)}
                  </option>
                ))}
              </select>
              {operator.role === "scoped" && (
                <div className="mt-2">
                  <Memberships
                    operatorId={operator.id}
                    email={operator.email}
                    memberships={operator.memberships}
                    apps={apps}
                  />
                </div>
              )}
            </Td>
            <Td>
              {operator.disabled ? (
                <Badge tone="red">{t("disabled")}</Badge>
              ) : (
                <Badge tone="green">{t("active")}</Badge>
              )}
            </Td>
            <Td className="whitespace-nowrap">{formatDate(format, operator.lastSignInAt)}</Td>
            <Td className="text-right whitespace-nowrap">
              {operator.id !== currentId && <ResetSecondFactors id={operator.id} email={operator.email} />}
              {operator.id !== currentId &&
                (operator.disabled ? (
                  <Button variant="ghost" size="sm" onClick={() => update.run({ id: operator.id, disabled: false })}>
                    {t("enable")}
                  </Button>
                ) : (
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label={t("disableLabel", { email: operator.email })}
                    onClick={() => setDisabling(operator)}
                  >
                    {t("disable")}
                  </Button>
                ))}
            </Td>
          </tr>
        ))}
      </Table>
      <dl className="grid gap-2 text-sm text-slate-600 sm:grid-cols-2">
        {OPERATOR_ROLES.map((role) => (
          <div key={role}>
            <dt className="inline font-medium text-slate-800">{t("roleTerm", { role: roleName(role) })}</dt>
            <dd className="inline">{roleDescription(role)}</dd>
          </div>
        ))}
      </dl>
      <FormDialog
        open={adding}
        onClose={() => setAdding(false)}
        title={t("add")}
        description={t("addDescription")}
        submitLabel={t("add")}
        pending={create.pending}
        onSubmit={(form) =>
          create.run({
            email: String(form.get("email")),
            name: String(form.get("name")),
            password: String(form.get("password")),
            role: String(form.get("role")) as OperatorRole,
          })
        }
      >
        <Input label={t("email")} name="email" type="email" required error={create.fieldErrors.email} />
        <Input label={t("name")} name="name" error={create.fieldErrors.name} />
        <Input
          label={t("initialPassword")}
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={12}
          error={create.fieldErrors.password}
          hint={t("passwordHint")}
        />
        <Select label={t("role")} name="role" defaultValue="developer" error={create.fieldErrors.role}>
          {OPERATOR_ROLES.map((role) => (
            <option key={role} value={role}>
              {roleName(role)} — {roleDescription(role)}
            </option>
          ))}
        </Select>
      </FormDialog>
      <ConfirmDialog
        open={disabling !== null}
        onClose={() => setDisabling(null)}
        title={t("disableTitle", { email: disabling?.email ?? "" })}
        description={t("disableDescription")}
        confirmLabel={t("disable")}
        pending={update.pending}
        onConfirm={async () => {
          if (disabling) await update.run({ id: disabling.id, disabled: true });
        }}
      />
    </div>
  );
}
