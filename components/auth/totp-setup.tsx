import type { QrCodePath } from "@/lib/auth/qr-code";
import { useTranslations } from "next-intl";
import { QrCode } from "@/components/auth/qr-code";

/** The enrolment instructions: scan the QR code, or type the secret in. */
export function TotpSetup({ qr, secret }: { qr: QrCodePath; secret: string }) {
  const t = useTranslations("twoFactor");
  return (
    <div className="space-y-3 text-sm text-slate-700">
      <p>{t("scan")}</p>
      <QrCode qr={qr} label={t("qrLabel")} />
      <p>
        {t("enterKey")}{" "}
        <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono break-all" data-testid="totp-secret">
          {secret}
        </code>
      </p>
    </div>
  );
}
