"use client";
import { useState } from "react";
import { useFormatter, useTranslations } from "next-intl";
import { generateUserSigAction } from "@/lib/actions/tickets/generate-user-sig";
import { DEFAULT_EXPIRE_SECONDS } from "@/lib/usersig/browser";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Input, Textarea } from "@/components/ui/field";
import { formatDate } from "@/components/ui/format";
import { useAction } from "@/components/ui/use-action";
import { ToolPanel } from "@/components/tools/tool-panel";
import { ValidityField } from "@/components/tools/validity-field";

type Issued = { userId: string; ticket: string; time: number; expire: number; expiresAt: number; keyVersion: number };

export function GenerateUserSig({
  sdkAppId,
  enabled,
  defaultUserId,
  maxExpire,
  onVerify,
}: {
  sdkAppId: number;
  enabled: boolean;
  defaultUserId: string;
  maxExpire?: number;
  onVerify: (prefill: { userId: string; userSig: string }) => void;
}) {
  const [userId, setUserId] = useState(defaultUserId);
  const [expire, setExpire] = useState(Math.min(DEFAULT_EXPIRE_SECONDS, maxExpire ?? Infinity));
  const [issued, setIssued] = useState<Issued | null>(null);
  const t = useTranslations("tools");
  const format = useFormatter();
  const generate = useAction(generateUserSigAction, { success: t("generated") });
  const snippet = issued
    ? `// Chat SDK\nawait chat.login({ userID: ${JSON.stringify(issued.userId)}, userSig: ${JSON.stringify(issued.ticket)} });\n\n// TRTC SDK\nawait trtc.enterRoom({ sdkAppId: ${sdkAppId}, userId: ${JSON.stringify(issued.userId)}, userSig: ${JSON.stringify(issued.ticket)}, roomId: 1234 });`
    : "";
  return (
    <ToolPanel
      onSubmit={async () => {
        const result = await generate.run({ sdkAppId, userId, expire });
        if (result) setIssued({ ...result.data, userId });
      }}
      placeholder={t("generatePlaceholder")}
      result={
        issued && (
          <>
            <Textarea label="UserSig" readOnly rows={5} value={issued.ticket} />
            <div className="flex flex-wrap items-center gap-2">
              <CopyButton value={issued.ticket} label={t("copyUserSig")} />
              <Button
                variant="secondary"
                size="sm"
                onClick={() => onVerify({ userId: issued.userId, userSig: issued.ticket })}
              >
                {t("verifyIt")}
              </Button>
            </div>
            <dl className="grid grid-cols-2 gap-2 text-sm">
              <dt className="text-slate-500">{t("generatedAt")}</dt>
              <dd>{formatDate(format, issued.time)}</dd>
              <dt className="text-slate-500">{t("expires")}</dt>
              <dd data-testid="usersig-expires">{formatDate(format, issued.expiresAt)}</dd>
              <dt className="text-slate-500">{t("signedWith")}</dt>
              <dd>{t("keyVersion", { version: issued.keyVersion })}</dd>
            </dl>
            <Textarea label={t("snippet")} readOnly rows={6} value={snippet} />
          </>
        )
      }
    >
      <Input
        label="UserID"
        value={userId}
        onChange={(event) => setUserId(event.target.value)}
        required
        error={generate.fieldErrors.userId}
        hint={t("userIdHint")}
      />
      <ValidityField value={expire} onChange={setExpire} error={generate.fieldErrors.expire} max={maxExpire} />
      <Button type="submit" pending={generate.pending} disabled={!enabled}>
        {t("generate")}
      </Button>
      {!enabled && <p className="text-sm text-amber-700">{t("appDisabled")}</p>}
    </ToolPanel>
  );
}
