"use client";
import { useState } from "react";
import { invalidateLoginAction } from "@/lib/actions/accounts/invalidate-login";
import { revokeIssuedAction } from "@/lib/actions/tickets/revoke-issued";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { useAction } from "@/components/ui/use-action";

export function InvalidateLoginButton({ sdkAppId, userId }: { sdkAppId: number; userId: string }) {
  const [open, setOpen] = useState(false);
  const invalidate = useAction(invalidateLoginAction, {
    success: "Login invalidated: every UserSig issued until now is rejected with 70052.",
  });
  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        Invalidate login
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Invalidate ${userId}'s login?`}
        description="Every UserSig issued for this user until now stops working (code 70052) and open sessions end. A UserSig issued afterwards works."
        confirmLabel="Invalidate login"
        pending={invalidate.pending}
        onConfirm={() => invalidate.run({ sdkAppId, userId })}
      />
    </>
  );
}

export function RevokeIssuedButton({
  sdkAppId,
  ledgerId,
  issuedAt,
}: {
  sdkAppId: number;
  ledgerId: string;
  issuedAt: string;
}) {
  const [open, setOpen] = useState(false);
  const revoke = useAction(revokeIssuedAction, {
    success: (result) => `UserSig revoked; ${result.sessionsEnded} session(s) ended.`,
  });
  return (
    <>
      <Button variant="danger" size="sm" onClick={() => setOpen(true)}>
        Revoke
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title="Revoke this UserSig?"
        description={`The UserSig issued ${issuedAt} is refused with 70052 from now on and sessions it started end. The user's other UserSigs keep working.`}
        confirmLabel="Revoke"
        pending={revoke.pending}
        onConfirm={() => revoke.run({ sdkAppId, ledgerId })}
      />
    </>
  );
}
