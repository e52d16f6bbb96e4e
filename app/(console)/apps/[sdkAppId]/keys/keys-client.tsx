"use client";
import { useState } from "react";
import { rotateKeyAction } from "@/lib/actions/keys/rotate-key";
import { retireKeyAction } from "@/lib/actions/keys/retire-key";
import { DEFAULT_GRACE_DAYS } from "@/lib/validations/keys";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { ConfirmDialog, FormDialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/field";
import { formatDate } from "@/components/ui/format";
import { Table, Td } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import { useAction } from "@/components/ui/use-action";

type KeyRow = {
  version: number;
  status: "primary" | "secondary" | "retired";
  createdAt: string;
  verifyUntil: string | null;
  signed: number;
  lastSignedAt: string | null;
};

const tone = { primary: "green", secondary: "amber", retired: "gray" } as const;

export function KeysClient({
  sdkAppId,
  keys,
  canReveal,
  canWrite,
}: {
  sdkAppId: number;
  keys: KeyRow[];
  canReveal: boolean;
  canWrite: boolean;
}) {
  const [rotateOpen, setRotateOpen] = useState(false);
  const rotate = useAction(rotateKeyAction, { success: (data) => `Key v${data.version} is now the primary key.` });
  const retire = useAction(retireKeyAction, { success: "The key no longer verifies UserSigs." });
  const [retiring, setRetiring] = useState<number | null>(null);
  return (
    <div className="space-y-6">
      <Card
        title="Secret keys"
        description="The primary key signs new UserSigs. After a rotation the previous key keeps verifying until its grace period ends."
        actions={canWrite && <Button onClick={() => setRotateOpen(true)}>Rotate key</Button>}
      >
        <ul className="space-y-4" aria-label="Keys">
          {keys
            .filter((key) => key.status !== "retired")
            .map((key) => (
              <li key={key.version} className="rounded-md border border-slate-200 p-4">
                <div className="mb-3 flex flex-wrap items-center gap-2 text-sm">
                  <span className="font-semibold">Key v{key.version}</span>
                  <Badge tone={tone[key.status]}>{key.status}</Badge>
                  <span className="text-slate-600">
                    {key.status === "secondary"
                      ? `verifies until ${formatDate(key.verifyUntil)}`
                      : "signs and verifies"}
                  </span>
                </div>
                <RevealKey sdkAppId={sdkAppId} version={key.version} canReveal={canReveal} />
                {canWrite && key.status === "secondary" && (
                  <Button className="mt-3" variant="secondary" size="sm" onClick={() => setRetiring(key.version)}>
                    Retire now
                  </Button>
                )}
              </li>
            ))}
        </ul>
      </Card>

      <Card
        title="Which key signed what"
        description="UserSigs recorded in the ledger per key, and when each key stops verifying."
      >
        <Table
          label="Key history"
          columns={[
            "Key",
            "Status",
            "Created",
            "Stops verifying",
            { label: "Tickets signed", className: "text-right" },
            "Last signed",
          ]}
        >
          {keys.map((key) => (
            <tr key={key.version}>
              <Td>v{key.version}</Td>
              <Td>
                <Badge tone={tone[key.status]}>{key.status}</Badge>
              </Td>
              <Td className="whitespace-nowrap">{formatDate(key.createdAt)}</Td>
              <Td className="whitespace-nowrap">
                {key.status === "primary" ? "while primary" : formatDate(key.verifyUntil)}
              </Td>
              <Td className="text-right tabular-nums">{key.signed.toLocaleString("en-US")}</Td>
              <Td className="whitespace-nowrap">{formatDate(key.lastSignedAt)}</Td>
            </tr>
          ))}
        </Table>
      </Card>

      <FormDialog
        open={rotateOpen}
        onClose={() => setRotateOpen(false)}
        title="Rotate the secret key"
        description="A new key becomes primary at once. UserSigs signed with the current key keep verifying during the grace period."
        submitLabel="Rotate"
        pending={rotate.pending}
        onSubmit={(form) => rotate.run({ sdkAppId, graceDays: Number(form.get("graceDays")) })}
      >
        <Input
          label="Grace period (days)"
          name="graceDays"
          type="number"
          min={0}
          max={90}
          defaultValue={DEFAULT_GRACE_DAYS}
          required
          error={rotate.fieldErrors.graceDays}
          hint="0 retires the current key immediately: every UserSig it signed stops working."
        />
      </FormDialog>

      <ConfirmDialog
        open={retiring !== null}
        onClose={() => setRetiring(null)}
        title={`Retire key v${retiring}?`}
        description="UserSigs signed with this key stop verifying immediately. This cannot be undone."
        confirmLabel="Retire now"
        pending={retire.pending}
        onConfirm={async () => {
          if (retiring !== null) await retire.run({ sdkAppId, version: retiring });
        }}
      />
    </div>
  );
}

function RevealKey({ sdkAppId, version, canReveal }: { sdkAppId: number; version: number; canReveal: boolean }) {
  const [key, setKey] = useState<string | null>(null);
  const [askPassword, setAskPassword] = useState(false);
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  const toast = useToast();

  async function reveal(password?: string) {
    setPending(true);
    setError(undefined);
    try {
      const response = await fetch(`/apps/${sdkAppId}/keys/${version}/reveal`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ password }),
        cache: "no-store",
      });
      const body = (await response.json()) as { key?: string; error?: string; passwordRequired?: boolean };
      if (body.key) {
        setKey(body.key);
        setAskPassword(false);
      } else if (body.passwordRequired) {
        setAskPassword(true);
        if (password) setError(body.error);
      } else {
        toast.error(body.error ?? "The key could not be shown.");
      }
    } catch {
      toast.error("The console could not reach the server.");
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-end gap-2">
        <Input className="min-w-0 flex-1" label={`Secret key v${version}`} readOnly value={key ?? "•".repeat(64)} />
        {key ? (
          <>
            <CopyButton value={key} label="Copy key" />
            <Button variant="secondary" size="sm" onClick={() => setKey(null)}>
              Hide key
            </Button>
          </>
        ) : (
          canReveal && (
            <Button variant="secondary" size="sm" pending={pending && !askPassword} onClick={() => reveal()}>
              Show key
            </Button>
          )
        )}
      </div>
      <FormDialog
        open={askPassword}
        onClose={() => setAskPassword(false)}
        title="Confirm it's you"
        description="Enter your password to show the secret key. Showing a key is recorded in the audit log."
        submitLabel="Show key"
        pending={pending}
        onSubmit={(form) => reveal(String(form.get("password")))}
      >
        <Input
          label="Your password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={error}
        />
      </FormDialog>
    </div>
  );
}
