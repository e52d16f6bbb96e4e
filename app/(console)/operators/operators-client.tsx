"use client";
import { useState } from "react";
import { createOperatorAction } from "@/lib/actions/operators/create-operator";
import { updateOperatorAction } from "@/lib/actions/operators/update-operator";
import { OPERATOR_ROLES, ROLE_DESCRIPTIONS, type OperatorRole } from "@/lib/auth/permissions";
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
  const create = useAction(createOperatorAction, { success: "Operator added." });
  const update = useAction(updateOperatorAction, { success: "Operator updated." });
  return (
    <div className="space-y-4">
      <div className="flex justify-end">
        <Button onClick={() => setAdding(true)}>Add operator</Button>
      </div>
      <Table
        label="Operators"
        columns={["Email", "Name", "Role", "Status", "Last sign-in", { label: "Actions", srOnly: true }]}
      >
        {operators.map((operator) => (
          <tr key={operator.id}>
            <Td>
              {operator.email}
              {operator.id === currentId && <span className="ml-1 text-xs text-slate-500">(you)</span>}
            </Td>
            <Td>{operator.name || "—"}</Td>
            <Td>
              <label className="sr-only" htmlFor={`role-${operator.id}`}>
                Role of {operator.email}
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
                    {role}
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
            <Td>{operator.disabled ? <Badge tone="red">disabled</Badge> : <Badge tone="green">active</Badge>}</Td>
            <Td className="whitespace-nowrap">{formatDate(operator.lastSignInAt)}</Td>
            <Td className="text-right">
              {operator.id !== currentId && <ResetSecondFactors id={operator.id} email={operator.email} />}
              {operator.id !== currentId &&
                (operator.disabled ? (
                  <Button variant="ghost" size="sm" onClick={() => update.run({ id: operator.id, disabled: false })}>
                    Enable
                  </Button>
                ) : (
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label={`Disable ${operator.email}`}
                    onClick={() => setDisabling(operator)}
                  >
                    Disable
                  </Button>
                ))}
            </Td>
          </tr>
        ))}
      </Table>
      <dl className="grid gap-2 text-sm text-slate-600 sm:grid-cols-2">
        {OPERATOR_ROLES.map((role) => (
          <div key={role}>
            <dt className="inline font-medium text-slate-800">{role}: </dt>
            <dd className="inline">{ROLE_DESCRIPTIONS[role]}</dd>
          </div>
        ))}
      </dl>
      <FormDialog
        open={adding}
        onClose={() => setAdding(false)}
        title="Add operator"
        description="Share the password with them over a safe channel."
        submitLabel="Add operator"
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
        <Input label="Email" name="email" type="email" required error={create.fieldErrors.email} />
        <Input label="Name" name="name" error={create.fieldErrors.name} />
        <Input
          label="Initial password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={12}
          error={create.fieldErrors.password}
          hint="At least 12 characters."
        />
        <Select label="Role" name="role" defaultValue="developer" error={create.fieldErrors.role}>
          {OPERATOR_ROLES.map((role) => (
            <option key={role} value={role}>
              {role} — {ROLE_DESCRIPTIONS[role]}
            </option>
          ))}
        </Select>
      </FormDialog>
      <ConfirmDialog
        open={disabling !== null}
        onClose={() => setDisabling(null)}
        title={`Disable ${disabling?.email}?`}
        description="They are signed out at once and cannot sign in until enabled again."
        confirmLabel="Disable"
        pending={update.pending}
        onConfirm={async () => {
          if (disabling) await update.run({ id: disabling.id, disabled: true });
        }}
      />
    </div>
  );
}
