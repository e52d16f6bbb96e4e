"use client";
import { useState } from "react";
import { useTranslations } from "next-intl";
import type { QrCodePath } from "@/lib/auth/qr-code";
import type { SecondFactorStatus } from "@/lib/validations/second-factors";
import { startTotpEnrollmentAction } from "@/lib/actions/second-factors/start-totp-enrollment";
import { confirmTotpAction } from "@/lib/actions/second-factors/confirm-totp";
import { disableTotpAction } from "@/lib/actions/second-factors/disable-totp";
import { regenerateRecoveryCodesAction } from "@/lib/actions/second-factors/regenerate-recovery-codes";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import { RecoveryCodes } from "@/components/auth/recovery-codes";
import { TotpSetup } from "@/components/auth/totp-setup";
import { CurrentPasswordInput, SubmitOrCancel } from "@/components/ui/confirm-fields";

type Mode = "idle" | "enrolling" | "disabling" | "regenerating";

/** The profile's authenticator-app panel: turn on (QR code, first code, password), turn off, new recovery codes. */
export function TwoFactorPanel({ status }: { status: SecondFactorStatus }) {
  const [mode, setMode] = useState<Mode>("idle");
  const [setup, setSetup] = useState<{ secret: string; qr: QrCodePath }>();
  const [codes, setCodes] = useState<string[]>();
  const t = useTranslations("profile");
  const start = useAction(startTotpEnrollmentAction);
  const confirm = useAction(confirmTotpAction, { success: t("totpOn") });
  const disable = useAction(disableTotpAction, { success: t("totpOff") });
  const regenerate = useAction(regenerateRecoveryCodesAction, { success: t("codesMade") });
  const field = (form: HTMLFormElement, name: string) => String(new FormData(form).get(name));

  if (codes)
    return (
      <div className="space-y-4">
        <RecoveryCodes codes={codes} />
        <Button variant="secondary" onClick={() => setCodes(undefined)}>
          {t("done")}
        </Button>
      </div>
    );

  if (mode === "enrolling" && setup)
    return (
      <form
        className="space-y-4"
        onSubmit={async (event) => {
          event.preventDefault();
          const result = await confirm.run({
            code: field(event.currentTarget, "code"),
            password: field(event.currentTarget, "password"),
          });
          if (result) {
            setMode("idle");
            setCodes(result.data.recoveryCodes);
          }
        }}
      >
        <TotpSetup qr={setup.qr} secret={setup.secret} />
        <Input
          label={t("appCode")}
          name="code"
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={8}
          required
          error={confirm.fieldErrors.code}
        />
        <CurrentPasswordInput error={confirm.fieldErrors.password} />
        <SubmitOrCancel label={t("turnOn")} pending={confirm.pending} onCancel={() => setMode("idle")} />
      </form>
    );

  if (mode === "disabling" || mode === "regenerating")
    return (
      <form
        className="space-y-4"
        onSubmit={async (event) => {
          event.preventDefault();
          const password = field(event.currentTarget, "password");
          if (mode === "disabling") {
            if (await disable.run({ code: field(event.currentTarget, "code"), password })) setMode("idle");
          } else {
            const result = await regenerate.run({ password });
            if (result) {
              setMode("idle");
              setCodes(result.data.recoveryCodes);
            }
          }
        }}
      >
        {mode === "disabling" && (
          <Input
            label={t("appOrRecoveryCode")}
            name="code"
            autoComplete="one-time-code"
            maxLength={24}
            required
            error={disable.fieldErrors.code}
          />
        )}
        <CurrentPasswordInput error={(mode === "disabling" ? disable : regenerate).fieldErrors.password} />
        <SubmitOrCancel
          label={mode === "disabling" ? t("turnOff") : t("makeCodes")}
          variant={mode === "disabling" ? "danger" : "primary"}
          pending={disable.pending || regenerate.pending}
          onCancel={() => setMode("idle")}
        />
      </form>
    );

  return (
    <div className="space-y-3 text-sm">
      <p className="flex items-center gap-2">
        {t("authenticator")}{" "}
        {status.totp ? <Badge tone="green">{t("on")}</Badge> : <Badge tone="gray">{t("off")}</Badge>}
        {status.totp && <span className="text-slate-600">{t("codesLeft", { count: status.recoveryCodesLeft })}</span>}
      </p>
      <div className="flex flex-wrap gap-2">
        {status.totp ? (
          <>
            <Button variant="secondary" onClick={() => setMode("regenerating")}>
              {t("newCodes")}
            </Button>
            <Button variant="danger" onClick={() => setMode("disabling")}>
              {t("turnOff")}
            </Button>
          </>
        ) : (
          <Button
            pending={start.pending}
            onClick={async () => {
              const result = await start.run({});
              if (result) {
                setSetup(result.data);
                setMode("enrolling");
              }
            }}
          >
            {t("setUp")}
          </Button>
        )}
      </div>
    </div>
  );
}
