"use client";
import { useState } from "react";
import { useTranslations } from "next-intl";
import { invalidateLoginAction } from "@/lib/actions/accounts/invalidate-login";
import { revokeIssuedAction } from "@/lib/actions/tickets/revoke-issued";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { useAction } from "@/components/ui/use-action";

export function InvalidateLoginButton({ sdkAppId, userId }: { sdkAppId: number; userId: string }) {
  const t = useTranslations("account");
  const [open, setOpen] = useState(false);
  const invalidate = useAction(invalidateLoginAction, { success: t("invalidatedToast") });
  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        {t("invalidate")}
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title={t("invalidateTitle", { userId })}
        description={t("invalidateDescription")}
        confirmLabel={t("invalidate")}
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
  const t = useTranslations("account");
  const [open, setOpen] = useState(false);
  const revoke = useAction(revokeIssuedAction, {
    success: (result) => t("revokedToast", { sessions: result.sessionsEnded }),
  });
  return (
    <>
      <Button variant="danger" size="sm" onClick={() => setOpen(true)}>
        {t("revoke")}
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title={t("revokeTitle")}
        description={t("revokeDescription", { issuedAt })}
        confirmLabel={t("revoke")}
        pending={revoke.pending}
        onConfirm={() => revoke.run({ sdkAppId, ledgerId })}
      />
    </>
  );
}
