"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { deleteAppAction } from "@/lib/actions/apps/delete-app";
import { renameAppAction } from "@/lib/actions/apps/rename-app";
import { setAppStatusAction } from "@/lib/actions/apps/set-app-status";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog, FormDialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";

export function AppSettings({
  sdkAppId,
  name,
  status,
  canWrite,
}: {
  sdkAppId: number;
  name: string;
  status: "enabled" | "disabled";
  canWrite: boolean;
}) {
  const router = useRouter();
  const [newName, setNewName] = useState(name);
  const [confirming, setConfirming] = useState<"disable" | "delete" | null>(null);
  const [typed, setTyped] = useState("");
  const rename = useAction(renameAppAction, { success: "Application renamed." });
  const setStatus = useAction(setAppStatusAction, {
    success: status === "enabled" ? "Application disabled." : "Application enabled.",
  });
  const remove = useAction(deleteAppAction, { success: "Application deleted." });
  if (!canWrite)
    return (
      <Card title="Settings">
        <p className="text-sm text-slate-600">Only admins and owners can change an application.</p>
      </Card>
    );
  return (
    <div className="space-y-6">
      <Card title="Name">
        <form
          className="flex flex-wrap items-start gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            void rename.run({ sdkAppId, name: newName });
          }}
        >
          <Input
            className="min-w-56 flex-1"
            label="Application name"
            value={newName}
            onChange={(event) => setNewName(event.target.value)}
            error={rename.fieldErrors.name}
            required
            maxLength={64}
          />
          <Button type="submit" className="mt-6" pending={rename.pending} disabled={newName.trim() === name}>
            Rename
          </Button>
        </form>
      </Card>
      <Card
        title="Status"
        description={
          status === "enabled"
            ? "Disabling stops every login and REST call for this application until you enable it again."
            : "The application is disabled: logins and REST calls are refused."
        }
      >
        {status === "enabled" ? (
          <Button variant="danger" onClick={() => setConfirming("disable")}>
            Disable application
          </Button>
        ) : (
          <Button pending={setStatus.pending} onClick={() => setStatus.run({ sdkAppId, status: "enabled" })}>
            Enable application
          </Button>
        )}
      </Card>
      <Card
        title="Delete"
        description="Deletes the application with its keys, admins, accounts and history of issued UserSigs. The audit log keeps its entries."
      >
        {status === "enabled" ? (
          <p className="text-sm text-slate-600">Disable the application before deleting it.</p>
        ) : (
          <Button variant="danger" onClick={() => setConfirming("delete")}>
            Delete application
          </Button>
        )}
      </Card>
      <ConfirmDialog
        open={confirming === "disable"}
        onClose={() => setConfirming(null)}
        title={`Disable ${name}?`}
        description="Users cannot log in and App Servers cannot call the REST API until it is enabled again."
        confirmLabel="Disable"
        pending={setStatus.pending}
        onConfirm={() => setStatus.run({ sdkAppId, status: "disabled" })}
      />
      <FormDialog
        open={confirming === "delete"}
        onClose={() => {
          setConfirming(null);
          setTyped("");
        }}
        title={`Delete ${name}?`}
        description="This cannot be undone. Type the application's name to confirm."
        submitLabel="Delete permanently"
        submitVariant="danger"
        submitDisabled={typed !== name}
        pending={remove.pending}
        onSubmit={async () => {
          const result = await remove.run({ sdkAppId, confirmName: typed });
          if (result) router.push("/apps");
          return result;
        }}
      >
        <Input
          label="Application name"
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          error={remove.fieldErrors.confirmName}
          autoComplete="off"
        />
      </FormDialog>
    </div>
  );
}
