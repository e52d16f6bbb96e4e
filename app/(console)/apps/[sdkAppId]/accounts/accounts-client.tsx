"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { addAccountAction } from "@/lib/actions/accounts/add-account";
import { deleteAccountsAction } from "@/lib/actions/accounts/delete-accounts";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import { ImportAccountsDialog } from "@/components/accounts/import-accounts-dialog";

export function AccountActions({ sdkAppId, canWrite, canExport }: { sdkAppId: number; canWrite: boolean; canExport: boolean }) {
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const router = useRouter();
  const add = useAction(addAccountAction, { success: "Account added." });
  return (
    <>
      {canExport && (
        <a href={`/apps/${sdkAppId}/accounts/export`} download className="inline-flex items-center rounded-md border border-slate-300 bg-white px-3.5 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50">
          Export CSV
        </a>
      )}
      {canWrite && (
        <>
          <Button variant="secondary" onClick={() => setImporting(true)}>Import CSV</Button>
          <Button onClick={() => setAdding(true)}>Add account</Button>
        </>
      )}
      <Dialog open={adding} onClose={() => setAdding(false)} title="Add account">
        <form
          className="space-y-4"
          onSubmit={async (event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            const result = await add.run({
              sdkAppId,
              userId: String(form.get("userId")),
              externalId: String(form.get("externalId")),
              nickname: String(form.get("nickname")),
              faceUrl: String(form.get("faceUrl")),
            });
            if (result) {
              setAdding(false);
              router.refresh();
            }
          }}
        >
          <Input label="UserID" name="userId" required error={add.fieldErrors.userId} hint="1–32 printable ASCII characters; a-z A-Z 0-9 _ - recommended." />
          <Input label="External user ID" name="externalId" error={add.fieldErrors.externalId} hint="The user's ID in your own app (optional)." />
          <Input label="Nickname" name="nickname" error={add.fieldErrors.nickname} />
          <Input label="Avatar URL" name="faceUrl" type="url" error={add.fieldErrors.faceUrl} />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setAdding(false)}>Cancel</Button>
            <Button type="submit" pending={add.pending}>Add account</Button>
          </div>
        </form>
      </Dialog>
      <ImportAccountsDialog sdkAppId={sdkAppId} open={importing} onClose={() => { setImporting(false); router.refresh(); }} />
    </>
  );
}

export function DeleteAccountButton({ sdkAppId, userId }: { sdkAppId: number; userId: string }) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const remove = useAction(deleteAccountsAction, { success: `Account ${userId} deleted.` });
  return (
    <>
      <Button variant="ghost" size="sm" aria-label={`Delete ${userId}`} onClick={() => setOpen(true)}>Delete</Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Delete account ${userId}?`}
        description="Its login sessions end. Your App Server can import it again later."
        confirmLabel="Delete"
        pending={remove.pending}
        onConfirm={async () => {
          if (await remove.run({ sdkAppId, userIds: [userId] })) router.refresh();
        }}
      />
    </>
  );
}
