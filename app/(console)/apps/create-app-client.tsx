"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { createAppAction } from "@/lib/actions/apps/create-app";
import { importAppAction } from "@/lib/actions/apps/import-app";
import { Button } from "@/components/ui/button";
import { FormDialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";

export function CreateAppButton() {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const { run, pending, fieldErrors } = useAction(createAppAction, {
    success: (data) => `Application created with SDKAppID ${data.sdkAppId}.`,
  });
  return (
    <>
      <Button onClick={() => setOpen(true)}>Create application</Button>
      <FormDialog
        open={open}
        onClose={() => setOpen(false)}
        title="Create application"
        description="An SDKAppID and the first secret key are created for it."
        submitLabel="Create"
        pending={pending}
        onSubmit={async (form) => {
          const result = await run({ name: String(form.get("name")) });
          if (result) router.push(`/apps/${result.data.sdkAppId}`);
          return result;
        }}
      >
        <Input
          label="Application name"
          name="name"
          required
          maxLength={64}
          error={fieldErrors.name}
          hint="Letters, digits, spaces, dots, dashes, underscores; up to 64 characters."
        />
      </FormDialog>
    </>
  );
}

/** Brings an application from Tencent with its SDKAppID and secret key, so existing App Servers and UserSigs keep working. */
export function ImportAppButton() {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const { run, pending, fieldErrors } = useAction(importAppAction, {
    success: (data) => `Application ${data.sdkAppId} imported.`,
  });
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Import application
      </Button>
      <FormDialog
        open={open}
        onClose={() => setOpen(false)}
        title="Import application"
        description="Keep an application's SDKAppID and secret key from Tencent's console: App Servers and UserSigs signed with that key keep working here."
        submitLabel="Import"
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
          hint="As Tencent's console shows it, 1 to 4294967295."
        />
        <Input label="Application name" name="name" required maxLength={64} error={fieldErrors.name} />
        <Input
          label="Secret key"
          name="secretKey"
          type="password"
          required
          autoComplete="off"
          spellCheck={false}
          error={fieldErrors.secretKey}
          hint="64 hexadecimal characters. Stored encrypted; it becomes key version 1."
        />
      </FormDialog>
    </>
  );
}
