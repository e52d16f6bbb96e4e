"use client";
import { useState } from "react";
import { addAccountAction } from "@/lib/actions/accounts/add-account";
import { deleteAccountsAction } from "@/lib/actions/accounts/delete-accounts";
import { Button, buttonVariants } from "@/components/ui/button";
import { ConfirmDialog, FormDialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import { ImportAccountsDialog } from "@/components/accounts/import-accounts-dialog";

export function AccountActions({
  sdkAppId,
  canWrite,
  canExport,
}: {
  sdkAppId: number;
  canWrite: boolean;
  canExport: boolean;
}) {
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const add = useAction(addAccountAction, { success: "Account added." });
  return (
    <>
      {canExport && (
        <a href={`/apps/${sdkAppId}/accounts/export`} download className={buttonVariants({ variant: "secondary" })}>
          Export CSV
        </a>
      )}
      {canWrite && (
        <>
          <Button variant="secondary" onClick={() => setImporting(true)}>
            Import CSV
          </Button>
          <Button onClick={() => setAdding(true)}>Add account</Button>
        </>
      )}
      <FormDialog
        open={adding}
        onClose={() => setAdding(false)}
        title="Add account"
        submitLabel="Add account"
        pending={add.pending}
        onSubmit={(form) =>
          add.run({
            sdkAppId,
            userId: String(form.get("userId")),
            externalId: String(form.get("externalId")),
            nickname: String(form.get("nickname")),
            faceUrl: String(form.get("faceUrl")),
          })
        }
      >
        <Input
          label="UserID"
          name="userId"
          required
          error={add.fieldErrors.userId}
          hint="1–32 printable ASCII characters; a-z A-Z 0-9 _ - recommended."
        />
        <Input
          label="External user ID"
          name="externalId"
          error={add.fieldErrors.externalId}
          hint="The user's ID in your own app (optional)."
        />
        <Input label="Nickname" name="nickname" error={add.fieldErrors.nickname} />
        <Input label="Avatar URL" name="faceUrl" type="url" error={add.fieldErrors.faceUrl} />
      </FormDialog>
      <ImportAccountsDialog sdkAppId={sdkAppId} open={importing} onClose={() => setImporting(false)} />
    </>
  );
}

export function DeleteAccountButton({ sdkAppId, userId }: { sdkAppId: number; userId: string }) {
  const [open, setOpen] = useState(false);
  const remove = useAction(deleteAccountsAction, { success: `Account ${userId} deleted.` });
  return (
    <>
      <Button variant="ghost" size="sm" aria-label={`Delete ${userId}`} onClick={() => setOpen(true)}>
        Delete
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Delete account ${userId}?`}
        description="Its login sessions end. Your App Server can import it again later."
        confirmLabel="Delete"
        pending={remove.pending}
        onConfirm={() => remove.run({ sdkAppId, userIds: [userId] })}
      />
    </>
  );
}
