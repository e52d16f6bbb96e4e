"use client";
import { useState } from "react";
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
  const generate = useAction(generateUserSigAction, { success: "UserSig generated." });
  const snippet = issued
    ? `// Chat SDK\nawait chat.login({ userID: ${JSON.stringify(issued.userId)}, userSig: ${JSON.stringify(issued.ticket)} });\n\n// TRTC SDK\nawait trtc.enterRoom({ sdkAppId: ${sdkAppId}, userId: ${JSON.stringify(issued.userId)}, userSig: ${JSON.stringify(issued.ticket)}, roomId: 1234 });`
    : "";
  return (
    <ToolPanel
      onSubmit={async () => {
        const result = await generate.run({ sdkAppId, userId, expire });
        if (result) setIssued({ ...result.data, userId });
      }}
      placeholder="The UserSig appears here. It is recorded in the ledger and audit log, never stored."
      result={
        issued && (
          <>
            <Textarea label="UserSig" readOnly rows={5} value={issued.ticket} />
            <div className="flex flex-wrap items-center gap-2">
              <CopyButton value={issued.ticket} label="Copy UserSig" />
              <Button
                variant="secondary"
                size="sm"
                onClick={() => onVerify({ userId: issued.userId, userSig: issued.ticket })}
              >
                Verify it
              </Button>
            </div>
            <dl className="grid grid-cols-2 gap-2 text-sm">
              <dt className="text-slate-500">Generated</dt>
              <dd>{formatDate(issued.time)}</dd>
              <dt className="text-slate-500">Expires</dt>
              <dd data-testid="usersig-expires">{formatDate(issued.expiresAt)}</dd>
              <dt className="text-slate-500">Signed with</dt>
              <dd>key v{issued.keyVersion}</dd>
            </dl>
            <Textarea label="Snippet" readOnly rows={6} value={snippet} />
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
        hint="The user the UserSig is for (1–32 printable ASCII characters)."
      />
      <ValidityField value={expire} onChange={setExpire} error={generate.fieldErrors.expire} max={maxExpire} />
      <Button type="submit" pending={generate.pending} disabled={!enabled}>
        Generate UserSig
      </Button>
      {!enabled && <p className="text-sm text-amber-700">This application is disabled.</p>}
    </ToolPanel>
  );
}
