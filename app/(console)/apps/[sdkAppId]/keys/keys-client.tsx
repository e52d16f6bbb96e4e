"use client";
import { useState } from "react";
import { useFormatter, useTranslations } from "next-intl";
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
import { useErrorMessage } from "@/components/i18n/use-error-message";
import { CurrentPasswordInput } from "@/components/ui/confirm-fields";

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
  const t = useTranslations("keys");
  const format = useFormatter();
  const [rotateOpen, setRotateOpen] = useState(false);
  const rotate = useAction(rotateKeyAction, { success: (data) => t("rotated", { version: data.version }) });
  const retire = useAction(retireKeyAction, { success: t("retired") });
  const [retiring, setRetiring] = useState<number | null>(null);
  return (
    <div className="space-y-6">
      <Card
        title={t("title")}
        description={t("description")}
        actions={canWrite && <Button onClick={() => setRotateOpen(true)}>{t("rotate")}</Button>}
      >
        <ul className="space-y-4" aria-label={t("list")}>
          {keys
            .filter((key) => key.status !== "retired")
            .map((key) => (
              <li key={key.version} className="rounded-md border border-slate-200 p-4">
                <div className="mb-3 flex flex-wrap items-center gap-2 text-sm">
                  <span className="font-semibold">{t("keyVersion", { version: key.version })}</span>
                  <Badge tone={tone[key.status]}>{t("statuses", { status: key.status })}</Badge>
                  <span className="text-slate-600">
                    {key.status === "secondary"
                      ? t("verifiesUntil", { until: formatDate(format, key.verifyUntil) })
                      : t("signsAndVerifies")}
                  </span>
                </div>
                <RevealKey sdkAppId={sdkAppId} version={key.version} canReveal={canReveal} />
                {canWrite && key.status === "secondary" && (
                  <Button className="mt-3" variant="secondary" size="sm" onClick={() => setRetiring(key.version)}>
                    {t("retireNow")}
                  </Button>
                )}
              </li>
            ))}
        </ul>
      </Card>

      <Card title={t("historyTitle")} description={t("historyDescription")}>
        <Table
          label={t("history")}
          columns={[
            t("key"),
            t("status"),
            t("created"),
            t("stopsVerifying"),
            { label: t("ticketsSigned"), className: "text-right" },
            t("lastSigned"),
          ]}
        >
          {keys.map((key) => (
            <tr key={key.version}>
              <Td>{t("versionShort", { version: key.version })}</Td>
              <Td>
                <Badge tone={tone[key.status]}>{t("statuses", { status: key.status })}</Badge>
              </Td>
              <Td className="whitespace-nowrap">{formatDate(format, key.createdAt)}</Td>
              <Td className="whitespace-nowrap">
                {key.status === "primary" ? t("whilePrimary") : formatDate(format, key.verifyUntil)}
              </Td>
              <Td className="text-right tabular-nums">{format.number(key.signed)}</Td>
              <Td className="whitespace-nowrap">{formatDate(format, key.lastSignedAt)}</Td>
            </tr>
          ))}
        </Table>
      </Card>

      <FormDialog
        open={rotateOpen}
        onClose={() => setRotateOpen(false)}
        title={t("rotateTitle")}
        description={t("rotateDescription")}
        submitLabel={t("rotateSubmit")}
        pending={rotate.pending}
        onSubmit={(form) => rotate.run({ sdkAppId, graceDays: Number(form.get("graceDays")) })}
      >
        <Input
          label={t("graceDays")}
          name="graceDays"
          type="number"
          min={0}
          max={90}
          defaultValue={DEFAULT_GRACE_DAYS}
          required
          error={rotate.fieldErrors.graceDays}
          hint={t("graceHint")}
        />
      </FormDialog>

      <ConfirmDialog
        open={retiring !== null}
        onClose={() => setRetiring(null)}
        title={t("retireTitle", { version: retiring ?? 0 })}
        description={t("retireDescription")}
        confirmLabel={t("retireNow")}
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
  const t = useTranslations("keys");
  const common = useTranslations("common");
  const errorMessage = useErrorMessage();

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
        if (password && body.error) setError(errorMessage(body.error));
      } else {
        toast.error(body.error ? errorMessage(body.error) : t("revealFailed"));
      }
    } catch {
      toast.error(common("unreachable"));
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-end gap-2">
        <Input
          className="min-w-0 flex-1"
          label={t("secretKeyVersion", { version })}
          readOnly
          value={key ?? "•".repeat(64)}
        />
        {key ? (
          <>
            <CopyButton value={key} label={t("copyKey")} />
            <Button variant="secondary" size="sm" onClick={() => setKey(null)}>
              {t("hideKey")}
            </Button>
          </>
        ) : (
          canReveal && (
            <Button variant="secondary" size="sm" pending={pending && !askPassword} onClick={() => reveal()}>
              {t("showKey")}
            </Button>
          )
        )}
      </div>
      <FormDialog
        open={askPassword}
        onClose={() => setAskPassword(false)}
        title={t("confirmTitle")}
        description={t("confirmDescription")}
        submitLabel={t("showKey")}
        pending={pending}
        onSubmit={(form) => reveal(String(form.get("password")))}
      >
        <CurrentPasswordInput error={error} />
      </FormDialog>
    </div>
  );
}
