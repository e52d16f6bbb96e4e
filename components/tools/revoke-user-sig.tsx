"use client";
import { useState } from "react";
import { revokeUserSigAction, type RevokeUserSigOutcome } from "@/lib/actions/tickets/revoke-user-sig";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Input, Textarea } from "@/components/ui/field";
import { formatDate } from "@/components/ui/format";
import { useAction } from "@/components/ui/use-action";

export function RevokeUserSig({ sdkAppId }: { sdkAppId: number }) {
  const [userSig, setUserSig] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<RevokeUserSigOutcome | null>(null);
  const revoke = useAction(revokeUserSigAction);
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          setConfirming(true);
        }}
      >
        <Input label="SDKAppID" value={String(sdkAppId)} readOnly />
        <Textarea label="UserSig to revoke" rows={5} value={userSig} onChange={(event) => setUserSig(event.target.value)} required />
        <Button type="submit" variant="danger">Revoke</Button>
      </form>
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
      <div aria-live="polite">
        {outcome?.ok === true && (
          <div role="status" data-testid="revoke-result" className="space-y-2 rounded-md border border-emerald-200 bg-emerald-50 p-4 text-sm">
            <p className="font-semibold text-emerald-800">{outcome.alreadyRevoked ? "Already revoked" : "Revoked"}</p>
            <p>UserID <span className="font-mono">{outcome.userId}</span>; it would have expired {formatDate(outcome.expiresAt)}. Sessions ended: {outcome.sessionsEnded}.</p>
          </div>
        )}
        {outcome?.ok === false && (
          <div role="alert" data-testid="revoke-result" className="space-y-2 rounded-md border border-red-200 bg-red-50 p-4 text-sm">
            <p className="font-semibold text-red-800">Not revoked: code {outcome.code}</p>
            <p>{outcome.message}</p>
          </div>
        )}
        {!outcome && <p className="rounded-md border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">Revokes one UserSig of this app, including one your App Server signed itself with the key. It must verify with this app's live keys.</p>}
      </div>
    </div>
  );
}
