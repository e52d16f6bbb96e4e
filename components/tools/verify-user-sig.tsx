"use client";
import { useState } from "react";
import { useFormatter, useTranslations } from "next-intl";
import { verifyUserSigAction, type VerifyOutcome } from "@/lib/actions/tickets/verify-user-sig";
import { Button } from "@/components/ui/button";
import { Input, Textarea } from "@/components/ui/field";
import { durationParts, formatDate } from "@/components/ui/format";
import { useAction } from "@/components/ui/use-action";
import { ToolOutcome, ToolPanel } from "@/components/tools/tool-panel";
import { useErrorMessage } from "@/components/i18n/use-error-message";

/** `prefill` (from Generate's "Verify it") seeds the fields; the tools re-key this component for each new one. */
export function VerifyUserSig({
  sdkAppId,
  prefill,
}: {
  sdkAppId: number;
  prefill: { userId: string; userSig: string } | null;
}) {
  const [userId, setUserId] = useState(prefill?.userId ?? "");
  const [userSig, setUserSig] = useState(prefill?.userSig ?? "");
  const [outcome, setOutcome] = useState<VerifyOutcome | null>(null);
  const verify = useAction(verifyUserSigAction);
  const t = useTranslations("tools");
  const units = useTranslations("units");
  const format = useFormatter();
  const errorMessage = useErrorMessage();
  return (
    <ToolPanel
      onSubmit={async () => {
        const result = await verify.run({ sdkAppId, userId, userSig });
        setOutcome(result?.data ?? null);
      }}
      placeholder={t("verifyPlaceholder")}
      result={
        outcome &&
        (outcome.ok ? (
          <ToolOutcome ok title={t("accepted")} testId="verify-result">
            <dl className="grid grid-cols-2 gap-1.5">
              <dt className="text-slate-600">SDKAppID</dt>
              <dd className="font-mono">{outcome.sdkAppId}</dd>
              <dt className="text-slate-600">UserID</dt>
              <dd className="font-mono">{outcome.userId}</dd>
              <dt className="text-slate-600">{t("generatedAt")}</dt>
              <dd>{formatDate(format, outcome.time)}</dd>
              <dt className="text-slate-600">{t("validity")}</dt>
              <dd>{units("duration", durationParts(outcome.expire))}</dd>
              <dt className="text-slate-600">{t("expires")}</dt>
              <dd>{formatDate(format, outcome.expiresAt)}</dd>
              <dt className="text-slate-600">{t("verifiedWith")}</dt>
              <dd>{t("keyVersion", { version: outcome.keyVersion })}</dd>
              {outcome.hasUserBuf && (
                <>
                  <dt className="text-slate-600">{t("kind")}</dt>
                  <dd>{t("privateMapKeyKind")}</dd>
                </>
              )}
            </dl>
          </ToolOutcome>
        ) : (
          <ToolOutcome ok={false} title={t("rejected", { code: outcome.code })} testId="verify-result">
            <p>
              <span className="font-medium">{t("cause")}</span> {errorMessage(outcome.reason)}
            </p>
            <p>
              <span className="font-medium">{t("fix")}</span> {errorMessage(outcome.fix)}
            </p>
          </ToolOutcome>
        ))
      }
    >
      <Input label="SDKAppID" value={String(sdkAppId)} readOnly />
      <Input label={t("userIdToVerify")} value={userId} onChange={(event) => setUserId(event.target.value)} required />
      <Textarea
        label={t("userSigToVerify")}
        rows={5}
        value={userSig}
        onChange={(event) => setUserSig(event.target.value)}
        required
      />
      <Button type="submit" pending={verify.pending}>
        {t("verify")}
      </Button>
    </ToolPanel>
  );
}
