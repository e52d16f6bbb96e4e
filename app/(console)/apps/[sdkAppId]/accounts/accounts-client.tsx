"use client";
import { useState } from "react";
import { useTranslations } from "next-intl";
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
  const t = useTranslations("accounts");
  const add = useAction(addAccountAction, { success: t("addedToast") });
  return (
    <>
      {canExport && (
        <a href={`/apps/${sdkAppId}/accounts/export`} download className={buttonVariants({ variant: "secondary" })}>
          {t("exportCsv")}
        </a>
      )}
      {canWrite && (
        <>
          <Button variant="secondary" onClick={() => setImporting(true)}>
            {t("importCsv")}
          </Button>
          <Button onClick={() => setAdding(true)}>{t("add")}</Button>
        </>
      )}
      <FormDialog
        open={adding}
        onClose={() => setAdding(false)}
        title={t("add")}
        submitLabel={t("add")}
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
        <Input label="UserID" name="userId" required error={add.fieldErrors.userId} hint={t("userIdHint")} />
        <Input
          label={t("externalUserId")}
          name="externalId"
          error={add.fieldErrors.externalId}
          hint={t("externalIdHint")}
        />
        <Input label={t("nickname")} name="nickname" error={add.fieldErrors.nickname} />
        <Input label={t("faceUrl")} name="faceUrl" type="url" error={add.fieldErrors.faceUrl} />
      </FormDialog>
      <ImportAccountsDialog sdkAppId={sdkAppId} open={importing} onClose={() => setImporting(false)} />
    </>
  );
}

export function DeleteAccountButton({ sdkAppId, userId }: { sdkAppId: number; userId: string }) {
  const t = useTranslations("accounts");
  const [open, setOpen] = useState(false);
  const remove = useAction(deleteAccountsAction, { success: t("deletedToast", { userId }) });
  return (
    <>
      <Button variant="ghost" size="sm" aria-label={t("deleteLabel", { userId })} onClick={() => setOpen(true)}>
        {t("delete")}
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title={t("deleteTitle", { userId })}
        description={t("deleteDescription")}
        confirmLabel={t("delete")}
        pending={remove.pending}
        onConfirm={() => remove.run({ sdkAppId, userIds: [userId] })}
      />
    </>
  );
}
