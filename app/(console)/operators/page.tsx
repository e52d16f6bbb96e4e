import { requirePageOperator } from "@/lib/auth/session";
import { listOperators } from "@/lib/data/operators";
import { PageHeader } from "@/components/ui/card";
import { OperatorsClient } from "@/app/(console)/operators/operators-client";

export const metadata = { title: "Operators" };

export default async function OperatorsPage() {
  const me = await requirePageOperator("operators.manage");
  const operators = await listOperators();
  return (
    <>
      <PageHeader title="Operators" description="People who sign in to this console. Changing a role or disabling an operator ends their sessions at once." />
      <OperatorsClient
        currentId={me.id}
        operators={operators.map((o) => ({ id: o.id, email: o.email, name: o.name, role: o.role, disabled: o.disabled, lastSignInAt: o.lastSignInAt?.toISOString() ?? null }))}
      />
    </>
  );
}
