"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { invalidateLoginAction } from "@/lib/actions/accounts/invalidate-login";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { useAction } from "@/components/ui/use-action";

export function InvalidateLoginButton({ sdkAppId, userId }: { sdkAppId: number; userId: string }) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const invalidate = useAction(invalidateLoginAction, { success: "Login invalidated: every UserSig issued until now is rejected with 70052." });
  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>Invalidate login</Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Invalidate ${userId}'s login?`}
        description="Every UserSig issued for this user until now stops working (code 70052) and open sessions end. A UserSig issued afterwards works."
        confirmLabel="Invalidate login"
        pending={invalidate.pending}
        onConfirm={async () => {
          if (await invalidate.run({ sdkAppId, userId })) router.refresh();
        }}
      />
    </>
  );
}
