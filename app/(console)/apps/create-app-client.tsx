"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { createAppAction } from "@/lib/actions/apps/create-app";
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
