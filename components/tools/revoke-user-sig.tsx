"use client";
import { useState } from "react";
import { useFormatter, useTranslations } from "next-intl";
import { revokeUserSigAction, type RevokeUserSigOutcome } from "@/lib/actions/tickets/revoke-user-sig";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Input, Textarea } from "@/components/ui/field";
import { formatDate } from "@/components/ui/format";
import { useAction } from "@/components/ui/use-action";
import { ToolOutcome, ToolPanel } from "@/components/tools/tool-panel";
import { useErrorMessage } from "@/components/i18n/use-error-message";

export function RevokeUserSig({ sdkAppId }: { sdkAppId: number }) {
  const [userSig, setUserSig] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<RevokeUserSigOutcome | null>(null);
  const revoke = useAction(revokeUserSigAction);
  const t = useTranslations("tools");
  const format = useFormatter();
  const errorMessage = useErrorMessage();
  return (
    <>
      <ToolPanel
        onSubmit={() => setConfirming(true)}
        placeholder={t("revokePlaceholder")}
        result={
          outcome &&
          (outcome.ok ? (
            <ToolOutcome ok title={outcome.alreadyRevoked ? t("alreadyRevoked") : t("revoked")} testId="revoke-result">
              <p>
                {t.rich("revokedDetails", {
                  userId: outcome.userId,
                  expiresAt: formatDate(format, outcome.expiresAt),
                  sessions: outcome.sessionsEnded,
                  mono: (chunks) => <span className="font-mono">{chunks}</span>,
                })}
              </p>
            </ToolOutcome>
          ) : (
            <ToolOutcome ok={false} title={t("notRevoked", { code: outcome.code })} testId="revoke-result">
              <p>{errorMessage(outcome.message)}</p>
            </ToolOutcome>
          ))
        }
      >
        <Input label="SDKAppID" value={String(sdkAppId)} readOnly />
        <Textarea
          label={t("userSigToRevoke")}
          rows={5}
          value={userSig}
          onChange={(event) => setUserSig(event.target.value)}
          required
        />
        <Button type="submit" variant="danger">
          {t("revoke")}
        </Button>
      </ToolPanel>
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title={t("revokeTitle")}
        description={t("revokeDescription")}
        confirmLabel={t("revoke")}
        pending={revoke.pending}
        onConfirm={async () => {
          const result = await revoke.run({ sdkAppId, userSig });
          setOutcome(result?.data ?? null);
        }}
      />
    </>
  );
}
