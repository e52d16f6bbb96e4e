"use client";
import { useState } from "react";
import { revokeUserSigAction, type RevokeUserSigOutcome } from "@/lib/actions/tickets/revoke-user-sig";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Input, Textarea } from "@/components/ui/field";
import { formatDate } from "@/components/ui/format";
import { useAction } from "@/components/ui/use-action";
import { ToolOutcome, ToolPanel } from "@/components/tools/tool-panel";

export function RevokeUserSig({ sdkAppId }: { sdkAppId: number }) {
  const [userSig, setUserSig] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<RevokeUserSigOutcome | null>(null);
  const revoke = useAction(revokeUserSigAction);
  return (
    <>
      <ToolPanel
        onSubmit={() => setConfirming(true)}
        placeholder="Revokes one UserSig of this app, including one your App Server signed itself with the key. It must verify with this app's live keys."
        result={
          outcome &&
          (outcome.ok ? (
            <ToolOutcome ok title={outcome.alreadyRevoked ? "Already revoked" : "Revoked"} testId="revoke-result">
              <p>
                UserID <span className="font-mono">{outcome.userId}</span>; it would have expired{" "}
                {formatDate(outcome.expiresAt)}. Sessions ended: {outcome.sessionsEnded}.
              </p>
            </ToolOutcome>
          ) : (
            <ToolOutcome ok={false} title={`Not revoked: code ${outcome.code}`} testId="revoke-result">
              <p>{outcome.message}</p>
            </ToolOutcome>
          ))
        }
      >
        <Input label="SDKAppID" value={String(sdkAppId)} readOnly />
        <Textarea
          label="UserSig to revoke"
          rows={5}
          value={userSig}
          onChange={(event) => setUserSig(event.target.value)}
          required
        />
        <Button type="submit" variant="danger">
          Revoke
        </Button>
      </ToolPanel>
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title="Revoke this UserSig?"
        description="Logins and REST calls with it are refused with 70052 until it expires, and sessions it started end now. Other UserSigs of the user keep working."
        confirmLabel="Revoke"
        pending={revoke.pending}
        onConfirm={async () => {
          const result = await revoke.run({ sdkAppId, userSig });
          setOutcome(result?.data ?? null);
        }}
      />
    </>
  );
}
