"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { invalidateLoginAction } from "@/lib/actions/accounts/invalidate-login";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useAction } from "@/components/ui/use-action";

export function InvalidateLoginButton({ sdkAppId, userId }: { sdkAppId: number; userId: string }) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const invalidate = useAction(invalidateLoginAction, { success: "Login invalidated: every UserSig issued until now is rejected with 70052." });
  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>Invalidate login</Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Invalidate ${userId}'s login?`} description="Every UserSig issued for this user until now stops working (code 70052) and open sessions end. A UserSig issued afterwards works.">
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setOpen(false)}>Cancel</Button>
          <Button
            variant="danger"
            pending={invalidate.pending}
            onClick={async () => {
              if (await invalidate.run({ sdkAppId, userId })) router.refresh();
              setOpen(false);
            }}
          >
            Invalidate login
          </Button>
        </div>
      </Dialog>
    </>
  );
}
