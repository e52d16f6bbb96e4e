"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { createAppAction } from "@/lib/actions/apps/create-app";
import { importAppAction } from "@/lib/actions/apps/import-app";
import { Button } from "@/components/ui/button";
import { FormDialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";

export function CreateAppButton() {
  const t = useTranslations("apps");
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const { run, pending, fieldErrors } = useAction(createAppAction, {
    success: (data) => t("createdToast", { sdkAppId: data.sdkAppId }),
  });
  return (
    <>
      <Button onClick={() => setOpen(true)}>{t("create")}</Button>
      <FormDialog
        open={open}
        onClose={() => setOpen(false)}
        title={t("create")}
        description={t("createDescription")}
        submitLabel={t("createSubmit")}
        pending={pending}
        onSubmit={async (form) => {
          const result = await run({ name: String(form.get("name")) });
          if (result) router.push(`/apps/${result.data.sdkAppId}`);
          return result;
        }}
      >
        <Input
          label={t("appName")}
          name="name"
          required
          maxLength={64}
          error={fieldErrors.name}
          hint={t("appNameHint")}
        />
      </FormDialog>
    </>
  );
}

/** Brings an application from Tencent with its SDKAppID and secret key, so existing App Servers and UserSigs keep working. */
export function ImportAppButton() {
  const t = useTranslations("apps");
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const { run, pending, fieldErrors } = useAction(importAppAction, {
    success: (data) => t("imported", { sdkAppId: data.sdkAppId }),
  });
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        {t("import")}
      </Button>
      <FormDialog
        open={open}
        onClose={() => setOpen(false)}
        title={t("import")}
        description={t("importDescription")}
        submitLabel={t("importSubmit")}
        pending={pending}
        autoComplete="off"
        onSubmit={async (form) => {
          const result = await run({
            sdkAppId: String(form.get("sdkAppId")),
            name: String(form.get("name")),
            secretKey: String(form.get("secretKey")),
          });
          if (result) router.push(`/apps/${result.data.sdkAppId}`);
          return result;
        }}
      >
        <Input
          label="SDKAppID"
          name="sdkAppId"
          required
          inputMode="numeric"
          pattern="[0-9]{1,10}"
          error={fieldErrors.sdkAppId}
          hint={t("sdkAppIdHint")}
        />
        <Input label={t("appName")} name="name" required maxLength={64} error={fieldErrors.name} />
        <Input
          label={t("secretKey")}
          name="secretKey"
          type="password"
          required
          autoComplete="off"
          spellCheck={false}
          error={fieldErrors.secretKey}
          hint={t("secretKeyHint")}
        />
      </FormDialog>
    </>
  );
}
