"use client";
import { useState } from "react";
import { verifyUserSigAction, type VerifyOutcome } from "@/lib/actions/tickets/verify-user-sig";
import { Button } from "@/components/ui/button";
import { Input, Textarea } from "@/components/ui/field";
import { formatDate, formatDuration } from "@/components/ui/format";
import { useAction } from "@/components/ui/use-action";
import { ToolOutcome, ToolPanel } from "@/components/tools/tool-panel";

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
  return (
    <ToolPanel
      onSubmit={async () => {
        const result = await verify.run({ sdkAppId, userId, userSig });
        setOutcome(result?.data ?? null);
      }}
      placeholder="Checks the signature with this app's live keys, the expiry, and whether the user's login was invalidated."
      result={
        outcome &&
        (outcome.ok ? (
          <ToolOutcome ok title="Accepted" testId="verify-result">
            <dl className="grid grid-cols-2 gap-1.5">
              <dt className="text-slate-600">SDKAppID</dt>
              <dd className="font-mono">{outcome.sdkAppId}</dd>
              <dt className="text-slate-600">UserID</dt>
              <dd className="font-mono">{outcome.userId}</dd>
              <dt className="text-slate-600">Generated</dt>
              <dd>{formatDate(outcome.time)}</dd>
              <dt className="text-slate-600">Validity</dt>
              <dd>{formatDuration(outcome.expire)}</dd>
              <dt className="text-slate-600">Expires</dt>
              <dd>{formatDate(outcome.expiresAt)}</dd>
              <dt className="text-slate-600">Verified with</dt>
              <dd>key v{outcome.keyVersion}</dd>
              {outcome.hasUserBuf && (
                <>
                  <dt className="text-slate-600">Kind</dt>
                  <dd>PrivateMapKey (has userbuf)</dd>
                </>
              )}
            </dl>
          </ToolOutcome>
        ) : (
          <ToolOutcome ok={false} title={`Rejected: code ${outcome.code}`} testId="verify-result">
            <p>
              <span className="font-medium">Cause:</span> {outcome.reason}
            </p>
            <p>
              <span className="font-medium">Fix:</span> {outcome.fix}
            </p>
          </ToolOutcome>
        ))
      }
    >
      <Input label="SDKAppID" value={String(sdkAppId)} readOnly />
      <Input label="UserID to verify" value={userId} onChange={(event) => setUserId(event.target.value)} required />
      <Textarea
        label="UserSig to verify"
        rows={5}
        value={userSig}
        onChange={(event) => setUserSig(event.target.value)}
        required
      />
      <Button type="submit" pending={verify.pending}>
        Verify
      </Button>
    </ToolPanel>
  );
}
