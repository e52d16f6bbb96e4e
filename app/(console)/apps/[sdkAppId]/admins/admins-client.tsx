"use client";
import { useState } from "react";
import { addAdminAction } from "@/lib/actions/admins/add-admin";
import { removeAdminAction } from "@/lib/actions/admins/remove-admin";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/field";
import { formatDate } from "@/components/ui/format";
import { Table, Td } from "@/components/ui/table";
import { useAction } from "@/components/ui/use-action";

type Admin = { identifier: string; builtIn: boolean; createdAt: string };

export function AdminsClient({
  sdkAppId,
  admins,
  max,
  canWrite,
}: {
  sdkAppId: number;
  admins: Admin[];
  max: number;
  canWrite: boolean;
}) {
  const add = useAction(addAdminAction, { success: "App admin added." });
  const remove = useAction(removeAdminAction, { success: "App admin removed." });
  const [removing, setRemoving] = useState<string | null>(null);
  const [identifier, setIdentifier] = useState("");
  return (
    <Card
      title={`App admins (${admins.length} of ${max})`}
      description="App admins can call the server REST API and manage every group and user. administrator is built in and always an admin."
    >
      <div className="space-y-5">
        {canWrite && (
          <form
            className="flex flex-wrap items-start gap-2"
            onSubmit={async (event) => {
              event.preventDefault();
              if (await add.run({ sdkAppId, identifier })) setIdentifier("");
            }}
          >
            <Input
              className="min-w-56 flex-1"
              label="Admin UserID"
              name="identifier"
              value={identifier}
              onChange={(event) => setIdentifier(event.target.value)}
              error={add.fieldErrors.identifier}
              hint="1–32 printable ASCII characters; the account is imported if it does not exist."
              required
            />
            <Button type="submit" className="mt-6" pending={add.pending}>
              Add admin
            </Button>
          </form>
        )}
        <Table label="App admins" columns={["UserID", "Added", { label: "Actions", srOnly: true }]}>
          {admins.map((admin) => (
            <tr key={admin.identifier}>
              <Td className="font-mono">
                {admin.identifier} {admin.builtIn && <Badge tone="indigo">built in</Badge>}
              </Td>
              <Td className="whitespace-nowrap">{formatDate(admin.createdAt)}</Td>
              <Td className="text-right">
                {canWrite && !admin.builtIn && (
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label={`Remove ${admin.identifier}`}
                    onClick={() => setRemoving(admin.identifier)}
                  >
                    Remove
                  </Button>
                )}
              </Td>
            </tr>
          ))}
        </Table>
      </div>
      <ConfirmDialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        title={`Remove ${removing} as app admin?`}
        description="The account stays; it loses admin rights at once."
        confirmLabel="Remove"
        pending={remove.pending}
        onConfirm={async () => {
          if (removing) await remove.run({ sdkAppId, identifier: removing });
        }}
      />
    </Card>
  );
}
