"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { createAppAction } from "@/lib/actions/apps/create-app";
import { importAppAction } from "@/lib/actions/apps/import-app";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";

export function CreateAppButton() {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const { run, pending, fieldErrors } = useAction(createAppAction, { success: (data) => `Application created with SDKAppID ${data.sdkAppId}.` });
  return (
    <>
      <Button onClick={() => setOpen(true)}>Create application</Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Create application" description="An SDKAppID and the first secret key are created for it.">
        <form
          className="space-y-4"
          onSubmit={async (event) => {
            event.preventDefault();
            const name = String(new FormData(event.currentTarget).get("name"));
            const result = await run({ name });
            if (result) {
              setOpen(false);
              router.push(`/apps/${result.data.sdkAppId}`);
            }
          }}
        >
          <Input label="Application name" name="name" required maxLength={64} error={fieldErrors.name} hint="Letters, digits, spaces, dots, dashes, underscores; up to 64 characters." />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>Cancel</Button>
            <Button type="submit" pending={pending}>Create</Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}

/** Brings an application from Tencent with its SDKAppID and secret key, so existing App Servers and UserSigs keep working. */
export function ImportAppButton() {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const { run, pending, fieldErrors } = useAction(importAppAction, { success: (data) => `Application ${data.sdkAppId} imported.` });
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>Import application</Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="Import application"
        description="Keep an application's SDKAppID and secret key from Tencent's console: App Servers and UserSigs signed with that key keep working here."
      >
        <form
          className="space-y-4"
          autoComplete="off"
          onSubmit={async (event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            const result = await run({ sdkAppId: String(form.get("sdkAppId")), name: String(form.get("name")), secretKey: String(form.get("secretKey")) });
            if (result) {
              setOpen(false);
              router.push(`/apps/${result.data.sdkAppId}`);
            }
          }}
        >
          <Input label="SDKAppID" name="sdkAppId" required inputMode="numeric" pattern="[0-9]{1,10}" error={fieldErrors.sdkAppId} hint="As Tencent's console shows it, 1 to 4294967295." />
          <Input label="Application name" name="name" required maxLength={64} error={fieldErrors.name} />
          <Input label="Secret key" name="secretKey" type="password" required autoComplete="off" spellCheck={false} error={fieldErrors.secretKey} hint="64 hexadecimal characters. Stored encrypted; it becomes key version 1." />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>Cancel</Button>
            <Button type="submit" pending={pending}>Import</Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
